// Credentials a target lists under a login that has no account in it (TargetCredential.heldBy):
// a GitHub deploy key whose adder is no longer an org member, or a fine-grained token grant whose
// owner is not. Either still works (GitHub deletes no deploy key when its adder leaves, and lists
// only grants that can still reach the org), so it must stay someone's: the identity with that
// login has it revoked when it loses access, and one that is no identity's login is a finding.
import type { Finding } from "../model/finding.js";
import { normaliseLogin } from "../model/keys.js";
import type { TargetCredential } from "../model/target-state.js";

/** Normalised holder login → its credentials, in id order; undefined when the target lists none (the usual case). */
export function credentialsByHolder(credentials: readonly TargetCredential[]): Map<string, TargetCredential[]> | undefined {
  let byHolder: Map<string, TargetCredential[]> | undefined;
  for (const c of credentials) {
    if (!c.heldBy || c.account !== "") continue;
    byHolder ??= new Map();
    const key = normaliseLogin(c.heldBy);
    const list = byHolder.get(key);
    if (list) list.push(c);
    else byHolder.set(key, [c]);
  }
  for (const list of byHolder?.values() ?? []) list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return byHolder;
}

/** How the holder came by it, in words: a deploy key is its adder's, a token grant its owner's. */
function holding(c: TargetCredential): { how: string; said: string } {
  return c.type === "deploy-key" ? { how: "added by", said: "was added by" } : { how: "owned by", said: "is owned by" };
}

/** "added by" or "owned by", as holding() says it. */
export function heldHow(c: TargetCredential): string {
  return holding(c).how;
}

/**
 * A credential held under a login no identity has here: nothing will ever revoke it, so it is
 * said rather than left out. Not revoked on the plan's own authority: the login may be an NHI's
 * whose file names it under another attribute, and that file is where the fix belongs.
 */
export function orphanedCredentialFinding(c: TargetCredential, where: { app: string; target: string; loginAttribute: string; policyAt: string }): Finding {
  const name = c.credentialId ? `${c.type} "${c.credentialId}" (${c.id})` : `${c.type} ${c.id}`;
  return {
    rule: "credential-orphaned",
    severity: "warning",
    identity: c.heldBy!,
    message: `${where.app}: ${name} ${holding(c).said} "${c.heldBy}", who has no account in target "${where.target}" and is no identity's ${where.loginAttribute} there: the credential still works, and no change revokes it`,
    remediation: `if it belongs to an NHI or person, give their file the ${where.loginAttribute} "${c.heldBy}": their offboarding then revokes it; if no one needs it, revoke it in the target (a GitHub deploy key: the repository's Settings → Deploy keys; a fine-grained token grant: the organization's Settings → Personal access tokens → Active tokens)`,
    location: where.policyAt,
    controls: ["OWASP-NHI1"],
  };
}
