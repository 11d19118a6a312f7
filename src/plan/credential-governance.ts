// Which credentials of an account that keeps its identity are revoked anyway: those the identity
// does not list (an unknown key: someone made it outside review) and those the target has not seen
// used for longer than the app's policy allows. Pure: the target's credentials, the identity's
// declaration and the policy in, the decisions out; the differ turns them into changes.
import type { AppPolicyDoc, CredentialDoc } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import type { TargetCredential } from "../model/target-state.js";
import { isoString, parseDate, parseDuration } from "../model/time.js";

export interface CredentialRevocation {
  credential: TargetCredential;
  reason: string;
  origin: "policy" | "drift";
}

export interface CredentialVerdicts {
  revoke: CredentialRevocation[];
  findings: Finding[];
}

const DAY = 86_400_000;

/**
 * `who`: the identity id; `declared`: its credentials (YAML or discovered); `definedAt`: where it is
 * written, for the reason; `account`: the login the target knows it by.
 */
export function governCredentials(
  credentials: readonly TargetCredential[],
  input: { who: string; declared: readonly CredentialDoc[] | undefined; definedAt: string | undefined; account: string; target: string; policy: AppPolicyDoc; policyAt: string; now: number },
): CredentialVerdicts {
  const out: CredentialVerdicts = { revoke: [], findings: [] };
  const rules = input.policy.credentials;
  if (!rules) return out;
  const forTarget = (input.declared ?? []).filter((c) => c.target === undefined || c.target === input.target);
  // Ids compare case-insensitively: YAML ids are lower-case, AWS writes AKIA… in capitals.
  const listed = new Set(forTarget.map((c) => c.id.toLowerCase()));
  const discoveredAt = discoveredCreationTimes(forTarget);
  // The latest export that listed this identity's credentials: a key made after it cannot be in it.
  const exported = forTarget.reduce((latest, d) => (d.discoveredBy !== undefined && d.exportedAt !== undefined ? Math.max(latest, parseDate(d.exportedAt)) : latest), Number.NEGATIVE_INFINITY);
  const where = input.definedAt ?? `the discovered ${input.who}`;
  const limit = rules.revokeUnusedAfter === undefined ? undefined : parseDuration(rules.revokeUnusedAfter);
  for (const c of credentials) {
    if (c.status === "inactive") continue; // switched off already: nothing left to revoke
    const label = `${c.type} ${c.credentialId ?? c.id}`;
    if (!listed.has((c.credentialId ?? c.id).toLowerCase()) && !sameMomentDiscovered(c, discoveredAt)) {
      // Made after the export that lists the identity's keys was taken (a rotation in progress):
      // not unknown, only not reported yet. Never switched off for that; the next export lists it.
      const newer = c.createdAt !== undefined && Number.isFinite(exported) && parseDate(c.createdAt) > exported;
      if (newer) {
        out.findings.push({
          rule: "credential-unknown",
          severity: "info",
          identity: input.who,
          message: `${input.target} reports ${label} on "${input.account}", made on ${c.createdAt}, after the export that lists ${input.who}'s credentials was taken (${isoString(exported)}); not revoked: the next export reports it`,
          remediation: "refresh the export; if the next one lists the key, nothing is to be done",
          location: input.definedAt ?? input.policyAt,
          controls: ["NIST-SP800-53-IA-5", "NIST-SP800-53-AC-2"],
        });
      } else if (rules.unknown === "revoke") {
        out.revoke.push({ credential: c, origin: "drift", reason: `unknown credential: ${input.target} reports ${label} on "${input.account}", which ${where} does not list (credentials.unknown: revoke in ${input.policyAt})` });
        continue;
      } else {
        out.findings.push({
          rule: "credential-unknown",
          severity: "warning",
          identity: input.who,
          message: `${input.target} reports ${label} on "${input.account}" that ${where} does not list; nobody reviewed it`,
          remediation: `add it to the identity's credentials if it is meant to exist, or revoke it (credentials.unknown: revoke in ${input.policyAt} plans that)`,
          location: input.definedAt ?? input.policyAt,
          controls: ["NIST-SP800-53-IA-5", "NIST-SP800-53-AC-2"],
        });
      }
    }
    if (limit === undefined || !c.recordsUse) continue;
    const since = c.lastUsedAt ?? c.createdAt;
    if (since === undefined || parseDate(since) + limit > input.now) continue;
    const days = Math.floor((input.now - parseDate(since)) / DAY);
    const when = c.lastUsedAt ? `last used on ${day(c.lastUsedAt)}` : `never used since it was made on ${day(since)}`;
    out.revoke.push({ credential: c, origin: "policy", reason: `unused: ${label} on "${input.account}" was ${when}, ${days} days before this plan, over revokeUnusedAfter: ${rules.revokeUnusedAfter} in ${input.policyAt}` });
  }
  return out;
}

/**
 * Creation instants of the credentials a discovery source reported without the target's id. The
 * AWS credential report names keys by slot (access_key_1, access_key_2), never by AccessKeyId, and
 * gives each slot's `last_rotated`, which is when that key was made (a key cannot be rotated in
 * place); ListAccessKeys gives the same instant as CreateDate. Matching on it keeps a discovered key
 * from counting as unknown, which under `credentials.unknown: revoke` would switch it off.
 */
function discoveredCreationTimes(declared: readonly CredentialDoc[]): Set<number> {
  const out = new Set<number>();
  for (const c of declared) if (c.discoveredBy !== undefined && c.issuedAt !== undefined) out.add(Math.floor(parseDate(c.issuedAt) / 1000));
  return out;
}

function sameMomentDiscovered(c: TargetCredential, discoveredAt: ReadonlySet<number>): boolean {
  return c.createdAt !== undefined && discoveredAt.has(Math.floor(parseDate(c.createdAt) / 1000));
}

function day(iso: string): string {
  return isoString(parseDate(iso)).slice(0, 10);
}
