// docs/formats.md's table of source keys names every source type there is: a type the registry has
// and the table leaves out is one a reader of the reference never learns about.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sourceTypes } from "../../src/sources/registry.js";

const FORMATS = readFileSync(new URL("../../docs/formats.md", import.meta.url), "utf8");

describe("docs/formats.md source keys", () => {
  it("the `type` row lists every registered source type, and no other", () => {
    const row = FORMATS.split("\n").find((l) => l.startsWith("| `type` |") && l.includes("`csv`"));
    expect(row, "the `type` row of the Sources table").toBeDefined();
    const cell = row!.split(" | ")[1]!;
    const listed = [...cell.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]!).sort();
    expect(listed).toEqual(sourceTypes());
  });
});
