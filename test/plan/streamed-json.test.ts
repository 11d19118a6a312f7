import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateOrg, NOW as SYNTHETIC_NOW } from "../../bench/synthetic-org.mjs";
import { eachPiece, writeOutputPieces } from "../../src/cli/write-out.js";
import { compile } from "../../src/compile.js";
import { workingTree } from "../../src/config/repo-files.js";
import { canonicalJson, canonicalJsonPieces } from "../../src/model/canonical-json.js";
import { Redactor } from "../../src/model/redact.js";
import { renderJson, renderJsonPieces } from "../../src/plan/render/json.js";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";

// `plan --out` writes the JSON in pieces (a million-change plan is longer than V8's longest
// string); the bytes must stay exactly those of the one-string serializer, which every reviewed
// plan, fingerprint comparison and golden file was made with.

const ROOT = new URL("../../", import.meta.url).pathname;

async function planOf(dir: string, now: number): Promise<Plan> {
  const r = await compile({ repoDir: dir, files: workingTree(dir), env: {}, now });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return r.value.plan;
}

describe("canonicalJsonPieces", () => {
  const values: [string, unknown][] = [
    ["nested objects and lists", { b: [1, { z: 2, a: [3, [4, { y: 5, x: null }]] }], a: "x\ny\"", c: { e: [], d: {} } }],
    ["undefined keys, functions and symbols left out; in lists, null", { a: undefined, b: () => 1, c: Symbol("s"), d: [undefined, () => 1, 2], e: { f: undefined } }],
    ["an object whose every value is left out", { list: [{ only: undefined }], obj: { gone: undefined } }],
    ["empty containers at every level", { a: [], b: {}, c: [[]], d: [{}], e: [[], {}] }],
    ["a Date (no own keys, as sortKeys makes it)", { when: new Date(0), list: [new Date(0)] }],
    ["a top-level list", [{ b: 1, a: 2 }, [], "s", 3, null, true]],
    ["scalars", 42],
    ["keys that are array indexes, written first in numeric order as a plain object lists them", { "10": 1, "9": [{ "2": "b", "1": "a", x: 0 }], a: { "01": 1, "4294967294": 2, "4294967295": 3, "-1": 4, "1e3": 5, "0": 6 } }],
    ["numbers JSON cannot hold, and negative zero", { a: NaN, b: [Infinity, -0, 1.5e300, -Infinity] }],
    ["unicode and escapes", { "ключ": "значение\u2028", "\u0000k": "\t" }],
  ];
  for (const [what, value] of values) {
    it(`gives canonicalJson's bytes: ${what}`, () => {
      for (const indent of [2, 0, 4]) {
        for (const depth of [0, 1, 2, 3, 5]) {
          expect([...canonicalJsonPieces(value, indent, depth)].join(""), `indent ${indent}, depth ${depth}`).toBe(canonicalJson(value, indent));
        }
      }
    });
  }

  it("writes a long list as one piece per element, each after the first starting at a separator", () => {
    const value = { changes: Array.from({ length: 1000 }, (_, k) => ({ id: `c${k}`, n: k })), summary: { grant: 1000 } };
    const pieces = [...canonicalJsonPieces(value, 2, 2)];
    expect(pieces.length).toBeGreaterThan(1000);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(100);
    for (const piece of pieces.slice(1)) expect(piece[0] === "," || piece[0] === "\n", JSON.stringify(piece)).toBe(true);
  });
});

describe("writing pieces", () => {
  it("redacts each piece and loses nothing", () => {
    const r = new Redactor();
    r.add("s3cr3t-value");
    const pieces = Array.from({ length: 500 }, (_, k) => `,\n    "item ${k} s3cr3t-value https://ci:hunter22@example.com"`);
    const out = [...eachPiece(pieces, (t) => r.scrub(t))];
    expect(out).toHaveLength(500);
    expect(out.join("")).toBe(r.scrub(pieces.join("")));
    expect(out.join("")).not.toContain("s3cr3t-value");
    expect(out.join("")).not.toContain("hunter22");
  });

  it("writes the bytes of the joined text, across the write buffer's edges, with multi-byte characters and pieces larger than the buffer", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scopesync-pieces-"));
    try {
      // Pieces of 1 to 3 bytes a character, of every length up to a few kilobytes, then two larger than a megabyte.
      const alphabet = ["a", "é", "€", "𝄞", "\n", '\\"'];
      const pieces: string[] = [];
      for (let k = 0; k < 4000; k++) pieces.push(alphabet[k % alphabet.length]!.repeat(1 + ((k * 7919) % 1500)));
      pieces.push("€".repeat(700_000), "x", "𝄞".repeat(300_000));
      const file = join(dir, "out.json");
      await writeOutputPieces(file, pieces, "out.json");
      const written = readFileSync(file);
      const expected = Buffer.from(pieces.join(""), "utf8");
      expect(written.length).toBe(expected.length);
      expect(written.equals(expected)).toBe(true);
      expect(expected.length).toBeGreaterThan(5 * (1 << 20));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("writes nothing when the pieces fail after megabytes were written: no temp file left, a file already there kept", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scopesync-pieces-"));
    try {
      const file = join(dir, "plan.json");
      writeFileSync(file, "the reviewed plan\n");
      function* failing(): Generator<string> {
        // Past two buffers: one write has finished and another is in flight when the pieces fail.
        for (let k = 0; k < 3 * 1024; k++) yield "x".repeat(1024);
        throw new Error("the plan could not be made");
      }
      await expect(writeOutputPieces(file, failing(), "plan.json")).rejects.toThrow(/--out plan\.json: cannot write the file \(the plan could not be made\)/);
      expect(readdirSync(dir)).toEqual(["plan.json"]);
      expect(readFileSync(file, "utf8")).toBe("the reviewed plan\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the streamed plan JSON is the one-string JSON, byte for byte", () => {
  it("on the example organisation, and through `plan --out` as on stdout", async () => {
    const plan = await planOf(ROOT, Date.parse("2026-11-26T09:00:00Z"));
    expect(plan.changes.length).toBeGreaterThan(10);
    expect([...renderJsonPieces(plan)].join("")).toBe(renderJson(plan));
    const dir = mkdtempSync(join(tmpdir(), "scopesync-stream-"));
    try {
      const args = ["plan", "--repo", ROOT, "--format", "json", "--now", "2026-11-26T09:00:00Z"];
      const printed = await runCli(args);
      const written = await runCli([...args, "--out", join(dir, "plan.json")]);
      expect(written.code).toBe(printed.code);
      expect(readFileSync(join(dir, "plan.json"), "utf8")).toBe(printed.stdout);
      expect(written.stderr).toContain((JSON.parse(printed.stdout) as Plan).fingerprint);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe("on a synthetic organisation", () => {
    let dir: string;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "scopesync-stream-org-"));
      await generateOrg(dir, { people: 2000, nhis: 400, apps: 4 });
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("with hundreds of changes and findings", async () => {
      const plan = await planOf(dir, Date.parse(SYNTHETIC_NOW));
      expect(plan.changes.length).toBeGreaterThan(300);
      expect(plan.findings.length).toBeGreaterThan(100);
      const streamed = [...renderJsonPieces(plan)].join("");
      expect(streamed).toBe(renderJson(plan));
      expect((JSON.parse(streamed) as Plan).fingerprint).toBe(plan.fingerprint);
    });
  });
});
