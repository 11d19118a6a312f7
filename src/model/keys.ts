// Keys are normalised here and only here, so that no stage compares raw logins or emails.

import { joined } from "./joined.js";
import { nfc } from "./nfc.js";

/** Logins and emails compare case-insensitively and without surrounding spaces. */
export function normaliseLogin(value: string): string {
  return normaliseKey(value);
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
