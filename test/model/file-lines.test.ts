// The journal is read a chunk at a time (src/model/file-lines.ts): after a year it is larger than
// V8's longest string (0x1fffffe8 characters), which every plan, explain and apply hit by reading it
// whole ("Cannot create a string longer than..."). A few bytes per read here stand for the megabyte
// the reader uses: lines cut between reads, UTF-8 sequences cut between reads, CRLF line ends.
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileLines } from "../../src/model/file-lines.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();

function file(text: string | Buffer): string {
  const path = join(tempDir("scopesync-lines-"), "journal.jsonl");
  writeFileSync(path, text);
  return path;
}

describe("a file's lines, a chunk at a time", () => {
  it("gives every line, whatever the chunk size cuts: lines across reads, multi-byte UTF-8 across reads, CRLF, a last line without newline", () => {
    const lines = ["{\"identity\":\"zoë\"}", "", "{\"login\":\"李小龙\",\"emoji\":\"🔑\"}", "crlf line", "last, no newline"];
    const text = `${lines[0]}\n${lines[1]}\n${lines[2]}\n${lines[3]}\r\n${lines[4]}`;
    const path = file(text);
    // Every size from one byte up cuts some line, and some UTF-8 sequence (2, 3 and 4 bytes), in another place.
    for (let chunkSize = 1; chunkSize <= Buffer.byteLength(text) + 1; chunkSize++) {
      expect([...fileLines(path, { chunkSize })], `chunk of ${chunkSize} bytes`).toEqual(lines);
    }
  });

  it("reads a file of many lines through a buffer far smaller than it, never as one string", () => {
    // 20,000 lines of 60-odd bytes through 4 KiB reads: what a year of journal is to the megabyte read.
    const lines = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ n: i, identity: `p${i % 500}`, note: "é".repeat(i % 7) }));
    const path = file(`${lines.join("\n")}\n`);
    const read: string[] = [];
    for (const line of fileLines(path, { chunkSize: 4096 })) read.push(line);
    expect(read).toEqual(lines);
  });

  it("reads as it goes: a line appended after the first was given is read too (the file was not taken whole up front)", () => {
    const path = file("one\ntwo\n");
    const lines = fileLines(path, { chunkSize: 4 });
    expect(lines.next().value).toBe("one");
    appendFileSync(path, "three\n");
    expect([...lines]).toEqual(["two", "three"]);
  });

  it("starts at a byte mark, and bytes that are not UTF-8 read as U+FFFD as readFileSync reads them", () => {
    const path = file(Buffer.concat([Buffer.from("before\nafter\n"), Buffer.from([0xff, 0x0a])]));
    expect([...fileLines(path, { from: "before\n".length, chunkSize: 3 })]).toEqual(["after", "\uFFFD"]);
  });
});
