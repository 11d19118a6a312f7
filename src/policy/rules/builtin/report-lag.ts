// A credential report's key that an aws-iam target has switched off already. IAM makes a new
// credential report at most every four hours ("requests generation of a new report, which can be
// done every four hours. If the last report is still recent the State field reads COMPLETE", AWS
// IAM User Guide, Use GenerateCredentialReport), so after apply deactivates an offboarded NHI's
// key, the next plan may read a report from before that, which still says `access_key_1_active`
// true. That report lags; it is no sign that the revoke failed. Only a report made after the
// revoke that still lists the key active is: then the key may have been switched on again.
//
// The report names a key by its slot, the target by its AccessKeyId: they are one key when the
// user (in the same AWS account) and the kind agree and the target's CreateDate is the slot's
// date (docs/nhi-revocation.md); a key the journal says scopesync deleted, which the state no
// longer lists, is matched by user and kind alone (the revoke took every key of the offboarded user).
import { awsAccountOf } from "../../../model/aws-account.js";
import { parseIamCredential } from "../../../model/aws-iam-credential-ids.js";
import type { CredentialDoc } from "../../../model/documents.js";
import type { SwitchedOffCredential } from "../../../model/switched-off-credential.js";
import { parseDate } from "../../../model/time.js";
import type { BuiltinRule, RuleContext, RuleHit } from "../rule.js";
import { credentialLabel } from "./credential-list.js";
import { issuingSystem } from "./revoke-command.js";

/** What says the report's key is switched off, and whether the report predates it. */
export interface ReportLag {
  /** The report was made before the newest sign that the key is off: it lags, the key is off. */
  lagging: boolean;
  /** "scopesync revoked it on target iam at … (.scopesync/journal.jsonl:3)", "target iam lists it inactive (state read …)". */
  evidence: string;
  /** The aws-iam target that switched it off. */
  target: string;
  /** When the report was made (the source's exportedAt). */
  reportAt: string | undefined;
}

interface Entry { target: string; readAt: string | undefined; off: SwitchedOffCredential }

/** AWS account \0 kind \0 lower-case user name → the switched-off credentials of that user, per plan. */
const indexes = new WeakMap<NonNullable<RuleContext["switchedOff"]>, Map<string, Entry[]>>();

function indexOf(ctx: RuleContext): Map<string, Entry[]> | undefined {
  const given = ctx.switchedOff;
  if (!given || given.size === 0) return undefined;
  let index = indexes.get(given);
  if (index) return index;
  index = new Map();
  for (const [target, list] of [...given].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const facts = ctx.targets.get(target);
    // A target whose state does not say which account it reads stands for no report's credential (revoked-by-plan.ts).
    if (facts?.awsAccount === undefined) continue;
    for (const off of list) {
      const ref = parseIamCredential(off.credential);
      if (!ref) continue;
      const key = `${facts.awsAccount}\u0000${ref.kind}\u0000${ref.userName.toLowerCase()}`;
      const entries = index.get(key);
      const entry = { target, readAt: facts.readAt, off };
      if (entries) entries.push(entry);
      else index.set(key, [entry]);
    }
  }
  indexes.set(given, index);
  return index;
}

/** The newest time the entry says the key was off: the journal's revoke, or the read of a state that lists it inactive. */
function offSince(e: Entry): number {
  const revoked = e.off.revoked ? parseDate(e.off.revoked.at) : -Infinity;
  const read = e.off.inactive && e.readAt !== undefined ? parseDate(e.readAt) : -Infinity;
  return Math.max(revoked, read);
}

function evidenceWords(e: Entry): string {
  const revoked = e.off.revoked ? `scopesync revoked it on target ${e.target} at ${e.off.revoked.at} (${e.off.revoked.line})` : undefined;
  const inactive = e.off.inactive ? `target ${e.target} lists it inactive (state read ${e.readAt ?? "at an unknown time"})` : undefined;
  return revoked && inactive ? `${revoked}, and ${inactive}` : (revoked ?? inactive)!;
}

/** For an active credential an aws-iam source reports: what switched it off already, if anything does, and whether the report lags it. */
export function reportLag(c: CredentialDoc, ctx: RuleContext): ReportLag | undefined {
  if (c.principal === undefined || issuingSystem(c, ctx.repo.config.value) !== "aws-iam") return undefined;
  const account = awsAccountOf(c.idScope);
  const index = account === undefined ? undefined : indexOf(ctx);
  if (!index) return undefined;
  const kind = c.type === "certificate" ? "signing-certificate" : "access-key";
  const issued = parseDate(c.issuedAt);
  // A deleted key (no CreateDate left) stands for the slot only if the slot's key was made before the revoke: one made after is new.
  const same = (index.get(`${account}\u0000${kind}\u0000${c.principal.toLowerCase()}`) ?? []).filter((e) => (e.off.createdAt === undefined ? e.off.revoked !== undefined && issued < parseDate(e.off.revoked.at) : parseDate(e.off.createdAt) === issued));
  if (same.length === 0) return undefined;
  // The newest sign that it is off decides: one the report predates makes the report's "active" a lag.
  const newest = same.reduce((a, b) => (offSince(b) > offSince(a) ? b : a));
  const since = offSince(newest);
  const lagging = c.exportedAt !== undefined && Number.isFinite(since) && parseDate(c.exportedAt) < since;
  return { lagging, evidence: evidenceWords(newest), target: newest.target, reportAt: c.exportedAt };
}

export const credentialReportLag: BuiltinRule = {
  id: "credential-report-lag",
  title: "A key an aws-iam target switched off that an older credential report still lists active is said to be off",
  defaultSeverity: "info",
  controls: ["OWASP-NHI1", "NIST-SP800-53-AC-2(3)"],
  remediation: "nothing to do: a credential report made after the revoke lists it inactive (`aws iam generate-credential-report`, at most every four hours), and this finding goes",
  *check(ctx) {
    if (!ctx.switchedOff || ctx.switchedOff.size === 0) return;
    for (const identity of ctx.identities) {
      if (identity.kind === "person" || !identity.discoveredBy?.length) continue;
      for (const c of identity.credentials ?? []) {
        if (!c.discoveredBy || c.status === "inactive" || c.status === "disabled") continue;
        const lag = reportLag(c, ctx);
        if (!lag?.lagging) continue;
        yield {
          identity: identity.id,
          message: `${identity.id}'s ${credentialLabel(c)} is switched off: ${lag.evidence}; the credential report of ${lag.reportAt}, which still lists it active, was made before that`,
          location: c.reportedAt ?? identity.definedAt ?? identity.id,
        } satisfies RuleHit;
      }
    }
  },
};
