// Keys are normalised here and only here, so that no stage compares raw logins or emails.

import { joined } from "./joined.js";

/** Logins and emails compare case-insensitively and without surrounding spaces. */
export function normaliseLogin(value: string): string {
  return normaliseKey(value);
}

export function normaliseEmail(value: string): string {
  return normaliseKey(value);
}

const NON_ASCII = /[^\x00-\x7f]/;

function normaliseKey(value: string): string {
  const trimmed = value.trim();
  // ASCII text is its own NFC form; normalize() (an ICU call on a copy of the string) is left for
  // the rest. Keys are normalised several times for each of 100k+ records.
  return (NON_ASCII.test(trimmed) ? trimmed.normalize("NFC") : trimmed).toLowerCase();
}

/** A record reference as written in `links`/`separate`: "source:externalId". */
export function recordRef(source: string, externalId: string): string {
  return joined(source, ":", externalId);
}

/** The source of a record reference or anchor ("hr" of "hr:W1001"). */
export function sourceOfRef(ref: string): string {
  return ref.slice(0, ref.indexOf(":"));
}
