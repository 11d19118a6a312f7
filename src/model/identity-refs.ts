// Identities name other identities by id: a person's manager (resolved to the manager's id by
// src/resolve/manager-refs.ts), an NHI's owner, and each owner its discovery source names
// (systemOwners, the co-owners of nhi-co-owner-gone). An id that changes once resolved (a
// secret-shaped id becomes its anchor: secret-free-identities.ts) must change in every one of them,
// or a reference names no one: a manager hidden as a secret, an owner read as gone. They are listed
// here, once, so that a reference added to Identity is added where every rename sees it.
import type { Identity, SystemOwner } from "./identity.js";

/**
 * `identity` with its own id and every id it names passed through `renamed` (old id → new; an id
 * not in it stays). The very same object when nothing changes, as most identities are.
 */
export function withRenamedIds(identity: Identity, renamed: ReadonlyMap<string, string>): Identity {
  const id = renamed.get(identity.id);
  const owner = identity.owner === undefined ? undefined : renamed.get(identity.owner);
  const manager = identity.attributes.manager;
  const managerTo = typeof manager === "string" ? renamed.get(manager) : undefined;
  const systemOwners = renamedOwners(identity.systemOwners, renamed);
  if (id === undefined && owner === undefined && managerTo === undefined && systemOwners === undefined) return identity;
  return {
    ...identity,
    ...(id !== undefined ? { id } : {}),
    ...(owner !== undefined ? { owner } : {}),
    ...(managerTo !== undefined ? { attributes: { ...identity.attributes, manager: managerTo } } : {}),
    ...(systemOwners !== undefined ? { systemOwners } : {}),
  };
}

/** The owners with their ids renamed; undefined when none is. */
function renamedOwners(owners: readonly SystemOwner[] | undefined, renamed: ReadonlyMap<string, string>): SystemOwner[] | undefined {
  if (!owners?.some((o) => o.id !== undefined && renamed.has(o.id))) return undefined;
  return owners.map((o) => {
    const to = o.id === undefined ? undefined : renamed.get(o.id);
    return to === undefined ? o : { ...o, id: to };
  });
}
