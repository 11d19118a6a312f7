import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { planOnThread, PLAN_THREAD_INPUT_BYTES } from "../../src/cli/plan-thread.js";
import type { Io } from "../../src/cli/io.js";
import { EXAMPLE_NOW, exampleForTest } from "../helpers/example-copy.js";

// A plan written to a file moves, when the organisation is large, to a thread of its own whose
// young generation is sized for it (src/cli/plan-thread.ts). Only the shipped CLI (bin/ → dist/)
// has the thread's script; `npm test` builds dist/ first. Held here: the thread plans byte for byte
// as the process does and fails as the CLI fails; it starts by the inputs' size, not for small
// ones, and never when told off; and a thread that runs out of heap is one line and exit 1, not a
// V8 fatal error.

const CLI = new URL("../../bin/scopesync.js", import.meta.url).pathname;
const BUILT_THREAD = new URL("../../dist/cli/plan-thread-main.js", import.meta.url);
const THREAD_LINE = /^debug: planning on a thread of its own: 384 MB of young generation \(128 MB semi-spaces\), \d+ MB of old \(SCOPESYNC_PLAN_THREAD=off plans without it\)\n/m;

function cli(args: string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env: { PATH: process.env.PATH ?? "", ...env } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), "scopesync-plan-thread-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe("planning on a thread of its own", () => {
  it("writes the same plan, says the same and exits the same as planning in the process", { timeout: 120_000 }, () => {
    const repo = exampleForTest();
    const out = scratch();
    for (const format of ["json", "markdown", "text"]) {
      const args = (name: string) => ["plan", "--repo", repo, "--now", EXAMPLE_NOW, "--format", format, "--out", join(out, name), "--detailed-exitcode", "--debug"];
      const onThread = cli(args(`thread.${format}`), { SCOPESYNC_PLAN_THREAD: "on" });
      const inProcess = cli(args(`process.${format}`), { SCOPESYNC_PLAN_THREAD: "off" });
      expect(onThread.stderr).toMatch(THREAD_LINE);
      expect(inProcess.stderr).not.toMatch(THREAD_LINE);
      expect({ format, code: onThread.code, stdout: onThread.stdout, stderr: onThread.stderr.replace(THREAD_LINE, "").replaceAll(`thread.${format}`, `process.${format}`) }).toEqual({ format, code: inProcess.code, stdout: inProcess.stdout, stderr: inProcess.stderr });
      expect(readFileSync(join(out, `thread.${format}`), "utf8")).toBe(readFileSync(join(out, `process.${format}`), "utf8"));
    }
    // The example plans changes: --detailed-exitcode's 2, passed back from the thread.
    expect(cli(["plan", "--repo", repo, "--now", EXAMPLE_NOW, "--out", join(out, "p.json"), "--format", "json", "--detailed-exitcode"], { SCOPESYNC_PLAN_THREAD: "on" }).code).toBe(2);
  });

  it("fails as the CLI fails: the problems found, one line each, exit 1", { timeout: 60_000 }, () => {
    const repo = exampleForTest();
    writeFileSync(join(repo, "identities/broken.yaml"), "kind: Person\nid: [unclosed\n");
    const out = scratch();
    const args = ["plan", "--repo", repo, "--now", EXAMPLE_NOW, "--out", join(out, "plan.json")];
    const onThread = cli(args, { SCOPESYNC_PLAN_THREAD: "on" });
    const inProcess = cli(args, { SCOPESYNC_PLAN_THREAD: "off" });
    expect(onThread.code).toBe(1);
    expect(onThread.stderr).toContain("identities/broken.yaml:");
    expect(onThread).toEqual(inProcess);
  });

  it("starts by the size of what the plan reads, only when the plan goes to a file, and never when told off", { timeout: 60_000 }, () => {
    const repo = exampleForTest();
    const out = join(scratch(), "plan.json");
    const args = ["plan", "--repo", repo, "--now", EXAMPLE_NOW, "--format", "json", "--debug"];
    // The example reads a few kilobytes: planned in the process.
    expect(cli([...args, "--out", out]).stderr).not.toMatch(THREAD_LINE);
    // A state file as large as the threshold (sparse: its size is what decides, before anything is read).
    const state = join(repo, "examples/state/crm.json");
    truncateSync(state, PLAN_THREAD_INPUT_BYTES);
    const large = cli([...args, "--out", out]);
    expect(large.stderr).toMatch(THREAD_LINE);
    // The state is not JSON now: the thread reports it as the process would, one error and exit 1.
    // (--debug adds the stack frames, which differ by thread: the two lines before them do not.)
    const inProcess = cli([...args, "--out", out], { SCOPESYNC_PLAN_THREAD: "off" });
    expect(inProcess.stderr).not.toMatch(THREAD_LINE);
    const said = (stderr: string) => stderr.replace(THREAD_LINE, "").split("\n").slice(0, 2);
    expect(said(inProcess.stderr)).toEqual(['error: target "crm": examples/state/crm.json is not valid JSON at line 333 column 1', "  fix: restore the file from git or from a backup"]);
    expect({ code: large.code, said: said(large.stderr) }).toEqual({ code: 1, said: said(inProcess.stderr) });
    // To standard output (a pipe here), the plan is written as it is made, in the process.
    expect(cli(args).stderr).not.toMatch(THREAD_LINE);
    // The person chose the young generation: left as it is.
    expect(cli([...args, "--out", out], { NODE_OPTIONS: "--max-semi-space-size=32" }).stderr).not.toMatch(THREAD_LINE);
    const wrong = cli([...args.filter((a) => a !== "--debug"), "--out", out], { SCOPESYNC_PLAN_THREAD: "true" });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe('error: SCOPESYNC_PLAN_THREAD is "true": it takes on or off\n  fix: unset it to let the organisation\'s size decide, or set it to on or off\n');
  });

  it("passes what the thread says to the CLI's Io line by line, with the Io's working directory", { timeout: 60_000 }, async () => {
    // As the benchmark calls main() with an Io of its own: the built thread, started from here.
    const repo = exampleForTest();
    const lines = (sink: string[]): Io => ({ out: (t) => sink.push(`out: ${t}`), err: (t) => sink.push(`err: ${t}`), isTTY: false, env: {}, cwd: repo });
    const options = { repo, format: "json", out: "plan.json", now: EXAMPLE_NOW, shards: [] };
    const onThread: string[] = [];
    const code = await planOnThread(options, lines(onThread), false, BUILT_THREAD);
    const inProcess: string[] = [];
    const { planCommand } = await import("../../src/cli/plan.js");
    const expected = await planCommand({ ...options, out: "in-process.json" }, lines(inProcess));
    expect({ code, said: onThread }).toEqual({ code: expected, said: inProcess.map((l) => l.replace("in-process.json", "plan.json")) });
    expect(onThread).toEqual([expect.stringMatching(/^err: plan written to plan\.json \(42 changes, not blocked, sha256:d57dda60[0-9a-f]{56}\)$/)]);
    expect(readFileSync(join(repo, "plan.json"), "utf8")).toBe(readFileSync(join(repo, "in-process.json"), "utf8"));
  });

  it("a thread that runs out of heap is said in one line with what to do, exit 1", { timeout: 60_000 }, async () => {
    const dir = scratch();
    const script = join(dir, "grows.mjs");
    writeFileSync(script, "const kept = [];\nfor (;;) kept.push({ at: kept.length, text: `item ${kept.length}` });\n");
    const lines: string[] = [];
    const io: Io = { out: (t) => lines.push(t), err: (t) => lines.push(t), isTTY: false, env: {}, cwd: dir };
    const code = await planOnThread({ repo: dir }, io, false, new URL(`file://${script}`), 32 * 2 ** 20);
    expect(code).toBe(1);
    expect(lines).toEqual([
      "error: planning ran out of memory: the 32 MB of heap this Node.js process may use were not enough, though the memory budget expected them to be",
      "  fix: give Node.js more heap (NODE_OPTIONS=--max-old-space-size=MB, about twice as much), or plan one target per job (scopesync resolve --out identities.snapshot; plan --target NAME; plan merge); please report the organisation's size",
    ]);
  });
});
