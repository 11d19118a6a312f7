import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyExample, EXAMPLE_NOW, EXAMPLE_ROOT } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

// Command-line arguments that used to end in a raw errno or a stack trace: each is one line that
// says what is wrong, one that says what to do, exit 1, and nothing written.
describe("bad arguments", () => {
  const example = copyExample();
  afterAll(example.cleanup);
  const plan = (...args: string[]) => runCli(["plan", "--repo", example.dir, "--now", EXAMPLE_NOW, ...args], { cwd: example.dir });

  it("plan --out DIR names the directory and leaves nothing behind", async () => {
    mkdirSync(join(example.dir, "outdir"));
    const r = await plan("--out", "outdir");
    expect(r.stderr).toBe("error: --out outdir is a directory\n  fix: name a file, such as outdir/plan.json\n");
    expect(r.code).toBe(1);
    expect(readdirSync(join(example.dir, "outdir"))).toEqual([]);
    expect(readdirSync(example.dir).filter((f) => f.includes("tmp"))).toEqual([]);
  });

  it("plan --out under a regular file says which part is a file", async () => {
    writeFileSync(join(example.dir, "notes.txt"), "keep me\n");
    const r = await plan("--out", "notes.txt/plan.json");
    expect(r.stderr).toBe(`error: --out notes.txt/plan.json: ${join(example.dir, "notes.txt")} is a file, not a directory\n  fix: choose a path whose folders are folders (or do not exist yet)\n`);
    expect(r.code).toBe(1);
    expect(readFileSync(join(example.dir, "notes.txt"), "utf8")).toBe("keep me\n");
  });

  it("plan --out FILE writes the whole plan and no temp file", async () => {
    const r = await plan("--format", "json", "--out", "out/plan.json");
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(example.dir, "out/plan.json"), "utf8")).formatVersion).toBe(1);
    expect(readdirSync(join(example.dir, "out"))).toEqual(["plan.json"]);
  });

  it("apply --concurrency -1 asks for a whole number from 1 up", async () => {
    const r = await runCli(["apply", "--auto-approve", "--concurrency", "-1", "--repo", example.dir]);
    expect(r.stderr).toBe("error: option '--concurrency <n>' argument '-1' is invalid. use a whole number from 1 up, such as 8\n  fix: see scopesync apply --help\n");
    expect(r.code).toBe(1);
  });

  it("a --repo that does not exist is named as such, not as a missing scopesync.yaml", async () => {
    const r = await runCli(["validate", "--repo", join(example.dir, "no-such-dir")]);
    expect(r.stderr).toBe(`error: --repo ${join(example.dir, "no-such-dir")}: no such directory\n  fix: pass the directory that holds scopesync.yaml (default: the current directory)\n`);
    expect(r.code).toBe(1);
    const file = await runCli(["plan", "--repo", "scopesync.yaml"], { cwd: example.dir });
    expect(file.stderr).toBe("error: --repo scopesync.yaml is a file, not a directory\n  fix: pass the directory that holds scopesync.yaml (default: the current directory)\n");
  });

  // identities prints 120 kB, more than a pipe holds, so later writes do meet the closed pipe.
  it("scopesync identities | head ends quietly when head stops reading", () => {
    const r = spawnSync("bash", ["-c", `node bin/scopesync.js identities --now ${EXAMPLE_NOW} | head -1; echo "exit=\${PIPESTATUS[0]}" >&2`], { cwd: EXAMPLE_ROOT, encoding: "utf8" });
    expect(r.stdout.split("\n")).toHaveLength(2); // one line and the final newline
    expect(r.stderr).toBe("exit=0\n");
  });
});
