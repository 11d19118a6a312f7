// Which credentials of an account that keeps its identity are revoked anyway: those the identity
// does not list (an unknown key: someone made it outside review) and those the target has not seen
// used for longer than the app's policy allows. Pure: the target's credentials, the identity's
// declaration and the policy in, the decisions out; the differ turns them into changes.
import type { AppPolicyDoc, CredentialDoc } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import type { TargetCredential } from "../model/target-state.js";
import { DAY, isoString, parseDate, parseDuration } from "../model/time.js";

export interface CredentialRevocation {
  credential: TargetCredential;
  reason: string;
  origin: "policy" | "drift";
}

export interface CredentialVerdicts {
  revoke: CredentialRevocation[];
  findings: Finding[];
}


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
  // Listed means written in the identity's file, where a pull request reviewed it. A discovery
  // source reports every key that exists, the one made outside review too: counting what it reports
  // as listed made `unknown: revoke` a no-op wherever discovery ran. A discovered credential counts
  // only when the file lists it as well (`listedAs`, resolve/written-credentials.ts).
  // Ids compare case-insensitively: YAML ids are lower-case, AWS writes AKIA… in capitals.
  const listed = new Set<string>();
  for (const c of forTarget) {
    const id = c.discoveredBy === undefined ? c.id : c.listedAs;
    if (id !== undefined) listed.add(id.toLowerCase());
  }
  const listedAt = listedCreationTimes(forTarget);
  const where = input.definedAt ?? `the discovered ${input.who}`;
  const limit = rules.revokeUnusedAfter === undefined ? undefined : parseDuration(rules.revokeUnusedAfter);
  for (const c of credentials) {
    if (c.status === "inactive") continue; // switched off already: nothing left to revoke
    // A console password: no file can list it, so "unknown" would fit every one; it goes with its holder.
    if (c.withHolderOnly) continue;
    const label = `${c.type} ${c.credentialId ?? c.id}`;
    if (!listed.has((c.credentialId ?? c.id).toLowerCase()) && !sameMoment(c, listedAt)) {
      if (rules.unknown === "revoke" && !c.unknownReportedOnly) {
        out.revoke.push({ credential: c, origin: "drift", reason: `unknown credential: ${input.target} reports ${label} on "${input.account}", which ${where} does not list (credentials.unknown: revoke in ${input.policyAt})` });
        continue;
      }
      out.findings.push({
        rule: "credential-unknown",
        severity: "warning",
        identity: input.who,
        message: `${input.target} reports ${label} on "${input.account}" that ${where} does not list; nobody reviewed it${c.unknownReportedOnly && rules.unknown === "revoke" ? `, and ${input.target} records no use of it, so it may be the one in use: credentials.unknown: revoke reports it rather than revoke it unreviewed` : ""}`,
        remediation: c.unknownReportedOnly
          ? `list it in the identity's credentials (id: ${(c.credentialId ?? c.id).toLowerCase()}, target: ${input.target}${c.createdAt ? `, issuedAt: ${c.createdAt}` : ""}) if it is meant to exist, or revoke it in the system that issued it once nothing uses it`
          : `add it to the identity's credentials if it is meant to exist, or revoke it (credentials.unknown: revoke in ${input.policyAt} plans that)`,
        location: input.definedAt ?? input.policyAt,
        controls: ["NIST-SP800-53-IA-5", "NIST-SP800-53-AC-2"],
      });
    }
    if (limit === undefined || !c.recordsUse) continue;
    const since = c.lastUsedAt ?? c.createdAt;
    // A date that does not parse is refused where state files are read (state-file.ts); here it counts as unknown.
    if (since === undefined) continue;
    const sinceAt = parseDate(since);
    if (Number.isNaN(sinceAt) || sinceAt + limit > input.now) continue;
    const days = Math.floor((input.now - sinceAt) / DAY);
    const when = c.lastUsedAt ? `last used on ${day(c.lastUsedAt)}` : `never used since it was made on ${day(since)}`;
    out.revoke.push({ credential: c, origin: "policy", reason: `unused: ${label} on "${input.account}" was ${when}, ${days} days before this plan, over revokeUnusedAfter: ${rules.revokeUnusedAfter} in ${input.policyAt}` });
  }
  return out;
}

/**
 * Creation instants of the listed credentials a discovery source reported without the target's id:
 * a file that lists an AWS key by its report slot (`access_key_1`) rather than its AccessKeyId. The
 * report's `last_rotated` is when that key was made (a key cannot be rotated in place), and
 * ListAccessKeys gives the same instant as CreateDate. Only listed ones: a slot the file does not
 * list was never reviewed, and a date written by hand is not the report's.
 */
function listedCreationTimes(declared: readonly CredentialDoc[]): Set<number> {
  const out = new Set<number>();
  for (const c of declared) if (c.discoveredBy !== undefined && c.listedAs !== undefined && c.issuedAt !== undefined) out.add(Math.floor(parseDate(c.issuedAt) / 1000));
  return out;
}

function sameMoment(c: TargetCredential, listedAt: ReadonlySet<number>): boolean {
  return c.createdAt !== undefined && listedAt.has(Math.floor(parseDate(c.createdAt) / 1000));
}

function day(iso: string): string {
  return isoString(parseDate(iso)).slice(0, 10);
}
