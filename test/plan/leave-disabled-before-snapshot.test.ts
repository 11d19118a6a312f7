// The daily sync disables a person the day HR puts them on leave, and the snapshot that says so is
// accepted only when someone merges the sync's pull request. While the accepted snapshot still had
// them active, the plan that first saw them leave (dropped from the export, or terminated with a
// date backdated to the leave's first day) counted the delete grace from the leave's disable and
// deleted the account at once, with no gone-while-on-leave (rv112 H1). The journal's line of that
// disable ("suspended in hr") now counts as the leave (src/plan/leaving-since.ts EarlierDisable).
// Real git repository, file target, daily plans and applies with --now advancing.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { simpleGit } from "simple-git";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { editFile } from "../helpers/example-copy.js";
import { repoOnBranch } from "../helpers/branch-repo.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();

const config = (exportedAt: string) => `version: 1
organisation: example
sources:
  hr:
    type: csv
    path: exports/hr.csv
    authoritative: [name, department, title, manager, employmentType, status, employeeId]
    gates: { required: [externalId, userName, status], minRecords: 1, maxChurn: "50%", churnFloor: 3 }
    options:
      exportedAt: "${exportedAt}"
      statusValues: { Active: active, Leave: suspended, Terminated: terminated }
correlation: { keys: [anchor, employeeId, email], precedence: [hr] }
targets:
  local: { type: file, path: state/local.json }
apply: { unreviewed: revocations-only }
`;

const POLICY = `kind: AppPolicy
id: local
target: local
scope: { include: [ { kinds: [person] } ] }
accounts: { login: userName, onSuspended: disable }
entitlements: [ { group: everyone, entitlement: "group:everyone" } ]
onLeaveScope: delete
deleteGracePeriod: 30d
`;

const HEADER = "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate";

/** sam.roe's row as HR gives it that day: `gone` leaves it out (the report drops people on leave). */
function hr(sam: "Active" | "Leave" | "gone" | { terminated: string }): string {
  const row = (status: string, date = "") => `E101,sam.roe,Sam,Roe,sam.roe@example.com,${status},Employee,Engineer,Engineering,E100,2025-01-13,${date}`;
  const samRow = sam === "gone" ? [] : typeof sam === "string" ? [row(sam)] : [row("Terminated", sam.terminated)];
  return `${[HEADER, "E100,alex.doe,Alex,Doe,alex.doe@example.com,Active,Employee,Manager,Engineering,,2024-03-01,", ...samRow, "E102,kim.poe,Kim,Poe,kim.poe@example.com,Active,Employee,Designer,Engineering,E100,2025-06-02,"].join("\n")}\n`;
}

/** The day's export of `sam`, exported at 06:00 that day. */
function exportDay(dir: string, day: string, sam: Parameters<typeof hr>[0]): void {
  writeFileSync(join(dir, "exports/hr.csv"), hr(sam));
  writeFileSync(join(dir, "scopesync.yaml"), config(`${day}T06:00:00Z`));
}

async function cli(dir: string, ...args: string[]): Promise<string> {
  const r = await runCli([...args, "--repo", dir]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

const plan = async (dir: string, day: string) => JSON.parse(await cli(dir, "plan", "--format", "json", "--now", `${day}T09:00:00Z`)) as Plan;
const apply = (dir: string, day: string) => cli(dir, "apply", "--auto-approve", "--allow-any-now", "--now", `${day}T09:00:00Z`);
const samChanges = (p: Plan) => p.changes.filter((c) => c.identity === "sam.roe").map((c) => c.action);
const samAccount = (dir: string) => (JSON.parse(readFileSync(join(dir, "state/local.json"), "utf8")) as { accounts: Array<{ login: string; active: boolean; disabledAt?: string }> }).accounts.find((a) => a.login === "sam.roe");

/** Accepts the day's snapshot: the sync's pull request merged. */
async function acceptSnapshot(dir: string, day: string): Promise<void> {
  await cli(dir, "snapshot", "--now", `${day}T09:30:00Z`);
  await simpleGit({ baseDir: dir }).add(".").commit(`snapshot ${day}`);
}

/**
 * Day 1 (2026-01-05) everyone active, accounts made, snapshot accepted; day 2 Sam on leave, the
 * sync disables the account and its snapshot is not accepted; the sync runs daily to day 5.
 */
async function samOnLeaveSnapshotActive(): Promise<string> {
  const { dir } = await repoOnBranch(tempDir("scopesync-leave-unmerged-"), {
    "scopesync.yaml": config("2026-01-05T06:00:00Z"),
    "exports/hr.csv": hr("Active"),
    "policies/apps/local.yaml": POLICY,
    "identities/groups/everyone.yaml": "kind: Group\nid: everyone\ndescription: every person\nbirthright:\n  - kinds: [person]\n",
    "state/local.json": '{"formatVersion":1,"accounts":[],"credentials":[]}\n',
  });
  await apply(dir, "2026-01-05");
  await acceptSnapshot(dir, "2026-01-05");
  for (const day of ["2026-01-06", "2026-01-07", "2026-01-08"]) {
    exportDay(dir, day, "Leave");
    await apply(dir, day);
  }
  expect(samAccount(dir)).toMatchObject({ active: false, disabledAt: "2026-01-06T09:00:00.000Z" });
  expect(readFileSync(join(dir, ".scopesync/journal.jsonl"), "utf8")).toContain('"why":"suspended in hr"');
  return dir;
}

describe("a person on leave whose accepted snapshot predates the leave, then leaves", () => {
  for (const [variant, sam] of [
    ["dropped from the export", "gone"],
    ["terminated, backdated to the leave's first day", { terminated: "2026-01-06" }],
  ] as const) {
    it(`${variant}: no delete in the daily plans until a snapshot says when they left; deleted 30 days after that`, async () => {
      const dir = await samOnLeaveSnapshotActive();
      // Five weeks on. Each daily sync plans and applies; nobody merged a snapshot since day 1.
      for (const day of ["2026-02-14", "2026-02-15"]) {
        exportDay(dir, day, sam);
        const p = await plan(dir, day);
        expect(samChanges(p), day).toEqual([]);
        await apply(dir, day);
        expect(samAccount(dir), day).toMatchObject({ active: false });
      }
      // The sync's pull request is merged: the snapshot says when they left (departed, terminatedSeen).
      await acceptSnapshot(dir, "2026-02-15");
      exportDay(dir, "2026-03-16", sam);
      expect(samChanges(await plan(dir, "2026-03-16"))).toEqual([]);
      exportDay(dir, "2026-03-17", sam);
      const due = await plan(dir, "2026-03-17");
      expect(due.changes.filter((c) => c.identity === "sam.roe").map((c) => [c.action, c.reason.replace(/^.*?; /, "")])).toEqual([
        ["delete-account", `a leaver since 2026-02-15T00:00:00.000Z (${sam === "gone" ? "gone from the source deciding their status since" : "first seen terminated on"} 2026-02-15), disabled since 2026-01-06T09:00:00.000Z, past the 30d grace period of policies/apps/local.yaml:1`],
      ]);
      await apply(dir, "2026-03-17");
      expect(samAccount(dir)).toBeUndefined();
    });
  }

  it("dropped from the export: gone-while-on-leave names the journal line of the leave's disable", async () => {
    const dir = await samOnLeaveSnapshotActive();
    exportDay(dir, "2026-02-14", "gone");
    const p = await plan(dir, "2026-02-14");
    expect(p.findings.filter((f) => f.identity === "sam.roe").map((f) => [f.rule, f.message.replace(/journal\.jsonl:\d+/, "journal.jsonl:N")])).toContainEqual([
      "gone-while-on-leave",
      'sam.roe (hr:E101) was on leave when scopesync disabled their local account (.scopesync/journal.jsonl:N) and is no longer in source "hr": taken as a leaver from this plan; their local account is offboarded, and deleted only after its 30d grace period counted from today',
    ]);
  });

  for (const [how, journal] of [
    ["disabled by hand (no journal line)", () => ""],
    ["disabled by an older scopesync (its lines have no why)", (lines: string) => lines.replace(/"why":"(?:[^"\\]|\\.)*",/g, "")],
  ] as const) {
    it(`an account ${how} while the snapshot had them active: not deleted the day the termination is seen`, async () => {
      const dir = await samOnLeaveSnapshotActive();
      editFile(join(dir, ".scopesync/journal.jsonl"), journal);
      expect(readFileSync(join(dir, ".scopesync/journal.jsonl"), "utf8")).not.toContain("suspended in hr");
      exportDay(dir, "2026-02-14", { terminated: "2026-01-06" });
      expect(samChanges(await plan(dir, "2026-02-14"))).toEqual([]);
      const explain = await cli(dir, "explain", "sam.roe", "--app", "local", "--now", "2026-02-14T09:00:00Z");
      expect(explain).toContain("before the leaving (disabled first, for no reason the apply journal records: by hand, by an older scopesync, or with no journal), so the 30d grace period counts from the leaving, 2026-02-14T09:00:00.000Z");
    });
  }

  it("a leaver the sync disabled the day they left, with no snapshot accepted since: deleted past the grace counted from that disable", async () => {
    const dir = await samOnLeaveSnapshotActive();
    // kim.poe leaves on 2026-01-08; the daily sync disables her account that day (a leaving, in the journal).
    editFile(join(dir, "exports/hr.csv"), (t) => t.replace("E102,kim.poe,Kim,Poe,kim.poe@example.com,Active,Employee,Designer,Engineering,E100,2025-06-02,", "E102,kim.poe,Kim,Poe,kim.poe@example.com,Terminated,Employee,Designer,Engineering,E100,2025-06-02,2026-01-08"));
    await apply(dir, "2026-01-08");
    editFile(join(dir, "scopesync.yaml"), (t) => t.replace("2026-01-08T06:00:00Z", "2026-02-14T06:00:00Z"));
    const p = await plan(dir, "2026-02-14");
    expect(p.changes.filter((c) => c.identity === "kim.poe").map((c) => c.action)).toEqual(["delete-account"]);
  });
});
