// status-sign-in-blocked: the source that decides a person's status says active while a directory
// they sign in through has shut them out: Okta SUSPENDED or DEPROVISIONED (Okta: "Deactivated
// users can no longer access their assigned apps"), an Entra ID user whose sign-in is blocked, a
// Google Workspace user an administrator suspended, a disabled AD or LDAP account. In an
// involuntary termination IT often acts there before HR does: the person keeps every app account
// and entitlement scopesync manages until HR catches up. The authority still decides (that is what
// `authoritative:` means); before, the disagreement was an `info` attribute-conflict, as quiet as
// two spellings of a title, and the plan said "ready for review" (rv87 M2). Now it is a warning of
// its own, which reaches the pull request's findings, naming both sources, what each says, and the
// fix. The directory's words are those its adapter keeps: `accountDisabled`
// (model/directory-disabled.ts) for ldap, ldif, entra and google, Okta's status for okta.
import { ACCOUNT_DISABLED, disabledInWords } from "../model/directory-disabled.js";
import type { SourceConfig } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import type { SourceRecord } from "../model/source-record.js";
import { parseDate } from "../model/time.js";
import { oktaShutOutWords } from "../sources/okta/status.js";

/** What the record's directory says that shuts the person out, or undefined when it does not. */
function shutOutWords(record: SourceRecord, config: SourceConfig | undefined): string | undefined {
  if (record.status === "active" || record.departed !== undefined) return undefined;
  const disabled = record.attributes?.[ACCOUNT_DISABLED];
  if (typeof disabled === "string") return disabledInWords({ source: record.source, said: disabled });
  return config?.type === "okta" ? oktaShutOutWords(record) : undefined;
}

/**
 * The deciding record is of an employment still to come (a hire date after its export): its
 * "active" is a start to come, and a directory's shut-out user beside it is the employment before
 * (a contractor converted to employee ahead), not a leaver HR missed (resolve/before-start.ts).
 */
function notBegun(record: SourceRecord): boolean {
  return record.hireDate !== undefined && parseDate(record.hireDate) > parseDate(record.exportedAt);
}

/**
 * The warning for a status conflict in which `kept` (the deciding record, by `rule`) says active
 * and `other`'s directory has shut the person out; undefined for any other status conflict, which
 * stays an attribute-conflict.
 */
export function signInBlockedConflict(kept: { record: SourceRecord; value: string; rule: string }, other: SourceRecord, value: string, config: SourceConfig | undefined): Finding | undefined {
  if (kept.value !== "active" || notBegun(kept.record)) return undefined;
  const words = shutOutWords(other, config);
  if (words === undefined) return undefined;
  const from = kept.record.source;
  return {
    rule: "status-sign-in-blocked",
    severity: "warning",
    message: `status: ${from} says "active", ${other.source} says ${JSON.stringify(value)} (${words}: the person can no longer sign in there); kept ${from} (${kept.rule}), so every app account and entitlement stays`,
    remediation: `if the person left, correct the record in ${from} (the next plan offboards them); if ${other.source} decides who may work, make it the authority for status in scopesync.yaml (status in sources.${other.source}.authoritative, and out of sources.${from}.authoritative); if ${other.source} is wrong, reactivate the user there`,
    location: `${other.source} ${other.position}`,
  };
}
