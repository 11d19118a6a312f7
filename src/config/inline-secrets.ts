import { isSecretReference, looksRandom, secretShape } from "../model/secret-shapes.js";
import type { PathSegment } from "../model/located.js";

// Secrets are referenced (${env:NAME}, vault:path#field), never written into the repo. This scan
// finds the ones that were: by the key they sit under, by well-known token shapes, and by entropy.
// Callers must never print the value they found.

const SECRET_KEY = /(?:^|[_-])(?:password|passwd|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|client[_-]?secret)$|(?:Password|Secret|Token|ApiKey|PrivateKey|AccessKey)$/i;
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

/** Query parameters that carry a credential by name (an API key, a signature, a session), besides SECRET_KEY's. */
const SECRET_PARAM = /(?:^|[-_.])(?:key|apikey|sig|signature|auth|pass|pwd|j?sessionid)$/i;
/** Pagination cursors are named like tokens (`pageToken`, `next_token`) but are no secret. */
const CURSOR_PARAM = /^(?:next|page|continuation)[-_]?(?:page[-_]?)?token$/i;
/** A URL anywhere in a text: a target's url, or one quoted in a description or a comment. */
const URL_IN_TEXT = /[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;

/**
 * A URL that carries a credential in its query or fragment (`?access_token=…`, `?api_key=…`,
 * `X-Amz-Signature=…`, `#access_token=…`): some services accept one there, and a URL written into
 * the repository carries it into git. A short value (`?auth=sso`, `?key=ENG`) is a setting, not a
 * credential; a reference (`${env:X}`) is how one is written. Undefined when there is none.
 */
function secretInQuery(text: string): string | undefined {
  if (!text.includes("://")) return undefined;
  for (const [url] of text.matchAll(URL_IN_TEXT)) {
    const start = url.search(/[?#;]/);
    if (start < 0) continue;
    // The query, the fragment and `;` parameters, each decoded as a form (URLSearchParams).
    for (const part of url.slice(start + 1).split(/[;#?]/)) {
      for (const [name, value] of new URLSearchParams(part)) {
        if ((value.length < 12 && !secretShape(value)) || isSecretReference(value) || CURSOR_PARAM.test(name)) continue;
        if (SECRET_KEY.test(name) || SECRET_PARAM.test(name)) return `URL query parameter "${name}"`;
      }
    }
  }
  return undefined;
}

function classify(text: string, key: string | undefined): string | undefined {
  if (isSecretReference(text)) return undefined;
  const shape = secretShape(text);
  if (shape) return shape;
  const inQuery = secretInQuery(text);
  if (inQuery) return inQuery;
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
    const what = secretShape(comment) ?? secretInQuery(comment) ?? (comment.split(/[\s"'`,;()<>]+/).some(looksRandom) ? "high-entropy string" : undefined);
    if (what) found.push({ line: n + 1, col: at + 1, what });
  }
  return found;
}
