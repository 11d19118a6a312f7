// plan --base when the pull request changes how a source is read (rv34 finding 2): the base's
// desired state is made from the same export read with the base's scopesync.yaml entry, so what
// the pull request's source configuration does is its own (origin pr, a reason that says the
// configuration changed), the revocations it cancels are named, and where the base cannot read
// the source the plan says so. Real git repositories in temp dirs, the real CLI.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SimpleGit } from "simple-git";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/compile.js";
import { filesAtRevision } from "../../src/config/git-files.js";
import { workingTree } from "../../src/config/repo-files.js";
import { ScopesyncError } from "../../src/model/errors.js";
import type { Plan } from "../../src/plan/plan.js";
import { repoOnBranch as repoOnBranchOf } from "../helpers/branch-repo.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const NOW = "2026-11-26T09:00:00Z";

// Status values as Personio documents an employee's status: "active", "onboarding", "leave",
// "inactive" (https://developer.personio.de/changelog/employee-api-added-status-and-supervisor_id-fields).
// fiona is on leave (her ERP account disabled), milton left (inactive, his account still active).
// The login column is a custom attribute of the export.
const EXPORT = `id,login,email,first_name,last_name,status,department,position
E1,fiona.vance,fiona.vance@initech.example,Fiona,Vance,leave,Finance,Controller
E2,bill.lumbergh,bill.lumbergh@initech.example,Bill,Lumbergh,active,Finance,CFO
E3,milton.waddams,milton.waddams@initech.example,Milton,Waddams,inactive,Finance,Accountant
`;

const CONFIG = `version: 1
organisation: initech
sources:
  hr:
    type: csv
    path: exports/personio.csv
    authoritative: [name, department, title, status, employeeId]
    gates: { required: [externalId, userName, status], minRecords: 1 }
    options:
      exportedAt: "2026-11-26T06:00:00Z"
      columns: { externalId: id, employeeId: id, userName: login, email: email, givenName: first_name, familyName: last_name, status: status, department: department, title: position }
      statusValues:
        active: active
        onboarding: active
        leave: suspended
        inactive: terminated
targets:
  erp:
    type: file
    path: state/erp.json
safety:
  default:
    deletes: { count: 50, percent: 100 }
    disables: { count: 50, percent: 100 }
    removals: { count: 50, percent: 100 }
    changes: { count: 500, percent: 100 }
`;

const FILES: Record<string, string> = {
  "scopesync.yaml": CONFIG,
  "exports/personio.csv": EXPORT,
  "state/erp.json": JSON.stringify({
    formatVersion: 1,
    accounts: [
      { id: "1", login: "fiona.vance", externalId: "hr:E1", active: false, disabledAt: "2026-10-01T00:00:00Z", attributes: {}, entitlements: [] },
      { id: "2", login: "bill.lumbergh", externalId: "hr:E2", active: true, attributes: {}, entitlements: ["group:finance", "group:payment-approvers"] },
      { id: "3", login: "milton.waddams", externalId: "hr:E3", active: true, attributes: {}, entitlements: ["group:finance"] },
    ],
    credentials: [],
  }),
  "identities/groups/finance.yaml": "kind: Group\nid: finance\nowners: [bill.lumbergh]\nbirthright: [ { kinds: [person], where: { department: Finance } } ]\n",
  "identities/groups/payment-approvers.yaml": "kind: Group\nid: payment-approvers\nprivileged: true\nowners: [bill.lumbergh]\nmembers:\n  - { identity: bill.lumbergh, reason: CFO }\n  - { identity: fiona.vance, reason: Controller }\n",
  "policies/apps/erp.yaml": 'kind: AppPolicy\nid: erp\ntarget: erp\nscope: { include: [ { kinds: [person], where: { department: Finance } } ] }\naccounts: { login: userName, onSuspended: disable }\nentitlements:\n  - { group: finance, entitlement: "group:finance" }\n  - { group: payment-approvers, entitlement: "group:payment-approvers" }\nonLeaveScope: disable\n',
};

const tempDir = tempDirs();

/** The repository committed on main, on a branch for the pull request's change. */
const repoOnBranch = () => repoOnBranchOf(tempDir("scopesync-base-source-"), FILES);

async function commitEdit(dir: string, git: SimpleGit, file: string, from: string, to: string): Promise<void> {
  const text = readFileSync(join(dir, file), "utf8");
  expect(text).toContain(from);
  writeFileSync(join(dir, file), text.replace(from, to));
  await git.add(".").commit(`edit ${file}`);
}

async function planJson(dir: string, base = true): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, ...(base ? ["--base", "main"] : []), "--format", "json", "--now", NOW]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

const line = (c: Plan["changes"][number]): string => [c.action, c.identity, c.entitlement, c.origin].filter(Boolean).join(" ");

describe("plan --base when the pull request changes how a source is read", () => {
  it("a status mapping that re-enables people on leave: the enable and the privileged grant are the pull request's, and say the configuration changed", async () => {
    const { dir, git } = await repoOnBranch();
    // On main the plan makes nothing for fiona: she is on leave and her account is disabled.
    await git.checkout("main");
    expect((await planJson(dir, false)).changes.filter((c) => c.identity === "fiona.vance")).toEqual([]);
    await git.checkout("pr");
    await commitEdit(dir, git, "scopesync.yaml", "leave: suspended", "leave: active");
    const plan = await planJson(dir);
    // milton's leaving is the export's doing, as at main: origin source, the planner's reason.
    expect(plan.changes.map(line)).toEqual(["enable-account fiona.vance pr", "grant fiona.vance group:finance pr", "grant fiona.vance group:payment-approvers pr", "revoke milton.waddams group:finance source", "disable-account milton.waddams source"]);
    expect(plan.changes[3]!.reason).toBe("left the organisation (status terminated in hr)");
    const fiona = plan.changes.filter((c) => c.identity === "fiona.vance");
    for (const c of fiona) {
      expect(c.reason).toMatch(/^source configuration changed in this pull request \(sources\.hr changed at scopesync\.yaml:\d+\): fiona\.vance: status suspended at main, active here; as this pull request reads it: /);
    }
    expect(fiona[0]!.reason).toContain("as this pull request reads it: rehire: hr:E1 is active again");
    // The comment files them under this pull request's changes, not under the sources'.
    const md = await runCli(["plan", "--repo", dir, "--base", "main", "--format", "markdown", "--now", NOW]);
    expect(md.stdout).toMatch(/^Where the changes come from: \*\*3\*\* this PR · \*\*2\*\* source$/m);
    // explain --base gives the same origin and reason.
    const explained = await runCli(["explain", "fiona.vance", "--repo", dir, "--base", "main", "--now", NOW]);
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain("grant group:payment-approvers (pr, privileged): source configuration changed in this pull request (sources.hr changed at scopesync.yaml:");
    // Same inputs, same plan, byte for byte.
    const again = await runCli(["plan", "--repo", dir, "--base", "main", "--format", "json", "--now", NOW]);
    expect(again.stdout).toBe(JSON.stringify(plan, null, 2) + "\n");
  });

  it("a status mapping that reads leavers as active: the revocations the base makes and the pull request cancels are named", async () => {
    const { dir, git } = await repoOnBranch();
    await git.checkout("main");
    expect((await planJson(dir, false)).changes.map(line)).toEqual(["revoke milton.waddams group:finance source", "disable-account milton.waddams source"]);
    await git.checkout("pr");
    await commitEdit(dir, git, "scopesync.yaml", "inactive: terminated", "inactive: active");
    const plan = await planJson(dir);
    expect(plan.changes).toEqual([]);
    const cancelled = plan.findings.filter((f) => f.rule === "pr-cancels-revocations");
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]).toMatchObject({ severity: "warning", target: "erp" });
    expect(cancelled[0]!.message).toBe("this pull request cancels 2 revocations that main's desired state makes on erp: revoke milton.waddams group:finance (left the organisation (status terminated in hr)); disable-account milton.waddams (left the organisation (status terminated in hr))");
    // Without --base there is no base to compare with, and nothing is said.
    expect((await planJson(dir, false)).findings.some((f) => f.rule === "pr-cancels-revocations")).toBe(false);
  });

  it("a moved export: the base reads its own copy from git; one the base can no longer read anywhere: the plan says so, and the source's changes are the pull request's", async () => {
    const { dir, git } = await repoOnBranch();
    await git.mv("exports/personio.csv", "exports/workers.csv");
    await commitEdit(dir, git, "scopesync.yaml", "path: exports/personio.csv", "path: exports/workers.csv");
    // main's export is in git at main: read from there, milton's leaving is the export's doing, as at main.
    const moved = await planJson(dir);
    expect(moved.changes.map(line)).toEqual(["revoke milton.waddams group:finance source", "disable-account milton.waddams source"]);
    expect(moved.findings.find((f) => f.rule === "export-edited-in-pr")!.message).toContain('this PR edits the source export exports/personio.csv (source "hr"): no record reads otherwise than in main\'s copy');
    // An export main does not commit (fetched before each plan) and the pull request renames: nowhere to read main's.
    await git.checkout("main");
    await git.rm(["--cached", "exports/personio.csv"]);
    await git.commit("stop committing the export");
    await git.checkout(["-b", "rename"]);
    renameSync(join(dir, "exports/personio.csv"), join(dir, "exports/workers.csv"));
    await commitEdit(dir, git, "scopesync.yaml", "path: exports/personio.csv", "path: exports/workers.csv");
    const plan = await planJson(dir);
    expect(plan.changes.map(line)).toEqual(["revoke milton.waddams group:finance pr", "disable-account milton.waddams pr"]);
    const unread = plan.findings.find((f) => f.rule === "source-unread-at-base");
    expect(unread).toMatchObject({ severity: "warning", location: "scopesync.yaml:5" });
    expect(unread!.message).toContain('source "hr" could not be read with its configuration at main (source "hr": scopesync.yaml:6:11: export file not found: exports/personio.csv)');
    expect(plan.blocked).toBe(false);
  });

  it("a source the pull request adds: the base does not read it, and the plan says so", async () => {
    const { dir, git } = await repoOnBranch();
    writeFileSync(join(dir, "exports/contractors.csv"), "id,login,email,first_name,last_name,status,department,position\nC1,peter.gibbons,peter.gibbons@initech.example,Peter,Gibbons,active,Finance,Analyst\n");
    await commitEdit(dir, git, "scopesync.yaml", "targets:\n", "  contractors:\n    type: csv\n    path: exports/contractors.csv\n    options:\n      exportedAt: \"2026-11-26T06:00:00Z\"\n      columns: { externalId: id, userName: login, email: email, givenName: first_name, familyName: last_name, status: status, department: department, title: position }\ntargets:\n");
    const plan = await planJson(dir);
    expect(plan.changes.filter((c) => c.identity === "peter.gibbons").map(line)).toEqual(["create-account peter.gibbons pr", "grant peter.gibbons group:finance pr"]);
    const added = plan.findings.find((f) => f.rule === "source-added-in-pr");
    expect(added).toMatchObject({ severity: "info", message: 'source "contractors" is new in this pull request: main does not read it, so every change its records cause counts as this pull request\'s' });
    expect(added!.location).toMatch(/^scopesync\.yaml:\d+$/);
    // Its changes say that the source configuration changed: the base gives no such identity.
    expect(plan.changes.find((c) => c.identity === "peter.gibbons")!.reason).toMatch(/^source configuration changed in this pull request \(sources\.contractors added at scopesync\.yaml:\d+\): main's configuration gives no identity peter\.gibbons \(contractors:C1\)/);
  });

  it("resolve --base, plan --target and plan merge give the one-process plan, byte for byte", async () => {
    const { dir, git } = await repoOnBranch();
    await commitEdit(dir, git, "scopesync.yaml", "leave: suspended\n        inactive: terminated", "leave: active\n        inactive: active");
    const one = await runCli(["plan", "--repo", dir, "--base", "main", "--format", "json", "--now", NOW]);
    const snapshot = join(dir, ".identities.snapshot");
    const shard = join(dir, ".erp.shard.json");
    expect((await runCli(["resolve", "--repo", dir, "--base", "main", "--out", snapshot, "--now", NOW])).code).toBe(0);
    expect((await runCli(["plan", "--repo", dir, "--target", "erp", "--identities", snapshot, "--out", shard])).code).toBe(0);
    const merged = await runCli(["plan", "merge", shard, "--repo", dir, "--identities", snapshot, "--format", "json"]);
    expect(merged.stderr).toBe("");
    expect(merged.stdout).toBe(one.stdout);
    const plan = JSON.parse(merged.stdout) as Plan;
    expect(plan.changes.map(line)).toEqual(["enable-account fiona.vance pr", "grant fiona.vance group:finance pr", "grant fiona.vance group:payment-approvers pr"]);
    expect(plan.changes[0]!.reason).toMatch(/^source configuration changed in this pull request/);
    expect(plan.findings.map((f) => f.rule)).toContain("pr-cancels-revocations");
  });

  it("the memory budget weighs an export the base reads again: its records are held twice while the base resolves", async () => {
    const { dir, git } = await repoOnBranch();
    const budget = async (): Promise<string> => {
      // A heap far too small for anything: the refusal names what it weighed.
      const refused = compile({ repoDir: dir, files: workingTree(dir), env: {}, now: Date.parse(NOW), heapLimit: 2 ** 20, baseFiles: { ref: "main", files: await filesAtRevision(dir, "main") } });
      await expect(refused).rejects.toBeInstanceOf(ScopesyncError);
      return ((await refused.catch((e: unknown) => e)) as Error).message;
    };
    expect(await budget()).not.toContain("read again");
    await commitEdit(dir, git, "scopesync.yaml", "leave: suspended", "leave: active");
    expect(await budget()).toMatch(/resolved a second time with the base revision's files, \d+ [KMG]?B of them read again as the base's scopesync\.yaml reads them/);
  });

  it("a pull request that changes policy only: nothing is read again, and the reasons stay the planner's", async () => {
    const { dir, git } = await repoOnBranch();
    await commitEdit(dir, git, "identities/groups/payment-approvers.yaml", "  - { identity: fiona.vance, reason: Controller }\n", "  - { identity: fiona.vance, reason: Controller }\n  - { identity: milton.waddams, reason: backup }\n");
    const plan = await planJson(dir);
    // milton still leaves (the sources' doing); nothing of his is the pull request's.
    expect(plan.changes.map(line)).toEqual(["revoke milton.waddams group:finance source", "disable-account milton.waddams source"]);
    expect(plan.changes.every((c) => !c.reason.startsWith("source configuration changed"))).toBe(true);
    // Only the info that this repository has no snapshot (its movers would be drift): nothing about the source being read again.
    expect(plan.findings.filter((f) => f.rule.startsWith("source-") || f.rule.startsWith("pr-")).map((f) => `${f.severity} ${f.rule}`)).toEqual(["info source-no-snapshot"]);
  });
});
