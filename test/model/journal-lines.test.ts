// Apply's journal, read by one reader for plan, explain and apply (src/model/journal-lines.ts). A
// line that is no record is given as unreadable with its number: a line cut by a kill, and JSON
// that is no object. Before, apply pushed `null` as a record and stopped on it with "Cannot read
// properties of null (reading 'fingerprint')", called a bug in scopesync (rv76 #4).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ScopesyncError } from "../../src/model/errors.js";
import { journalFileLines } from "../../src/model/journal-lines.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();

describe("the apply journal's lines", () => {
  it("give each record with its line number, and each line that is no JSON object as unreadable; blank lines are passed over", () => {
    const dir = tempDir("scopesync-journal-lines-");
    const path = join(dir, "journal.jsonl");
    writeFileSync(path, ['{"change":"c1","phase":"start"}', "null", "", "[1]", "42", '"text"', '{"change":"c1","phase":"done"}', '{"change":"c2","ph'].join("\r\n"));
    const read = [...journalFileLines(path, { chunkSize: 5 })].map((l) => [l.line, l.record?.change ?? null]);
    expect(read).toEqual([[1, "c1"], [2, null], [4, null], [5, null], [6, null], [7, "c1"], [8, null]]);
    // `maybe` skips lines before they are parsed: neither given nor counted unreadable.
    expect([...journalFileLines(path, { maybe: (t) => t.includes('"done"') })].map((l) => l.line)).toEqual([7]);
  });

  it("are none without a journal, and a journal that cannot be read is named, not a stack trace", () => {
    const dir = tempDir("scopesync-journal-lines-");
    expect([...journalFileLines(join(dir, "none.jsonl"))]).toEqual([]);
    const folder = join(dir, "journal.jsonl");
    mkdirSync(folder);
    expect(() => [...journalFileLines(folder)]).toThrow(ScopesyncError);
    expect(() => [...journalFileLines(folder)]).toThrow(`cannot read the apply journal ${folder}: it is a folder (EISDIR)`);
  });
});
