// An RFC 2849 LDIF reader for content records (what ldapsearch and ldifde export). We wrote our
// own: the LDIF parsers on npm are unmaintained or pull in a whole LDAP client, and the subset we
// need is small. It handles folded lines, comments, `version: 1` (repeated in a paged ldapsearch
// export), `attr:: base64`, `dn::`, CRLF, and ldapsearch's own records of how each search ended
// ("search: 2" / "result: 0 Success", "# numEntries: N") and search references ("ref:" records,
// "# numReferences: N"): a failed or cut search is an error, and whether the file proves itself
// whole is told to the caller (search-results.ts). `attr:< URL` is refused: export text never makes
// us fetch.
import { SourceError } from "../../model/errors.js";
import type { SourceContext } from "../source.js";
import { quote } from "../common/text.js";
import { attributeType, firstMissingValue, rangeOption, rangeText, type ValueRange } from "../common/directory/value-range.js";
import { SearchResults, type ExportProof } from "./search-results.js";
import { classifyReference } from "../common/directory/search-references.js";
import { describeBytes, NOT_UTF8_FIX, utf8Text } from "../common/directory/directory-text.js";

/** A text value, or the bytes of a base64 value (binary attributes such as objectGUID stay bytes). */
export type LdifValue = string | Uint8Array;

export interface LdifAttribute {
  /** Name as written in the file first (options such as ";binary" removed). */
  name: string;
  values: LdifValue[];
  /** The line of each value (errors about a value point at it). */
  lines: number[];
}

export interface LdifEntry {
  dn: string;
  /** 1-based among the entries of the file. */
  index: number;
  /** Line of the `dn:` line. */
  line: number;
  /** Keyed by lower-cased attribute name. */
  attributes: Map<string, LdifAttribute>;
}

interface LogicalLine {
  text: string;
  line: number;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const TRUNCATED_HINT = "Re-run the export and check that the file was copied completely.";

/**
 * Yields the entries of an LDIF file one at a time, so that a large export is never held twice
 * (once parsed, once as records). Errors are thrown as the reader reaches them; the checks of the
 * whole file run when it is exhausted, so a caller that collects everything sees them too, and
 * then `proved` is told whether ldapsearch's search results prove the file whole.
 */
export function* parseLdif(context: SourceContext, text: string, shown: string, proved?: (proof: ExportProof) => void): Generator<LdifEntry> {
  const fail = (line: number, what: string, hint?: string) =>
    new SourceError(context.name, `${shown} line ${line}: ${what}`, hint);
  if (text.length > 0 && !text.endsWith("\n")) {
    let lastLine = 1;
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lastLine++;
    throw fail(lastLine, "file ends in the middle of a line (truncated export?)", `${TRUNCATED_HINT} A complete LDIF file ends with a newline.`);
  }

  const results = new SearchResults(fail);
  let count = 0;
  // ldapsearch -L (and without -L) writes "# numEntries: N" after each search: the entries of that
  // search, so a file of two searches (people, then groups appended) holds two counts.
  let sinceCount = 0;
  // "# numReferences: N" likewise counts the search references of that search (written only when
  // there were any), "ref:" records and "# ref<URL>" comments alike.
  let sinceReferences = 0;
  let versionSeen = false;
  for (const record of records(text, fail)) {
    const { numEntries: declared, numReferences, base, references } = record.comments;
    if (declared !== undefined) {
      if (declared.count !== sinceCount) {
        throw fail(declared.line, `ldapsearch reported ${declared.count} entries for this search but the file holds ${sinceCount} (truncated export?)`, TRUNCATED_HINT);
      }
      sinceCount = 0;
    }
    if (numReferences !== undefined) {
      if (numReferences.count !== sinceReferences) {
        throw fail(numReferences.line, `ldapsearch reported ${numReferences.count} search references for this search but the file holds ${sinceReferences} (truncated export?)`, TRUNCATED_HINT);
      }
    }
    // Any count closes its search; a search with no reference writes no "# numReferences:".
    if (declared !== undefined || numReferences !== undefined) sinceReferences = 0;
    // With -L, -LL and -LLL ldapsearch writes a reference as comments only ("# refldap://...", one
    // per URL), then a blank line: the comments of one record are one reference.
    if (references.length > 0) {
      sinceReferences++;
      results.reference(classifyReference(references.map((r) => r.text)), references[0]!.line);
    }
    if (base !== undefined) results.search(base.dn, base.scope);
    const lines = record.lines;
    if (lines.length === 0) continue;
    let first = lines[0]!;
    if (/^version:/i.test(first.text)) {
      if (!/^version:\s*1\s*$/i.test(first.text)) throw fail(first.line, "only LDIF version 1 is supported");
      if (versionSeen || count > 0) {
        checkPageVersion(lines, versionSeen, fail);
        continue;
      }
      versionSeen = true;
      lines.shift();
      if (lines.length === 0) continue;
      first = lines[0]!;
    }
    if (/^search:/i.test(first.text)) {
      results.result(lines);
      continue;
    }
    if (/^ref::?/i.test(first.text)) {
      sinceReferences++;
      results.reference(classifyReference(referenceUris(lines, fail)), first.line);
      continue;
    }
    count++;
    sinceCount++;
    results.entry(first.line);
    yield toEntry(lines, count, fail);
  }
  const proof = results.end();
  proved?.(proof);
}

type Fail = (line: number, what: string, hint?: string) => SourceError;

interface RawRecord {
  lines: LogicalLine[];
  comments: {
    numEntries?: { count: number; line: number };
    numReferences?: { count: number; line: number };
    /** ldapsearch's header of a search: "# base <DN> with scope subtree". */
    base?: { dn: string; scope: string };
    /** Search references written as comments (-L, -LL, -LLL): "# refldap://...", unfolded. */
    references: LogicalLine[];
  };
}

const emptyRecord = (): RawRecord => ({ lines: [], comments: { references: [] } });
const hasContent = (record: RawRecord): boolean =>
  record.lines.length > 0 || record.comments.numEntries !== undefined || record.comments.numReferences !== undefined || record.comments.base !== undefined || record.comments.references.length > 0;

/** Splits into blank-line separated records of unfolded logical lines, comments removed. */
function* records(text: string, fail: Fail): Generator<RawRecord> {
  let current = emptyRecord();
  let inComment = false;
  // The comment being read is a reference, whose folded URL continues on the next lines.
  let commentReference: LogicalLine | undefined;
  let number = 0;
  // The text ends with "\n" (checked above); lines are cut out one by one instead of splitting
  // the whole file, which would hold millions of line strings at once.
  for (let start = 0; start < text.length; ) {
    const end = text.indexOf("\n", start);
    let line = text.slice(start, end);
    start = end + 1;
    number++;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (line === "") {
      if (hasContent(current)) yield current;
      current = emptyRecord();
      inComment = false;
      commentReference = undefined;
      continue;
    }
    if (line.charCodeAt(0) === 32) {
      if (commentReference !== undefined) commentReference.text += line.slice(1);
      if (inComment) continue;
      const previous = current.lines[current.lines.length - 1];
      if (previous === undefined) throw fail(number, "continuation line (leading space) with no line to continue");
      previous.text += line.slice(1);
      continue;
    }
    if (line.charCodeAt(0) === 35) {
      inComment = true;
      commentReference = undefined;
      readComment(line, number, current.comments, (reference) => (commentReference = reference));
      continue;
    }
    inComment = false;
    commentReference = undefined;
    current.lines.push({ text: line, line: number });
  }
  if (hasContent(current)) yield current;
}

/** The comments ldapsearch writes that say something about the file: counts, a search's base, a reference. */
function readComment(line: string, number: number, comments: RawRecord["comments"], reference: (line: LogicalLine) => void): void {
  const count = /^#\s*num(Entries|References):\s*(\d+)\s*$/.exec(line);
  if (count) {
    comments[count[1] === "Entries" ? "numEntries" : "numReferences"] = { count: Number(count[2]), line: number };
    return;
  }
  // ldapsearch.c prints the header with "# base <%s> with scope %s" (not folded).
  const base = /^# base <(.*)> with scope (\w+)\s*$/.exec(line);
  if (base) {
    comments.base = { dn: base[1]!, scope: base[2]! };
    return;
  }
  // print_reference with -L: the attribute name and the URL, run together ("# refldap://...").
  const url = /^# ref([A-Za-z][A-Za-z0-9+.-]*:\/\/.*)$/.exec(line);
  if (url) {
    const found = { text: url[1]!, line: number };
    comments.references.push(found);
    reference(found);
  }
}

/**
 * The URLs of a search reference record: ldapsearch without -L writes each reference as a record
 * of its own, one "ref:" line per URL (OpenLDAP ldapsearch print_reference; checked against slapd
 * with a `referral` entry). Anything else in it is not what ldapsearch writes.
 */
function referenceUris(lines: LogicalLine[], fail: Fail): string[] {
  return lines.map((line) => {
    const { name, value } = parseLine(line, fail);
    if (name.toLowerCase() !== "ref") {
      throw fail(line.line, `a search reference record ("ref:") holds ${quote(`${name}:`)}: ldapsearch writes only "ref:" lines in it`, "Export again with ldapsearch, or remove the line if the file was put together by hand.");
    }
    return typeof value === "string" ? value.trim() : decodeText(value, line.line, "ref", fail);
  });
}

const PAGED_HINT =
  "An LDIF file states its version once, on its first line. ldapsearch -L or -LL repeats \"version: 1\" only on a line of its own, " +
  "before each page of a paged search (-E pr=N/noprompt), in a file it also started with it. Export again with ldapsearch, " +
  "or remove the line if the file was put together by hand.";

/**
 * A `version: 1` after the start of the file. OpenLDAP's ldapsearch prints "version: 1" and a blank
 * line at the top of every page of a paged-results search (-E pr=N/noprompt) when writing LDIF
 * with -L or -LL: the print sits after the `getNextPage:` label in main(), which the loop jumps
 * back to for each next page (clients/tools/ldapsearch.c; -LLL prints none). So a paged export
 * holds it again after each page's trailer, as a record of its own, in a file that starts with it.
 * That is skipped; a version line anywhere else is not what ldapsearch writes, and is refused.
 */
function checkPageVersion(lines: LogicalLine[], versionSeen: boolean, fail: Fail): void {
  const [version, next] = lines;
  if (next !== undefined) {
    const name = next.text.slice(0, Math.max(next.text.indexOf(":"), 0)) || next.text;
    throw fail(version!.line, `"version: 1" inside the file, directly followed by ${quote(`${name}:`)} on line ${next.line}: ldapsearch writes it only on a line of its own, before a blank line`, PAGED_HINT);
  }
  if (!versionSeen) throw fail(version!.line, '"version: 1" between entries of a file that does not start with it', PAGED_HINT);
}

function toEntry(lines: LogicalLine[], index: number, fail: Fail): LdifEntry {
  const [dnLine, ...rest] = lines;
  const first = parseLine(dnLine!, fail);
  if (first.name.toLowerCase() !== "dn") {
    throw fail(dnLine!.line, `entry ${index} does not start with "dn:" (found ${quote(first.name)})`, "Each LDIF entry starts with its dn: line.");
  }
  const dn = typeof first.value === "string" ? first.value : decodeText(first.value, dnLine!.line, "dn", fail);
  const attributes = new Map<string, LdifAttribute>();
  const ranged: RangedLines = new Map();
  for (const line of rest) {
    const { name, description, value } = parseLine(line, fail);
    const key = name.toLowerCase();
    noteRange(ranged, key, description, line, fail, () => `entry ${index} (${quote(dn)})`);
    if (key === "changetype") {
      // ldifde -f writes every exported entry as "changetype: add": that is still the content.
      if (typeof value === "string" && value.trim().toLowerCase() === "add") continue;
      throw fail(line.line, "change records (changetype: modify, delete, modrdn) are not an export", "Export the directory content with ldapsearch or ldifde, not a change file.");
    }
    const existing = attributes.get(key);
    if (existing) {
      existing.values.push(value);
      existing.lines.push(line.line);
    } else attributes.set(key, { name, values: [value], lines: [line.line] });
  }
  checkRanges(ranged, dn, index, fail);
  return { dn, index, line: dnLine!.line, attributes };
}

/** The ranges seen for each attribute of an entry (by lower-cased name), each with its first line. */
type RangedLines = Map<string, Map<string, { range: ValueRange; line: number; description: string }>>;

function rangeHint(type: string, from: number): string {
  return (
    `Active Directory sends a large multi-valued attribute (a big group's member) in ranges: export ${type} whole by asking ` +
    `the entry for ${type};range=${from}-* and every range after it until one ends in "*", and write all the values into the file ` +
    `(as plain "${type}:" lines, or every range); the ldap source does this by itself when it reads the directory live. ` +
    "For a group's member, you may instead leave member out of the groups' export and export the people with memberOf, " +
    "which gives the same memberships from the people's side."
  );
}

function noteRange(ranged: RangedLines, key: string, description: string, line: LogicalLine, fail: Fail, entry: () => string): void {
  const range = rangeOption(description);
  if (range === undefined) return;
  if (range === "malformed") {
    const type = attributeType(description);
    throw fail(line.line, `${entry()}: ${description} has a range option that is not range=<low>-<high>: the values may be only part of the list`, rangeHint(type, 0));
  }
  const seen = ranged.get(key) ?? new Map();
  const text = rangeText(range);
  if (!seen.has(text)) seen.set(text, { range, line: line.line, description });
  ranged.set(key, seen);
}

/**
 * Ranged values are the whole list only when the ranges of an attribute join up from value 0 to a
 * range ending in "*" (a script may have written every range); anything else is part of a list.
 */
function checkRanges(ranged: RangedLines, dn: string, index: number, fail: Fail): void {
  for (const ranges of ranged.values()) {
    const list = [...ranges.values()];
    const missing = firstMissingValue(list.map((item) => item.range));
    if (missing === undefined) continue;
    const first = [...list].sort((a, b) => a.line - b.line)[0]!;
    const type = attributeType(first.description);
    const held = list.map((item) => `${item.range.low}-${item.range.high}`).join(", ");
    throw fail(
      first.line,
      `entry ${index} (${quote(dn)}): ${type} holds values ${held} only, not the whole list: Active Directory sent it in ranges ` +
        `(${first.description}) and the values from ${missing} on are not in the export`,
      rangeHint(type, missing),
    );
  }
}

function parseLine(line: LogicalLine, fail: Fail): { name: string; description: string; value: LdifValue } {
  const colon = line.text.indexOf(":");
  if (colon <= 0) throw fail(line.line, "not an attribute line (expected \"name: value\")");
  // Attribute options (";binary", ";lang-en") do not change what the attribute is for us; a range
  // option (";range=0-1499") does, and is checked by the caller.
  const description = line.text.slice(0, colon).trim();
  const name = attributeType(description);
  const marker = line.text[colon + 1];
  if (marker === ":") {
    const encoded = line.text.slice(colon + 2).trim();
    if (encoded.length % 4 !== 0 || !BASE64.test(encoded)) {
      throw fail(line.line, `${name}:: value is not valid base64 (truncated export?)`, TRUNCATED_HINT);
    }
    return { name, description, value: new Uint8Array(Buffer.from(encoded, "base64")) };
  }
  if (marker === "<") {
    throw fail(line.line, `${name}:< (value from a URL) is not supported`, "Export the value inline; scopesync does not fetch URLs named in an export.");
  }
  return { name, description, value: line.text.slice(colon + 1).replace(/^ +/, "") };
}

/** A base64 value that must be text (dn, ref): its bytes must be UTF-8. */
export function decodeText(bytes: Uint8Array, line: number, name: string, fail: Fail): string {
  const text = utf8Text(bytes);
  if (text === undefined) throw fail(line, `${name}:: value is not UTF-8 text: ${describeBytes(name, bytes)}`, NOT_UTF8_FIX);
  return text;
}
