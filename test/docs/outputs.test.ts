import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { idsDigest } from "../../src/github/reviewed-marker.js";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";

// Docs cannot drift: every fenced block in README.md, docs/*.md and examples/README.md that a
// comment marks as the output of a command is compared with what that command prints now.
//
//   <!-- output: scopesync plan --now 2026-11-26T09:00:00Z -->             the whole output
//   <!-- output (excerpt): scopesync plan --format markdown ... -->       the block's lines, in
//        order; a line that is only "…" stands for any number of output lines left out
//   <!-- output (json subset): scopesync plan --format json ... -->       every key and value of
//        the block's JSON is in the output's (a list: each item matches one of the output's)
//   <!-- console (in a new folder) -->                                      a transcript: each
//        `$ scopesync …` line runs in a new, empty folder (one per page, shared by its console
//        blocks in page order: a later block sees what an earlier one wrote), and the lines up to
//        the next `$` are its stdout and stderr; a line ending in "…" is the start of its line
//
// The comment sits on the line right before the opening fence. Commands run in the repository
// root, in-process; `scopesync`, `npx scopesync` and `node bin/scopesync.js` all name the CLI.
// Nothing else needs registering: a new marked block anywhere in those files is checked.
const ROOT = new URL("../../", import.meta.url).pathname;
const MARKER = /^<!-- (?:output(?: \((excerpt|json subset)\))?: (.+?)|(console) \(in a new folder\)) -->$/;

interface Block { file: string; line: number; mode: "whole" | "excerpt" | "json subset" | "console"; command: string; text: string }

function docFiles(): string[] {
  return ["README.md", "examples/README.md", ...readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`)];
}

export function markedBlocks(file: string, source: string): Block[] {
  const lines = source.split("\n");
  const blocks: Block[] = [];
  lines.forEach((line, i) => {
    const m = MARKER.exec(line.trim());
    if (!m) return;
    const fence = /^(`{3,})/.exec(lines[i + 1] ?? "")?.[1];
    if (!fence) throw new Error(`${file}:${i + 1}: an output marker must sit right before a fenced block`);
    const end = lines.findIndex((l, k) => k > i + 1 && l === fence);
    if (end < 0) throw new Error(`${file}:${i + 2}: the fenced block never closes`);
    blocks.push({ file, line: i + 1, mode: m[3] ? "console" : ((m[1] as Block["mode"] | undefined) ?? "whole"), command: m[2] ?? "", text: lines.slice(i + 2, end).join("\n") });
  });
  return blocks;
}

/** The CLI arguments of a documented command line, or an error for anything else. */
function cliArgs(command: string): string[] {
  const words = command.trim().split(/\s+/);
  const start = words[0] === "scopesync" ? 1 : words[0] === "npx" && words[1] === "scopesync" ? 2 : words[0] === "node" && words[1] === "bin/scopesync.js" ? 2 : -1;
  if (start < 0) throw new Error(`not a scopesync command: ${command}`);
  return words.slice(start);
}

/** A console block's commands, each with the lines shown after it. */
export function transcript(block: string): Array<{ command: string; output: string[] }> {
  const steps: Array<{ command: string; output: string[] }> = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("$ ")) steps.push({ command: line.slice(2), output: [] });
    else if (steps.length === 0) throw new Error(`a console block starts with its first command ("$ scopesync …"), not ${JSON.stringify(line)}`);
    else steps[steps.length - 1]!.output.push(line);
  }
  return steps;
}

/** Where a command's output lines differ from those a transcript shows (a line ending in "…" is a prefix). */
export function transcriptMismatch(shown: readonly string[], output: string): string | undefined {
  const have = output.replace(/\n$/, "").split("\n");
  if (shown.length !== have.length) return `the block shows ${shown.length} lines, the command printed ${have.length}:\n${output}`;
  for (const [n, line] of shown.entries()) {
    const same = line.endsWith("…") ? have[n]!.startsWith(line.slice(0, -1)) : have[n] === line;
    if (!same) return `line ${n + 1}: the block has ${JSON.stringify(line)}, the command printed ${JSON.stringify(have[n])}`;
  }
  return undefined;
}

/** Lines of `block` in order in `output`; "…" skips any number of output lines. */
export function excerptMismatch(block: string, output: string): string | undefined {
  const want = block.split("\n");
  const have = output.split("\n");
  let at = 0;
  let skipping = true; // the excerpt may start anywhere
  for (const [n, line] of want.entries()) {
    if (line.trim() === "…") {
      skipping = true;
      continue;
    }
    const found = skipping ? have.indexOf(line, at) : have[at] === line ? at : -1;
    if (found < 0) return `line ${n + 1} of the block is not ${skipping ? "in" : "next in"} the output: ${JSON.stringify(line)}${skipping ? "" : `\n  the output has: ${JSON.stringify(have[at] ?? "(end)")}`}`;
    at = found + 1;
    skipping = false;
  }
  return undefined;
}

/** Where `want` is not contained in `have`, as a JSON path, or undefined. */
export function jsonSubsetMismatch(want: unknown, have: unknown, path = "$"): string | undefined {
  if (Array.isArray(want)) {
    if (!Array.isArray(have)) return `${path}: not a list in the output`;
    if (want.length === 0) return have.length === 0 ? undefined : `${path}: the block shows an empty list, the output has ${have.length} items`;
    for (const [i, item] of want.entries()) if (!have.some((h) => jsonSubsetMismatch(item, h) === undefined)) return `${path}[${i}]: no item of the output matches ${JSON.stringify(item).slice(0, 200)}`;
    return undefined;
  }
  if (want !== null && typeof want === "object") {
    if (have === null || typeof have !== "object" || Array.isArray(have)) return `${path}: not an object in the output`;
    for (const [k, v] of Object.entries(want)) {
      if (!(k in have)) return `${path}.${k}: not in the output`;
      const m = jsonSubsetMismatch(v, (have as Record<string, unknown>)[k], `${path}.${k}`);
      if (m) return m;
    }
    return undefined;
  }
  return Object.is(want, have) ? undefined : `${path}: the block has ${JSON.stringify(want)}, the output ${JSON.stringify(have)}`;
}

const blocks = docFiles().flatMap((f) => markedBlocks(f, readFileSync(join(ROOT, f), "utf8")));

/** The new folder each page's console blocks run in, made when its first block runs. */
const folders = new Map<string, string>();
afterAll(() => {
  for (const dir of folders.values()) rmSync(dir, { recursive: true, force: true });
});

describe("outputs shown in the docs are the commands' real outputs", () => {
  it("the docs mark their output blocks", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
  });

  for (const b of blocks.filter((b) => b.mode === "console")) {
    it(`${b.file}:${b.line} (console) ${transcript(b.text).map((s) => s.command).join("; ")}`, async () => {
      if (!folders.has(b.file)) folders.set(b.file, mkdtempSync(join(tmpdir(), "scopesync-docs-")));
      for (const step of transcript(b.text)) {
        const r = await runCli(cliArgs(step.command), { cwd: folders.get(b.file)! });
        expect(transcriptMismatch(step.output, r.stdout + r.stderr), `${b.file}:${b.line} $ ${step.command}`).toBeUndefined();
      }
    });
  }

  for (const b of blocks.filter((b) => b.mode !== "console")) {
    it(`${b.file}:${b.line} ${b.mode === "whole" ? "" : `(${b.mode}) `}${b.command}`, async () => {
      const r = await runCli(cliArgs(b.command), { cwd: ROOT });
      expect(r.code, r.stderr).not.toBe(1);
      const output = r.stdout.replace(/\n$/, "");
      if (b.mode === "whole") expect(b.text).toBe(output);
      else if (b.mode === "excerpt") expect(excerptMismatch(b.text, output)).toBeUndefined();
      else expect(jsonSubsetMismatch(JSON.parse(b.text), JSON.parse(output))).toBeUndefined();
    });
  }
});

describe("fingerprints quoted in prose", () => {
  // A page that shows the example's plan output quotes that plan's fingerprint in its prose too
  // (the reviewed-plan marker, the PR comment); pages about other plans are not held to it.
  it("every plan fingerprint and ids digest a page showing the example plan quotes is that plan's", async () => {
    const plan = JSON.parse((await runCli(["plan", "--format", "json", "--now", "2026-11-26T09:00:00Z"], { cwd: ROOT })).stdout) as Plan;
    const digest = idsDigest(plan.changes.map((c) => c.id)).replace(/^sha256:/, "");
    let quoted = 0;
    for (const file of docFiles().filter((f) => blocks.some((b) => b.file === f && /\bplan\b.*--now 2026-11-26T09:00:00Z/.test(b.command)))) {
      const text = readFileSync(join(ROOT, file), "utf8");
      for (const m of text.matchAll(/fingerprint\W{0,6}`?sha256:([0-9a-f]{8,64})/gi)) {
        quoted++;
        expect(`sha256:${m[1]}`, `${file}: ${m[0]}`).toBe(plan.fingerprint.slice(0, 7 + m[1]!.length));
      }
      for (const m of text.matchAll(/ids-digest=sha256:([0-9a-f]{8,64})/g)) expect(digest.startsWith(m[1]!), `${file}: ${m[0]}`).toBe(true);
    }
    expect(quoted).toBeGreaterThanOrEqual(3);
  });
});

describe("the checker itself", () => {
  it("finds a changed, a missing and a reordered line in an excerpt", () => {
    const out = "a\nb\nc\nd";
    expect(excerptMismatch("a\nb\n…\nd", out)).toBeUndefined();
    expect(excerptMismatch("a\nc", out)).toMatch(/^line 2 of the block is not next in the output: "c"/);
    expect(excerptMismatch("…\nd\nc", out)).toMatch(/^line 3/);
    expect(excerptMismatch("a\nx", out)).toMatch(/"x"/);
  });

  it("finds a changed value, a missing key and an unmatched list item in a JSON subset", () => {
    const out = { fingerprint: "sha256:1", changes: [{ id: "a", n: 1 }, { id: "b", n: 2 }], none: [] };
    expect(jsonSubsetMismatch({ changes: [{ id: "b" }], none: [] }, out)).toBeUndefined();
    expect(jsonSubsetMismatch({ fingerprint: "sha256:0" }, out)).toBe('$.fingerprint: the block has "sha256:0", the output "sha256:1"');
    expect(jsonSubsetMismatch({ changes: [{ id: "c" }] }, out)).toMatch(/^\$\.changes\[0\]: no item/);
    expect(jsonSubsetMismatch({ other: 1 }, out)).toBe("$.other: not in the output");
    expect(jsonSubsetMismatch({ changes: [] }, out)).toMatch(/empty list/);
  });

  it("reads a console transcript and compares each command's lines", () => {
    expect(transcript("$ scopesync init a\none\ntwo\n$ scopesync init a\nerror: x")).toEqual([
      { command: "scopesync init a", output: ["one", "two"] },
      { command: "scopesync init a", output: ["error: x"] },
    ]);
    expect(transcriptMismatch(["one", "tw…"], "one\ntwo\n")).toBeUndefined();
    expect(transcriptMismatch(["one", "two"], "one\nthree\n")).toBe('line 2: the block has "two", the command printed "three"');
    expect(transcriptMismatch(["one"], "one\ntwo\n")).toMatch(/^the block shows 1 lines, the command printed 2/);
  });

  it("rejects a marker without a block", () => {
    expect(() => markedBlocks("x.md", "<!-- output: scopesync plan -->\ntext")).toThrow("x.md:1: an output marker must sit right before a fenced block");
  });
});
