import { isMap, isPair, isScalar, LineCounter, parseAllDocuments, visit, type Document, type Node } from "yaml";
import type { Diagnostic } from "./diagnostic.js";
import { bytePosition, decodeUtf8 } from "./utf8.js";

/** Policy files are small; a larger one is a mistake or an attack on the parser. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Bounded alias expansion: a "billion laughs" document fails instead of exhausting memory. */
export const MAX_ALIAS_COUNT = 100;
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export type PathSegment = string | number;
export interface Position { line: number; col: number }

/** One YAML document with the means to point back at any value in it. */
export interface ParsedDocument {
  file: string;
  value: unknown;
  /** Position of the value at `path`, or of its nearest existing ancestor. */
  locate(path: readonly PathSegment[]): Position;
  /** Position of the key (not the value) at `path`: where an unknown key is reported. */
  locateKey(path: readonly PathSegment[]): Position;
}

export interface ParsedFile { documents: ParsedDocument[]; diagnostics: Diagnostic[] }

export function parseYamlFile(file: string, bytes: Uint8Array): ParsedFile {
  if (bytes.length > MAX_FILE_BYTES) {
    return fail(file, { line: 1, col: 1 }, `file is ${bytes.length} bytes; the limit is ${MAX_FILE_BYTES} bytes (1 MiB)`, "split it into several files");
  }
  const decoded = decodeUtf8(bytes);
  if ("invalidAt" in decoded) {
    return fail(file, bytePosition(bytes, decoded.invalidAt), `invalid UTF-8 byte 0x${bytes[decoded.invalidAt]!.toString(16).padStart(2, "0")}`, "save the file as UTF-8");
  }
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(decoded.text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const at = (offset: number): Position => lineCounter.linePos(offset);
  const diagnostics: Diagnostic[] = [];
  const documents: ParsedDocument[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const before = diagnostics.length;
    for (const e of [...doc.errors, ...doc.warnings]) {
      diagnostics.push({ file, ...at(e.pos[0]), ...describeYamlError(e.code, e.message) });
    }
    checkForbiddenKeys(doc, file, at, diagnostics);
    if (diagnostics.length > before) continue;
    if (doc.contents === null) continue; // an empty document (e.g. a trailing `---`)
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      const pos = at(doc.contents.range?.[0] ?? 0);
      diagnostics.push({ file, ...pos, message: `too many alias expansions (over ${MAX_ALIAS_COUNT}): ${(e as Error).message}`, hint: "write the values out instead of nesting aliases" });
      continue;
    }
    documents.push({ file, value, locate: (path) => at(nodeAt(doc, path)?.range?.[0] ?? 0), locateKey: (path) => at(keyAt(doc, path)) });
  }
  return { documents, diagnostics };
}

function fail(file: string, pos: Position, message: string, hint: string): ParsedFile {
  return { documents: [], diagnostics: [{ file, ...pos, message, hint }] };
}

function describeYamlError(code: string, message: string): { message: string; hint?: string } {
  switch (code) {
    case "DUPLICATE_KEY":
      return { message: "duplicate key: a key may appear once in a mapping", hint: "remove or merge the second occurrence" };
    case "TAG_RESOLVE_FAILED":
      return { message: `${message.replace(/^Unresolved tag: /, "unsupported YAML tag ")}`, hint: "remove the tag; scopesync reads plain YAML only" };
    default:
      return { message: `YAML syntax error: ${message}`, hint: "check the indentation and brackets around this position" };
  }
}

/** Keys that would reach Object.prototype in naive consumers are refused outright. */
function checkForbiddenKeys(doc: Document, file: string, at: (o: number) => Position, out: Diagnostic[]): void {
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && FORBIDDEN_KEYS.has(String(pair.key.value))) {
        out.push({ file, ...at(pair.key.range?.[0] ?? 0), message: `key "${String(pair.key.value)}" is not allowed`, hint: "rename the key; it could alter object prototypes" });
      }
    },
  });
}

function nodeAt(doc: Document, path: readonly PathSegment[]): Node | undefined {
  // Walk down as far as the path exists: a missing key is reported at its parent.
  for (let depth = path.length; depth > 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true);
    if (node && typeof node === "object") return node as Node;
  }
  return doc.contents ?? undefined;
}

function keyAt(doc: Document, path: readonly PathSegment[]): number {
  const parent = path.length > 1 ? doc.getIn([...path.slice(0, -1)], true) : doc.contents;
  const last = path[path.length - 1];
  if (isMap(parent)) {
    for (const item of parent.items) {
      if (isPair(item) && isScalar(item.key) && item.key.value === last) return item.key.range?.[0] ?? 0;
    }
    return parent.range?.[0] ?? 0;
  }
  return nodeAt(doc, path)?.range?.[0] ?? 0;
}
