// What scopesync writes when the disk fills: the real CLI (bin/scopesync.js → dist/) under a file
// size limit (the shell's `ulimit -f`). Past the limit, write(2) first writes fewer bytes than it was
// given and then fails with EFBIG, as on a full disk: "The number of bytes written may be less than
// count if, for example, there is insufficient underlying physical medium, or the RLIMIT_FSIZE
// resource limit is encountered" (write(2), https://man7.org/linux/man-pages/man2/write.2.html).
// Node ignores SIGXFSZ, so the failure reaches the program. Needs `npm run build` (npm test does it).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { hrCsv, NOW, PolicyRepo, type Person } from "../apply/helpers/policy-repo.js";
import { runCli } from "../helpers/run-cli.js";

const BIN = fileURLToPath(new URL("../../bin/scopesync.js", import.meta.url));
const DIST = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
/** The room left on the "disk": 64 KiB, less than any file these repositories make. */
const LIMIT_KIB = 64;

beforeAll(() => {
  if (!existsSync(DIST)) throw new Error("dist/ is missing: run npm run build first (npm test does)");
});

const repos: PolicyRepo[] = [];
afterEach(() => {
  while (repos.length) repos.pop()!.cleanup();
});

/** `count` people of Engineering, worker E001…, logins user001…. */
function people(count: number, terminated: ReadonlySet<number> = new Set()): Person[] {
  return Array.from({ length: count }, (_, i) => ({ worker: `E${String(i + 1).padStart(3, "0")}`, login: `user${String(i + 1).padStart(3, "0")}`, department: "Engineering", ...(terminated.has(i + 1) ? { status: "Terminated" as const } : {}) }));
}

/** A repository with one HR source of `count` people and one file target giving them a group. */
function fileTargetRepo(count: number): PolicyRepo {
  const repo = new PolicyRepo({
    targetName: "local",
    target: { type: "file", path: "state/local.json" },
    people: people(count),
    groups: [{ id: "engineering", departments: ["Engineering"] }],
    policy: { scope: { include: [{ kinds: ["person"] }] }, entitlements: [{ group: "engineering", entitlement: "group:Engineering" }] },
  });
  repo.write("state/local.json", '{"formatVersion":1,"accounts":[],"credentials":[]}\n');
  repos.push(repo);
  return repo;
}

/** The CLI in `repo`, at NOW; with `limitKib`, under that file size limit. */
function cli(repo: PolicyRepo, args: string[], limitKib?: number): { code: number | null; stderr: string; stdout: string } {
  // POSIX sh counts `ulimit -f` in 512-byte blocks (https://pubs.opengroup.org/onlinepubs/9799919799/utilities/ulimit.html).
  const run = `${limitKib ? `ulimit -f ${limitKib * 2}; ` : ""}exec "${process.execPath}" "${BIN}" "$@"`;
  const r = spawnSync("/bin/sh", ["-c", run, "scopesync", ...args, "--repo", repo.dir, "--now", NOW], { cwd: repo.dir, env: { PATH: process.env.PATH ?? "" }, encoding: "utf8" });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

describe("a full disk", () => {
  it("resolve --out: the previous file stays, the run fails naming the file and the disk, and no temp file is left", () => {
    const repo = fileTargetRepo(300);
    const out = join(repo.dir, "out");
    mkdirSync(out);
    const whole = cli(repo, ["resolve", "--out", "out/whole.snapshot"]);
    expect(whole.code, whole.stderr).toBe(0);
    expect(readFileSync(join(out, "whole.snapshot")).length).toBeGreaterThan(LIMIT_KIB * 1024);
    writeFileSync(join(out, "ids.snapshot"), "previous\n");
    const r = cli(repo, ["resolve", "--out", "out/ids.snapshot"], LIMIT_KIB);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error: cannot write out/ids.snapshot: the file grew past the size this process may write (EFBIG");
    expect(r.stderr).toContain("out/ids.snapshot is as it was before");
    expect(r.stderr).not.toContain("identities written");
    expect(readFileSync(join(out, "ids.snapshot"), "utf8")).toBe("previous\n");
    expect(readdirSync(out).sort()).toEqual(["ids.snapshot", "whole.snapshot"]);
    // As plan --out, the folders of FILE are made.
    expect(cli(repo, ["resolve", "--out", "new/ids.snapshot"]).code).toBe(0);
    expect(readFileSync(join(repo.dir, "new", "ids.snapshot"))).toEqual(readFileSync(join(out, "whole.snapshot")));
  });

  it("plan --out: the previous file stays, the run fails naming the file size limit, and no temp file is left", () => {
    const repo = fileTargetRepo(300);
    const out = join(repo.dir, "out");
    mkdirSync(out);
    const whole = cli(repo, ["plan", "--format", "json", "--out", "out/whole.json"]);
    expect(whole.code, whole.stderr).toBe(0);
    expect(readFileSync(join(out, "whole.json")).length).toBeGreaterThan(LIMIT_KIB * 1024);
    writeFileSync(join(out, "plan.json"), "previous\n");
    const r = cli(repo, ["plan", "--format", "json", "--out", "out/plan.json"], LIMIT_KIB);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error: --out out/plan.json: the file grew past the size this process may write (EFBIG");
    expect(readFileSync(join(out, "plan.json"), "utf8")).toBe("previous\n");
    expect(readdirSync(out).sort()).toEqual(["plan.json", "whole.json"]);
  });

  it("snapshot: every source's snapshot is the old one, and no temp file is left", () => {
    const repo = fileTargetRepo(300);
    // A second source, whose name sorts first: its snapshot is complete before hr's fills the disk.
    const config = parse(repo.read("scopesync.yaml")) as { sources: Record<string, unknown> };
    config.sources = { agency: { type: "csv", path: "agency.csv", options: { exportedAt: "2026-11-26T06:00:00Z" } }, ...config.sources };
    repo.write("scopesync.yaml", stringify(config));
    repo.write("agency.csv", hrCsv([{ worker: "A1", login: "agency001", department: "QA" }]));
    const first = cli(repo, ["snapshot"]);
    expect(first.code, first.stderr).toBe(0);
    const before = { agency: repo.read("state/sources/agency.json"), hr: repo.read("state/sources/hr.json") };
    // The next day: the contractor changed team, one employee left.
    repo.write("agency.csv", hrCsv([{ worker: "A1", login: "agency001", department: "Platform" }]));
    repo.setPeople(people(300, new Set([7])));
    const r = cli(repo, ["snapshot"], LIMIT_KIB);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error: cannot write state/sources/hr.json: the file grew past the size this process may write (EFBIG");
    expect(r.stderr).toContain("no snapshot was written: every snapshot is as it was");
    expect(r.stdout).toBe("");
    expect({ agency: repo.read("state/sources/agency.json"), hr: repo.read("state/sources/hr.json") }).toEqual(before);
    expect(readdirSync(join(repo.dir, "state/sources")).sort()).toEqual(["agency.json", "hr.json"]);
  });

  it("apply: a journal line cut off is ended before the next run's first record, which the next run names", () => {
    const repo = fileTargetRepo(5);
    const journal = join(repo.dir, "journal.jsonl");
    // Earlier runs' lines fill the journal to 100 bytes short of the limit: the first line this
    // run writes is cut off after 100 bytes.
    const filler = JSON.stringify({ at: "2026-11-25T00:00:00.000Z", run: "earlier", fingerprint: "sha256:earlier", phase: "done", note: "" });
    writeFileSync(journal, `${filler.replace('"note":""', `"note":"${"x".repeat(LIMIT_KIB * 1024 - 100 - filler.length - 1)}"`)}\n`);
    const cut = cli(repo, ["apply", "--auto-approve", "--journal", journal], LIMIT_KIB);
    expect(cut.code).toBe(1);
    expect(cut.stderr).toContain(`error: cannot write the apply journal ${journal}: the file grew past the size this process may write (EFBIG`);
    expect(cut.stderr).toMatch(/fix: .*; create-account for user001 on local was about to start: the same apply, run again, re-checks it/);
    expect(cut.stderr).not.toContain("bug in scopesync");
    expect(readFileSync(journal).length).toBe(LIMIT_KIB * 1024);

    const again = cli(repo, ["apply", "--auto-approve", "--journal", journal]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`warning: ${journal}:2 is not a whole journal record (cut off by a kill or a full disk, or edited by hand), so not read`);
    const lines = readFileSync(journal, "utf8").split("\n").slice(0, -1);
    // Line 2 is the fragment, alone; every record of the second run is a line of its own.
    expect(() => JSON.parse(lines[1]!)).toThrow();
    const records = lines.slice(2).map((l) => JSON.parse(l) as { phase: string; action: string; identity: string });
    expect(records.filter((r) => r.phase === "done").map((r) => `${r.action} ${r.identity}`)).toContain("create-account user001");
    expect(records).toHaveLength(20);
  });

  it("init: the file the disk stopped is named, and no temp file is left", () => {
    const repo = fileTargetRepo(1);
    const r = spawnSync("/bin/sh", ["-c", `ulimit -f 2; exec "${process.execPath}" "${BIN}" init fresh`], { cwd: repo.dir, env: { PATH: process.env.PATH ?? "" }, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: cannot write \S+: the file grew past the size this process may write \(EFBIG/);
    expect(r.stderr).not.toContain("bug in scopesync");
    const left = spawnSync("find", [join(repo.dir, "fresh"), "-name", "*.tmp"], { encoding: "utf8" }).stdout;
    expect(left).toBe("");
  });
});

describe("a path the machine refuses", () => {
  it("is said as such with the path, not as a bug in scopesync", async () => {
    const repo = fileTargetRepo(1);
    repo.write("logs", "a file where a folder is expected\n");
    const r = await runCli(["apply", "--auto-approve", "--repo", repo.dir, "--now", NOW, "--journal", "logs/journal.jsonl"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: mkdir ${join(repo.dir, "logs")} failed: a file is where a folder is needed (EEXIST)\n  fix: choose a path whose folders are folders (or do not exist yet)\n`);
  });
});
