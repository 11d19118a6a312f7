import { constants } from "node:buffer";
import { ColumnsBuilder, columnsOf, type StateColumns } from "./state-columns.js";
import { accountChecker, checkState, parseStateText } from "./state-file.js";
import { checkStateUtf8 } from "./state-text.js";
import { listElements, objectMembers } from "../model/json-spans.js";

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

/**
 * Where each element of the top-level object's `accounts` list begins and ends in the file's
 * bytes (model/json-spans.ts). Undefined unless the text is one JSON object, as JSON's grammar lays
 * it out between the values, with one `accounts` key whose value is a list; the values themselves
 * are not checked here (JSON.parse reads each). Exported for its test.
 */
export function splitAccounts(bytes: Buffer): AccountSpans | undefined {
  const members = objectMembers(bytes);
  const lists = members?.filter((m) => m.key === "accounts");
  // A second `accounts` would replace the first, as JSON.parse reads it: left to JSON.parse.
  if (!lists || lists.length !== 1) return undefined;
  const { start, end } = lists[0]!;
  const spans = listElements(bytes, start, end);
  if (!spans) return undefined;
  return { rest: `${bytes.toString("utf8", 0, start)}[]${bytes.toString("utf8", end)}`, spans };
}

