// Where a value sits in a JSON text, by its path ("credentials", 3, "account"), so that a JSON file
// that parses but holds the wrong shape (a state file's credential whose account is a number) is
// reported at file:line:col, as YAML files are. JSON.parse keeps no positions, so the text is
// walked again along the path: only when an error is reported, never on a good read.
import type { PathSegment } from "./located.js";

/**
 * The character offset where the value at `path` begins in `text` (JSON that JSON.parse accepted),
 * or, where the path goes further than the text (a key that is not there), where the deepest value
 * on the way begins: the object that lacks the key. A key written twice is found where JSON.parse
 * takes it from, its last occurrence.
 */
export function jsonValueOffset(text: string, path: readonly PathSegment[]): number {
  let at = space(text, 0);
  for (const step of path) {
    const next = typeof step === "number" ? element(text, at, step) : member(text, at, step);
    if (next === undefined) return at;
    at = next;
  }
  return at;
}

/** The start of the `index`-th element of the list at `at`. */
function element(text: string, at: number, index: number): number | undefined {
  if (text[at] !== "[") return undefined;
  let p = space(text, at + 1);
  if (text[p] === "]") return undefined;
  for (let i = 0; i < index; i++) {
    p = space(text, skipValue(text, p));
    if (text[p] !== ",") return undefined;
    p = space(text, p + 1);
  }
  return p;
}

/** The start of the value of `key` in the object at `at` (its last occurrence, as JSON.parse keeps). */
function member(text: string, at: number, key: string): number | undefined {
  if (text[at] !== "{") return undefined;
  let p = space(text, at + 1);
  let found: number | undefined;
  while (text[p] === '"') {
    const end = skipString(text, p);
    const name = JSON.parse(text.slice(p, end)) as string;
    p = space(text, end);
    if (text[p] !== ":") return found;
    p = space(text, p + 1);
    if (name === key) found = p;
    p = space(text, skipValue(text, p));
    if (text[p] !== ",") break;
    p = space(text, p + 1);
  }
  return found;
}

/** Past the value starting at `p`: a string, an object or list (brackets counted outside strings), or a literal. */
function skipValue(text: string, p: number): number {
  const c = text[p];
  if (c === '"') return skipString(text, p);
  if (c !== "{" && c !== "[") {
    while (p < text.length && !",]} \t\r\n".includes(text[p]!)) p++;
    return p;
  }
  let depth = 0;
  while (p < text.length) {
    const ch = text[p]!;
    if (ch === '"') {
      p = skipString(text, p);
      continue;
    }
    if (ch === "{" || ch === "[") depth++;
    else if (ch === "}" || ch === "]") {
      depth--;
      if (depth === 0) return p + 1;
    }
    p++;
  }
  return p;
}

/** Past the string whose opening quote is at `p`. */
function skipString(text: string, p: number): number {
  for (let i = p + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\\") i++;
    else if (ch === '"') return i + 1;
  }
  return text.length;
}

/** Past JSON's whitespace (space, tab, line feed, carriage return: RFC 8259 §2). */
function space(text: string, p: number): number {
  while (p < text.length && (text[p] === " " || text[p] === "\t" || text[p] === "\n" || text[p] === "\r")) p++;
  return p;
}
