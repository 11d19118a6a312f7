// When a value a target holds is the value scopesync wants: the one rule the planner (is an update
// needed?) and a connector's check of an app's answer (was the write kept?) share. Two copies had
// drifted: apply accepted a lower-cased e-mail as kept while the planner, comparing exactly,
// planned the same update for it on every run, a perpetual diff reviewers learn to ignore.
import { normaliseKey } from "./keys.js";
import { canonicallyEqual } from "./nfc.js";
import type { TargetCapabilities } from "./target-types.js";

/**
 * Whether `name`'s values are compared exactly (up to Unicode canonical equivalence) on a target
 * with these traits. `externalId` is scopesync's anchor, case-exact everywhere (RFC 7643 §3.1 gives
 * it `"caseExact": true`): `hr:W1` and `hr:w1` are two records. Every other attribute is exact unless
 * the target compares values without case (`attributeValuesIgnoreCase`); there, what the app itself
 * declares (`declared`, TargetState.attributeCaseExact: a SCIM app's /Schemas) decides, and an
 * attribute it does not declare is compared without case, as RFC 7643 §8.7.1 gives every User
 * string scopesync maps `"caseExact": false`. An app that declares one `caseExact: true` keeps the
 * case it is sent, so a case correction there is a change to send.
 */
export function attributeCaseExact(traits: Pick<TargetCapabilities, "attributeValuesIgnoreCase">, name: string, declared?: Readonly<Record<string, boolean>>): boolean {
  if (name === "externalId" || traits.attributeValuesIgnoreCase !== true) return true;
  return declared !== undefined && Object.hasOwn(declared, name) ? declared[name] === true : false;
}

/**
 * Whether `held` differs from `wanted` in case and in nothing else that sameAttributeValue forgives
 * (surrounding spaces, Unicode form): a case correction, which a target comparing without case does
 * not send, and the plan says so (plan/case-only-differences.ts).
 */
export function differsOnlyInCase(held: string, wanted: string): boolean {
  if (held === wanted) return false;
  const a = held.trim();
  const b = wanted.trim();
  return !canonicallyEqual(a, b) && normaliseKey(a) === normaliseKey(b);
}

/**
 * Whether the value `held` is `wanted`. Canonically equivalent text always is (model/nfc.ts: an
 * app that stores "José" decomposed holds the same name). Where the attribute is not case-exact, a
 * value that differs only in case or in surrounding spaces is too, compared as logins and e-mail
 * addresses are (model/keys.ts): apps store such values their own way (lower-cased e-mails,
 * trimmed names) and treat them as the same value, so writing ours again would change nothing.
 */
export function sameAttributeValue(held: string, wanted: string, caseExact: boolean): boolean {
  if (held === wanted) return true;
  return caseExact ? canonicallyEqual(held, wanted) : normaliseKey(held) === normaliseKey(wanted);
}
