// JSON bytes parsed whatever their length. A reviewed plan is written a change at a time and can be
// longer than the longest string V8 can make (constants.MAX_STRING_LENGTH, about 512 MiB of
// characters): a million changes, or an organisation with a few hundred thousand discovered NHIs,
// whose findings alone made a 1.8 GB plan. Decoded whole, such a file failed ERR_STRING_TOO_LONG
// and could never be applied. A text short enough is parsed whole, as it always was; a longer one
// is taken apart at its top-level members (json-spans.ts), a member longer than a string at its
// list's elements, and each piece parsed by JSON.parse into the same value.
import { constants } from "node:buffer";
import { jsonSyntaxProblem } from "./json-error.js";
import { listElements, objectMembers, type MemberSpan } from "./json-spans.js";

export type ParsedJson = { ok: true; value: unknown } | { ok: false; problem: string };

/** The value of the JSON text in `bytes` (UTF-8), or what is wrong with it, in jsonSyntaxProblem's words. */
export function parseJsonBytes(bytes: Buffer, longest = constants.MAX_STRING_LENGTH): ParsedJson {
  return readJson(bytes, longest, true);
}

/**
 * What is wrong with the JSON text in `bytes`, as parseJsonBytes would say it, undefined when it is
 * JSON; each piece is parsed and let go, so a text of any length is checked without holding its value.
 */
export function jsonBytesProblem(bytes: Buffer, longest = constants.MAX_STRING_LENGTH): string | undefined {
  const read = readJson(bytes, longest, false);
  return read.ok ? undefined : read.problem;
}

function readJson(bytes: Buffer, longest: number, keep: boolean): ParsedJson {
  // A UTF-8 byte never decodes to more than one UTF-16 code unit: this many bytes fit in a string.
  if (bytes.length <= longest) return parsePiece(bytes, 0, bytes.length, keep);
  const members = objectMembers(bytes);
  if (!members) return { ok: false, problem: endsEarly(bytes) ?? `not one JSON object as scopesync writes it (it is ${bytes.length} bytes, longer than one string: only an object taken apart at its members and lists can be read)` };
  return objectOf(bytes, members, longest, keep);
}

/** A text whose last character is not the closing brace of its object: cut short, as jsonSyntaxProblem says of a short one. */
function endsEarly(bytes: Buffer): string | undefined {
  let begin = 0;
  while (isSpace(bytes[begin])) begin++;
  if (bytes[begin] !== 0x7b) return undefined;
  let end = bytes.length;
  while (end > 0 && isSpace(bytes[end - 1])) end--;
  if (bytes[end - 1] === 0x7d) return undefined;
  const { line, col } = placeOf(bytes, end);
  return `not valid JSON: it ends at line ${line} column ${col} before the JSON does (cut short?)`;
}

/** JSON's white space: space, line feed, carriage return, tab. */
function isSpace(b: number | undefined): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/**
 * The object of these members, each value read whole where it fits in a string, else taken apart
 * in its turn (an object at its members, a list at its elements: a plan shard's `part.changes`).
 * Only values longer than a string are taken apart, so the depth is that of the few values that
 * long (a shard's part, its changes), never the data's. `keep`: false to check them only.
 */
function objectOf(bytes: Buffer, members: readonly MemberSpan[], longest: number, keep: boolean): ParsedJson {
  const value: Record<string, unknown> = {};
  for (const { key, start, end } of members) {
    const read = valueOf(bytes, start, end, longest, keep);
    if (!read.ok) return { ok: false, problem: `in its "${key}": ${read.problem}` };
    // As JSON.parse makes it: an own property whatever the key ("__proto__" too), the last of a key written twice.
    if (keep) Object.defineProperty(value, key, { value: read.value, enumerable: true, writable: true, configurable: true });
  }
  return { ok: true, value };
}

function valueOf(bytes: Buffer, start: number, end: number, longest: number, keep: boolean): ParsedJson {
  if (end - start <= longest) return parsePiece(bytes, start, end, keep);
  const members = bytes[start] === 0x7b ? objectMembers(bytes, start, end) : undefined;
  if (members) return objectOf(bytes, members, longest, keep);
  const spans = listElements(bytes, start, end);
  if (!spans) return { ok: false, problem: `a value longer than one string (${end - start} bytes) that is not an object or a list laid out as JSON's grammar has it` };
  const list: unknown[] = keep ? new Array(spans.length / 2) : [];
  for (let i = 0; i < spans.length; i += 2) {
    const read = valueOf(bytes, spans[i]!, spans[i + 1]!, longest, keep);
    if (!read.ok) return { ok: false, problem: `element ${i / 2 + 1}: ${read.problem}` };
    if (keep) list[i / 2] = read.value;
  }
  return { ok: true, value: list };
}

/**
 * One member of the top-level object in `bytes` (the last, where a key is written twice, as
 * JSON.parse keeps it), without parsing the others: not ok when the text is not laid out as one
 * object (its values are not checked: jsonBytesProblem does that), undefined when it has no such
 * member. A text of any length is read for one value (a plan's fingerprint) in one pass.
 */
export function parseJsonMember(bytes: Buffer, key: string): ParsedJson | undefined {
  const members = objectMembers(bytes);
  if (!members) return { ok: false, problem: "not one JSON object" };
  const member = members.filter((m) => m.key === key).at(-1);
  return member ? parsePiece(bytes, member.start, member.end, true) : undefined;
}

/** A piece parsed; where it is not JSON, the line and column said are the file's, not the piece's. */
function parsePiece(bytes: Buffer, start: number, end: number, keep: boolean): ParsedJson {
  const text = bytes.toString("utf8", start, end);
  try {
    const value: unknown = JSON.parse(text);
    return { ok: true, value: keep ? value : undefined };
  } catch (e) {
    const problem = jsonSyntaxProblem(text, e);
    if (start === 0) return { ok: false, problem };
    const from = placeOf(bytes, start);
    return { ok: false, problem: problem.replace(/line (\d+) column (\d+)/, (_, l: string, c: string) => `line ${from.line + Number(l) - 1} column ${Number(l) === 1 ? from.col + Number(c) - 1 : Number(c)}`) };
  }
}

/** The 1-based line and column (in characters) of a byte offset. */
function placeOf(bytes: Buffer, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let p = bytes.indexOf(0x0a); p >= 0 && p < offset; p = bytes.indexOf(0x0a, p + 1)) {
    line++;
    lineStart = p + 1;
  }
  return { line, col: bytes.toString("utf8", lineStart, offset).length + 1 };
}
