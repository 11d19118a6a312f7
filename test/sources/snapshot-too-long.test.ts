// A snapshot longer than V8's longest string cannot be read back (a snapshot is read as one JSON
// text): at a million people `scopesync snapshot` failed with "Invalid string length" after reading
// every source. It is refused as it is made, before any file is put in place, with what to do.
// Held here to a small limit; at the real one the 1M synthetic organisation (docs/performance.md).
import { constants } from "node:buffer";
import { describe, expect, it } from "vitest";
import { withinReadableLength } from "../../src/sources/snapshot.js";
import { ScopesyncError } from "../../src/model/errors.js";

describe("a snapshot too long to read back", () => {
  it("passes the pieces of one within the limit, and refuses the piece that passes it", () => {
    const seen: string[] = [];
    expect([...withinReadableLength(["ab", "cd", "e"], "state/sources/hr.json", 5)]).toEqual(["ab", "cd", "e"]);
    let error: unknown;
    try {
      for (const piece of withinReadableLength(["ab", "cd", "ef"], "state/sources/hr.json", 5)) seen.push(piece);
    } catch (e) {
      error = e;
    }
    expect(seen).toEqual(["ab", "cd"]);
    expect(error).toBeInstanceOf(ScopesyncError);
    expect((error as ScopesyncError).message).toBe(`the snapshot state/sources/hr.json would be longer than this version of scopesync can read (${constants.MAX_STRING_LENGTH.toLocaleString("en-US")} characters of JSON, about 850,000 records of an HR export); no snapshot was written`);
    expect((error as ScopesyncError).hint).toMatch(/^a limit of this version, which reads a snapshot as one text: split the export into several sources/);
  });
});
