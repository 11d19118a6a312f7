// Which credential written in an NHI's file each credential a discovery source reports is. The
// system owns the credential (its dates, status, last use), the file says it was reviewed: the
// discovered one takes the written one's place, marked `listedAs` with the id the file lists it by,
// so that it is counted once and `credentials.unknown` knows it is listed.
//
// Most systems give one id both sides use (Entra `keyId`, a GCP key `name`). AWS does not: the
// credential report names an access key by its slot (`access_key_1`, `access_key_2`) and has no
// AccessKeyId, while a file lists the key by its AccessKeyId, as `aws iam list-access-keys` and the
// aws-iam target name it. What both sides do have is when the key was made: the report's
// `access_key_N_last_rotated` is the key's creation (a key cannot be rotated in place) and
// ListAccessKeys' `CreateDate` is the same instant, which the file writes as `issuedAt`.
//
// Sources report one NHI more than once (an IAM user of that name in two accounts, a service
// account in two clusters). A slot name or Secret name is no id across them: such credentials
// carry their `idScope` (model/documents.ts), and two are one only within the same scope.
import type { CredentialDoc } from "../model/documents.js";
import { DAY, parseDate } from "../model/time.js";

/** An IAM user's access key id (AKIA…), as a file lists it (lower-case, or as AWS writes it). */
const ACCESS_KEY_ID = /^akia[a-z0-9]{16}$/i;
const KEY_SLOT = /^access_key_[12]$/;
const SECOND = 1000;

/**
 * The identity's credentials once the system's `discovered` meet those it has so far (`existing`:
 * the ones its file lists, and those another discovery source reported before). A discovered
 * credential replaces an earlier source's that is the same credential (same id in the same
 * `idScope`); one its file lists it keeps marked as listed.
 */
export function mergeWrittenCredentials(discovered: readonly CredentialDoc[], existing: readonly CredentialDoc[]): CredentialDoc[] {
  if (existing.length === 0) return [...discovered];
  const reported = new Set(discovered.map(sameCredential));
  const written = existing.filter((c) => c.discoveredBy === undefined);
  // Reported by an earlier source too (an Entra keyId two exports of one tenant report): replaced
  // by this one's, which takes over its listing. Another principal's credential of the same id (the
  // credential report's access_key_1 in another account, a token Secret of the same name in another
  // cluster) is another credential: it stays, or its still-active key would be named nowhere.
  const earlier = existing.filter((c) => c.discoveredBy !== undefined && !reported.has(sameCredential(c)));
  const replaced = new Map<string, CredentialDoc>();
  for (const c of existing) if (c.discoveredBy !== undefined && c.listedAs !== undefined && reported.has(sameCredential(c))) replaced.set(sameCredential(c), { ...c, id: c.listedAs });
  const byId = new Map<string, CredentialDoc>();
  for (const c of written) byId.set(c.id.toLowerCase(), c);
  const taken = new Set<CredentialDoc>();
  const out: CredentialDoc[] = [];
  const slots: number[] = [];
  for (const c of discovered) {
    const same = replaced.get(sameCredential(c)) ?? byId.get(c.id.toLowerCase());
    if (same && !taken.has(same)) {
      taken.add(same);
      out.push(listed(c, same));
    } else {
      if (c.discoveredBy !== undefined && KEY_SLOT.test(c.id)) slots.push(out.length);
      out.push(c);
    }
  }
  // AWS keys by creation: a key listed by AccessKeyId is the slot made at its issuedAt.
  const keys = written.filter((w) => !taken.has(w) && ACCESS_KEY_ID.test(w.id));
  for (const key of keys) {
    const at = slots.filter((n) => madeAt(out[n]!, key) && keys.filter((k) => madeAt(out[n]!, k)).length === 1);
    // One slot and one listed key for that moment; two keys made the same day, with issuedAt a date
    // only, tell nothing apart and stay two (docs/formats.md "Credentials": write the date-time).
    if (at.length !== 1) continue;
    const n = at[0]!;
    taken.add(key);
    out[n] = listed(out[n]!, key);
    slots.splice(slots.indexOf(n), 1);
  }
  for (const c of earlier) out.push(c);
  for (const w of written) if (!taken.has(w)) out.push(w);
  return out;
}

/** What makes two discovered credentials one: the id, within its `idScope` when it has one. */
function sameCredential(c: CredentialDoc): string {
  const id = c.id.toLowerCase();
  return c.idScope === undefined ? id : `${c.idScope}\u0000${id}`;
}

/** The discovered credential standing for the written one: the system's facts, the file's listing and target. */
function listed(discovered: CredentialDoc, written: CredentialDoc): CredentialDoc {
  const out: CredentialDoc = { ...discovered, listedAs: written.id };
  if (written.target !== undefined) out.target = written.target;
  if (written.secretRef !== undefined) out.secretRef = written.secretRef;
  return out;
}

/**
 * Whether the slot was made when the written key says: the same second for a date-time (the report
 * and ListAccessKeys both give whole seconds), the same UTC day for a date.
 */
function madeAt(slot: CredentialDoc, key: CredentialDoc): boolean {
  const made = parseDate(slot.issuedAt);
  const said = parseDate(key.issuedAt);
  if (!Number.isFinite(made) || !Number.isFinite(said)) return false;
  if (/^\d{4}-\d{2}-\d{2}$/.test(key.issuedAt)) return Math.floor(made / DAY) === Math.floor(said / DAY);
  return Math.floor(made / SECOND) === Math.floor(said / SECOND);
}
