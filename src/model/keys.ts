// Keys are normalised here and only here, so that no stage compares raw logins or emails.

import { domainToASCII } from "node:url";
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

/**
 * An e-mail address as it is kept and written to apps (docs/formats.md: lower case): the source's
 * own spelling, trimmed, in NFC and lower-cased. A capital dotted "İ" (an HR tool upper-casing
 * under a Turkish locale) lower-cases to "i": JavaScript's toLowerCase gives "i" + U+0307, an
 * address nobody has, which would be written to apps and match no other record.
 */
export function normaliseEmail(value: string): string {
  return normaliseKey(value.includes("\u0130") ? value.replaceAll("\u0130", "I") : value);
}

// Zero-width and bidi controls (Unicode category Cf), pasted into a cell with an address: no mail
// system delivers to them, and no one can see them.
const INVISIBLE = /\p{Cf}/gu;
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * What two e-mail addresses are compared by (correlation, duplicates, account links): the kept
 * address (normaliseEmail) without invisible characters, its domain in its ASCII form. An IDN
 * domain in Unicode (müller.de) and in punycode (xn--mller-kva.de) is one domain (RFC 5890
 * 2.3.2.1), as are upper-case and full-width spellings of it: url.domainToASCII applies the UTS #46
 * mapping, which needs no locale, so every machine gets the same key. A domain it refuses (a
 * space, an IP literal) is compared as written. The local part is compared case-insensitively, as
 * docs/formats.md says, and otherwise as written: "ｍｉｋａ" is not "mika" to a mail server, and
 * such look-alikes are reported (resolve/look-alike-emails.ts), never merged.
 */
export function emailKey(value: string): string {
  const email = normaliseEmail(value);
  if (!NON_ASCII.test(email)) return email;
  const visible = email.replace(INVISIBLE, "");
  const at = visible.lastIndexOf("@");
  if (at < 0) return visible;
  const domain = visible.slice(at + 1);
  const ascii = domain === "" ? "" : domainToASCII(domain);
  return ascii === "" || ascii === domain ? visible : visible.slice(0, at + 1) + ascii;
}

/** The invisible characters (Cf: zero-width, bidi controls) an address has, each once, in order. */
export function invisibleCharacters(value: string): string[] {
  return NON_ASCII.test(value) ? [...new Set(value.match(INVISIBLE) ?? [])] : [];
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

/**
 * A number without its leading zeros ("000100" → "100", "0" stays "0"): never a join key (ids are
 * compared as written), only the did-you-mean for ids a spreadsheet or another system padded.
 */
export function withoutLeadingZeros(digits: string): string {
  return digits.replace(/^0+(?=\d)/, "");
}
