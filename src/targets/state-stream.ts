import { constants } from "node:buffer";
import { ColumnsBuilder, columnsOf, type StateColumns } from "./state-columns.js";
import { accountChecker, checkState, parseStateText } from "./state-file.js";
import { checkStateUtf8 } from "./state-text.js";

// A state file read into columns one account at a time. JSON.parse of a whole 280 MB state file
// makes a million accounts at once, and the thread that parsed them needed about five times the
// file's size; parsed one by one, each account is checked, added to the columns and let go. Only
// where the accounts list's elements begin and end is found here (a string-aware bracket count
// over the file's bytes); every value is still JSON.parse's to read. Any file this does not take
// apart exactly as described, and any error, is read again whole, as readStateFile reads it, so
// that what is accepted and how an error is worded are readStateFile's.

/**
 * The state file's bytes (UTF-8) as columns: its accounts one by one where it can, else the whole
 * file decoded and parsed at once. Each account's bytes are decoded alone, which gives the text
 * decoding the whole file gives (a span begins and ends at an ASCII bracket, never inside a
 * character), and the file is never one string: at a million accounts that string was 280 MB.
 * Bytes that are not UTF-8 stop the read first, as they stop readStateFile.
 */
export function readStateColumns(bytes: Buffer, path: string, target: string): StateColumns {
  checkStateUtf8(bytes, path, target);
  // A file longer than a string may be fails where readStateFile decodes it, as it always has.
  const split = bytes.length <= constants.MAX_STRING_LENGTH ? splitAccounts(bytes) : undefined;
  if (split) {
    try {
      return streamed(bytes, split, path, target);
    } catch {
      // Read whole below: readStateFile's checks say what is wrong, in its words.
    }
  }
  return columnsOf(parseStateText(bytes.toString("utf8"), path, target));
}

function streamed(bytes: Buffer, split: AccountSpans, path: string, target: string): StateColumns {
  // The top-level object without its accounts: formatVersion, credentials, groups, readAt checked as ever.
  const rest = checkState(JSON.parse(split.rest), path, target);
  const check = accountChecker(path, target);
  const builder = new ColumnsBuilder();
  const ids = new Set<string>();
  for (let i = 0; i < split.spans.length; i += 2) {
    const account = check(JSON.parse(bytes.toString("utf8", split.spans[i], split.spans[i + 1])), i / 2);
    // Only to stop here: the whole-file read below says which id, in readStateFile's words.
    if (ids.has(account.id)) throw new Error("an account id appears twice");
    ids.add(account.id);
    builder.add(account);
  }
  return builder.finish(rest);
}

/** A state file taken apart: its text with `[]` for the accounts list, and each account's [start, end) in its bytes. */
export interface AccountSpans {
  rest: string;
  spans: number[];
}

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

/**
 * Where each element of the top-level object's `accounts` list begins and ends in the file's
 * bytes (UTF-8: every byte of a character beyond ASCII is 0x80 or more, so never a bracket, quote
 * or comma). Undefined unless the text is one JSON object, as JSON's grammar lays it out between
 * the values, with one `accounts` key whose value is a list; the values themselves are not checked
 * here (JSON.parse reads each). Exported for its test.
 */
export function splitAccounts(bytes: Buffer): AccountSpans | undefined {
  let p = space(bytes, 0);
  if (bytes[p] !== OPEN_BRACE) return undefined;
  p = space(bytes, p + 1);
  let list: [number, number] | undefined;
  const spans: number[] = [];
  if (bytes[p] !== CLOSE_BRACE) {
    for (;;) {
      if (bytes[p] !== QUOTE) return undefined;
      const keyEnd = stringEnd(bytes, p);
      if (keyEnd < 0) return undefined;
      let key: unknown;
      try {
        key = JSON.parse(bytes.toString("utf8", p, keyEnd));
      } catch {
        return undefined;
      }
      p = space(bytes, keyEnd);
      if (bytes[p] !== COLON) return undefined;
      p = space(bytes, p + 1);
      if (key === "accounts") {
        // A second `accounts` would replace the first, as JSON.parse reads it: left to JSON.parse.
        if (list || bytes[p] !== OPEN_BRACKET) return undefined;
        const start = p;
        p = space(bytes, p + 1);
        if (bytes[p] !== CLOSE_BRACKET) {
          for (;;) {
            const end = valueEnd(bytes, p);
            if (end <= p) return undefined;
            spans.push(p, end);
            p = space(bytes, end);
            if (bytes[p] === CLOSE_BRACKET) break;
            if (bytes[p] !== COMMA) return undefined;
            p = space(bytes, p + 1);
          }
        }
        p += 1;
        list = [start, p];
      } else {
        const end = valueEnd(bytes, p);
        if (end <= p) return undefined;
        p = end;
      }
      p = space(bytes, p);
      if (bytes[p] === CLOSE_BRACE) break;
      if (bytes[p] !== COMMA) return undefined;
      p = space(bytes, p + 1);
    }
  }
  if (!list || space(bytes, p + 1) !== bytes.length) return undefined;
  return { rest: `${bytes.toString("utf8", 0, list[0])}[]${bytes.toString("utf8", list[1])}`, spans };
}

/** The first position at or after p that is not JSON whitespace. */
function space(bytes: Buffer, p: number): number {
  for (;;) {
    const c = bytes[p];
    if (c !== SPACE && c !== LF && c !== CR && c !== TAB) return p;
    p++;
  }
}

/** Where the string that opens at p (a quote) ends, after its closing quote; -1 when it does not. */
function stringEnd(bytes: Buffer, p: number): number {
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
 * Which brackets match which is JSON.parse's to check; -1 when the bytes ends first.
 */
function valueEnd(bytes: Buffer, p: number): number {
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
