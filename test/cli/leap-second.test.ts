import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { copyExample, EXAMPLE_NOW } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

// RFC 3339 allows second 60 (a leap second); JavaScript's Date cannot hold one and parses it to
// NaN. scopesync refuses it everywhere it reads a date, with the value to write instead: before,
// validate took it and the plan compared NaN with now, so a privileged grant "until
// 2026-11-20T23:59:60Z" never ended, and `--now 2026-12-31T23:59:60Z` crashed.
const LEAP = "second 60 is a leap second, which scopesync does not accept (JavaScript dates cannot hold one)";

describe("a leap second (23:59:60)", () => {
  let dir = "";
  let cleanup = (): void => undefined;
  const saved = new Map<string, string>();
  const edit = (file: string, from: string, to: string): void => {
    const path = join(dir, file);
    const text = readFileSync(path, "utf8");
    if (!saved.has(path)) saved.set(path, text);
    expect(text).toContain(from);
    writeFileSync(path, text.replace(from, to));
  };

  beforeAll(() => ({ dir, cleanup } = copyExample()));
  afterEach(() => {
    for (const [path, text] of saved) writeFileSync(path, text);
    saved.clear();
  });
  afterAll(() => cleanup());

  it("in a group member's until is refused by validate, at its line, and nothing is planned", async () => {
    edit("identities/groups/platform-admins.yaml", 'until: "2026-11-20"', 'until: "2026-11-20T23:59:60Z"');
    const v = await runCli(["validate", "--repo", dir]);
    expect(v.code).toBe(1);
    expect(v.stderr).toContain(`identities/groups/platform-admins.yaml:21:12: members[3].until is "2026-11-20T23:59:60Z", which is not a valid date: ${LEAP}\n  fix: write 2026-11-20T23:59:59Z, or the next minute, 2026-11-21T00:00:00Z\n`);
    const p = await runCli(["plan", "--repo", dir, "--now", EXAMPLE_NOW]);
    expect(p.code).toBe(1);
    expect(p.stdout).toBe("");
    expect(p.stderr).toContain("platform-admins.yaml:21:12");
  });

  it("in an NHI's expiresAt is refused by validate and explain", async () => {
    edit("identities/agents/agent-code-review.yaml", 'expiresAt: "2027-03-31"', 'expiresAt: "2026-12-31T23:59:60Z"');
    const v = await runCli(["validate", "--repo", dir]);
    expect(v.code).toBe(1);
    expect(v.stderr).toContain(`identities/agents/agent-code-review.yaml:13:12: expiresAt is "2026-12-31T23:59:60Z", which is not a valid date: ${LEAP}\n  fix: write 2026-12-31T23:59:59Z, or the next minute, 2027-01-01T00:00:00Z\n`);
    const e = await runCli(["explain", "agent-code-review", "--repo", dir, "--now", "2027-01-05T09:00:00Z"]);
    expect(e.code).toBe(1);
    expect(e.stdout).toBe("");
    expect(e.stderr).toContain("agent-code-review.yaml:13:12");
  });

  for (const args of [["plan"], ["explain", "nikhil.rao"], ["resolve", "--out", "identities.snapshot"], ["nhi", "report"]]) {
    it(`in --now is refused by ${args[0]} like any other bad --now, not an unexpected failure`, async () => {
      const r = await runCli([...args, "--repo", dir, "--now", "2026-12-31T23:59:60Z"]);
      expect(r).toEqual({ code: 1, stdout: "", stderr: `error: --now "2026-12-31T23:59:60Z" is not a date: ${LEAP}\n  fix: write 2026-12-31T23:59:59Z, or the next minute, 2027-01-01T00:00:00Z\n` });
    });
  }

  it("in a state file's readAt is refused, not shown as a state NaN days old", async () => {
    edit("examples/state/crm.json", '"readAt": "2026-11-26T06:10:00Z"', '"readAt": "2026-11-26T23:59:60Z"');
    const r = await runCli(["plan", "--repo", dir, "--now", EXAMPLE_NOW]);
    expect(r).toEqual({ code: 1, stdout: "", stderr: `error: target "crm": examples/state/crm.json:4:13: readAt "2026-11-26T23:59:60Z" is not a date: ${LEAP}\n  fix: write 2026-11-26T23:59:59Z, or the next minute, 2026-11-27T00:00:00Z\n` });
  });

  it("in a source's options.exportedAt is refused at its line in scopesync.yaml", async () => {
    edit("scopesync.yaml", 'exportedAt: "2026-11-26T06:00:00Z"', 'exportedAt: "2026-11-26T23:59:60Z"');
    for (const args of [["validate"], ["plan", "--now", EXAMPLE_NOW]]) {
      const r = await runCli([...args, "--repo", dir]);
      expect(r, args[0]).toEqual({ code: 1, stdout: "", stderr: `error: source "hr": scopesync.yaml:31:19: options.exportedAt "2026-11-26T23:59:60Z" is not a date-time: ${LEAP}\n  fix: Write 2026-11-26T23:59:59Z, or the next minute, 2026-11-27T00:00:00Z.\n` });
    }
  });
});

describe("options.exportedAt that is not a date-time", () => {
  it("is refused at its line, with a fix that asks for what it takes (a date alone is not enough)", async () => {
    const { dir, cleanup } = copyExample();
    try {
      const path = join(dir, "scopesync.yaml");
      writeFileSync(path, readFileSync(path, "utf8").replace('exportedAt: "2026-11-26T06:00:00Z"', 'exportedAt: "2026-11-26"'));
      const r = await runCli(["validate", "--repo", dir]);
      expect(r).toEqual({ code: 1, stdout: "", stderr: 'error: source "hr": scopesync.yaml:31:19: options.exportedAt "2026-11-26" is not a date-time (a date alone has no time of day)\n  fix: Write it as an RFC 3339 date-time with a time zone, e.g. 2025-03-01T06:00:00Z.\n' });
    } finally {
      cleanup();
    }
  });
});
