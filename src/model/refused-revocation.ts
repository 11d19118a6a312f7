// What a target refuses, asked of one name: the planner drops a change it refuses
// (plan/refusals.ts), and the rules' state after the plan counts a credential whose revocation the
// target refuses as one a person must take away (GitHub: a deploy key of an archived repository),
// as the plan's finding says, not as access the plan forgot.
import type { TargetRefusal } from "./target-state.js";

/** Does `value` start with `prefix`, without case (GitHub's repository names)? */
export const startsWithNoCase = (value: string | undefined, prefix: string | undefined): boolean => value !== undefined && prefix !== undefined && value.toLowerCase().startsWith(prefix.toLowerCase());

/** Whether the target refuses to revoke the credential with this id (a `credentialPrefix` refusal). */
export function revocationRefused(refuses: readonly TargetRefusal[] | undefined, credential: string): boolean {
  return refuses?.some((r) => startsWithNoCase(credential, r.credentialPrefix)) ?? false;
}
