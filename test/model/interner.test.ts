import { describe, expect, it } from "vitest";
import { interner } from "../../src/model/interner.js";
import { copied } from "../../src/model/joined.js";

describe("interner", () => {
  it("gives the first string kept for each value, and the kept form of a new one", () => {
    const kept: string[] = [];
    const intern = interner((value) => {
      kept.push(value);
      return copied(value);
    });
    const a = intern(["rotate the credential in ", "aws"].join(""));
    expect(intern("rotate the credential in aws")).toBe(a);
    expect(intern("another text")).toBe("another text");
    // `keep` ran once per distinct value.
    expect(kept).toEqual(["rotate the credential in aws", "another text"]);
  });

  it("past its limit keeps a new value without remembering it, and still finds the ones it has", () => {
    let calls = 0;
    const intern = interner((value) => {
      calls++;
      return value;
    }, 2);
    intern("a");
    intern("b");
    intern("c");
    intern("c");
    // "c" came past the limit: kept each time, never remembered; "a" and "b" are still found.
    expect(calls).toBe(4);
    intern("a");
    intern("b");
    expect(calls).toBe(4);
  });
});
