// `apply --plan -` and `--plan /dev/stdin` read the reviewed plan from standard input whatever it
// is. Linux opens /dev/stdin through /proc, which refuses a socket (ENXIO), and a Node.js parent
// (here spawnSync's `input`), many CI runners and ssh give their child a socket where a shell gives
// a pipe: the reviewed plan was unreadable there, and `-` was taken for a file named "-".
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

  // rv120 f211: reading file descriptor 0 directly fails EAGAIN on a pipe set non-blocking (a
  // parent that shares its own stdin, or sets it so); the stream waits for the bytes. Python's os
  // module makes the pipe, as Node.js has no call for one.
  it("--plan - waits for a non-blocking pipe that is written late", () => {
    const repo = join(root, "non-blocking");
    cpSync(join(root, "org"), repo, { recursive: true });
    const script = [
      "import os, fcntl, subprocess, sys, threading, time",
      "r, w = os.pipe()",
      "fcntl.fcntl(r, fcntl.F_SETFL, fcntl.fcntl(r, fcntl.F_GETFL) | os.O_NONBLOCK)",
      "data = open(sys.argv[1], 'rb').read()",
      "def writer():",
      "    time.sleep(0.5)",
      "    for i in range(0, len(data), 65536): os.write(w, data[i:i + 65536])",
      "    os.close(w)",
      "p = subprocess.Popen(sys.argv[2:], stdin=r, stdout=subprocess.PIPE, stderr=subprocess.PIPE)",
      "os.close(r)",
      "t = threading.Thread(target=writer); t.start()",
      "out, err = p.communicate(); t.join()",
      "sys.stdout.write(out.decode()); sys.stderr.write(err.decode()); sys.exit(p.returncode)",
    ].join("\n");
    const r = spawnSync("python3", ["-c", script, join(root, "reviewed.json"), process.execPath, BIN, "apply", "--plan", "-", "--allow-any-now", "--repo", repo, "--now", NOW], { encoding: "utf8" });
    expect(r.stderr).not.toMatch(/EAGAIN|cannot read/);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`applied ${changes}, already in place 0, failed 0, skipped 0, held back 0`);
  }, 60_000);

  // rv120 f212: the bytes were decoded into the heap before the budget weighed them, and a large
  // plan through a pipe died of heap (a V8 fatal error) where the same file is refused.
  it("a plan through a pipe too large for the heap is refused by the budget, as the same file is", () => {
    const padded = join(root, "padded.json");
    writeFileSync(padded, reviewed.replace(/\n$/, "") + " ".repeat(100 * 2 ** 20) + "\n");
    const repo = join(root, "padded");
    cpSync(join(root, "org"), repo, { recursive: true });
    const args = `apply --plan - --allow-any-now --repo "${repo}" --now ${NOW}`;
    const piped = spawnSync("/bin/sh", ["-c", `cat "${padded}" | exec "${process.execPath}" --max-old-space-size=64 "${BIN}" ${args}`], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
    expect(piped.stderr).not.toMatch(/FATAL|heap out of memory/);
    expect(piped.status).toBe(1);
    expect(piped.stderr).toMatch(/^error: this organisation needs about \d+ MB of memory to re-plan and apply \(.*10[01] MB of reviewed plan\), more than the 64 MB /);
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
