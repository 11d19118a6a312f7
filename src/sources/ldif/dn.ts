// DNs name the same entry in many spellings: "CN=Ada Lovelace, OU=People" and
// "cn=ada lovelace,ou=people", "\2C" and "\,". Membership and manager links compare normalised
// DNs: attribute types and values lower-cased, spaces around separators dropped, escapes decoded
// and re-escaped one way. (Case-insensitive values match the directories' caseIgnoreMatch on
// names; an exact-match naming attribute would be rare enough not to matter here.)

export interface Rdn {
  type: string;
  value: string;
}

/** Parses an RFC 4514 DN into its RDNs (multi-valued RDNs flattened in order); lenient by design. */
export function parseDn(dn: string): Rdn[][] {
  const rdns: Rdn[][] = [];
  let current: Rdn[] = [];
  let type = "";
  let value = "";
  let inValue = false;
  let quoted = false;
  let bytes: number[] = [];
  const flushBytes = () => {
    if (bytes.length > 0) {
      value += Buffer.from(bytes).toString("utf8");
      bytes = [];
    }
  };
  const endAva = () => {
    flushBytes();
    current.push({ type: type.trim(), value: value.trim() });
    type = "";
    value = "";
    inValue = false;
  };
  for (let i = 0; i < dn.length; i++) {
    const ch = dn[i]!;
    if (!inValue) {
      if (ch === "=") inValue = true;
      else type += ch;
      continue;
    }
    if (ch === "\\" && i + 1 < dn.length) {
      const hex = dn.slice(i + 1, i + 3);
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else {
        flushBytes();
        value += dn[i + 1];
        i += 1;
      }
      continue;
    }
    flushBytes();
    if (ch === '"') {
      quoted = !quoted;
      continue;
    }
    if (!quoted && (ch === "," || ch === ";" || ch === "+")) {
      endAva();
      if (ch !== "+") {
        rdns.push(current);
        current = [];
      }
      continue;
    }
    value += ch;
  }
  if (inValue || type.trim() !== "") endAva();
  if (current.length > 0) rdns.push(current);
  return rdns;
}

const SPECIAL = /[\\,+=;"<>#]/g;

/** The comparison key of a DN. Two spellings of the same DN give the same key. */
export function normaliseDn(dn: string): string {
  return parseDn(dn)
    .map((rdn) =>
      rdn
        .map((ava) => `${ava.type.toLowerCase()}=${ava.value.toLowerCase().replace(SPECIAL, "\\$&")}`)
        .sort()
        .join("+"),
    )
    .join(",");
}

/** Value of the first RDN ("Engineering" for "cn=Engineering,ou=Groups,..."): a group's name when only its DN is known. */
export function firstRdnValue(dn: string): string | undefined {
  return parseDn(dn)[0]?.[0]?.value || undefined;
}
