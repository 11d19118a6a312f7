// Keys are normalised here and only here, so that no stage compares raw logins or emails.

import { joined } from "./joined.js";
import { nfc } from "./nfc.js";
import { hiddenSecretShape } from "./secret-shapes.js";

/** Logins and emails compare case-insensitively and without surrounding spaces. */
export function normaliseLogin(value: string): string {
  return normaliseKey(value);
}

/**
 * A person's login as their identity id and userName: normaliseLogin's, but for a login that looks
 * like a secret only with its case (an AWS secret access key pasted into HR's UserID column: its
 * shape needs upper and lower case). Lower-cased, no mask would find it, and the id would name the
 * key in the plan, the journal and every finding; kept, it is hidden wherever it is shown
 * (maskSecretShapes) and no account is planned under it (login-secret-shaped). Logins are still
 * compared by normaliseLogin, so nothing is matched otherwise than before.
 */
export function identityLogin(value: string): string {
  const key = normaliseKey(value);
  return hiddenSecretShape(key) === undefined && hiddenSecretShape(value) !== undefined ? nfc(value.trim()) : key;
}

export function normaliseEmail(value: string): string {
  return normaliseKey(value);
}

/** Text compared without case, surrounding spaces or Unicode form: logins, e-mails, case-insensitive attribute values. */
export function normaliseKey(value: string): string {
  return nfc(value.trim()).toLowerCase();
}

/** A record reference as written in `links`/`separate`: "source:externalId". */
export function recordRef(source: string, externalId: string): string {
  return joined(source, ":", externalId);
}

/** The source of a record reference or anchor ("hr" of "hr:W1001"). */
export function sourceOfRef(ref: string): string {
  return ref.slice(0, ref.indexOf(":"));
}
