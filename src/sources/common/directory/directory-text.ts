// Directory values that must be text. RFC 4517 (3.3.6) makes a Directory String the UTF-8 encoding
// of its characters, and LDIF (RFC 2849) carries any non-ASCII value base64-encoded: the bytes of a
// value that is not UTF-8 are not a name in some other spelling, they are a value written in
// another encoding (Latin-1 from a legacy import, a script that wrote Windows-1252). Reading them
// any other way (their base64 text, replacement characters) would make a login, a name or a status
// word nobody wrote, so the LDIF and ldap sources refuse them with this message.
import { quote } from "../text.js";
import { isSecretAttribute } from "../raw.js";

const strict = new TextDecoder("utf-8", { fatal: true });
// The WHATWG "latin1" label is Windows-1252, the usual encoding of such legacy values.
const windows1252 = new TextDecoder("latin1");

/** The text of UTF-8 bytes; undefined for bytes that are not UTF-8. */
export function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return strict.decode(bytes);
  } catch {
    return undefined;
  }
}

/** How to fix a value that is not UTF-8, for the LDIF and ldap sources alike. */
export const NOT_UTF8_FIX =
  "Directory strings are UTF-8 (RFC 4517, section 3.3.6); this value was written in another encoding (Latin-1 or Windows-1252, " +
  "most likely by a legacy import or script). Correct the value in the directory, writing it as UTF-8, and export (or read) it " +
  "again. Converting an LDIF file with iconv does not reach its base64 (::) values: each must be decoded, converted and encoded again.";

/**
 * `bytes e5 73 65 (as Windows-1252: "åse")`: enough for an administrator to find the value, never
 * the bytes of a secret attribute.
 */
export function describeBytes(attribute: string, bytes: Uint8Array): string {
  if (isSecretAttribute(attribute)) return `${bytes.length} bytes`;
  const hex = Buffer.from(bytes.subarray(0, 16)).toString("hex").replace(/(..)(?!$)/g, "$1 ");
  return `bytes ${hex}${bytes.length > 16 ? " …" : ""} (as Windows-1252: ${quote(windows1252.decode(bytes))})`;
}

// A DN that holds U+FFFD lost bytes on its way here: a client that decodes a DN's bytes as UTF-8
// (ldapts does) makes every byte that is not UTF-8 this one character, and so does a tool that
// converted an export lossily. "cn=Ren\xe9" and "cn=Ren\xe8" then read as one DN, and a member DN
// would match whichever entry has it: a membership of the wrong person. Refused, never matched on.
const REPLACEMENT = "\uFFFD";

/** The attributes the directory sources read whose values are DNs. */
const DN_ATTRIBUTES = new Set(["member", "uniquemember", "memberof", "manager"]);

export function isDnAttribute(name: string): boolean {
  return DN_ATTRIBUTES.has(name.toLowerCase());
}

/** Where a DN holds U+FFFD, as "U+FFFD at character 9"; undefined when it holds none. */
export function replacementIn(dn: string): string | undefined {
  const at = dn.indexOf(REPLACEMENT);
  return at === -1 ? undefined : `U+FFFD (the replacement character) at character ${at + 1}`;
}

export const REPLACEMENT_WHY = "bytes that were not UTF-8 were replaced by it (by the LDAP client, which decodes a DN as UTF-8, or by a tool that converted the export), so two different DNs can read as this one and a member DN could match the wrong entry";

export const REPLACEMENT_FIX =
  "DNs are UTF-8 (RFC 4514). Find the entry in the directory by its other attributes and rename it to a UTF-8 DN (ldapmodrdn; in Active Directory, rename the object), " +
  "and correct every member, memberOf and manager value that names it. If the directory holds it correctly, the export lost the bytes: export it again as UTF-8, " +
  "without converting it (ldapsearch writes a DN that is not ASCII base64-encoded, dn::).";
