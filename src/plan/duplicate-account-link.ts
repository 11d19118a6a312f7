import type { Finding } from "../model/finding.js";
import type { TargetAccount } from "../model/target-state.js";

/**
 * Several accounts claim one identity: a stray copy carrying a person's anchor, a hand-made
 * account with their login. Deciding which is the person's is not scopesync's to guess: any
 * disable, revoke or rename could land on the genuine account. None of them is touched (each is
 * marked in `linked`, so none is offboarded as gone either) and the returned error blocks the plan
 * until a person removes the stray or clears its mark.
 */
export function duplicateAccountLink(name: string, claimants: readonly number[], accounts: readonly TargetAccount[], linked: Uint8Array, appId: string, policyAt: string): Finding {
  const list = claimants.map((k) => {
    linked[k] = 1;
    const a = accounts[k]!;
    return `"${a.login}" (id ${a.id}${a.externalId ? `, externalId ${a.externalId}` : ", no externalId"})`;
  });
  return {
    rule: "duplicate-account-link",
    severity: "error",
    identity: name,
    message: `${claimants.length} ${appId} accounts claim ${name}: ${list.join(", ")}; scopesync cannot tell which one is theirs, so no change is planned for any of them`,
    remediation: "remove the stray account in the app, or clear its externalId (or change its login) so that exactly one account links to the identity; then plan again",
    location: policyAt,
  };
}
