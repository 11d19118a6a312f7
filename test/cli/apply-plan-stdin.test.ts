// `apply --plan -` and `--plan /dev/stdin` read the reviewed plan from standard input whatever it
// is. Linux opens /dev/stdin through /proc, which refuses a socket (ENXIO), and a Node.js parent
// (here spawnSync's `input`), many CI runners and ssh give their child a socket where a shell gives
// a pipe: the reviewed plan was unreadable there, and `-` was taken for a file named "-".
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateOrg, NOW } from "../../bench/synthetic-org.mjs";

const BIN = new URL("../../bin/scopesync.js", import.meta.url).pathname;

describe("apply --plan from standard input", () => {
  let root: string;
  let reviewed: string;
  let changes: number;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "scopesync-apply-stdin-"));
    await generateOrg(join(root, "org"), { people: 300, nhis: 60, apps: 2 });
    const planned = spawnSync(process.execPath, [BIN, "plan", "--format", "json", "--out", join(root, "reviewed.json"), "--repo", join(root, "org"), "--now", NOW], { encoding: "utf8" });
    expect(planned.status, planned.stderr).toBe(0);
    reviewed = readFileSync(join(root, "reviewed.json"), "utf8");
    changes = (JSON.parse(reviewed) as { changes: unknown[] }).changes.length;
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const applyFromSocket = (name: string, plan: string) => {
    const repo = join(root, name);
    cpSync(join(root, "org"), repo, { recursive: true });
    return spawnSync(process.execPath, [BIN, "apply", "--plan", plan, "--allow-any-now", "--repo", repo, "--now", NOW], { encoding: "utf8", input: reviewed, cwd: root });
  };

  it.each([["-", "dash"], ["/dev/stdin", "dev-stdin"]])("--plan %s applies every reviewed change given on a socket", (plan, name) => {
    expect(changes).toBeGreaterThan(10);
    const r = applyFromSocket(name, plan);
    expect(r.stderr).not.toMatch(/ENXIO|ENOENT|cannot read/);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`applied ${changes}, already in place 0, failed 0, skipped 0, held back 0`);
  }, 60_000);

  it("an empty standard input is a reviewed plan that does not parse, said as such", () => {
    const repo = join(root, "empty");
    cpSync(join(root, "org"), repo, { recursive: true });
    const r = spawnSync(process.execPath, [BIN, "apply", "--plan", "-", "--allow-any-now", "--repo", repo, "--now", NOW], { encoding: "utf8", input: "" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: standard input is not a plan: empty, expected JSON\n  fix: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
