import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from "yaml";
import { parseBlockYaml } from "./block-yaml.js";
import type { Diagnostic } from "./diagnostic.js";
import { bytePosition, decodeUtf8 } from "./utf8.js";
import type { PathSegment, Position } from "../model/located.js";
import { keyOffset, NOT_A_SCALAR, pack, valueOffset, type MapPositions, type Positions } from "./yaml-positions.js";

/** Policy files are small; a larger one is a mistake or an attack on the parser. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Bounded alias expansion: a "billion laughs" document fails instead of exhausting memory. */
export const MAX_ALIAS_COUNT = 100;
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
/** Policy documents are a few levels deep; far deeper nesting is a mistake or an attack on the parser. */
export const MAX_DEPTH = 64;
const TOO_DEEP = { message: `nesting is deeper than ${MAX_DEPTH} levels`, hint: "flatten the structure; policy documents need only a few levels" };

/** One YAML document with the means to point back at any value in it. */
export interface ParsedDocument {
  file: string;
  value: unknown;
  /** Position of the value at `path`, or of its nearest existing ancestor. */
  locate(path: readonly PathSegment[]): Position;
  /** Position of the key (not the value) at `path`: where an unknown key is reported. */
  locateKey(path: readonly PathSegment[]): Position;
}

export interface ParsedFile {
  documents: ParsedDocument[];
  diagnostics: Diagnostic[];
  /** The decoded text, when the file decoded (for scans of what values do not hold: comments). */
  text?: string;
}

export function parseYamlFile(file: string, bytes: Uint8Array): ParsedFile {
  if (bytes.length > MAX_FILE_BYTES) {
    return fail(file, { line: 1, col: 1 }, `file is ${bytes.length} bytes; the limit is ${MAX_FILE_BYTES} bytes (1 MiB)`, "split it into several files");
  }
  const decoded = decodeUtf8(bytes);
  if ("invalidAt" in decoded) {
    return fail(file, bytePosition(bytes, decoded.invalidAt), `invalid UTF-8 byte 0x${bytes[decoded.invalidAt]!.toString(16).padStart(2, "0")}`, "save the file as UTF-8");
  }
  const control = CONTROL.exec(decoded.text);
  if (control) {
    const code = control[0].charCodeAt(0);
    return fail(file, linePositions(decoded.text)(control.index), `control character U+${code.toString(16).toUpperCase().padStart(4, "0")}${code === 0 ? " (NUL)" : ""} in the file`, "remove it: policy files are plain UTF-8 text (NUL bytes usually mean a UTF-16 or binary file)");
  }
  const fast = parseBlockYaml(decoded.text);
  if (fast) {
    const at = linePositions(decoded.text);
    return { ...checked({ documents: locatable(file, fast, at), diagnostics: [] }), text: decoded.text };
  }
  const read = readWithLibrary(file, decoded.text);
  return { ...checked({ documents: locatable(file, read.documents, read.at), diagnostics: read.diagnostics }), text: decoded.text };
}

/** C0 controls other than tab, line feed and carriage return, and DEL: YAML does not allow them. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Documents nested deeper than this or holding NUL characters (from `"\0"` escapes) are refused. */
function checked(parsed: ParsedFile): ParsedFile {
  const documents: ParsedDocument[] = [];
  for (const doc of parsed.documents) {
    const problem = valueProblem(doc.value);
    if (!problem) documents.push(doc);
    else parsed.diagnostics.push({ file: doc.file, ...doc.locate(problem.path), ...problem.what });
  }
  return { documents, diagnostics: parsed.diagnostics };
}

function valueProblem(value: unknown, path: PathSegment[] = []): { path: PathSegment[]; what: { message: string; hint: string } } | undefined {
  // One path that grows and shrinks (loading walks every value of 20k+ documents); the depth limit
  // keeps the recursion itself far from the call stack's.
  if (typeof value === "string") return value.includes("\u0000") ? { path: [...path], what: { message: "value holds a NUL character", hint: "remove the escape that writes it (\\0, \\x00 or \\u0000)" } } : undefined;
  if (value === null || typeof value !== "object") return undefined;
  if (path.length >= MAX_DEPTH) return { path: [...path], what: TOO_DEEP };
  const array = Array.isArray(value);
  for (const k in value) {
    path.push(array ? Number(k) : k);
    const found = valueProblem((value as Record<string, unknown>)[k], path);
    path.pop();
    if (found) return found;
  }
  return undefined;
}

/**
 * Every YAML file the fast reader leaves alone, and every error: the `yaml` library's verdict, as
 * values and positions (exported for the test that holds the fast reader to the same results).
 */
export function readWithLibrary(file: string, text: string): { documents: { value: unknown; positions: Positions | undefined }[]; diagnostics: Diagnostic[]; at: (offset: number) => Position } {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const at = (offset: number): Position => lineCounter.linePos(offset);
  const diagnostics: Diagnostic[] = [];
  const documents: { value: unknown; positions: Positions | undefined }[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const before = diagnostics.length;
    for (const e of [...doc.errors, ...doc.warnings]) {
      // The library catches its own stack overflow on deeply nested flow or block collections.
      diagnostics.push({ file, ...at(e.pos[0]), ...(/Maximum call stack/.test(e.message) ? TOO_DEEP : describeYamlError(e.code, e.message)) });
    }
    // One walk over the syntax tree: refuse forbidden keys, and keep only the positions of its nodes.
    const positions = positionsOf(doc.contents, (key, problem) => diagnostics.push({ file, ...at(key.range?.[0] ?? 0), ...problem }));
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
    documents.push({ value, positions });
  }
  return { documents, diagnostics, at };
}

/**
 * The file's documents, each able to say where its values are. The closures hold the file's packed
 * positions and the document's root in them, not a syntax tree: a tree is many times the size of
 * its value, and large repositories hold hundreds of thousands of documents.
 */
function locatable(file: string, documents: readonly { value: unknown; positions: Positions | undefined }[], at: (offset: number) => Position): ParsedDocument[] {
  const { packed, roots } = pack(documents.map((d) => d.positions));
  return documents.map(({ value }, k) => {
    const root = roots[k]!;
    return { file, value, locate: (path) => at(valueOffset(packed, root, path)), locateKey: (path) => at(keyOffset(packed, root, path)) };
  });
}

/** Offset → line and column exactly as the library's LineCounter gives them. */
export function linePositions(text: string): (offset: number) => Position {
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lineCounter.addNewLine(i + 1);
  return (offset) => lineCounter.linePos(offset);
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

type KeyNode = { value: unknown; range?: [number, number, number] | null };

/**
 * What is wrong with a mapping's key, if anything: one that would reach Object.prototype in naive
 * consumers, or a YAML 1.1 merge key. YAML 1.2 has no merge keys, so `<<: *base` is a key named
 * "<<" holding the anchored mapping: the schema then said `unknown key "<<"` and `missing required
 * key` for every key the writer meant to merge in, and never why.
 */
function keyProblem(pair: { key: unknown; value: unknown }): { message: string; hint: string } | undefined {
  const key = pair.key;
  if (!isScalar(key)) return undefined;
  if (FORBIDDEN_KEYS.has(String(key.value))) return { message: `key "${String(key.value)}" is not allowed`, hint: "rename the key; it could alter object prototypes" };
  if (key.value === "<<" && key.type === "PLAIN") {
    const anchor = isAlias(pair.value) ? pair.value.source : undefined;
    return { message: "YAML merge keys (<<) are not supported: scopesync reads YAML 1.2, which has none", hint: `repeat the keys${anchor ? ` of &${anchor}` : ""} in this mapping instead; an alias (\`*${anchor ?? "name"}\`) may still stand for a whole value` };
  }
  return undefined;
}

/**
 * The positions of `node` and everything below it; reports keys keyProblem refuses, in document order.
 */
function positionsOf(node: unknown, refuse: (key: KeyNode, problem: { message: string; hint: string }) => void): Positions | undefined {
  if (node === null || node === undefined) return undefined;
  if (isMap(node)) {
    const out: MapPositions = { at: node.range?.[0] ?? 0, keys: [], keyAt: [], values: [] };
    for (const item of node.items) {
      // A parsed mapping holds pairs only; anything else could not be found by a path either.
      if (!isPair(item)) {
        out.keys.push(NOT_A_SCALAR);
        out.keyAt.push(0);
        out.values.push(undefined);
        continue;
      }
      const key = item.key;
      const problem = keyProblem(item);
      if (problem) refuse(key as KeyNode, problem);
      const keyPositions = positionsOf(key, refuse);
      out.keys.push(isScalar(key) ? key.value : NOT_A_SCALAR);
      out.keyAt.push(isScalar(key) ? (key.range?.[0] ?? 0) : typeof keyPositions === "number" ? keyPositions : (keyPositions?.at ?? 0));
      out.values.push(positionsOf(item.value, refuse));
    }
    return out;
  }
  if (isSeq(node)) {
    const items: (Positions | undefined)[] = [];
    for (const item of node.items) {
      if (isPair(item)) {
        // A pair found by index has no range of its own: reported at offset 0, as before.
        const problem = keyProblem(item);
        if (problem) refuse(item.key as KeyNode, problem);
        positionsOf(item.key, refuse);
        positionsOf(item.value, refuse);
        items.push(0);
      } else {
        items.push(positionsOf(item, refuse));
      }
    }
    return { at: node.range?.[0] ?? 0, items };
  }
  return (node as { range?: [number, number, number] | null }).range?.[0] ?? 0;
}

