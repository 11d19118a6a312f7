// `plan --base`: a pull request that removes a mapping (`- group: org-owners / entitlement:
// role:admin`), a group's member entry or birthright rule, or narrows an app's scope revokes
// access, and the revoke read as drift ("role:admin is held in github but granted by no group")
// or as a plain scope exit: a reviewer could not tell the pull request caused it, nor find the
// line it removed, which is no longer in the files it shows. Such a change's reason now starts
// with what the pull request took away, at the base's file:line, as a grant the pull request
// causes does (policy-mapping-reasons.ts, policy-scope-reasons.ts).
import type { AppPolicyDoc, Selector } from "../model/documents.js";
import type { Change } from "../model/change.js";
import type { Identity } from "../model/identity.js";
import type { Located } from "../model/located.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { entitlementKey, ignoresGroupCase } from "../model/entitlement-names.js";
import { compileScope, matchesSelector } from "../policy/selector.js";
import { computeMemberships, type Membership } from "../policy/memberships.js";
import { mappingPosition } from "./entitlement-table.js";

/** The planner's words for an identity that leaves an app's scope (diff-target.ts leave). */
const LEAVES_SCOPE = "no longer in the scope of ";

/**
 * The changes with each `pr` revoke, disable or delete that this pull request's policy edits cause
 * reworded: "mapping of GROUP to ENTITLEMENT removed by this pull request (FILE:LINE at REF); …",
 * "membership of GROUP ended by this pull request (FILE:LINE at REF: …); …" or "out of the scope
 * of APP by this pull request (…); …", followed by the planner's reason; the base's file:line
 * comes first in its evidence. Others are returned as they are.
 */
export function withPolicyRemovalReasons(changes: Change[], base: PolicyRepo, here: PolicyRepo, identities: readonly Identity[], ref: string, now: number): Change[] {
  const candidate = (c: Change): boolean => c.origin === "pr" && (c.action === "revoke" || c.action === "disable-account" || c.action === "delete-account");
  if (!changes.some(candidate)) return changes;
  const byId = new Map(identities.map((i) => [i.id, i]));
  // Memberships of only the identities concerned, under each side's groups: a few, not the organisation.
  const involved = [...new Set(changes.filter(candidate).map((c) => c.identity))].flatMap((id) => byId.get(id) ?? []);
  const before = computeMemberships(base.groups, involved, now).current;
  const after = computeMemberships(here.groups, involved, now).current;
  const appOf = (repo: PolicyRepo, target: string) => repo.apps.find((a) => a.value.target === target);
  return changes.map((c) => {
    if (!candidate(c)) return c;
    const identity = byId.get(c.identity);
    const was = appOf(base, c.target);
    const is = appOf(here, c.target);
    if (!identity || !was || !is) return c;
    const cause = c.reason.includes(LEAVES_SCOPE)
      ? scopeNarrowed(was, is, identity, ref)
      : c.action === "revoke" && c.entitlement !== undefined
        ? accessRemoved(c.entitlement, was, is, before.get(identity.id) ?? [], after.get(identity.id) ?? [], here, identity.id, ref, ignoresGroupCase(here.config.value, c.target))
        : undefined;
    if (!cause) return c;
    return { ...c, reason: `${cause.text}; ${c.reason}`, evidence: [...cause.at, ...c.evidence.filter((e) => !cause.at.includes(e))] };
  });
}

interface Cause {
  text: string;
  /** The positions it cites, as evidence: `FILE:LINE at REF` for a line only the base has. */
  at: string[];
}

/** The scope at the base takes the identity in and this one leaves it out: the include the base matched it by, or the exclude that now matches. */
function scopeNarrowed(was: Located<AppPolicyDoc>, is: Located<AppPolicyDoc>, identity: Identity, ref: string): Cause | undefined {
  if (!compileScope(was.value.scope)(identity) || compileScope(is.value.scope)(identity)) return undefined;
  const matches = (s: Selector) => matchesSelector(identity, s);
  const prefix = `out of the scope of ${is.value.id} by this pull request`;
  if (is.value.scope.include.some(matches)) {
    const k = (is.value.scope.exclude ?? []).findIndex(matches);
    const at = `${is.file}:${is.locate(["scope", "exclude", k]).line}`;
    return { text: `${prefix} (${at}: scope.exclude[${k}] now matches ${identity.id})`, at: [at] };
  }
  const k = was.value.scope.include.findIndex(matches);
  const at = `${was.file}:${was.locate(["scope", "include", k]).line} at ${ref}`;
  return { text: `${prefix} (${at}: scope.include[${k}] matched ${identity.id}, no include of this pull request does)`, at: [at] };
}

/**
 * Why the base gave the identity the entitlement and this change does not: each base mapping to it
 * of a group the identity was in there, whose mapping this change removes or whose membership
 * (member entry, birthright rule) it ends.
 */
function accessRemoved(entitlement: string, was: Located<AppPolicyDoc>, is: Located<AppPolicyDoc>, before: readonly Membership[], after: readonly Membership[], here: PolicyRepo, id: string, ref: string, ignoreCase: boolean): Cause | undefined {
  const key = entitlementKey(entitlement, ignoreCase);
  const maps = (doc: AppPolicyDoc, group: string) => (doc.entitlements ?? []).some((m) => m.group === group && entitlementKey(m.entitlement, ignoreCase) === key);
  const texts: string[] = [];
  const at: string[] = [];
  (was.value.entitlements ?? []).forEach((m, i) => {
    const membership = before.find((b) => b.group === m.group);
    if (!membership || entitlementKey(m.entitlement, ignoreCase) !== key) return;
    if (!maps(is.value, m.group)) {
      const where = `${mappingPosition(was, i)} at ${ref}`;
      texts.push(`mapping of ${m.group} to ${entitlement} removed by this pull request (${where})`);
      at.push(where);
      return;
    }
    if (after.some((a) => a.group === m.group)) return;
    const ended = endedMembership(membership, here, id);
    if (!ended) return;
    const where = `${membership.at} at ${ref}`;
    texts.push(`membership of ${m.group} ended by this pull request (${where}: ${ended})`);
    at.push(where);
  });
  return texts.length > 0 ? { text: texts.join("; "), at: [...new Set(at)] } : undefined;
}

/** What this change did to a membership the base gave: undefined where its group still names the identity (an `until` that passed says so itself). */
function endedMembership(m: Membership, here: PolicyRepo, id: string): string | undefined {
  const group = here.groups.find((g) => g.value.id === m.group);
  if (!group) return `group ${m.group} removed`;
  if (m.via === "explicit") return (group.value.members ?? []).some((e) => e.identity === id) ? undefined : "member entry removed";
  return `birthright rule no longer matches ${id}`;
}
