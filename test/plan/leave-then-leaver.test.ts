// A person on leave is disabled when the leave begins and never deleted while on leave. When they
// then leave (dropped from the export, or marked terminated), the delete grace period used to count
// from that leave-time disable: the account was deleted the same day, with no grace and no word of
// the leave. It now counts from the leaving (src/plan/leaving-since.ts).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { editFile } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const HEADER = "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate";
const tempDir = tempDirs();

/** Twelve workers; oz.kaya (W12) on leave since August, his account disabled then; leavers deleted 30 days after their disable. */
function repoWithOzOnLeave(withDirectory = false): string {
  const dir = tempDir("scopesync-leave-then-leaver-");
  for (const sub of ["policies/apps", "identities/groups", "state/sources", "exports"]) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(
    join(dir, "scopesync.yaml"),
    [
      "version: 1",
      "organisation: test",
      "sources:",
      "  hr:",
      "    type: csv",
      "    path: exports/hr.csv",
      "    snapshot: state/sources/hr.json",
      "    authoritative: [name, status, terminationDate]",
      '    gates: { required: [externalId, userName, status], minRecords: 8, maxChurn: "10%" }',
      "    options:",
      '      exportedAt: "2026-11-26T06:00:00Z"',
      "      statusValues: { Active: active, Leave of Absence: suspended, Terminated: terminated }",
      // A directory that still lists a person HR dropped (it follows HR a day or more later).
      ...(withDirectory
        ? [
            "  dir:",
            "    type: csv",
            "    path: exports/dir.csv",
            "    snapshot: state/sources/dir.json",
            "    authoritative: []",
            '    gates: { minRecords: 8, maxChurn: "10%" }',
            "    options:",
            '      exportedAt: "2026-11-26T06:00:00Z"',
            "      columns: { externalId: uid, userName: login, email: mail, status: state }",
            "      statusValues: { enabled: active, disabled: suspended }",
            "correlation: { keys: [anchor, employeeId, email], precedence: [hr, dir] }",
          ]
        : []),
      "targets:",
      "  app: { type: file, path: state/app.json }",
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(dir, "policies/apps/app.yaml"),
    ["kind: AppPolicy", "id: app", "target: app", "description: People on leave are disabled; leavers deleted 30 days after.", "scope: { include: [ { kinds: [person] } ] }", "accounts: { login: userName, onSuspended: disable }", 'entitlements: [ { group: everyone, entitlement: "group:everyone" } ]', "onLeaveScope: delete", "deleteGracePeriod: 30d", ""].join("\n"),
  );
  writeFileSync(join(dir, "identities/groups/everyone.yaml"), "kind: Group\nid: everyone\ndescription: every person\nbirthright:\n  - kinds: [person]\n");
  const rows = Array.from({ length: 11 }, (_, k) => `W${k + 1},user${k + 1},User,N${k + 1},user${k + 1}@example.com,Active,Employee,Engineer,Engineering,,2020-01-06,`);
  writeHr(dir, [...rows, "W12,oz.kaya,Oz,Kaya,oz.kaya@example.com,Leave of Absence,Employee,Engineer,Engineering,W1,2019-05-01,"]);
  if (withDirectory) {
    const entries = Array.from({ length: 11 }, (_, k) => `d${k + 1},user${k + 1},user${k + 1}@example.com,enabled`);
    writeFileSync(join(dir, "exports/dir.csv"), `${["uid,login,mail,state", ...entries, "d12,oz.kaya,oz.kaya@example.com,disabled"].join("\n")}\n`);
  }
  const accounts = Array.from({ length: 11 }, (_, k) => ({ id: `u-${k + 1}`, login: `user${k + 1}`, externalId: `hr:W${k + 1}`, active: true, attributes: {}, entitlements: ["group:everyone"] }));
  accounts.push({ id: "u-12", login: "oz.kaya", externalId: "hr:W12", active: false, attributes: {}, entitlements: [], disabledAt: "2026-08-01T00:00:00Z" } as (typeof accounts)[number]);
  writeFileSync(join(dir, "state/app.json"), JSON.stringify({ formatVersion: 1, target: "app", readAt: "2026-11-26T06:00:00Z", accounts }, null, 2));
  return dir;
}

function writeHr(dir: string, rows: string[]): void {
  writeFileSync(join(dir, "exports/hr.csv"), `${[HEADER, ...rows].join("\n")}\n`);
}

function editHr(dir: string, edit: (rows: string[]) => string[]): void {
  const [, ...rows] = readFileSync(join(dir, "exports/hr.csv"), "utf8").trimEnd().split("\n");
  writeHr(dir, edit(rows));
}

async function plan(dir: string, now: string): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", now]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

const ozChanges = (p: Plan) => p.changes.filter((c) => c.identity === "oz.kaya").map((c) => [c.action, c.reason]);

describe("a person on leave who then leaves", () => {
  it("dropped from the export: not deleted by the plan that first sees it, said; deleted 30 days after the snapshot first kept them as gone", async () => {
    const dir = repoWithOzOnLeave();
    expect((await runCli(["snapshot", "--repo", dir, "--now", "2026-11-25T09:00:00Z"])).code).toBe(0);
    editHr(dir, (rows) => rows.filter((r) => !r.startsWith("W12,")));

    const first = await plan(dir, "2026-11-26T09:00:00Z");
    expect(ozChanges(first)).toEqual([]);
    expect(first.findings.filter((f) => f.identity === "oz.kaya").map((f) => [f.rule, f.severity, f.message])).toEqual([
      ["gone-while-on-leave", "warning", 'oz.kaya (hr:W12) was on leave at the last accepted snapshot and is no longer in source "hr": taken as a leaver from this plan; their app account is offboarded, and deleted only after its 30d grace period counted from today'],
    ]);

    // The reviewer accepts the day's snapshot: it keeps him as a leaver gone from every source, departed today.
    expect((await runCli(["snapshot", "--repo", dir, "--now", "2026-11-26T09:00:00Z"])).code).toBe(0);
    expect(ozChanges(await plan(dir, "2026-12-20T09:00:00Z"))).toEqual([]);
    expect(ozChanges(await plan(dir, "2026-12-27T09:00:00Z"))).toEqual([
      ["delete-account", 'hr:W12 is no longer in source "hr" (the export passed its gates (required, minRecords 8, maxChurn 10%) and the built-in checks); a leaver since 2026-11-26T00:00:00.000Z (gone from the source deciding their status since 2026-11-26), disabled since 2026-08-01T00:00:00Z, past the 30d grace period of policies/apps/app.yaml:1'],
    ]);
  });

  it("dropped by HR while a directory still lists them: the grace counts from the day HR dropped them, not from the leave's disable, after the snapshot is accepted too", async () => {
    const dir = repoWithOzOnLeave(true);
    expect((await runCli(["snapshot", "--repo", dir, "--now", "2026-11-25T09:00:00Z"])).code).toBe(0);
    editHr(dir, (rows) => rows.filter((r) => !r.startsWith("W12,")));
    expect(ozChanges(await plan(dir, "2026-11-26T09:00:00Z"))).toEqual([]);
    // The day's snapshot keeps him as a leaver (departed-still-exported), departed the 26th.
    expect((await runCli(["snapshot", "--repo", dir, "--now", "2026-11-26T09:00:00Z"])).code).toBe(0);
    expect(ozChanges(await plan(dir, "2026-11-27T09:00:00Z"))).toEqual([]);
    expect((await plan(dir, "2026-12-27T09:00:00Z")).changes.filter((c) => c.identity === "oz.kaya").map((c) => c.action)).toEqual(["delete-account"]);
  });

  it("marked terminated: the grace counts from the termination date", async () => {
    const dir = repoWithOzOnLeave();
    editHr(dir, (rows) => rows.map((r) => (r.startsWith("W12,") ? r.replace("Leave of Absence", "Terminated").replace(/,$/, ",2026-11-20") : r)));
    expect(ozChanges(await plan(dir, "2026-11-26T09:00:00Z"))).toEqual([]);
    expect(ozChanges(await plan(dir, "2026-12-21T09:00:00Z"))).toEqual([
      ["delete-account", "left the organisation on 2026-11-20 (status terminated in hr); a leaver since 2026-11-20T00:00:00.000Z (left on 2026-11-20), disabled since 2026-08-01T00:00:00Z, past the 30d grace period of policies/apps/app.yaml:1"],
    ]);
  });

  it("terminated with a date backdated to the day the leave began: the grace counts from the day a snapshot first had them terminated", async () => {
    const dir = repoWithOzOnLeave();
    expect((await runCli(["snapshot", "--repo", dir, "--now", "2026-11-25T09:00:00Z"])).code).toBe(0);
    editHr(dir, (rows) => rows.map((r) => (r.startsWith("W12,") ? r.replace("Leave of Absence", "Terminated").replace(/,$/, ",2026-08-01") : r)));
    expect(ozChanges(await plan(dir, "2026-11-26T09:00:00Z"))).toEqual([]);
    expect((await runCli(["snapshot", "--repo", dir, "--now", "2026-11-26T09:00:00Z"])).code).toBe(0);
    const accepted = JSON.parse(readFileSync(join(dir, "state/sources/hr.json"), "utf8")) as { records: Array<{ externalId: string; terminatedSeen?: string }> };
    expect(accepted.records.find((r) => r.externalId === "W12")!.terminatedSeen).toBe("2026-11-26");
    expect(ozChanges(await plan(dir, "2026-12-20T09:00:00Z"))).toEqual([]);
    expect(ozChanges(await plan(dir, "2026-12-27T09:00:00Z"))).toEqual([
      ["delete-account", "left the organisation on 2026-08-01 (status terminated in hr); a leaver since 2026-11-26T00:00:00.000Z (first seen terminated on 2026-11-26), disabled since 2026-08-01T00:00:00Z, past the 30d grace period of policies/apps/app.yaml:1"],
    ]);
  });

  // Nothing says why the account was disabled (no journal: by hand) while the snapshot had them
  // active: a leave's disable looks the same, so the plan that first sees the leaving does not
  // delete (rv112 H1). A disable the journal records as the leaving's is deleted past its grace
  // with no newer snapshot (test/plan/leave-disabled-before-snapshot.test.ts).
  it("an ordinary leaver, active at the last accepted snapshot, whose account was disabled by hand long ago: not deleted the day the termination is seen; 30 days after the snapshot first had them terminated", async () => {
    const dir = repoWithOzOnLeave();
    expect((await runCli(["snapshot", "--repo", dir, "--now", "2026-11-25T09:00:00Z"])).code).toBe(0);
    // user5 left in August; their account was disabled then, by hand; HR marks them now.
    editHr(dir, (rows) => rows.map((r) => (r.startsWith("W5,") ? r.replace(",Active,", ",Terminated,").replace(/,$/, ",2026-08-18") : r)));
    editFile(join(dir, "state/app.json"), (t) => t.replace(/("login": "user5",\s*"externalId": "hr:W5",\s*"active": )true,/, '$1false, "disabledAt": "2026-08-18T00:00:00Z",'));
    const p = await plan(dir, "2026-11-26T09:00:00Z");
    expect(p.changes.filter((c) => c.identity === "user5").map((c) => c.action)).toEqual(["revoke"]);
    expect((await runCli(["snapshot", "--repo", dir, "--now", "2026-11-26T09:00:00Z"])).code).toBe(0);
    expect((await plan(dir, "2026-12-27T09:00:00Z")).changes.filter((c) => c.identity === "user5").map((c) => c.action)).toEqual(["revoke", "delete-account"]);
  });

  it("marked terminated without a date, while the accepted snapshot still has them on leave: not deleted by this plan", async () => {
    const dir = repoWithOzOnLeave();
    expect((await runCli(["snapshot", "--repo", dir, "--now", "2026-11-25T09:00:00Z"])).code).toBe(0);
    editHr(dir, (rows) => rows.map((r) => (r.startsWith("W12,") ? r.replace("Leave of Absence", "Terminated") : r)));
    expect(ozChanges(await plan(dir, "2026-11-26T09:00:00Z"))).toEqual([]);
  });
});

// `explain` for a leaver whose disabled account is past the grace period counted from its disable
// and is not deleted: the plan planned nothing and explain said only "offboard (leaver):
// credentials, then entitlements, then the account", so nobody could tell why the account
// lingered. It now says what becomes of the account and why (AccountOffboarding.offboard).
describe("explain: why a leaver's disabled account is not deleted", () => {
  const decision = async (dir: string, now: string) => {
    const r = await runCli(["explain", "oz.kaya", "--app", "app", "--repo", dir, "--now", now]);
    expect(r.stderr).toBe("");
    return r.stdout.split("\n").find((l) => l.startsWith("  decision: "));
  };

  it("on leave first: the grace counts from the leaving, and explain names the day the delete is planned from", async () => {
    const dir = repoWithOzOnLeave();
    editHr(dir, (rows) => rows.map((r) => (r.startsWith("W12,") ? r.replace("Leave of Absence", "Terminated").replace(/,$/, ",2026-11-20") : r)));
    expect(await decision(dir, "2026-11-26T09:00:00Z")).toBe(
      "  decision: offboard (leaver): credentials, then entitlements, then the account; the account is already disabled; not deleted yet: disabled since 2026-08-01T00:00:00Z, before the leaving (on leave first), so the 30d grace period counts from the leaving, 2026-11-20T00:00:00.000Z; the delete is planned from 2026-12-20T00:00:00.000Z (policies/apps/app.yaml:1)",
    );
    expect(await decision(dir, "2026-12-21T09:00:00Z")).toBe(
      "  decision: offboard (leaver): credentials, then entitlements, then the account; the account is already disabled; deleted: a leaver since 2026-11-20T00:00:00.000Z (left on 2026-11-20), disabled since 2026-08-01T00:00:00Z, past the 30d grace period (policies/apps/app.yaml:1)",
    );
  });

  it("still on leave: never deleted, however long the leave", async () => {
    const dir = repoWithOzOnLeave();
    expect(await decision(dir, "2026-11-26T09:00:00Z")).toBe(
      "  decision: offboard (suspended): credentials, then entitlements, then the account; the account is already disabled; not deleted: on leave (status suspended): however long the leave, the account waits, disabled, and the grace period counts only from the leaving",
    );
  });

  it("a policy that never deletes: said with its line", async () => {
    const dir = repoWithOzOnLeave();
    editFile(join(dir, "policies/apps/app.yaml"), (t) => t.replace("onLeaveScope: delete", "onLeaveScope: disable"));
    editHr(dir, (rows) => rows.map((r) => (r.startsWith("W12,") ? r.replace("Leave of Absence", "Terminated").replace(/,$/, ",2026-09-01") : r)));
    expect(await decision(dir, "2026-11-26T09:00:00Z")).toBe(
      "  decision: offboard (leaver): credentials, then entitlements, then the account; the account is already disabled; not deleted: policies/apps/app.yaml:1 says onLeaveScope: disable, not delete: its accounts are never deleted",
    );
  });
});
