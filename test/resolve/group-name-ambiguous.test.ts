// A group's name is not its identity (src/resolve/group-names.ts); the repo, its Entra export and
// the vendor pages they follow are in test/helpers/entra-group-names.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { acceptSnapshot, ambiguous, BILL, changes, exportUsers, GOVERNED, governed, lookalike, LOOKALIKE, members, MILTON, plan, repo, user, write, APP } from "../helpers/entra-group-names.js";

describe("a group name two Entra groups share, that no accepted snapshot settles", () => {
  it("grants nothing new through it, takes nothing it gives away, and warns (never blocks) naming both groups by id", async () => {
    // Milton has just joined the governed group: without history his membership cannot be told from Mallory's.
    const { code, plan: p } = await plan(repo('{ groups: "GitHub Org Owners" }', [...members(), MILTON]));
    expect(changes(p)).toEqual([]);
    expect(code).toBe(0);
    expect(p.blocked).toBe(false);
    expect(ambiguous(p)).toEqual([
      expect.objectContaining({
        severity: "warning",
        location: "identities/groups/org-owners.yaml:8",
        message: `group org-owners's birthright names the group "GitHub Org Owners", but source "entra" gives it to 2 groups (${GOVERNED}, ${LOOKALIKE}), and the source has no accepted snapshot to tell which one it meant: their members get nothing new through the name (nor through an exclude that names it ceasing to match) and lose nothing it gives, until the policy names the group by id`,
      }),
    ]);
    expect(ambiguous(p)[0]!.remediation).toContain(`where: { groupIds: "${GOVERNED}" }`);
  });

  it("is shared as well when the names differ only in letter case, as where: compares them", async () => {
    const { code, plan: p } = await plan(repo('{ groups: "GitHub Org Owners" }', members("github org owners")));
    expect(changes(p)).toEqual([]);
    expect(code).toBe(0);
    expect(ambiguous(p).map((f) => f.severity)).toEqual(["warning"]);
  });

  it("still offboards a leaver among the members", async () => {
    const people = members();
    people[0] = { ...people[0]!, leftOn: "2026-11-20T17:00:00Z" };
    const { code, plan: p } = await plan(repo('{ groups: "GitHub Org Owners" }', people));
    expect(code).toBe(0);
    expect(changes(p)).toEqual([`disable-account ${BILL}`, `revoke ${BILL} role:admin`]);
  });

  it("neither makes nor disables an account an app's scope gives only through the name", async () => {
    const app = APP.replace("where: { department: Engineering }", 'where: { groups: "GitHub Org Owners" }');
    // Bill has an account, Milton (new in the governed group) has none.
    const { code, plan: p } = await plan(repo(`{ groupIds: "${GOVERNED}" }`, [...members(), { ...MILTON, holds: undefined }], app));
    expect(changes(p)).toEqual([]);
    expect(code).toBe(0);
    expect(ambiguous(p).map((f) => f.location)).toEqual(["policies/apps/code.yaml:4"]);
  });

  it("lifts no scope.exclude that names it: an excluded member's disabled account stays disabled, and no one gets an account", async () => {
    // The usual way to keep a blocked population out. Bill is in the governed group, so his account
    // was disabled; Milton (in it too) and Mallory (in the look-alike only) have none.
    const app = APP.replace("onLeaveScope: disable", 'onLeaveScope: disable\n').replace(
      "scope: { include: [ { kinds: [person], where: { department: Engineering } } ] }",
      'scope:\n  include: [ { kinds: [person], where: { department: Engineering } } ]\n  exclude: [ { kinds: [person], where: { groups: "GitHub Org Owners" } } ]',
    );
    const people = [...members(), { ...MILTON, holds: undefined }];
    people[2] = { ...people[2]!, holds: undefined };
    const dir = repo(`{ groupIds: "${GOVERNED}" }`, people, app);
    const state = { formatVersion: 1, credentials: [], accounts: [{ id: "1", login: `${BILL}`, externalId: `entra:${user(people[0]!).id}`, active: false, attributes: {}, entitlements: [] }, { id: "2", login: "peter@initech.example", externalId: `entra:${user(people[1]!).id}`, active: false, attributes: {}, entitlements: [] }] };
    write(dir, "state/code.json", JSON.stringify(state));
    const { code, plan: p } = await plan(dir);
    expect(changes(p)).toEqual([]);
    expect(code).toBe(0);
    expect(ambiguous(p).map((f) => f.location)).toEqual(["policies/apps/code.yaml:6"]);
    expect(ambiguous(p)[0]!.message).toContain("an exclude that names it");
  });

  it("is unsettled where the accepted snapshot lists the name without group ids", async () => {
    const dir = repo('{ groups: "GitHub Org Owners" }', [...members(), MILTON]);
    // A snapshot written before group ids were kept: the governed group by name only.
    const users = [...members(), MILTON].filter((m) => m.group === governed).map((m) => ({ source: "entra", externalId: user(m).id, kind: "person", logins: {}, userName: `${m.login}@initech.example`, emails: [`${m.login}@initech.example`], name: {}, status: "active", groups: ["GitHub Org Owners"], raw: {}, exportedAt: "2026-11-24T06:00:00Z", position: `record ${m.n}` }));
    write(dir, "state/sources/entra.json", JSON.stringify({ formatVersion: 1, source: "entra", type: "entra", exportedAt: "2026-11-24T06:00:00Z", records: users }));
    const { code, plan: p } = await plan(dir);
    expect(changes(p)).toEqual([]);
    expect(code).toBe(0);
    expect(ambiguous(p)[0]!.message).toContain("and the last accepted snapshot lists the name without group ids: their members get nothing new");
  });
});

describe("a group name two Entra groups share, that the accepted snapshot knew as one group", () => {
  it("still means that group: its members keep and get what the name gives, the look-alike's get nothing", async () => {
    // Accepted yesterday: only the governed group had the name. Today Mallory's group takes it and Milton joins the governed one.
    const dir = repo('{ groups: "GitHub Org Owners" }', [...members(), MILTON]);
    exportUsers(dir, [members()[0]!, members()[1]!]);
    await acceptSnapshot(dir);
    exportUsers(dir, [...members(), MILTON]);
    const { code, plan: p } = await plan(dir);
    expect(changes(p)).toEqual(["grant milton@initech.example role:admin"]);
    expect(code).toBe(0);
    expect(ambiguous(p)).toEqual([
      expect.objectContaining({
        severity: "warning",
        message: `group org-owners's birthright names the group "GitHub Org Owners", but source "entra" gives it to 2 groups (${GOVERNED}, ${LOOKALIKE}): the last accepted snapshot knew one group by that name, ${GOVERNED}, so it still means that one; the members of ${LOOKALIKE} get nothing through it`,
      }),
    ]);
  });

  it("takes back what the name gave a look-alike's member", async () => {
    // Mallory's group took the name, and the admin role was given to her by hand.
    const people = members();
    people[2] = { ...people[2]!, holds: ["role:admin"] };
    const dir = repo('{ groups: "GitHub Org Owners" }', people);
    exportUsers(dir, [people[0]!, people[1]!]);
    await acceptSnapshot(dir);
    exportUsers(dir, people);
    const { plan: p } = await plan(dir);
    expect(changes(p)).toEqual(["revoke mallory@initech.example role:admin"]);
  });

  it("stays settled on that group through later snapshots that list both: a member moved out of it loses what it gave", async () => {
    // Day 0: only the governed group has the name; the daily sync accepts the snapshot. Day 1:
    // Bill, an owner, is in the governed group and in Mallory's look-alike; the sync accepts that
    // snapshot too, as every day. Day 2: IT removes Bill from the governed group.
    const people = members();
    const dir = repo('{ groups: "GitHub Org Owners" }', people);
    exportUsers(dir, [people[0]!, people[1]!, { ...people[2]!, group: { id: "aaaaaaaa-0000-4000-8000-000000000009", name: "Staff" } }]);
    await acceptSnapshot(dir, "2026-11-24T09:00:00Z");
    exportUsers(dir, [{ ...people[0]!, also: lookalike() }, people[1]!, people[2]!]);
    await acceptSnapshot(dir, "2026-11-25T09:00:00Z");
    // The snapshot carries the settled meaning: Bill's ref to the look-alike is marked as one.
    const snapshot = JSON.parse(readFileSync(join(dir, "state/sources/entra.json"), "utf8")) as { records: { userName: string; groupRefs?: { id: string; lookAlike?: true }[] }[] };
    expect(snapshot.records.find((r) => r.userName === BILL)!.groupRefs).toEqual([expect.objectContaining({ id: GOVERNED }), { id: LOOKALIKE, name: "GitHub Org Owners", lookAlike: true }]);
    exportUsers(dir, [{ ...people[0]!, group: lookalike() }, people[1]!, people[2]!]);
    const { code, plan: p } = await plan(dir);
    expect(changes(p)).toEqual([`revoke ${BILL} role:admin`]);
    expect(code).toBe(0);
    expect(ambiguous(p)[0]!.message).toContain(`so it still means that one; the members of ${LOOKALIKE} get nothing through it`);
  });

  it("is unsettled when the snapshot already had both groups of that name", async () => {
    const dir = repo('{ groups: "GitHub Org Owners" }', [...members(), MILTON]);
    exportUsers(dir, members());
    await acceptSnapshot(dir);
    exportUsers(dir, [...members(), MILTON]);
    const { code, plan: p } = await plan(dir);
    expect(changes(p)).toEqual([]);
    expect(code).toBe(0);
    expect(ambiguous(p)[0]!.message).toContain(`and the last accepted snapshot already had 2 groups of that name (${GOVERNED}, ${LOOKALIKE}): their members get nothing new`);
  });
});

describe("a group named by id", () => {
  it("is no problem: its members keep the access, the look-alike's get none", async () => {
    const { code, plan: p } = await plan(repo(`{ groupIds: "${GOVERNED}" }`));
    expect(code).toBe(0);
    expect(p.changes).toEqual([]);
    expect(p.findings.filter((f) => f.severity !== "info")).toEqual([]);
  });

  it("with one group of the name, the name still works as before", async () => {
    const people = members("GitHub Org Owners (mine)");
    const { code, plan: p } = await plan(repo('{ groups: "GitHub Org Owners" }', [...people, MILTON]));
    expect(code).toBe(0);
    expect(changes(p)).toEqual(["grant milton@initech.example role:admin"]);
    expect(ambiguous(p)).toEqual([]);
  });
});
