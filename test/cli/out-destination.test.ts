// `--out PATH` where PATH is not a plain file (rv50 #3). It wrote a temp file and renamed it over
// the path: `plan --out /dev/stdout` said "plan written", sent nothing to standard output and
// replaced the symbolic link with a regular file (as root, the container's /dev/stdout), and
// `--out -` wrote a file named "-". Now `-` is standard output; a FIFO, a device or a link to a
// descriptor is written in place; a link to a file has its target written whole and stays a link;
// a link to nothing is refused. The links here are made in temp dirs: /dev is never touched.
// The real CLI (bin/scopesync.js → dist/) where standard output or a FIFO's reader must be real;
// needs `npm run build` (npm test does it).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { EXAMPLE_NOW } from "../helpers/example-copy.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = join(ROOT, "bin/scopesync.js");
const dirs: string[] = [];
const temp = (): string => {
  const d = mkdtempSync(join(tmpdir(), "scopesync-out-"));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
beforeAll(() => {
  if (!existsSync(join(ROOT, "dist/cli/main.js"))) throw new Error("dist/ is missing: run npm run build first (npm test does)");
});

/** The example's plan as JSON, as `plan --format json` prints it with no --out. */
let printed = "";
beforeAll(async () => {
  const r = await runCli(["plan", "--repo", ROOT, "--now", EXAMPLE_NOW, "--format", "json"]);
  expect(r.code).toBe(0);
  printed = r.stdout;
});

/** The real CLI, its standard output a pipe this test reads. */
function cli(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args, "--repo", ROOT, "--now", EXAMPLE_NOW], { cwd, encoding: "utf8", maxBuffer: 1 << 26 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("--out to what is not a regular file", () => {
  it("a symbolic link to the process's standard output (what /dev/stdout is): the plan reaches standard output, and the link stays", () => {
    const dir = temp();
    const link = join(dir, "stdout");
    symlinkSync("/proc/self/fd/1", link);
    const r = cli(["plan", "--format", "json", "--out", link], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(printed);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir)).toEqual(["stdout"]);
  });

  it("`--out -` is standard output, for the plan in every format, a shard and resolve; no file named - is made", async () => {
    const dir = temp();
    for (const format of ["json", "text", "markdown"]) {
      const r = await runCli(["plan", "--repo", ROOT, "--now", EXAMPLE_NOW, "--format", format, "--out", "-"], { cwd: dir });
      const plain = await runCli(["plan", "--repo", ROOT, "--now", EXAMPLE_NOW, "--format", format], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout, format).toBe(plain.stdout);
      expect(r.stderr, format).toBe(plain.stderr);
    }
    const shard = await runCli(["plan", "--repo", ROOT, "--now", EXAMPLE_NOW, "--target", "local", "--out", "-"], { cwd: dir });
    expect(shard.code, shard.stderr).toBe(0);
    expect(JSON.parse(shard.stdout)).toMatchObject({ kind: "scopesync-plan-shard" });
    const resolved = await runCli(["resolve", "--repo", ROOT, "--now", EXAMPLE_NOW, "--out", "-"], { cwd: dir });
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(resolved.stderr).toMatch(/^identities written to standard output \(76 identities, /);
    // The same bytes as the file resolve --out writes.
    expect((await runCli(["resolve", "--repo", ROOT, "--now", EXAMPLE_NOW, "--out", "ids.snapshot"], { cwd: dir })).code).toBe(0);
    expect(resolved.stdout).toBe(readFileSync(join(dir, "ids.snapshot"), "utf8"));
    expect(readdirSync(dir)).toEqual(["ids.snapshot"]);
  });

  it("a FIFO: the plan goes to its reader, and the FIFO stays a FIFO", async () => {
    const dir = temp();
    const fifo = join(dir, "plan.fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const child = spawn(process.execPath, [BIN, "plan", "--format", "json", "--out", fifo, "--repo", ROOT, "--now", EXAMPLE_NOW], { cwd: dir });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => void (stderr += d.toString()));
    const [read, code] = await Promise.all([readFile(fifo, "utf8"), new Promise<number | null>((done) => child.on("close", done))]);
    expect(code, stderr).toBe(0);
    expect(read).toBe(printed);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(["plan.fifo"]);
  });

  it("resolve --out a link to standard output: the snapshot reaches it, and the link stays", () => {
    const dir = temp();
    const link = join(dir, "stdout");
    symlinkSync("/proc/self/fd/1", link);
    const r = cli(["resolve", "--out", link], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\{"counts":/);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir)).toEqual(["stdout"]);
  });

  it("a symbolic link to a regular file: the target gets the whole plan and the link stays a link, for plan and resolve", async () => {
    const dir = temp();
    writeFileSync(join(dir, "kept.json"), "previous\n");
    symlinkSync("kept.json", join(dir, "plan.json"));
    const r = await runCli(["plan", "--repo", ROOT, "--now", EXAMPLE_NOW, "--format", "json", "--out", "plan.json"], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(join(dir, "plan.json")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "kept.json"), "utf8")).toBe(printed);
    writeFileSync(join(dir, "kept.snapshot"), "previous\n");
    symlinkSync("kept.snapshot", join(dir, "ids.snapshot"));
    expect((await runCli(["resolve", "--repo", ROOT, "--now", EXAMPLE_NOW, "--out", "ids.snapshot"], { cwd: dir })).code).toBe(0);
    expect(lstatSync(join(dir, "ids.snapshot")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "kept.snapshot"), "utf8")).toMatch(/^\{"counts":/);
    expect(readdirSync(dir).sort()).toEqual(["ids.snapshot", "kept.json", "kept.snapshot", "plan.json"]);
  });

  it("a symbolic link to nothing is refused before planning, in one line, and nothing is made", async () => {
    const dir = temp();
    symlinkSync("missing/plan.json", join(dir, "plan.json"));
    const r = await runCli(["plan", "--repo", ROOT, "--now", EXAMPLE_NOW, "--format", "json", "--out", "plan.json"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`error: --out plan.json is a symbolic link to ${join(dir, "missing/plan.json")}, which does not exist\n  fix: create ${join(dir, "missing/plan.json")} first, or name the file itself rather than the link\n`);
    expect(readdirSync(dir)).toEqual(["plan.json"]);
  });

  it("import and nhi propose, whose --out is a folder, refuse `-` in one line", async () => {
    const dir = temp();
    const imported = await runCli(["import", "--repo", ROOT, "--target", "github", "--out", "-"], { cwd: dir });
    expect(imported.code).toBe(1);
    expect(imported.stderr).toBe("error: import --out -: import writes several files, so its --out is a folder, not standard output\n  fix: name a folder: --out DIR\n");
    const proposed = await runCli(["nhi", "propose", "--repo", ROOT, "--out", "-"], { cwd: dir });
    expect(proposed.code).toBe(1);
    expect(proposed.stderr).toContain("error: nhi propose --out -: nhi propose writes several files");
    expect(readdirSync(dir)).toEqual([]);
  });
});
