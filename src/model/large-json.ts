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
  // A UTF-8 byte never decodes to more than one UTF-16 code unit: this many bytes fit in a string.
  if (bytes.length <= longest) return parsePiece(bytes, 0, bytes.length);
  const members = objectMembers(bytes);
  if (!members) return { ok: false, problem: `not one JSON object as scopesync writes it (it is ${bytes.length} bytes, longer than one string: only an object taken apart at its members and lists can be read)` };
  return objectOf(bytes, members, longest);
}

/**
 * The object of these members, each value read whole where it fits in a string, else taken apart
 * in its turn (an object at its members, a list at its elements: a plan shard's `part.changes`).
 * Only values longer than a string are taken apart, so the depth is that of the few values that
 * long (a shard's part, its changes), never the data's.
 */
function objectOf(bytes: Buffer, members: readonly MemberSpan[], longest: number): ParsedJson {
  const value: Record<string, unknown> = {};
  for (const { key, start, end } of members) {
    const read = valueOf(bytes, start, end, longest);
    if (!read.ok) return { ok: false, problem: `in its "${key}": ${read.problem}` };
    // As JSON.parse makes it: an own property whatever the key ("__proto__" too), the last of a key written twice.
    Object.defineProperty(value, key, { value: read.value, enumerable: true, writable: true, configurable: true });
  }
  return { ok: true, value };
}

function valueOf(bytes: Buffer, start: number, end: number, longest: number): ParsedJson {
  if (end - start <= longest) return parsePiece(bytes, start, end);
  const members = bytes[start] === 0x7b ? objectMembers(bytes, start, end) : undefined;
  if (members) return objectOf(bytes, members, longest);
  const spans = listElements(bytes, start, end);
  if (!spans) return { ok: false, problem: `a value longer than one string (${end - start} bytes) that is not an object or a list laid out as JSON's grammar has it` };
  const list: unknown[] = new Array(spans.length / 2);
  for (let i = 0; i < spans.length; i += 2) {
    const read = valueOf(bytes, spans[i]!, spans[i + 1]!, longest);
    if (!read.ok) return { ok: false, problem: `element ${i / 2 + 1} (from line ${lineOf(bytes, spans[i]!)} of the file): ${read.problem}` };
    list[i / 2] = read.value;
  }
  return { ok: true, value: list };
}

/**
 * One member of the top-level object in `bytes` (the last, where a key is written twice, as
 * JSON.parse keeps it), without parsing the others: not ok when the text is not such an object,
 * undefined when it has no such member. The others are only looked at where they begin and end, so
 * a text of any length is read for one value (a plan's fingerprint) in one pass over its bytes.
 */
export function parseJsonMember(bytes: Buffer, key: string): ParsedJson | undefined {
  const members = objectMembers(bytes);
  if (!members) return { ok: false, problem: "not one JSON object" };
  const member = members.filter((m) => m.key === key).at(-1);
  return member ? parsePiece(bytes, member.start, member.end) : undefined;
}

function parsePiece(bytes: Buffer, start: number, end: number): ParsedJson {
  const text = bytes.toString("utf8", start, end);
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, problem: jsonSyntaxProblem(text, e) };
  }
}

/** The 1-based line of a byte offset. */
function lineOf(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let p = bytes.indexOf(0x0a); p >= 0 && p < offset; p = bytes.indexOf(0x0a, p + 1)) line++;
  return line;
}
