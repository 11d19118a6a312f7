// `plan --base`: a person this pull request brings into an app's scope by editing the app policy's
// scope (an include widened, an exclude that stopped matching: a misspelt `employmentType:
// contracter`) got the planner's reason "joiner: in the scope of crm, no account yet". A reviewer
// read a routine new hire, not "this pull request gives a contractor customer data". The account
// is made because of the policy edit, and its reason now says which part of the scope did it.
import type { AppPolicyDoc, Selector } from "../model/documents.js";
import type { Change } from "../model/change.js";
import type { Identity } from "../model/identity.js";
import type { Located } from "../model/located.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { compileScope, compileSelector } from "../policy/selector.js";

/** The planner's reason for a person it gives a first account in an app (diff-target.ts create). */
const JOINER = "joiner: ";

/**
 * The changes with each `pr` create-account that the planner called a joiner's, where the app's
 * scope at the base leaves the identity out and this change's takes it in, reworded: "in the scope
 * of APP by this pull request (FILE:LINE: what changed), no account yet". Others are returned as they are.
 */
export function withPolicyScopeReasons(changes: Change[], base: PolicyRepo, here: PolicyRepo, identities: readonly Identity[]): Change[] {
  if (!changes.some((c) => c.origin === "pr" && c.action === "create-account" && c.reason.startsWith(JOINER))) return changes;
  const byId = new Map(identities.map((i) => [i.id, i]));
  const appOf = (repo: PolicyRepo, target: string) => repo.apps.find((a) => a.value.target === target);
  return changes.map((c) => {
    if (c.origin !== "pr" || c.action !== "create-account" || !c.reason.startsWith(JOINER)) return c;
    const identity = byId.get(c.identity);
    const now = appOf(here, c.target);
    if (!identity || !now || !compileScope(now.value.scope)(identity)) return c;
    const before = appOf(base, c.target);
    const cause = before ? scopeChange(before.value, now, identity) : `${now.file}:${now.line}: the app policy is new in this pull request`;
    if (!cause) return c;
    return { ...c, reason: `in the scope of ${now.value.id} by this pull request (${cause}), no account yet` };
  });
}

/** What in `now`'s scope takes in an identity `before`'s scope left out, at its line; undefined when `before` takes it in too. */
function scopeChange(before: AppPolicyDoc, now: Located<AppPolicyDoc>, identity: Identity): string | undefined {
  if (compileScope(before.scope)(identity)) return undefined;
  const matches = (s: Selector) => compileSelector(s)(identity);
  const includedBefore = before.scope.include.some(matches);
  if (includedBefore) {
    // Left out by an exclude at the base that no exclude here matches: the first such, and where it stands now.
    const k = (before.scope.exclude ?? []).findIndex(matches);
    const at = now.value.scope.exclude?.[k] !== undefined ? `${now.file}:${now.locate(["scope", "exclude", k]).line}` : `${now.file}:${now.locate(["scope"]).line}`;
    return `${at}: scope.exclude[${k}] no longer matches ${identity.id}`;
  }
  const i = now.value.scope.include.findIndex(matches);
  return `${now.file}:${now.locate(["scope", "include", i]).line}: scope.include[${i}] now matches ${identity.id}`;
}
