// Whom the leavers report lists (rv80): it is the auditor's evidence, and a leaver left out is the
// worst thing it can do. On the bundled example (derek.walsh left on 2026-11-14, nothing applied):
// a leaver whose source gives no termination date (Okta, Google, a disabled directory account, a
// blank HR cell) and last month's leaver whose access is still held are listed whatever the period;
// the journal read is the one scopesync.yaml names, and a journal that is not there is said; a
// leaver who came back is still in the period they left in; steps under a renamed target's former
// name are the renamed target's; a target no longer configured is shown as such; a time with a
// zone offset is placed by its instant; lines that are no record are named.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { LeaversReport } from "../../src/model/leavers-report.js";
import { editFile, exampleForTest } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

const NOW = "2026-12-06T00:00:00Z";
const DEREK = { identity: "derek.walsh", account: "u-51081cf3c1b7", login: "derek.walsh", why: "left the organisation on 2026-11-14 (status terminated in hr)" };
const DANIEL = { identity: "daniel.reyes", account: "u-e8e94dccc66a", login: "daniel.reyes" };

const report = (dir: string, ...args: string[]) => runCli(["report", "leavers", "--repo", dir, "--now", NOW, "--format", "json", ...args]);
const parsed = (out: { stdout: string }) => JSON.parse(out.stdout) as LeaversReport;

/** A journal as apply writes one (each line a `done` or `failed` end), at `path` under the repository. */
function journal(dir: string, lines: ReadonlyArray<Record<string, unknown> | string>, path = ".scopesync/journal.jsonl"): void {
  mkdirSync(join(dir, path, ".."), { recursive: true });
  const base = { run: "r-1", review: "unreviewed-revocation", target: "local", attempts: 1 };
  writeFileSync(join(dir, path), `${lines.map((l, i) => (typeof l === "string" ? l : JSON.stringify({ ...base, change: `c${i}`, ...l }))).join("\n")}\n`);
}

describe("report leavers: leavers with something outstanding are listed whatever the period", () => {
  it("a leaver with no termination date, whom the plan still offboards, is listed and the report exits 2", async () => {
    const dir = exampleForTest();
    editFile(join(dir, "examples/exports/hr.csv"), (t) => t.replace(/^(W1025,.*),2026-11-14$/m, "$1,"));
    const out = await report(dir, "--since", "2020-01-01");
    expect(out.code, out.stderr).toBe(2);
    const derek = parsed(out).leavers.find((l) => l.identity === "derek.walsh")!;
    // 6 on the targets, 2 of demo-lab-provisioner, the Entra app he owned: its client secret and
    // the app itself, which no target switches off; and 3 the plan takes from svc-demo-provisioner,
    // which he owned too, on github (its OAuth client, its team, its account).
    expect(derek).toMatchObject({ status: "terminated", placed: "undated", outstanding: 11 });
    expect(derek.left.terminationDate).toBeUndefined();
    const md = await runCli(["report", "leavers", "--repo", dir, "--now", NOW, "--since", "2020-01-01"]);
    expect(md.stdout).toContain("# Outstanding from outside the period");
    expect(md.stdout).toMatch(/- no termination date: status terminated \(from hr examples\/exports\/hr\.csv row 25/);
  });

  it("a leaver of an earlier period whose access is still held is listed in a later one; once done, only their own period lists them", async () => {
    const dir = exampleForTest();
    const december = await report(dir, "--since", "2026-12-01");
    expect(december.code).toBe(2);
    expect(parsed(december).leavers.map((l) => [l.identity, l.placed, l.outstanding])).toEqual([["derek.walsh", "before", 11]]);
    // The offboarding applied, as the journal, the state files read since and the file target
    // (local: the file is the app) then show it: December has no one.
    const planned = JSON.parse((await runCli(["plan", "--repo", dir, "--now", NOW, "--format", "json"])).stdout) as { changes: Array<{ id: string; identity: string; target: string; action: string; account?: string; login?: string; entitlement?: string; credential?: string; reason: string }> };
    const applied = (c: (typeof planned.changes)[number]) => ({ at: "2026-11-20T10:00:00.000Z", target: c.target, action: c.action, change: c.id, ...(c.entitlement ? { entitlement: c.entitlement } : {}), ...(c.credential ? { credential: c.credential } : {}), phase: "done", outcome: "applied" });
    // His changes, and those of svc-demo-provisioner, the NHI he owned, which the plan quarantines on github.
    journal(dir, [
      ...planned.changes.filter((c) => c.identity === "derek.walsh").map((c) => ({ ...DEREK, ...applied(c) })),
      ...planned.changes.filter((c) => c.identity === "svc-demo-provisioner").map((c) => ({ identity: c.identity, account: c.account, login: c.login, why: c.reason, ...applied(c) })),
    ]);
    for (const file of ["crm", "github"]) editFile(join(dir, `examples/state/${file}.json`), (t) => t.replace(/"readAt": "[^"]*"/, '"readAt": "2026-11-19T00:00:00Z"'));
    editFile(join(dir, "examples/state/local.json"), (t) => JSON.stringify({ ...JSON.parse(t), accounts: (JSON.parse(t) as { accounts: Array<{ login: string }> }).accounts.map((a) => (a.login === "derek.walsh" ? { ...a, active: false, disabledAt: "2026-11-20T10:00:00.000Z", entitlements: [] } : a)) }));
    // What the targets held is done; the Entra app he owned still works (no target of its type), so he is still owed in December (svc-demo-provisioner, offboarded on github, is shown done once the journal records its changes).
    const done = await report(dir, "--since", "2026-12-01");
    expect(done.code, done.stdout).toBe(2);
    const derek = parsed(done).leavers.map((l) => [l.identity, l.placed, l.outstanding, l.targets.flatMap((t) => t.outstanding).length, l.nhis?.map((n) => n.nhi)]);
    expect(derek).toEqual([["derek.walsh", "before", 2, 0, ["demo-lab-provisioner", "svc-demo-provisioner"]]]);
    // svc-demo-provisioner's changes are done, each with the journal's time and line.
    const svc = parsed(done).leavers[0]!.nhis!.find((n) => n.nhi === "svc-demo-provisioner")!;
    expect(svc.targets!.map((t) => [t.target, t.outstanding, t.steps.map((s) => [s.action, s.at, s.result, s.line])])).toEqual([["github", [], [
      ["revoke-credential", "2026-11-20T10:00:00.000Z", "applied", ".scopesync/journal.jsonl:7"],
      ["revoke", "2026-11-20T10:00:00.000Z", "applied", ".scopesync/journal.jsonl:8"],
      ["disable-account", "2026-11-20T10:00:00.000Z", "applied", ".scopesync/journal.jsonl:9"],
    ]]]);
    expect(parsed(await report(dir, "--since", "2026-11-01")).leavers.map((l) => [l.identity, l.placed, l.outstanding])).toContainEqual(["derek.walsh", "in", 2]);
  });
});

describe("report leavers: the journal read", () => {
  it("reads scopesync.yaml's apply.journal, and says when the journal it reads is not there", async () => {
    const dir = exampleForTest();
    editFile(join(dir, "scopesync.yaml"), (t) => t.replace(/^  unreviewed: revocations-only$/m, "$&\n  journal: audit/journal.jsonl"));
    journal(dir, [{ identity: "old.contractor", account: "u-0000", login: "old.contractor", at: "2026-11-20T10:00:00.000Z", action: "disable-account", why: "left the organisation", phase: "done", outcome: "applied" }], "audit/journal.jsonl");
    const out = await report(dir, "--since", "2026-11-01");
    expect(out.stderr).toBe("");
    const r = parsed(out);
    expect(r.journal).toBe("audit/journal.jsonl");
    expect(r.journalMissing).toBeUndefined();
    expect(r.leavers.find((l) => l.identity === "old.contractor")).toMatchObject({ status: "gone", placed: "in" });

    const typo = await report(dir, "--since", "2026-11-01", "--journal", "audit/jurnal.jsonl");
    expect(typo.stderr).toContain("warning: there is no apply journal at audit/jurnal.jsonl (--journal)");
    expect(parsed(typo).journalMissing).toBe(true);
    const md = await runCli(["report", "leavers", "--repo", dir, "--now", NOW, "--since", "2026-11-01", "--journal", "audit/jurnal.jsonl"]);
    expect(md.stdout).toContain("⚠️ There is no file at <code>audit&#47;jurnal.jsonl</code>");
  });

  it("names the journal's lines that are no record, in the report and in explain --history", async () => {
    const dir = exampleForTest();
    journal(dir, [{ ...DEREK, at: "2026-12-01T10:00:00.000Z", action: "revoke", entitlement: "group:everyone", phase: "done", outcome: "applied" }, '{"at":"2026-12-01T10:00:01.000Z","identity":"derek.walsh","act', "null"]);
    const out = await report(dir, "--since", "2026-11-01");
    expect(out.stderr).toContain("warning: .scopesync/journal.jsonl:2, .scopesync/journal.jsonl:3 are not a whole journal record");
    expect(parsed(out).journalUnreadable).toEqual([2, 3]);
    const history = await runCli(["explain", "derek.walsh", "--history", "--repo", dir, "--now", NOW]);
    expect(history.stdout).toContain("warning: .scopesync/journal.jsonl:2, .scopesync/journal.jsonl:3 are not a whole journal record (cut off by a kill or a full disk, or edited by hand), so not read");
  });

  it("places steps by the instant their time names, not its text, in the report and in explain --history", async () => {
    const dir = exampleForTest();
    // Line 1 is 09:30Z; line 2, written with an offset, is 09:00Z: the earlier step.
    journal(dir, [
      { ...DEREK, at: "2026-12-01T09:30:00.000Z", action: "revoke", entitlement: "group:everyone", phase: "done", outcome: "applied" },
      { ...DEREK, at: "2026-12-01T10:00:00+01:00", action: "disable-account", phase: "failed", error: "timeout" },
    ]);
    const derek = parsed(await report(dir, "--since", "2026-11-01")).leavers.find((l) => l.identity === "derek.walsh")!;
    expect(derek.left.firstStep).toBe("2026-12-01T10:00:00+01:00");
    const out = (await runCli(["explain", "derek.walsh", "--history", "--app", "local", "--repo", dir, "--now", NOW])).stdout;
    const history = out.slice(out.indexOf("journal history ("));
    expect(history.indexOf("2026-12-01T10:00:00+01:00 disable-account")).toBeGreaterThan(-1);
    expect(history.indexOf("2026-12-01T10:00:00+01:00 disable-account")).toBeLessThan(history.indexOf("2026-12-01T09:30:00.000Z revoke"));
  });
});

describe("report leavers: a leaving stays in its period", () => {
  it("lists a leaver who came back for the period they left in, with nothing outstanding, and no mover", async () => {
    const dir = exampleForTest();
    const left = { ...DANIEL, why: "left the organisation on 2026-03-13 (status terminated in hr)", review: "reviewed", fingerprint: `sha256:${"b".repeat(64)}`, pr: 7 };
    journal(dir, [
      { ...left, at: "2026-03-14T07:00:01.000Z", action: "revoke", entitlement: "group:everyone", phase: "done", outcome: "applied" },
      { ...left, at: "2026-03-14T07:00:02.000Z", action: "disable-account", phase: "done", outcome: "applied" },
      { ...DANIEL, at: "2026-05-04T07:00:01.000Z", action: "enable-account", why: "active again in hr", phase: "done", outcome: "applied" },
      // A mover's revoke in March is no leaving: hana.sato is not listed.
      { identity: "hana.sato", account: "u-x", login: "hana.sato", at: "2026-03-20T07:00:00.000Z", action: "revoke", entitlement: "group:everyone", why: "mover: department Security → Sales; no longer in the scope of policies/apps/local.yaml:2", phase: "done", outcome: "applied" },
    ]);
    const out = await report(dir, "--since", "2026-03-01", "--until", "2026-03-31");
    const r = parsed(out);
    expect(r.leavers.map((l) => l.identity)).not.toContain("hana.sato");
    const daniel = r.leavers.find((l) => l.identity === "daniel.reyes")!;
    expect(daniel).toMatchObject({ status: "returned", placed: "in", outstanding: 0 });
    expect(daniel.targets.find((t) => t.target === "local")!.steps.map((s) => [s.action, s.result, s.pr])).toEqual([["revoke", "applied", 7], ["disable-account", "applied", 7]]);
    const md = await runCli(["report", "leavers", "--repo", dir, "--now", NOW, "--since", "2026-03-01", "--until", "2026-03-31"]);
    expect(md.stdout).toContain("## daniel.reyes ✅");
    expect(md.stdout).toContain("- the sources do not call them terminated now (they came back, or their login went to someone new)");
    // Not in a period without his leaving's steps.
    expect(parsed(await report(dir, "--since", "2026-05-01", "--until", "2026-05-31")).leavers.map((l) => l.identity)).not.toContain("daniel.reyes");
  });
});

describe("report leavers: targets as scopesync.yaml names them now", () => {
  it("counts a step under a renamed target's former name for the new name, and shows a target no longer configured without owing it", async () => {
    const dir = exampleForTest();
    editFile(join(dir, "scopesync.yaml"), (t) => t.replace(/^  local:$/m, "  files:\n    formerNames: [local]"));
    editFile(join(dir, "policies/apps/local.yaml"), (t) => t.replace(/^target: local$/m, "target: files"));
    editFile(join(dir, "examples/state/local.json"), (t) => {
      const s = JSON.parse(t) as { accounts: Array<{ login: string; active: boolean; entitlements: string[] }> };
      const a = s.accounts.find((x) => x.login === "derek.walsh")!;
      a.active = false;
      a.entitlements = [];
      return JSON.stringify(s, null, 2);
    });
    journal(dir, [
      { ...DEREK, at: "2026-12-01T07:00:00.000Z", change: "c-old", target: "local", action: "disable-account", phase: "failed", error: "timeout" },
      { ...DEREK, at: "2026-12-03T07:00:00.000Z", change: "c-new", target: "files", action: "disable-account", phase: "done", outcome: "applied" },
      { ...DEREK, at: "2026-12-02T07:00:00.000Z", target: "ldap-apps", action: "revoke", entitlement: "group:x", phase: "failed", error: "timeout" },
    ]);
    const derek = parsed(await report(dir, "--since", "2026-11-01")).leavers.find((l) => l.identity === "derek.walsh")!;
    expect(derek.targets.map((t) => t.target)).toEqual(["crm", "files", "github", "ldap-apps"]);
    const files = derek.targets.find((t) => t.target === "files")!;
    expect(files.steps.map((s) => [s.result, s.recordedUnder])).toEqual([["failed", "local"], ["applied", undefined]]);
    expect(files.outstanding).toEqual([]);
    const gone = derek.targets.find((t) => t.target === "ldap-apps")!;
    expect(gone).toMatchObject({ configured: false, outstanding: [] });
    expect(gone.steps.map((s) => s.result)).toEqual(["failed"]);
    const md = (await runCli(["report", "leavers", "--repo", dir, "--now", NOW, "--since", "2026-11-01"])).stdout;
    expect(md).toContain("(recorded under its former name local)");
    expect(md).toContain("No target of scopesync.yaml has this name now");
  });
});
