import type { MapPositions, Positions, SeqPositions } from "./yaml-positions.js";

/**
 * A fast reader for the plain block YAML that identity and policy files are written in: block
 * mappings with plain keys, block sequences, one-line plain, single- or double-quoted scalars,
 * one-line flow collections of such scalars (`[a, b]`, `{ department: [Sales, Finance] }`), and
 * literal or folded block scalars whose lines share one indentation (`|`, `|-`, `>`, `>-`).
 *
 * Large organisations keep tens of thousands of documents in the repository, and the `yaml`
 * library, which builds a full syntax tree first, spent most of the time of loading them. This
 * reader gives the same values and the same node positions as the library for what it accepts
 * (test/config/block-yaml.test.ts compares the two on every YAML file of the repository and on
 * generated documents) and returns `undefined` for everything else: anchors, tags, deeper or
 * multi-line flow collections, other block and multi-line scalars, tabs, duplicate or forbidden keys,
 * syntax errors.
 * The library then reads the file, so its error messages and its handling of the rest of YAML stay
 * the only ones a user ever sees.
 */
export interface BlockDocument { value: unknown; positions: Positions }

export function parseBlockYaml(text: string): BlockDocument[] | undefined {
  // Characters whose handling differs across YAML versions or that are errors in some places.
  if (UNSUPPORTED_CHARACTERS.test(text)) return undefined;
  try {
    return splitDocuments(text).map((lines) => new DocumentReader(text, lines).read());
  } catch (e) {
    if (e === UNSUPPORTED) return undefined;
    throw e;
  }
}

/** Thrown (as itself, not an Error) where the text leaves the subset; caught above. */
const UNSUPPORTED = Symbol("outside the block YAML subset");
const UNSUPPORTED_CHARACTERS = /[\t\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;
/** Plain keys only, and none that the core schema reads as anything but a string. */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
const NON_STRING_KEYS = new Set(["true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL"]);
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
/** The library refuses implicit keys longer than 1024 characters; stay well below. */
const MAX_KEY_LENGTH = 1000;
/** Characters that start something other than a plain scalar (anchors, tags, flow, block scalars…). */
const INDICATORS = new Set(["&", "*", "!", "|", ">", "%", "@", "`", "?", ":", ",", "[", "]", "{", "}", "#", "'", '"', "-"]);

/** The content lines of one document: where each starts, its indentation, where it ends. */
interface Lines { start: number[]; indent: number[]; end: number[] }

function unsupported(): never {
  throw UNSUPPORTED;
}

/** Content lines (not blank, not comments) grouped by `---` document markers. */
function splitDocuments(text: string): Lines[] {
  const documents: Lines[] = [];
  let current: Lines = { start: [], indent: [], end: [] };
  let sawMarker = false;
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline;
    let first = start;
    while (first < end && text.charCodeAt(first) === 32) first++;
    if (first < end && text[first] !== "#") {
      if (first === start && (text.startsWith("---", start) || text.startsWith("...", start) || text[start] === "%")) {
        if (!/^--- *$/.test(text.slice(start, end))) unsupported();
        // Comments before the first marker belong to no document; an empty document is left to the library.
        if (current.start.length > 0) documents.push(current);
        else if (sawMarker) unsupported();
        current = { start: [], indent: [], end: [] };
        sawMarker = true;
      } else {
        current.start.push(start);
        current.indent.push(first - start);
        current.end.push(end);
      }
    }
    start = end + 1;
  }
  if (current.start.length === 0) unsupported();
  documents.push(current);
  return documents;
}

class DocumentReader {
  /** The line being read. */
  private line = 0;

  constructor(
    private readonly text: string,
    private readonly lines: Lines,
  ) {}

  read(): BlockDocument {
    const node = this.block(this.lines.indent[0]!);
    if (this.line < this.lines.start.length) unsupported(); // less indented than the root
    return node;
  }

  private get count(): number {
    return this.lines.start.length;
  }

  /** The node whose first line is the current line, indented by `indent`. */
  private block(indent: number): BlockDocument {
    const at = this.lines.start[this.line]! + indent;
    return this.isSequenceItem(at) ? this.sequence(indent) : this.mapping(indent, at);
  }

  private isSequenceItem(at: number): boolean {
    return this.text[at] === "-" && (at + 1 === this.lines.end[this.line] || this.text[at + 1] === " ");
  }

  /** A block mapping whose keys start at column `indent`, the first of them at offset `at`. */
  private mapping(indent: number, at: number): BlockDocument {
    const value: Record<string, unknown> = {};
    const positions: MapPositions = { at, keys: [], keyAt: [], values: [] };
    let keyStart = at;
    for (;;) {
      const end = this.lines.end[this.line]!;
      const colon = colonWithin(this.text, keyStart, end);
      if (colon === -1) unsupported();
      const key = this.text.slice(keyStart, colon);
      if (!isPlainKey(key) || Object.hasOwn(value, key)) unsupported();
      let p = colon + 1;
      if (p < end && this.text[p] !== " ") unsupported();
      while (p < end && this.text[p] === " ") p++;
      let entry: BlockDocument;
      if (p === end || this.text[p] === "#") entry = this.nestedOrNull(indent, p);
      else if (this.text[p] === "|" || this.text[p] === ">") entry = this.blockScalar(indent, p, end);
      else {
        entry = this.scalar(p, end);
        this.line++;
        // A more indented line would continue the scalar over several lines.
        if (this.line < this.count && this.lines.indent[this.line]! > indent) unsupported();
      }
      value[key] = entry.value;
      positions.keys.push(key);
      positions.keyAt.push(keyStart);
      positions.values.push(entry.positions);
      if (this.line >= this.count || this.lines.indent[this.line]! < indent) return { value, positions: positions };
      if (this.lines.indent[this.line]! > indent) unsupported();
      keyStart = this.lines.start[this.line]! + indent;
      // A sequence item at the mapping's own indentation ends the sequence it belonged to, not this.
      if (this.isSequenceItem(keyStart)) return { value, positions: positions };
    }
  }

  /**
   * The value of a key with nothing after its colon: the block below it (more indented, or a
   * sequence at the key's own indentation), else null where the line's content after the colon ends.
   */
  private nestedOrNull(indent: number, afterColon: number): BlockDocument {
    this.line++;
    if (this.line < this.count) {
      const next = this.lines.indent[this.line]!;
      if (next > indent) return this.block(next);
      if (next === indent && this.isSequenceItem(this.lines.start[this.line]! + indent)) return this.sequence(indent);
    }
    return { value: null, positions: afterColon };
  }

  /** A block sequence whose dashes are at column `indent`. */
  private sequence(indent: number): BlockDocument {
    const value: unknown[] = [];
    const positions: SeqPositions = { at: this.lines.start[this.line]! + indent, items: [] };
    for (;;) {
      const end = this.lines.end[this.line]!;
      let p = this.lines.start[this.line]! + indent + 1;
      while (p < end && this.text[p] === " ") p++;
      // A bare dash (its item on the lines below) or a sequence inside an item: left to the library.
      if (p === end || this.text[p] === "#" || this.isSequenceItem(p)) unsupported();
      let item: BlockDocument;
      if (this.startsMappingEntry(p, end)) item = this.mapping(p - this.lines.start[this.line]!, p);
      else {
        item = this.scalar(p, end);
        this.line++;
      }
      value.push(item.value);
      positions.items.push(item.positions);
      if (this.line >= this.count || this.lines.indent[this.line]! < indent) return { value: value.slice(), positions: positions };
      if (this.lines.indent[this.line]! > indent) unsupported();
      // Back at the dashes' column without a dash: the end of a sequence that shares its parent
      // mapping's indentation; anywhere else the parent refuses the line.
      if (!this.isSequenceItem(this.lines.start[this.line]! + indent)) return { value: value.slice(), positions: positions };
    }
  }

  /** Whether the text at `p` is `key:` followed by a space or the end of the line. */
  private startsMappingEntry(p: number, end: number): boolean {
    const colon = colonWithin(this.text, p, end);
    if (colon === -1 || (colon + 1 < end && this.text[colon + 1] !== " ")) return false;
    return PLAIN_KEY.test(this.text.slice(p, colon));
  }

  /** A one-line scalar from `p` to the end of the line or a comment. */
  private scalar(p: number, end: number): BlockDocument {
    const c = this.text[p]!;
    if (c === '"') return this.quoted(p, end, readDoubleQuoted);
    if (c === "'") return this.quoted(p, end, readSingleQuoted);
    if (c === "[" || c === "{") {
      const flow = readFlowCollection(this.text, p, end, false);
      this.expectLineEnd(flow.next, end);
      return flow;
    }
    if (INDICATORS.has(c) && !(c === "-" && p + 1 < end && this.text[p + 1] !== " ")) unsupported();
    // A plain scalar ends at the line's end or at a comment (a `#` after a space), without trailing spaces.
    let stop = p;
    while (stop < end && !(this.text[stop] === "#" && this.text[stop - 1] === " ")) stop++;
    while (stop > p && this.text[stop - 1] === " ") stop--;
    const raw = this.text.slice(p, stop);
    if (raw.includes(": ") || raw.endsWith(":")) unsupported();
    return { value: resolvePlain(raw), positions: p };
  }

  /**
   * A literal (`|`) or folded (`>`) block scalar, clipped or stripped (`-`), whose lines all have
   * the same indentation, with no blank line or `#` at their start: then folding joins them with
   * spaces and a literal keeps them as they are. Anything else is left to the library.
   */
  private blockScalar(indent: number, p: number, end: number): BlockDocument {
    const header = this.text.slice(p, end).trimEnd();
    if (!/^[|>]-?$/.test(header)) unsupported();
    this.line++;
    const contentIndent = this.lines.indent[this.line];
    if (contentIndent === undefined || contentIndent <= indent) unsupported(); // no content lines
    const parts: string[] = [];
    // The raw text after the header, line by line: content lines must be exactly the next lines.
    let rawStart = end + 1;
    while (this.line < this.count && this.lines.indent[this.line]! > indent) {
      const start = this.lines.start[this.line]!;
      const lineEnd = this.lines.end[this.line]!;
      if (start !== rawStart || this.lines.indent[this.line] !== contentIndent || this.text[lineEnd - 1] === " ") unsupported();
      parts.push(this.text.slice(start + contentIndent, lineEnd));
      rawStart = lineEnd + 1;
      this.line++;
    }
    // Between the scalar and the next content: only empty lines, or comments no deeper than the key
    // (a deeper `#` or whitespace line could be part of the scalar).
    const next = this.line < this.count ? this.lines.start[this.line]! : this.text.length;
    for (const line of this.text.slice(rawStart, next).split("\n")) {
      if (line !== "" && line.search(/[^ ]/) > indent) unsupported();
      if (line !== "" && line.trim() === "") unsupported();
    }
    const value = parts.join(header[0] === ">" ? " " : "\n") + (header.endsWith("-") ? "" : "\n");
    return { value, positions: p };
  }

  private quoted(p: number, end: number, read: (text: string, p: number, end: number) => { value: string; next: number }): BlockDocument {
    const { value, next } = read(this.text, p, end);
    this.expectLineEnd(next, end);
    return { value, positions: p };
  }

  /** Only spaces, then optionally a comment that a space separates, may follow a value. */
  private expectLineEnd(p: number, end: number): void {
    let q = p;
    while (q < end && this.text[q] === " ") q++;
    if (q < end && !(this.text[q] === "#" && q > p)) unsupported();
  }
}

interface Read { value: unknown; positions: Positions; next: number }

/**
 * A flow collection on one line: `[a, "b"]`, `{ key: value, other: [a, b] }`. Scalars inside, and
 * collections inside one level deep; no trailing comma, no comment, no empty value.
 */
function readFlowCollection(text: string, p: number, end: number, nested: boolean): Read {
  const isSequence = text[p] === "[";
  const close = isSequence ? "]" : "}";
  const items: unknown[] = [];
  const entries: Record<string, unknown> = {};
  const positions: SeqPositions | MapPositions = isSequence ? { at: p, items: [] } : { at: p, keys: [], keyAt: [], values: [] };
  let q = skipSpaces(text, p + 1, end);
  if (q < end && text[q] === close) return { value: isSequence ? items : entries, positions, next: q + 1 };
  for (;;) {
    q = skipSpaces(text, q, end);
    if (isSequence) {
      const item = readFlowValue(text, q, end, nested);
      items.push(item.value);
      (positions as SeqPositions).items.push(item.positions);
      q = item.next;
    } else {
      const colon = colonWithin(text, q, end);
      if (colon === -1 || text[colon + 1] !== " ") unsupported();
      const key = text.slice(q, colon);
      if (!isPlainKey(key) || Object.hasOwn(entries, key)) unsupported();
      const entry = readFlowValue(text, skipSpaces(text, colon + 1, end), end, nested);
      entries[key] = entry.value;
      const map = positions as MapPositions;
      map.keys.push(key);
      map.keyAt.push(q);
      map.values.push(entry.positions);
      q = entry.next;
    }
    q = skipSpaces(text, q, end);
    if (q >= end) unsupported();
    if (text[q] === close) return { value: isSequence ? items.slice() : entries, positions: positions, next: q + 1 };
    if (text[q] !== ",") unsupported();
    q = skipSpaces(text, q + 1, end);
    if (q >= end || text[q] === close) unsupported(); // a trailing comma
  }
}

/** A scalar, or a collection one level down, inside a flow collection. */
function readFlowValue(text: string, q: number, end: number, nested: boolean): Read {
  const c = text[q];
  if (c === '"' || c === "'") {
    const { value, next } = (c === '"' ? readDoubleQuoted : readSingleQuoted)(text, q, end);
    return { value, positions: q, next };
  }
  if (c === "[" || c === "{") {
    if (nested) unsupported();
    return readFlowCollection(text, q, end, true);
  }
  // A plain scalar here stops at `,`, `]` or `}`; other flow indicators, comments and mappings
  // inside are left to the library.
  let stop = q;
  while (stop < end && text[stop] !== "," && text[stop] !== "]" && text[stop] !== "}") stop++;
  while (stop > q && text[stop - 1] === " ") stop--;
  const raw = text.slice(q, stop);
  if (raw === "" || INDICATORS.has(raw[0]!) || /[[\]{}#:]/.test(raw)) unsupported();
  return { value: resolvePlain(raw), positions: q, next: stop };
}

/** The first `:` in [from, end), or -1: unlike indexOf, never reads past the line. */
function colonWithin(text: string, from: number, end: number): number {
  for (let q = from; q < end; q++) if (text.charCodeAt(q) === 58) return q;
  return -1;
}

function skipSpaces(text: string, p: number, end: number): number {
  let q = p;
  while (q < end && text[q] === " ") q++;
  return q;
}

function isPlainKey(key: string): boolean {
  return key.length <= MAX_KEY_LENGTH && PLAIN_KEY.test(key) && !NON_STRING_KEYS.has(key) && !FORBIDDEN_KEYS.has(key);
}

/** The escapes a one-line double-quoted scalar may use here; the library handles the others. */
const ESCAPES: Record<string, string> = { "\\": "\\", '"': '"', "/": "/", n: "\n", t: "\t" };

function readDoubleQuoted(text: string, p: number, end: number): { value: string; next: number } {
  let value = "";
  let from = p + 1;
  for (let q = from; q < end; q++) {
    const c = text[q];
    if (c === '"') return { value: value + text.slice(from, q), next: q + 1 };
    if (c !== "\\") continue;
    value += text.slice(from, q);
    const e = text[q + 1];
    if (e !== undefined && e in ESCAPES && q + 1 < end) {
      value += ESCAPES[e];
      q += 1;
    } else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(q + 2, q + 6)) && q + 6 <= end) {
      const code = parseInt(text.slice(q + 2, q + 6), 16);
      if (code >= 0xd800 && code <= 0xdfff) unsupported(); // surrogate halves
      value += String.fromCharCode(code);
      q += 5;
    } else unsupported();
    from = q + 1;
  }
  return unsupported(); // no closing quote on this line
}

function readSingleQuoted(text: string, p: number, end: number): { value: string; next: number } {
  let value = "";
  let from = p + 1;
  for (let q = from; q < end; q++) {
    if (text[q] !== "'") continue;
    value += text.slice(from, q);
    if (text[q + 1] === "'" && q + 1 < end) {
      value += "'";
      q += 1;
      from = q + 1;
      continue;
    }
    return { value, next: q + 1 };
  }
  return unsupported();
}

/** A plain scalar as YAML 1.2's core schema reads it (what the library does by default). */
function resolvePlain(raw: string): unknown {
  const c = raw[0]!;
  if ((c >= "0" && c <= "9") || c === "-" || c === "+" || c === ".") {
    if (/^[-+]?[0-9]+$/.test(raw)) return parseInt(raw, 10);
    if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(raw) || /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(raw)) return parseFloat(raw);
    // Octal, hexadecimal, infinities and NaN: rare enough to leave to the library.
    if (/^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(raw)) unsupported();
    return raw;
  }
  if (raw === "~" || raw === "null" || raw === "Null" || raw === "NULL") return null;
  if (raw === "true" || raw === "True" || raw === "TRUE") return true;
  if (raw === "false" || raw === "False" || raw === "FALSE") return false;
  return raw;
}
