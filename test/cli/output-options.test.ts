import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applyCommand } from "../../src/cli/apply.js";
import type { Io } from "../../src/cli/io.js";
import { withHeartbeat } from "../../src/cli/progress.js";
import type { Plan } from "../../src/plan/plan.js";
import { copyExample, EXAMPLE_NOW, EXAMPLE_ROOT } from "../helpers/example-copy.js";
import { copyFixture, FIXTURES, runCli } from "../helpers/run-cli.js";

const ESC = "\u001b[";

describe("validate --json", () => {
  it("a valid repository: valid, the counts, no problems", async () => {
    const r = await runCli(["validate", "--json", "--repo", EXAMPLE_ROOT]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ valid: true, problems: [], notes: [] });
    expect(out.appPolicies).toBe(3);
    expect(out.peopleFromSources).toBeGreaterThan(60);
    expect(r.stderr).toBe("");
  });

  it("an invalid one: every problem with file, line, column, message and fix; exit 1", async () => {
    const repo = copyFixture(join(FIXTURES, "minimal"));
    try {
      copyFileSync(join(FIXTURES, "invalid", "unknown-key.yaml"), join(repo.dir, "identities", "unknown-key.yaml"));
      const r = await runCli(["validate", "--json", "--repo", repo.dir]);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout)).toEqual({ valid: false, problems: [{ file: "identities/unknown-key.yaml", line: 3, col: 1, message: 'unknown key "memebers" in the document', hint: 'did you mean "members"? valid keys: kind, id, description, privileged, allowPrivilegedBirthright, environment, owners, members, birthright' }], warnings: [] });
      expect(r.stderr).toBe("");
    } finally {
      repo.cleanup();
    }
  });
});

describe("apply --json and progress", () => {
  const example = copyExample();
  afterAll(example.cleanup);

  it("apply --json reports each change with its outcome, and the counts; progress lines go to stderr", async () => {
    const planned = JSON.parse((await runCli(["plan", "--format", "json", "--now", EXAMPLE_NOW, "--repo", example.dir])).stdout) as Plan;
    const local = planned.changes.filter((c) => c.target === "local");
    let stdout = "";
    const stderr: string[] = [];
    const io: Io = { out: (t) => void (stdout += t), err: (t) => void stderr.push(t), isTTY: false, env: {}, cwd: example.dir };
    // Each change takes "2 seconds" on this clock: a progress line every 5 s, as a CI log gets.
    let t = 0;
    const code = await applyCommand({ repo: example.dir, autoApprove: true, target: "local", now: EXAMPLE_NOW, json: true, progressClock: () => (t += 2_000) }, io);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.summary).toEqual({ applied: local.length, unchanged: 0, failed: 0, skipped: 0, heldBack: 0 });
    expect(report.results.map((r: { id: string }) => r.id).sort()).toEqual(local.map((c) => c.id).sort());
    expect(report.results.every((r: { status: string }) => r.status === "applied")).toBe(true);
    expect(report.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(stderr.length).toBeGreaterThanOrEqual(3);
    for (const line of stderr) expect(line).toMatch(new RegExp(`^apply: \\d+/${local.length} done; last: \\S+ .+ on local: applied$`));
    const done = stderr.map((l) => Number(/^apply: (\d+)\//.exec(l)![1]));
    expect(done).toEqual([...done].sort((a, b) => a - b));
  });

  it("no progress line for work that ends within the interval", async () => {
    const copy = copyExample();
    try {
      const stderr: string[] = [];
      const io: Io = { out: () => undefined, err: (t) => void stderr.push(t), isTTY: false, env: {}, cwd: copy.dir };
      expect(await applyCommand({ repo: copy.dir, autoApprove: true, target: "local", now: EXAMPLE_NOW, progressClock: () => 0 }, io)).toBe(0);
      expect(stderr).toEqual([]);
    } finally {
      copy.cleanup();
    }
  });
});

describe("heartbeat for work without a count", () => {
  it("prints a line per interval while the work runs, and none after it ends", async () => {
    const lines: string[] = [];
    let finish: (v: string) => void = () => undefined;
    const work = new Promise<string>((resolve) => (finish = resolve));
    // The work ends only after the second heartbeat line: no wall-clock threshold in the test.
    const io: Io = { out: () => undefined, err: (t) => void (lines.push(t) === 2 && finish("done")), isTTY: false, env: {}, cwd: "." };
    expect(await withHeartbeat(io, "drift: reading the targets", work, 5)).toBe("done");
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toMatch(/^drift: reading the targets: still working \(\d+ s\)$/);
    await new Promise((r) => setTimeout(r, 30));
    expect(lines).toHaveLength(2);
  });

  it("says nothing for work that ends before the first interval", async () => {
    const lines: string[] = [];
    const io: Io = { out: () => undefined, err: (t) => void lines.push(t), isTTY: false, env: {}, cwd: "." };
    expect(await withHeartbeat(io, "plan", Promise.resolve(1), 60_000)).toBe(1);
    expect(lines).toEqual([]);
  });
});

describe("colour", () => {
  const plan = (env: Record<string, string>, tty: boolean) => runCli(["plan", "--now", EXAMPLE_NOW, "--repo", EXAMPLE_ROOT], { env, tty });
  it("on a terminal, unless NO_COLOR is set", async () => {
    expect((await plan({}, true)).stdout).toContain(ESC);
    expect((await plan({ NO_COLOR: "1" }, true)).stdout).not.toContain(ESC);
    expect((await plan({}, false)).stdout).not.toContain(ESC);
  });
  it("FORCE_COLOR forces it anywhere (and wins over NO_COLOR, as in Node); FORCE_COLOR=0 turns it off", async () => {
    expect((await plan({ FORCE_COLOR: "1" }, false)).stdout).toContain(ESC);
    expect((await plan({ FORCE_COLOR: "1", NO_COLOR: "1" }, false)).stdout).toContain(ESC);
    expect((await plan({ FORCE_COLOR: "0" }, true)).stdout).not.toContain(ESC);
  });
});

describe("drift", () => {
  it("reports drift without the plan's review verdict", async () => {
    const r = await runCli(["drift", "--target", "local", "--now", EXAMPLE_NOW, "--repo", EXAMPLE_ROOT]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^scopesync drift for acme at 2026-11-26T09:00:00.000Z\n/);
    expect(r.stdout).not.toContain("ready for review");
    expect(r.stderr).toMatch(/^drift: \d+ difference\(s\) between the targets and the desired state\n$/);
  });
});
