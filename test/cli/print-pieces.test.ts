// A text printed in pieces reaches standard output in writes of about a megabyte, each ending at a
// line break, and joined they are the text: what io.out would have printed of the whole text, which
// for a million identities cannot be one string.
import { describe, expect, it } from "vitest";
import type { Io } from "../../src/cli/io.js";
import { jsonLines, printPieces } from "../../src/cli/print-pieces.js";
import { redactingIo } from "../../src/cli/io.js";
import { redact, registerSecret } from "../../src/model/redact.js";
import { eachPiece, writeOutputPieces } from "../../src/cli/write-out.js";
import { renderText, renderTextPieces } from "../../src/plan/render/text.js";
import type { Plan } from "../../src/plan/plan.js";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The writes printPieces makes, and what a process's standard output would hold after them (io.ts processIo). */
async function printed(pieces: Iterable<string>): Promise<{ writes: string[]; stdout: string }> {
  const writes: string[] = [];
  const io = { out: (t: string) => void writes.push(t) } as unknown as Io;
  await printPieces(io, pieces);
  return { writes, stdout: writes.map((t) => (t.endsWith("\n") ? t : `${t}\n`)).join("") };
}

const MB = 1 << 20;

/** `count` lines of about 110 characters, made as they are asked for, and how many were made so far. */
function countedLines(count: number): { lines: () => Generator<string>; made: () => number } {
  let made = 0;
  return {
    *lines() {
      for (let i = 0; i < count; i++) {
        made++;
        yield `line ${i} ${"z".repeat(100)}\n`;
      }
    },
    made: () => made,
  };
}

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

  it("cuts JSON's pieces at its line breaks (jsonLines), since no JSON value holds one", async () => {
    // canonicalJsonPieces' pieces: a change each, beginning with "," and a line break.
    const pieces = ["[", ...Array.from({ length: 20_000 }, (_, i) => `${i > 0 ? "," : ""}\n  {\n    "id": "change-${i}",\n    "note": "${"é".repeat(100)}"\n  }`), "\n]", "\n"];
    const { writes, stdout } = await printed(jsonLines(pieces));
    expect(stdout).toBe(pieces.join(""));
    expect(writes.length).toBeGreaterThan(1);
    expect(JSON.parse(stdout)).toHaveLength(20_000);
    for (const w of writes) expect(w.endsWith("\n")).toBe(true);
    // Unwrapped, a piece ends without a line break: the text is never cut, and is printed as one write.
    expect((await printed(pieces)).writes).toHaveLength(1);
  });

  it("cuts only after a piece, never inside one, and ends a text without a line break as io.out would", async () => {
    // A block of 3 MB of lines (a file's diff in the text plan): its lines stay in one write.
    const block = Array.from({ length: 3 * 1024 }, (_, i) => `  line ${i} ${"y".repeat(1010)}\n`).join("");
    const { writes, stdout } = await printed(["a\n", block, "b\n", "last line, no break"]);
    // Compared as lengths and ends: a failure's diff of megabytes would say nothing.
    expect(writes.map((w) => [w.length, w.slice(0, 3), w.slice(-3)])).toEqual([[2 + block.length, "a\n ", "yy\n"], [21, "b\nl", "eak"]]);
    expect(stdout === `a\n${block}b\nlast line, no break\n`).toBe(true);
  });

  // rv117: a secret that a YAML value wraps onto the next line, in the text plan's diff of a file,
  // was shown where a write was cut between its two lines (each write is redacted on its own), and
  // always in `plan --out` (each line was). The first half's line is made to end the first
  // megabyte, where a cut at any line break parted the halves.
  it("prints and writes a secret wrapped in the text plan's diff masked, as the whole text redacted at once", async () => {
    const secret = "ghp-crm-Zq7TnVw4LmXc9bR2";
    registerSecret(secret);
    const planWith = (filler: number, pad: number): Plan =>
      ({
        formatVersion: 1, fingerprint: "sha256:abc", generatedAt: "2026-12-01T09:00:00Z", organisation: "Example", summary: {}, changes: [], findings: [], blocked: false, blockedReasons: [], overrides: [], exceptions: [], approvals: [], targets: {},
        desiredStateDiff: [{ file: "identities/people/aisha.bello.yaml", patch: [...Array.from({ length: filler }, (_, i) => ` person-${String(i).padStart(6, "0")}: ${"f".repeat(90)}`), ` pad: ${"p".repeat(pad)}`, `+title: "Was given ${secret.slice(0, 12)}`, `     ${secret.slice(12)} by mistake"`, " after: 1"].join("\n") }],
      }) as unknown as Plan;
    const firstHalfEnd = (plan: Plan): number => {
      const text = renderText(plan, { color: false });
      return text.indexOf("\n", text.indexOf(secret.slice(0, 12))) + 1;
    };
    const line = firstHalfEnd(planWith(1, 0)) - firstHalfEnd(planWith(0, 0));
    const filler = Math.floor((MB - firstHalfEnd(planWith(0, 0))) / line) - 1;
    const plan = planWith(filler, MB - firstHalfEnd(planWith(filler, 0)));
    expect(firstHalfEnd(plan)).toBe(MB);
    const whole = redact(renderText(plan, { color: false }));
    expect(whole).toContain('title: "Was given ***');
    const writes: string[] = [];
    const io = redactingIo({ out: (t: string) => void writes.push(t), err: () => undefined, isTTY: false, env: {}, cwd: "." });
    await printPieces(io, renderTextPieces(plan, { color: false }));
    expect(writes.join("") === whole).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), "scopesync-print-"));
    try {
      await writeOutputPieces(join(dir, "plan.txt"), eachPiece(renderTextPieces(plan, { color: false }), redact), "plan.txt");
      expect(readFileSync(join(dir, "plan.txt"), "utf8") === whole).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("prints a short text in one write, and nothing for no text", async () => {
    expect((await printed(["one\n", "two"])).writes).toEqual(["one\ntwo"]);
    expect((await printed([])).writes).toEqual([]);
  });

  it("makes and prints the next megabyte only once standard output has taken the last", async () => {
    const source = countedLines(30_000);
    const writes: string[] = [];
    let taken: (() => void) | undefined;
    const io = { out: (t: string) => void writes.push(t), drained: () => new Promise<boolean>((resolve) => (taken = () => resolve(true))) } as unknown as Io;
    const printing = printPieces(io, source.lines());
    await new Promise((resolve) => setImmediate(resolve));
    // A reader that has not taken the first write: nothing more is made or written meanwhile.
    expect(writes).toHaveLength(1);
    const madeBefore = source.made();
    await new Promise((resolve) => setImmediate(resolve));
    expect([writes.length, source.made()]).toEqual([1, madeBefore]);
    for (let i = 0; i < 10 && taken; i++) {
      const take = taken;
      taken = undefined;
      take();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await printing).toBe(true);
    expect(writes.length).toBeGreaterThan(2);
    expect(writes.join("")).toBe([...countedLines(30_000).lines()].join(""));
  });

  it("makes nothing more once standard output's reader has gone", async () => {
    const source = countedLines(100_000);
    const writes: string[] = [];
    const io = { out: (t: string) => void writes.push(t), drained: () => Promise.resolve(writes.length < 2) } as unknown as Io;
    expect(await printPieces(io, source.lines())).toBe(false);
    expect(writes).toHaveLength(2);
    expect(source.made()).toBeLessThan(20_000);
  });
});
