// DN handling for membership matching. Servers echo DNs as they were written (member values) or
// as stored (memberOf), so comparisons must ignore case and the spaces around "," and "=".

/** Splits on a separator that is not escaped with a backslash. */
function splitUnescaped(value: string, separator: string, limit = Infinity): string[] {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    if (char === "\\" && i + 1 < value.length) {
      current += char + value[i + 1]!;
      i++;
    } else if (char === separator && parts.length < limit - 1) {
      parts.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

/** A comparison key for a DN: lower case, no spaces around separators. Not for display. */
export function dnKey(dn: string): string {
  return splitUnescaped(dn.trim(), ",")
    .map((rdn) =>
      splitUnescaped(rdn, "+")
        .map((ava) => splitUnescaped(ava, "=", 2).map((part) => part.trim()).join("="))
        .join("+"),
    )
    .join(",")
    .normalize("NFC")
    .toLowerCase();
}

/** The value of the first RDN ("platform" for "cn=platform,ou=groups,..."), unescaped. */
export function firstRdnValue(dn: string): string {
  const rdn = splitUnescaped(dn.trim(), ",")[0] ?? "";
  const ava = splitUnescaped(rdn, "+")[0] ?? "";
  const value = (splitUnescaped(ava, "=", 2)[1] ?? "").trim();
  // Hex escapes are UTF-8 bytes ("\c3\ab" is "ë"), so decode them as bytes, not per character.
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    const hex = value.slice(i + 1, i + 3);
    if (char === "\\" && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (char === "\\" && i + 1 < value.length) {
      bytes.push(...Buffer.from(value[i + 1]!, "utf8"));
      i++;
    } else {
      const codePoint = String.fromCodePoint(value.codePointAt(i)!);
      bytes.push(...Buffer.from(codePoint, "utf8"));
      i += codePoint.length - 1;
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** The attribute type of the first RDN, lower case ("uid" for "uid=ada,ou=people,..."). */
export function firstRdnType(dn: string): string {
  const rdn = splitUnescaped(dn.trim(), ",")[0] ?? "";
  return (splitUnescaped(rdn, "=", 2)[0] ?? "").trim().toLowerCase();
}

/** uniqueMember values may carry an optional unique id: "uid=ada,dc=x#'0101'B". */
export function stripOptionalUid(value: string): string {
  return value.replace(/#'[01]*'B$/, "");
}
