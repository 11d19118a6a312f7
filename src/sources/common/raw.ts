// `raw` keeps what the source exported so that `explain` and custom rules can use it, but it is
// written to snapshots and plans: secrets must never reach it.

export type RawAttributes = Record<string, string | string[]>;

// Anything that looks like a password, hash, secret or recovery answer is dropped; the
// allow-list names metadata about passwords (timestamps, counters, policies), which is useful and
// holds no secret. Unknown names err on the side of dropping.
const SECRET = /pass(word|wd)|pwd|secret|recovery_?question|hashfunction|supplementalcredentials|krbprincipalkey/i;
const NOT_SECRET = new Set([
  "pwdlastset", "badpwdcount", "badpasswordtime", "pwdchangedtime", "pwdfailuretime", "pwdaccountlockedtime",
  "pwdpolicysubentry", "passwordchanged", "passwordpolicies", "passwordlastset", "lastpasswordchangedatetime",
  "changepasswordatnextlogin", "passwordexpired",
]);

/** True for attribute names that hold (or may hold) a secret: they are dropped, never masked. */
export function isSecretAttribute(name: string): boolean {
  const last = name.slice(name.lastIndexOf(".") + 1);
  return SECRET.test(last) && !NOT_SECRET.has(last.toLowerCase().replace(/;.*$/, ""));
}

/**
 * Flattens a JSON object into dotted attribute names with string values: scalars become strings,
 * arrays of scalars string arrays, arrays of objects JSON strings. Nulls are skipped, and so are
 * secrets and the keys `skip` names (hypermedia links and protocol annotations, not attributes).
 */
export function flattenJson(value: unknown, skip: (key: string) => boolean = () => false): RawAttributes {
  const raw: RawAttributes = {};
  visit(value, "", raw, skip);
  return raw;
}

function visit(value: unknown, prefix: string, raw: RawAttributes, skip: (key: string) => boolean): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    raw[prefix] = value
      .filter((item) => item !== null && item !== undefined)
      .map((item) => (typeof item === "object" ? JSON.stringify(withoutSecrets(item)) : String(item)));
    return;
  }
  if (typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      const name = prefix === "" ? key : `${prefix}.${key}`;
      if (skip(key) || isSecretAttribute(key)) continue;
      visit(child, name, raw, skip);
    }
    return;
  }
  if (prefix !== "") raw[prefix] = String(value);
}

function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== "object") return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (!isSecretAttribute(key)) copy[key] = withoutSecrets(child);
  }
  return copy;
}
