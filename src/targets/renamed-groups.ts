// A group renamed in the app, followed by its id.
//
// Apps let their admins rename a group: SCIM `PATCH /Groups/{id}` replacing `displayName` keeps the
// group, its id and its members (RFC 7643 §3.1: `id` is "A unique identifier for a SCIM resource as
// defined by the service provider", and it does not change; `displayName` is an ordinary attribute).
// Entitlements name groups (`group:<displayName>`), so after a rename the policy's name no longer
// names anything: a mover taken out of the privileged group kept the renamed one, with no finding,
// and a grant failed with a fix that said to create a new group under the old name (an empty decoy,
// while the real group kept the mover).
//
// The committed state file (`state pull`) remembers each group's id (TargetState.groupIds). A live
// read that finds a remembered id under another name, while the app policy still maps the old name
// and not the new one, reads that group under the policy's name (the plan's grants, revokes, rules
// and reviewers stay those of the policy's group) and records the rename (`renamedTo`), which the
// plan reports (group-renamed-in-target) and the connector acts on by the id. When the old name now
// names another group, which of the two the policy means is the reviewer's to say: nothing is
// planned for it (a refusal).
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { entitlementKey } from "../model/entitlement-names.js";
import type { TargetConfig } from "../model/documents.js";
import type { TargetGroupId, TargetRefusal } from "../model/target-state.js";
import { readStateFile, statePath } from "./state-file.js";

/** The group ids a target's committed state file remembers, and the file's path, for the messages. */
export interface RememberedGroups {
  from: string;
  ids: readonly TargetGroupId[];
}

/**
 * The group ids of `target`'s state file in the working tree, if it has one that records them. A
 * file that is there but malformed stops the run (readStateFile's one-line error): which group a
 * privileged mapping names is not decided on a guess.
 */
export function rememberedGroups(repoDir: string, name: string, target: TargetConfig): RememberedGroups | undefined {
  const path = statePath(name, target);
  if (!existsSync(resolve(repoDir, path))) return undefined;
  const ids = readStateFile(repoDir, path, name).groupIds;
  return ids && ids.length > 0 ? { from: path, ids } : undefined;
}

export interface FollowedGroups {
  /** Entitlement as the app names the group now → the entitlement the read gives it (the policy's name). */
  alias: Map<string, string>;
  /** Every listed group, by the entitlement the read gives it, sorted. */
  groupIds: TargetGroupId[];
  /** The policy's names that now name another group than the one remembered: nothing is planned for them. */
  refuses: TargetRefusal[];
}

/**
 * Follows the renames among `listed` (the groups the live read found: entitlement and id).
 * `mapped`: the entitlements the app policies map (absent: none known, nothing followed);
 * `ignoreCase`: the target compares `group:` names without case.
 */
export function followRenamedGroups(target: string, listed: readonly TargetGroupId[], remembered: RememberedGroups | undefined, mapped: readonly string[] | undefined, ignoreCase: boolean): FollowedGroups {
  const key = (e: string) => entitlementKey(e, ignoreCase);
  const alias = new Map<string, string>();
  const refuses: TargetRefusal[] = [];
  const renamed = new Map<string, TargetGroupId>(); // listed entitlement → its entry under the policy's name
  if (remembered && mapped) {
    const maps = new Set(mapped.map(key));
    const byId = new Map(listed.map((g) => [g.id, g] as const));
    const byName = new Map(listed.map((g) => [key(g.entitlement), g] as const));
    for (const was of remembered.ids) {
      const now = byId.get(was.id);
      // Not mapped, deleted (missing-groups says so), not renamed, or the policy names it already.
      if (!maps.has(key(was.entitlement)) || !now || key(now.entitlement) === key(was.entitlement) || maps.has(key(now.entitlement))) continue;
      const other = byName.get(key(was.entitlement));
      if (other) {
        refuses.push({ entitlement: was.entitlement, finding: conflict(target, was, now, other, remembered.from) });
        continue;
      }
      alias.set(now.entitlement, was.entitlement);
      renamed.set(now.entitlement, { entitlement: was.entitlement, id: was.id, renamedTo: now.entitlement });
    }
  }
  const groupIds = listed.map((g) => renamed.get(g.entitlement) ?? { entitlement: g.entitlement, id: g.id }).sort((a, b) => (a.entitlement < b.entitlement ? -1 : a.entitlement > b.entitlement ? 1 : 0));
  return { alias, groupIds, refuses };
}

function conflict(target: string, was: TargetGroupId, now: TargetGroupId, other: TargetGroupId, from: string): TargetRefusal["finding"] {
  return {
    rule: "group-renamed-in-target",
    severity: "warning",
    target,
    message: `the group ${from} remembers as ${was.entitlement} (id ${was.id}) is named ${now.entitlement} in target "${target}" now, and another group (id ${other.id}) has taken the name ${was.entitlement}: which one the app policy means is not guessed, so no grant or revoke of ${was.entitlement} is planned, and whoever holds ${now.entitlement} keeps it`,
    remediation: `write in the app policy the name of the group it means (${now.entitlement}, the one it named before, or ${was.entitlement}, the new one) and review who holds it, then run scopesync state pull`,
  };
}
