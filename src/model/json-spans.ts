// Where the values of a JSON text begin and end in its UTF-8 bytes, without parsing them. A file
// longer than the longest string V8 can make (constants.MAX_STRING_LENGTH, about 512 MiB of
// characters) cannot be decoded whole, let alone parsed whole; taken apart here at its top-level
// members, and a long list at its elements, each piece is short enough for JSON.parse, which reads
// and checks every value. UTF-8 makes this safe: every byte of a character beyond ASCII is 0x80 or
// more, so never a bracket, quote or comma, and a piece decoded alone gives the text the whole file
// decoded gives. Only the layout between values is looked at; anything this does not take apart
// exactly as JSON's grammar lays it out is undefined, for the caller to refuse or read otherwise.

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** One member of the top-level object: its key, and where its value is, [start, end) in the bytes. */
export interface MemberSpan {
  key: string;
  start: number;
  end: number;
}

/**
 * The members of the object in [start, end) of the bytes (the whole text: its top-level object,
 * with white space around it), in the order they are written, or undefined unless it is one object
 * laid out as JSON's grammar has it between its values (which are not checked here). A key written
 * twice is listed twice, as it is written.
 */
export function objectMembers(bytes: Uint8Array, start = 0, end = bytes.length): MemberSpan[] | undefined {
  let p = space(bytes, start);
  if (bytes[p] !== OPEN_BRACE) return undefined;
  p = space(bytes, p + 1);
  const members: MemberSpan[] = [];
  if (bytes[p] !== CLOSE_BRACE) {
    for (;;) {
      if (bytes[p] !== QUOTE) return undefined;
      const keyEnd = stringEnd(bytes, p);
      if (keyEnd < 0) return undefined;
      let key: unknown;
      try {
        key = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + p, keyEnd - p).toString("utf8"));
      } catch {
        return undefined;
      }
      p = space(bytes, keyEnd);
      if (bytes[p] !== COLON) return undefined;
      p = space(bytes, p + 1);
      const valueAt = valueEnd(bytes, p);
      if (valueAt <= p || valueAt > end) return undefined;
      members.push({ key: key as string, start: p, end: valueAt });
      p = space(bytes, valueAt);
      if (bytes[p] === CLOSE_BRACE) break;
      if (bytes[p] !== COMMA) return undefined;
      p = space(bytes, p + 1);
    }
  }
  return (end === bytes.length ? space(bytes, p + 1) : p + 1) === end ? members : undefined;
}

/**
 * Where each element of the list in [start, end) begins and ends, as [start, end) pairs one after
 * the other; undefined unless the span is one list laid out as JSON's grammar has it.
 */
export function listElements(bytes: Uint8Array, start: number, end: number): number[] | undefined {
  if (bytes[start] !== OPEN_BRACKET) return undefined;
  const spans: number[] = [];
  let p = space(bytes, start + 1);
  if (bytes[p] !== CLOSE_BRACKET) {
    for (;;) {
      const e = valueEnd(bytes, p);
      if (e <= p || e > end) return undefined;
      spans.push(p, e);
      p = space(bytes, e);
      if (bytes[p] === CLOSE_BRACKET) break;
      if (bytes[p] !== COMMA) return undefined;
      p = space(bytes, p + 1);
    }
  }
  return p + 1 === end ? spans : undefined;
}

/** The first position at or after p that is not JSON whitespace. */
function space(bytes: Uint8Array, p: number): number {
  for (;;) {
    const c = bytes[p];
    if (c !== SPACE && c !== LF && c !== CR && c !== TAB) return p;
    p++;
  }
}

/** Where the string that opens at p (a quote) ends, after its closing quote; -1 when it does not. */
function stringEnd(bytes: Uint8Array, p: number): number {
  let q = p + 1;
  for (;;) {
    const close = bytes.indexOf(QUOTE, q);
    if (close < 0) return -1;
    let backslashes = 0;
    while (bytes[close - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return close + 1;
    q = close + 1;
  }
}

/**
 * Where the value that begins at p ends: a string at its closing quote, an object or list at its
 * matching bracket (strings inside skipped), anything else at the next comma, bracket or space.
 * Which brackets match which is JSON.parse's to check; -1 when the bytes end first.
 */
function valueEnd(bytes: Uint8Array, p: number): number {
  const first = bytes[p];
  if (first === QUOTE) return stringEnd(bytes, p);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    let q = p;
    for (;;) {
      const c = bytes[q];
      if (c === undefined || c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c === SPACE || c === LF || c === CR || c === TAB) return q;
      q++;
    }
  }
  let depth = 0;
  for (let q = p; q < bytes.length; q++) {
    const c = bytes[q];
    if (c === QUOTE) {
      q = stringEnd(bytes, q) - 1;
      if (q < 0) return -1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) return q + 1;
  }
  return -1;
}
