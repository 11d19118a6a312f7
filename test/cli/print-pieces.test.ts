// A text printed in pieces reaches standard output in writes of about a megabyte, each ending at a
// line break, and joined they are the text: what io.out would have printed of the whole text, which
// for a million identities cannot be one string.
import { describe, expect, it } from "vitest";
import type { Io } from "../../src/cli/io.js";
import { printPieces } from "../../src/cli/print-pieces.js";

/** The writes printPieces makes, and what a process's standard output would hold after them (io.ts processIo). */
async function printed(pieces: Iterable<string>): Promise<{ writes: string[]; stdout: string }> {
  const writes: string[] = [];
  const io = { out: (t: string) => void writes.push(t) } as unknown as Io;
  await printPieces(io, pieces);
  return { writes, stdout: writes.map((t) => (t.endsWith("\n") ? t : `${t}\n`)).join("") };
}

const MB = 1 << 20;

describe("printPieces", async () => {
  it("prints 5 MB of lines in writes of about a megabyte that end at line breaks", async () => {
    const lines = Array.from({ length: 61_000 }, (_, i) => `line ${i} ${"x".repeat(i % 150)}\n`);
    const text = lines.join("");
    expect(text.length).toBeGreaterThan(5 * MB);
    const { writes, stdout } = await printed(lines);
    expect(stdout).toBe(text);
    expect(writes.length).toBeGreaterThanOrEqual(5);
    expect(writes.length).toBeLessThanOrEqual(6);
    for (const w of writes) {
      expect(w.endsWith("\n")).toBe(true);
      expect(w.length).toBeLessThan(MB + 200);
    }
  });

  it("cuts pieces that are not lines only at line breaks, as JSON's are", async () => {
    // canonicalJsonPieces' pieces: a change each, beginning with "," and a line break.
    const pieces = ["[", ...Array.from({ length: 20_000 }, (_, i) => `${i > 0 ? "," : ""}\n  {\n    "id": "change-${i}",\n    "note": "${"é".repeat(100)}"\n  }`), "\n]", "\n"];
    const { writes, stdout } = await printed(pieces);
    expect(stdout).toBe(pieces.join(""));
    expect(writes.length).toBeGreaterThan(1);
    expect(JSON.parse(stdout)).toHaveLength(20_000);
    for (const w of writes) expect(w.endsWith("\n")).toBe(true);
  });

  it("holds a line longer than a write until its line break, and ends a text without one as io.out would", async () => {
    const long = "y".repeat(3 * MB);
    const { writes, stdout } = await printed(["a\n", long.slice(0, MB), long.slice(MB), "\nlast line, no break"]);
    // Compared as lengths and ends: a failure's diff of megabytes of "y" would say nothing.
    expect(writes.map((w) => [w.length, w.slice(0, 3), w.slice(-3)])).toEqual([[2, "a\n", "a\n"], [3 * MB + 1, "yyy", "yy\n"], [19, "las", "eak"]]);
    expect(stdout === `a\n${long}\nlast line, no break\n`).toBe(true);
  });

  it("prints a short text in one write, and nothing for no text", async () => {
    expect((await printed(["one\n", "two"])).writes).toEqual(["one\ntwo"]);
    expect((await printed([])).writes).toEqual([]);
  });

  it("makes and prints the next megabyte only once standard output has taken the last", async () => {
    let made = 0;
    function* lines(): Generator<string> {
      for (let i = 0; i < 30_000; i++) {
        made++;
        yield `line ${i} ${"z".repeat(100)}\n`;
      }
    }
    const writes: string[] = [];
    let taken: (() => void) | undefined;
    const io = { out: (t: string) => void writes.push(t), drained: () => new Promise<void>((resolve) => (taken = resolve)) } as unknown as Io;
    const printing = printPieces(io, lines());
    await new Promise((resolve) => setImmediate(resolve));
    // A reader that has not taken the first write: nothing more is made or written meanwhile.
    expect(writes).toHaveLength(1);
    const madeBefore = made;
    await new Promise((resolve) => setImmediate(resolve));
    expect([writes.length, made]).toEqual([1, madeBefore]);
    for (let i = 0; i < 10 && taken; i++) {
      const take = taken;
      taken = undefined;
      take();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await printing;
    expect(writes.length).toBeGreaterThan(2);
    expect(writes.join("")).toBe([...lines()].join(""));
  });
});
