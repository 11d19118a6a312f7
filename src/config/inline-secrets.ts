import { SECRET_KEY } from "../model/secret-names.js";
import { isSecretReference, looksRandom, secretShape } from "../model/secret-shapes.js";
import type { PathSegment } from "../model/located.js";

// Secrets are referenced (${env:NAME}, vault:path#field), never written into the repo. This scan
// finds the ones that were: by the key they sit under, by well-known token shapes (a credential in
// a URL's query among them: secret-shapes.ts, which the masks share), and by entropy. Callers must
// never print the value they found.

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
  if (isSecretReference(text)) return undefined;
  const shape = secretShape(text);
  if (shape) return shape;
  if (key && SECRET_KEY.test(key) && text.length > 0) return `value under "${key}"`;
  if (key && !ID_KEYS.has(key) && looksRandom(text)) return "high-entropy string";
  return undefined;
}

/** Where a comment starts on a YAML line: a `#` at the start or after a blank, outside quotes. */
function commentStart(line: string): number {
  let quote = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#" && (i === 0 || line[i - 1] === " " || line[i - 1] === "\t")) return i;
  }
  return -1;
}

export interface TextSecretFinding { line: number; col: number; what: string }

/**
 * Secrets written in YAML comments: token shapes, URL passwords and long random words. A comment
 * is in git history like any value. (Positions are 1-based; the value is never returned.)
 */
export function findSecretsInComments(text: string): TextSecretFinding[] {
  const found: TextSecretFinding[] = [];
  const lines = text.split("\n");
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    if (!line.includes("#")) continue;
    const at = commentStart(line);
    if (at === -1) continue;
    const comment = line.slice(at + 1);
    const what = secretShape(comment) ?? (comment.split(/[\s"'`,;()<>]+/).some(looksRandom) ? "high-entropy string" : undefined);
    if (what) found.push({ line: n + 1, col: at + 1, what });
  }
  return found;
}
