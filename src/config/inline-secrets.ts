import type { PathSegment } from "../model/located.js";

// Secrets are referenced (${env:NAME}, vault:path#field), never written into the repo. This scan
// finds the ones that were: by the key they sit under, by well-known token shapes, and by entropy.
// Callers must never print the value they found.

const SECRET_KEY = /(?:^|[_-])(?:password|passwd|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|client[_-]?secret)$|(?:Password|Secret|Token|ApiKey|PrivateKey|AccessKey)$/i;
const REFERENCE = /^(?:\$\{env:[A-Z_][A-Z0-9_]*\}|vault:[A-Za-z0-9/_.-]+(?:#[A-Za-z0-9_.-]+)?)$/;
const TOKEN_SHAPES: Array<[string, RegExp]> = [
  ["GitHub token", /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b/],
  ["AWS access key id", /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/],
  ["Slack token", /\bxox[abposr]-[A-Za-z0-9-]{10,}/],
  ["private key", /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ["JSON Web Token", /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/],
  ["API secret key", /\bsk-(?:live-|proj-)?[A-Za-z0-9]{24,}\b/],
];
/**
 * Every token shape needs one of these literals: one test rules all of them out for the text of
 * nearly every value. (The shapes are case-sensitive, and so is this.)
 */
const MAY_BE_TOKEN = /gh[pousr]_|github_pat_|AKIA|ASIA|xox|-----BEGIN |eyJ|sk-/;
/** Keys whose values are identifiers by design; never flagged by entropy alone. */
const ID_KEYS = new Set(["$schema", "id", "externalId", "identity", "records", "entryUUID", "help", "url"]);

export interface SecretFinding { path: PathSegment[]; what: string }

export function findInlineSecrets(value: unknown, path: PathSegment[] = []): SecretFinding[] {
  const found: SecretFinding[] = [];
  const key = [...path].reverse().find((p) => typeof p === "string");
  scan(value, [...path], typeof key === "string" ? key : undefined, found);
  return found;
}

/**
 * Depth first, in key order, with one path that grows and shrinks as the walk goes: a validated
 * repository holds 20k+ documents and a few hundred thousand strings, and a copied path for each
 * of them was most of what loading allocated. `key` is the nearest object key above the value.
 */
function scan(value: unknown, path: PathSegment[], key: string | undefined, found: SecretFinding[]): void {
  if (typeof value === "string") {
    const what = classify(value, key);
    if (what) found.push({ path: [...path], what });
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      scan(value[i], path, key, found);
      path.pop();
    }
    return;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      path.push(k);
      scan(v, path, k, found);
      path.pop();
    }
  }
}

function classify(text: string, key: string | undefined): string | undefined {
  if (REFERENCE.test(text)) return undefined;
  if (MAY_BE_TOKEN.test(text)) for (const [name, shape] of TOKEN_SHAPES) if (shape.test(text)) return name;
  if (key && SECRET_KEY.test(key) && text.length > 0) return `value under "${key}"`;
  if (key && !ID_KEYS.has(key) && looksRandom(text)) return "high-entropy string";
  return undefined;
}

/** Long, space-free strings with near-random character distribution (≥ 4.5 bits per character). */
function looksRandom(text: string): boolean {
  if (text.length < 32 || /\s/.test(text) || !/^[A-Za-z0-9+/=_.~-]+$/.test(text)) return false;
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / text.length) * Math.log2(n / text.length);
  return bits >= 4.5;
}
