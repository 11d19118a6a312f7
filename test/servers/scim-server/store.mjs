// The in-memory store behind scimmy's resource handlers: everything scimmy leaves to the
// implementer: ids, uniqueness, 404s, member ids that must exist, the computed
// User.groups, and meta.version (the ETag, checked against If-Match by server.mjs).
import { randomUUID } from "node:crypto";
import SCIMMY from "scimmy";

const { Error: SCIMError } = SCIMMY.Types;
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/** A plain, deep copy of a scimmy schema instance or stored record (drops class prototypes). */
const plain = (value) => JSON.parse(JSON.stringify(value));
const lower = (s) => String(s ?? "").toLowerCase();

export function createStore({ clock } = {}) {
  const users = new Map();
  const groups = new Map();
  let serial = 0;

  function stamp(previous) {
    const now = clock ?? new Date().toISOString();
    serial += 1;
    return { created: previous?.created ?? now, lastModified: now, version: `W/"${serial}"` };
  }

  function userOut(user) {
    const memberOf = [...groups.values()]
      .filter((g) => (g.members ?? []).some((m) => m.value === user.id))
      .map((g) => ({ value: g.id, display: g.displayName, type: "direct" }));
    return { ...plain(user), ...(memberOf.length > 0 ? { groups: memberOf } : {}) };
  }

  function notFound(kind, id) {
    return new SCIMError(404, null, `${kind} ${id} not found`);
  }

  function checkUserName(userName, selfId) {
    // userName is caseExact: false in RFC 7643, so uniqueness ignores case.
    for (const u of users.values()) {
      if (u.id !== selfId && lower(u.userName) === lower(userName)) {
        throw new SCIMError(409, "uniqueness", `userName "${userName}" is already in use`);
      }
    }
  }

  function checkMembers(members) {
    return (members ?? []).map((m) => {
      const user = users.get(m.value);
      const group = groups.get(m.value);
      if (!user && !group) throw new SCIMError(400, "invalidValue", `member "${m.value}" does not exist`);
      return { value: m.value, display: user ? (user.displayName ?? user.userName) : group.displayName, type: user ? "User" : "Group" };
    });
  }

  const user = {
    ingress(resource, instance) {
      const data = plain(instance);
      delete data.groups; // computed, never stored
      if (!data.userName) throw new SCIMError(400, "invalidValue", "userName is required");
      if (resource.id) {
        const existing = users.get(resource.id);
        if (!existing) throw notFound("User", resource.id);
        checkUserName(data.userName, resource.id);
        const next = { ...data, id: resource.id, meta: stamp(existing.meta) };
        users.set(resource.id, next);
        return userOut(next);
      }
      checkUserName(data.userName);
      const id = randomUUID();
      const next = { active: true, ...data, id, meta: stamp() };
      users.set(id, next);
      return userOut(next);
    },
    egress(resource) {
      if (resource.id) {
        const found = users.get(resource.id);
        if (!found) throw notFound("User", resource.id);
        return userOut(found);
      }
      const all = [...users.values()].map(userOut);
      // scimmy parses the filter; applying it is the handler's job (else every record comes back).
      return resource.filter ? resource.filter.match(all) : all;
    },
    degress(resource) {
      if (!users.delete(resource.id)) throw notFound("User", resource.id);
      for (const g of groups.values()) {
        const before = g.members?.length ?? 0;
        g.members = (g.members ?? []).filter((m) => m.value !== resource.id);
        if (g.members.length !== before) g.meta = stamp(g.meta);
      }
    },
  };

  const group = {
    ingress(resource, instance) {
      const data = plain(instance);
      if (!data.displayName) throw new SCIMError(400, "invalidValue", "displayName is required");
      for (const g of groups.values()) {
        if (g.id !== resource.id && lower(g.displayName) === lower(data.displayName)) {
          throw new SCIMError(409, "uniqueness", `group displayName "${data.displayName}" is already in use`);
        }
      }
      const members = checkMembers(data.members);
      if (resource.id) {
        const existing = groups.get(resource.id);
        if (!existing) throw notFound("Group", resource.id);
        const next = { ...data, members, id: resource.id, meta: stamp(existing.meta) };
        groups.set(resource.id, next);
        return plain(next);
      }
      const id = randomUUID();
      const next = { ...data, members, id, meta: stamp() };
      groups.set(id, next);
      return plain(next);
    },
    egress(resource) {
      if (resource.id) {
        const found = groups.get(resource.id);
        if (!found) throw notFound("Group", resource.id);
        return plain(found);
      }
      const all = [...groups.values()].map(plain);
      return resource.filter ? resource.filter.match(all) : all;
    },
    degress(resource) {
      if (!groups.delete(resource.id)) throw notFound("Group", resource.id);
    },
  };

  return {
    user,
    group,
    /** Current meta.version of a stored resource, for If-Match (undefined: no such resource). */
    version(kind, id) {
      return (kind === "Users" ? users : groups).get(id)?.meta.version;
    },
    /** Another user than `id`, as the API returns it (undefined: there is none). */
    otherUser(id) {
      const other = [...users.values()].find((u) => u.id !== id);
      return other === undefined ? undefined : userOut(other);
    },
    /** A stored resource as the API returns it (undefined: no such resource). */
    current(kind, id) {
      const found = (kind === "Users" ? users : groups).get(id);
      return found === undefined ? undefined : kind === "Users" ? userOut(found) : plain(found);
    },
    /** Sets a user inactive in place (a DELETE that only deactivates, server.mjs). */
    deactivate(id) {
      const found = users.get(id);
      if (found) users.set(id, { ...found, active: false, meta: stamp(found.meta) });
    },
    /** Every stored resource of a kind as the API returns it, in the order they were made. */
    list(kind) {
      return kind === "Users" ? [...users.values()].map(userOut) : [...groups.values()].map(plain);
    },
    /** Every group's members as userNames, sorted: what the store holds, whatever a mode shows over SCIM. */
    members() {
      const names = new Map([...users.values()].map((u) => [u.id, u.userName]));
      return Object.fromEntries([...groups.values()].map((g) => [g.displayName, (g.members ?? []).map((m) => names.get(m.value) ?? `?${m.value}`).sort()]));
    },
    counts() {
      return { users: users.size, groups: groups.size };
    },
    reset() {
      users.clear();
      groups.clear();
    },
    /** Seeds records directly (fast fixtures); `members` of groups name users by userName. */
    seed({ users: seedUsers = [], groups: seedGroups = [] }) {
      const byName = new Map();
      for (const u of seedUsers) {
        checkUserName(u.userName);
        const id = randomUUID();
        const next = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], active: true, ...plain(u), id, meta: stamp() };
        if (next[ENTERPRISE] && !next.schemas.includes(ENTERPRISE)) next.schemas.push(ENTERPRISE);
        users.set(id, next);
        byName.set(lower(u.userName), id);
      }
      for (const g of seedGroups) {
        const members = (g.members ?? []).map((name) => {
          const value = byName.get(lower(name));
          if (!value) throw new Error(`seed: group ${g.displayName} names unknown member ${name}`);
          return { value };
        });
        const id = randomUUID();
        groups.set(id, { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: g.displayName, members: checkMembers(members), id, meta: stamp() });
      }
      return { users: Object.fromEntries(byName), groups: Object.fromEntries([...groups.values()].map((g) => [g.displayName, g.id])) };
    },
  };
}
