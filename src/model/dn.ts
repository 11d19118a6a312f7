// The one parser for LDAP distinguished names (RFC 4514), used by every LDAP-shaped path: the
// live ldap source, the ldif source and manager references in resolve. Two parsers that disagree
// on "\2C" versus "\," or on the order inside "cn=a+uid=b" link different group members, and a
// member who is not linked is a revoke.
//
// Accepted beyond RFC 4514, because directories still write them (RFC 2253/1779 legacy forms):
// ";" as an RDN separator, spaces around separators, quoted values ("cn=\"Smith, John\""), and
// "OID." prefixes on numeric types. Anything else malformed is a DnError naming what is wrong.

export interface Ava {
  /** Attribute type as written, trimmed ("CN", "2.5.4.3"). */
  type: string;
  /** The value with escapes decoded; for a "#04..." hex string, the "#..." text itself. */
  value: string;
  /** True for RFC 4514 hexstring values ("#" followed by the BER encoding in hex). */
  hex: boolean;
}

/** One RDN: one or more attribute-value assertions (several in a multi-valued RDN, "cn=a+uid=b"). */
export type Rdn = Ava[];

export class DnError extends Error {}

// RFC 4514 §2.4: the characters a string value escapes with a backslash.
const ESCAPABLE = new Set([" ", '"', "#", "+", ",", ";", "<", "=", ">", "\\"]);
const HEX_PAIR = /^[0-9a-fA-F]{2}$/;
const DESCR = /^[A-Za-z][A-Za-z0-9-]*$/;
const NUMERIC_OID = /^(?:oid\.)?[0-9]+(?:\.[0-9]+)+$/i;
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Parses a DN into its RDNs, first (most specific) RDN first. The empty DN has none. */
export function parseDn(dn: string): Rdn[] {
  const rdns: Rdn[] = [];
  if (dn.trim() === "") return rdns;
  let rdn: Rdn = [];
  let i = 0;
  const n = dn.length;
  for (;;) {
    // attributeType "="
    const eq = dn.indexOf("=", i);
    if (eq === -1) throw new DnError(`"${dn.slice(i).trim()}" has no "=" (expected type=value)`);
    const type = dn.slice(i, eq).trim();
    if (!DESCR.test(type) && !NUMERIC_OID.test(type)) {
      throw new DnError(type === "" ? `an RDN has no attribute type before "=" at position ${eq + 1}` : `"${type}" is not an attribute type`);
    }
    i = eq + 1;
    while (i < n && dn[i] === " ") i++;
    let value: string;
    let hex = false;
    if (dn[i] === "#") {
      let j = i + 1;
      while (j < n && /[0-9a-fA-F]/.test(dn[j]!)) j++;
      if ((j - i - 1) % 2 !== 0 || j === i + 1) throw new DnError(`the hex value of ${type} is not whole bytes`);
      value = dn.slice(i, j);
      hex = true;
      i = j;
    } else if (dn[i] === '"') {
      ({ value, next: i } = quotedValue(dn, i + 1, type));
    } else {
      ({ value, next: i } = stringValue(dn, i, type));
    }
    while (i < n && dn[i] === " ") i++;
    rdn.push({ type, value, hex });
    if (i >= n) break;
    const separator = dn[i]!;
    i++;
    if (separator === "+") continue;
    if (separator === "," || separator === ";") {
      rdns.push(rdn);
      rdn = [];
      continue;
    }
    throw new DnError(`unexpected "${separator}" after the value of ${type} (escape it as \\${separator})`);
  }
  rdns.push(rdn);
  return rdns;
}

function stringValue(dn: string, start: number, type: string): { value: string; next: number } {
  let value = "";
  let bytes: number[] = [];
  // Spaces at the end of a value are insignificant unless escaped ("\ "): keep where the last
  // significant character ended.
  let significantEnd = 0;
  const flush = () => {
    if (bytes.length === 0) return;
    try {
      value += strictUtf8.decode(new Uint8Array(bytes));
    } catch {
      throw new DnError(`the escaped bytes in the value of ${type} are not UTF-8`);
    }
    bytes = [];
    significantEnd = value.length;
  };
  let i = start;
  for (; i < dn.length; i++) {
    const ch = dn[i]!;
    if (ch === "\\") {
      const pair = dn.slice(i + 1, i + 3);
      if (HEX_PAIR.test(pair)) {
        bytes.push(parseInt(pair, 16));
        i += 2;
        continue;
      }
      flush();
      const next = dn[i + 1];
      if (next === undefined) throw new DnError(`the value of ${type} ends with a lone "\\"`);
      if (!ESCAPABLE.has(next)) throw new DnError(`"\\${next}" in the value of ${type} is not an escape (RFC 4514: \\ before one of ${[...ESCAPABLE].join(" ")} or two hex digits)`);
      value += next;
      significantEnd = value.length;
      i += 1;
      continue;
    }
    if (ch === "," || ch === ";" || ch === "+") break;
    if (ch === '"') throw new DnError(`a '"' inside the value of ${type} must be escaped (\\")`);
    flush();
    value += ch;
    if (ch !== " ") significantEnd = value.length;
  }
  flush();
  return { value: value.slice(0, significantEnd), next: i };
}

function quotedValue(dn: string, start: number, type: string): { value: string; next: number } {
  let value = "";
  for (let i = start; i < dn.length; i++) {
    const ch = dn[i]!;
    if (ch === "\\") {
      const pair = dn.slice(i + 1, i + 3);
      if (HEX_PAIR.test(pair)) {
        value += String.fromCharCode(parseInt(pair, 16));
        i += 2;
      } else if (i + 1 < dn.length) {
        value += dn[i + 1];
        i += 1;
      }
      continue;
    }
    if (ch === '"') return { value, next: i + 1 };
    value += ch;
  }
  throw new DnError(`the quoted value of ${type} has no closing '"'`);
}

// Numeric OIDs of the naming attributes directories use, so "2.5.4.3=Ada" and "cn=Ada" compare equal.
const OID_NAMES: Readonly<Record<string, string>> = {
  "2.5.4.3": "cn", "2.5.4.4": "sn", "2.5.4.6": "c", "2.5.4.7": "l", "2.5.4.8": "st", "2.5.4.9": "street",
  "2.5.4.10": "o", "2.5.4.11": "ou", "2.5.4.12": "title", "0.9.2342.19200300.100.1.1": "uid",
  "0.9.2342.19200300.100.1.25": "dc", "1.2.840.113549.1.9.1": "email",
};

/** The attribute type compared case-insensitively, with numeric OIDs of naming attributes resolved. */
export function typeKey(type: string): string {
  const lower = type.trim().toLowerCase().replace(/^oid\./, "");
  return OID_NAMES[lower] ?? lower;
}

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * A value as directories compare naming attributes (caseIgnoreMatch with insignificant-space
 * handling): NFC, lower case, inner runs of spaces as one. A hex string stays as written (lower case).
 */
function valueKey(ava: Ava): string {
  if (ava.hex) return ava.value.toLowerCase();
  const text = NON_ASCII.test(ava.value) ? ava.value.normalize("NFC") : ava.value;
  const folded = text.trim().replace(/ {2,}/g, " ").toLowerCase();
  // Escaped so that the key is unambiguous; a string value starting with "#" is not a hex string.
  return folded.replace(/[\\,+=]/g, "\\$&").replace(/^#/, "\\#");
}

/**
 * The comparison key of a DN: two spellings of the same DN give the same key ("CN=Ada\2C L,
 * OU=People" and "cn=ada\, l,ou=people"; "uid=a+cn=b" and "cn=b+uid=a"). Not for display.
 */
export function dnKey(dn: string): string {
  // Most DNs hold no escape, quote, multi-valued RDN or hex value: split them directly (a large
  // directory compares a few DNs per member), with the same result as the parser gives.
  if (SIMPLE.test(dn)) {
    const parts = dn.split(",");
    const keys: string[] = new Array(parts.length);
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const eq = part.indexOf("=");
      const type = eq === -1 ? "" : part.slice(0, eq).trim();
      if (!DESCR.test(type) && !NUMERIC_OID.test(type)) return parsedKey(dn);
      keys[i] = `${typeKey(type)}=${valueKey({ type, value: part.slice(eq + 1).trim(), hex: false })}`;
    }
    return keys.join(",");
  }
  return parsedKey(dn);
}

const SIMPLE = /^[^\\"+;#]*$/;

function parsedKey(dn: string): string {
  return parseDn(dn)
    .map((rdn) => rdn.map((ava) => `${typeKey(ava.type)}=${valueKey(ava)}`).sort().join("+"))
    .join(",");
}

/** dnKey, or undefined when the text is not a DN (for callers that treat that as "no match"). */
export function tryDnKey(dn: string): string | undefined {
  try {
    return dnKey(dn);
  } catch (error) {
    if (error instanceof DnError) return undefined;
    throw error;
  }
}

/**
 * The naming value of a DN's first RDN: "Engineering" for "cn=Engineering,ou=Groups"; in a
 * multi-valued RDN, the value of `preferType` when present ("cn=a+uid=b" with "uid" gives "b").
 */
export function firstRdn(dn: string, preferType?: string): { type: string; value: string } | undefined {
  const rdn = parseDn(dn)[0];
  if (!rdn) return undefined;
  const ava = (preferType !== undefined ? rdn.find((a) => typeKey(a.type) === preferType) : undefined) ?? rdn[0]!;
  return { type: typeKey(ava.type), value: ava.value };
}

/** uniqueMember values (nameAndOptionalUID) may end in an optional unique id: "uid=ada,dc=x#'0101'B". */
export function stripOptionalUid(value: string): string {
  return value.replace(/#'[01]*'B$/, "");
}
