// A leaver's offboarding undone by a restore from backup, on a `file` target: the file is the app,
// so restoring the app is copying the file back (same account ids, the copy's old readAt). Review
// rv86 found the plan right and the evidence wrong: `report leavers` and `explain` read the file's
// old readAt as a stale state file's and trusted the journal ("nothing outstanding", "state
// pull"); an app that links by login forgot the leaver once the snapshot let them go, so the
// account they got back was "unmanaged" and never taken away again; a restored deleted account
// was called "disabled"; deleteGracePeriod "0" deleted only in the next plan; and a journal
// restored from an old copy made a rehire's second leaving a re-enable "by hand".
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { LeaversReport } from "../../src/model/leavers-report.js";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { PolicyRepo, type Person } from "./helpers/policy-repo.js";

const ADA: Person = { worker: "W1", login: "ada", department: "Engineering" };
const LINUS: Person = { worker: "W4", login: "linus", department: "Engineering" };
const LEFT: Person = { ...LINUS, status: "Terminated" };

let repo: PolicyRepo | undefined;
afterEach(() => repo?.cleanup());

/** The wiki, a file target that gives every person group:Engineering; `policy` adds to its AppPolicy. */
function wiki(policy: Record<string, unknown> = {}): PolicyRepo {
  repo = new PolicyRepo({
    targetName: "wiki",
    target: { type: "file", path: "state/wiki.json" },
    people: [ADA, LINUS],
    groups: [{ id: "engineering", departments: ["Engineering"] }],
    policy: { scope: { include: [{ kinds: ["person"] }] }, entitlements: [{ group: "engineering", entitlement: "group:Engineering" }], ...policy },
  });
  repo.write("state/wiki.json", JSON.stringify({ formatVersion: 1, target: "wiki", readAt: "2026-11-20T00:00:00Z", accounts: [] }));
  return repo;
}

async function cli(r: PolicyRepo, now: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCli([...args, "--repo", r.dir, "--now", now], { env: {}, cwd: r.dir });
}

async function ok(r: PolicyRepo, now: string, ...args: string[]): Promise<void> {
  const out = await cli(r, now, ...args);
  expect(out.code, `${args.join(" ")}: ${out.stderr}${out.stdout}`).toBe(0);
}

async function plan(r: PolicyRepo, now: string): Promise<Plan> {
  const out = await cli(r, now, "plan", "--format", "json", "--out", "plan.json");
  expect([0, 2], out.stderr).toContain(out.code);
  return JSON.parse(r.read("plan.json")) as Plan;
}

const lines = (p: Plan) => p.changes.map((c) => `${c.action} ${c.identity}${c.entitlement ? ` ${c.entitlement}` : ""}`);
const undone = (p: Plan) => p.findings.filter((f) => f.rule === "offboarding-undone");

/** ada and linus get their accounts; the wiki's nightly backup is taken; linus leaves and the reviewed offboarding is applied. */
async function offboardLinus(r: PolicyRepo): Promise<void> {
  await ok(r, "2026-11-26T09:00:00Z", "apply", "--auto-approve");
  copyFileSync(join(r.dir, "state/wiki.json"), join(r.dir, "backup.json"));
  r.setPeople([ADA, LEFT]);
  await plan(r, "2026-11-27T09:00:00Z");
  await ok(r, "2026-11-27T09:00:00Z", "apply", "--plan", "plan.json");
}

const restore = (r: PolicyRepo) => copyFileSync(join(r.dir, "backup.json"), join(r.dir, "state/wiki.json"));

describe("a file target restored from a backup taken before a leaver's offboarding", () => {
  it("report leavers and explain judge the file as the plan does: the account is active, the offboarding outstanding", async () => {
    const r = wiki();
    await offboardLinus(r);
    restore(r);
    const now = "2026-11-28T09:00:00Z";
    expect(lines(await plan(r, now))).toEqual(["revoke linus group:Engineering", "disable-account linus"]);

    const out = await cli(r, now, "report", "leavers", "--since", "2026-11-01", "--format", "json");
    expect(out.code, out.stderr).toBe(2);
    const report = JSON.parse(out.stdout) as LeaversReport;
    const linus = report.leavers.find((l) => l.identity === "linus")!;
    expect(linus.targets[0]!.account).toMatchObject({ login: "linus", active: true });
    expect(linus.targets[0]!.outstanding.map((o) => `${o.kind} ${"action" in o ? o.action : ""}`)).toEqual(["planned revoke", "planned disable-account"]);
    expect(report.outstanding).toBe(2);

    // Explain shows what the file holds: no journal line "since the read" overrides it, no "done",
    // and no `state pull`, which a file target does not have.
    const explained = await cli(r, now, "explain", "linus");
    expect(explained.code, explained.stderr).toBe(0);
    expect(explained.stdout).toContain("and it is active again: given back outside scopesync");
    expect(explained.stdout).not.toContain("the journal records it done");
    expect(explained.stdout).not.toContain("journal since that read");
    expect(explained.stdout).not.toContain("state pull");
  }, 60_000);

  it("deleteGracePeriod \"0\" deletes in the plan that disables; a deleted account restored is said to be deleted, not disabled", async () => {
    const r = wiki({ onLeaveScope: "delete", deleteGracePeriod: "0" });
    await offboardLinus(r);
    const applied = JSON.parse(r.read("plan.json")) as Plan;
    expect(lines(applied)).toEqual(["revoke linus group:Engineering", "disable-account linus", "delete-account linus"]);
    expect(applied.changes.at(-1)!.reason).toContain('gives no grace period (deleteGracePeriod "0"): deleted in the plan that disables it');
    expect((JSON.parse(r.read("state/wiki.json")) as { accounts: Array<{ login: string }> }).accounts.map((a) => a.login)).toEqual(["ada"]);

    restore(r);
    const again = await plan(r, "2026-11-28T09:00:00Z");
    expect(lines(again)).toEqual(["revoke linus group:Engineering", "disable-account linus", "delete-account linus"]);
    const journal = r.read(".scopesync/journal.jsonl").split("\n");
    const deleteLine = journal.findIndex((l) => l.includes('"phase":"done"') && l.includes('"action":"delete-account"')) + 1;
    const [finding] = undone(again);
    expect(finding!.message).toMatch(new RegExp(`scopesync deleted it at \\S+ \\(\\.scopesync/journal\\.jsonl:${deleteLine}\\) and it is back;`));
    expect(again.changes.find((c) => c.action === "disable-account")!.reason).toMatch(/scopesync deleted it at \S+ \(\.scopesync\/journal\.jsonl:\d+\) and it is back: given back outside scopesync$/);
  }, 60_000);
});

describe("an app that links by login, restored after the snapshot let the leaver go", () => {
  it("takes the account scopesync offboarded away again, with offboarding-undone, and the leavers report counts it", async () => {
    const r = wiki({ accounts: { linkBy: "login" } });
    await offboardLinus(r);
    await ok(r, "2026-11-27T09:00:00Z", "snapshot");
    const offboarded = r.read("state/wiki.json");
    // HR purges the terminated record; the snapshot keeps linus as departed for 90 days, then lets him go.
    r.setPeople([ADA]);
    await ok(r, "2026-12-01T09:00:00Z", "snapshot");
    await ok(r, "2027-03-15T09:00:00Z", "snapshot");
    expect(lines(await plan(r, "2027-03-15T09:00:00Z"))).toEqual([]);

    // The backup comes back: the same account id, active, in Engineering.
    const backup = JSON.parse(r.read("backup.json")) as { accounts: Array<{ id: string; login: string }> };
    const linus = backup.accounts.find((a) => a.login === "linus")!;
    const state = JSON.parse(offboarded) as { accounts: Array<{ login: string }> };
    writeFileSync(join(r.dir, "state/wiki.json"), JSON.stringify({ ...state, accounts: state.accounts.map((a) => (a.login === "linus" ? linus : a)) }));

    const now = "2027-03-16T09:00:00Z";
    const p = await plan(r, now);
    expect(p.changes.map((c) => [c.action, c.identity, c.account])).toEqual([
      ["revoke", "linus", linus.id],
      ["disable-account", "linus", linus.id],
    ]);
    expect(p.changes[1]!.reason).toMatch(/^linus left: scopesync disabled this account for them \(\.scopesync\/journal\.jsonl:\d+\), and no source or file in identities\/ has them now, nor the last accepted snapshot; scopesync disabled it at \S+ \(\.scopesync\/journal\.jsonl:\d+\) and it is active again: given back outside scopesync$/);
    expect(undone(p).map((f) => f.identity)).toEqual(["linus"]);
    expect(p.findings.filter((f) => f.rule === "unmanaged-account")).toEqual([]);

    const out = await cli(r, now, "report", "leavers", "--since", "2026-11-01", "--format", "json");
    expect(out.code, out.stderr).toBe(2);
    const entry = (JSON.parse(out.stdout) as LeaversReport).leavers.find((l) => l.identity === "linus")!;
    expect(entry.targets[0]!.account).toEqual({ id: linus.id, login: "linus", active: true });
    expect(entry.outstanding).toBe(2);

    // Once taken away again, he is rehired under a new HR record with his old login: his account is
    // his again, enabled as a return, with no word of an undoing.
    await ok(r, now, "apply", "--plan", "plan.json");
    r.setPeople([ADA, { ...LINUS, worker: "W9", hired: "2027-03-16" }]);
    const rehired = await plan(r, "2027-03-17T09:00:00Z");
    expect(lines(rehired)).toEqual(["enable-account linus", "grant linus group:Engineering"]);
    expect(undone(rehired)).toEqual([]);
  }, 90_000);
});

describe("an app that links by anchor, restored after the snapshot let the leaver go", () => {
  it("offboards the marked account again under the leaver's name, as the journal has it, not under the bare anchor", async () => {
    const r = wiki();
    await offboardLinus(r);
    await ok(r, "2026-11-27T09:00:00Z", "snapshot");
    r.setPeople([ADA]);
    await ok(r, "2026-12-01T09:00:00Z", "snapshot");
    await ok(r, "2027-03-15T09:00:00Z", "snapshot");
    restore(r);
    const now = "2027-03-16T09:00:00Z";
    const p = await plan(r, now);
    expect(lines(p)).toEqual(["revoke linus group:Engineering", "disable-account linus"]);
    expect(p.changes.every((c) => c.anchor === "hr:W4" && c.reason.includes("given back outside scopesync"))).toBe(true);
    expect(undone(p).map((f) => f.identity)).toEqual(["linus"]);
    const out = await cli(r, now, "report", "leavers", "--since", "2026-11-01", "--format", "json");
    expect(out.code, out.stderr).toBe(2);
    expect((JSON.parse(out.stdout) as LeaversReport).outstanding).toBe(2);
  }, 60_000);
});

describe("an apply journal restored from a copy older than a rehire", () => {
  it("the rehire's second leaving is offboarded without the claim that someone re-enabled the account by hand", async () => {
    const r = wiki();
    await offboardLinus(r);
    const journal = r.read(".scopesync/journal.jsonl");
    // HR rehires him on 2026-11-28: scopesync enables his account and grants the group.
    r.setPeople([ADA, { ...LINUS, hired: "2026-11-28" }]);
    await ok(r, "2026-11-28T09:00:00Z", "apply", "--auto-approve");
    // The journal is restored from the copy taken before the rehire; he leaves again on 2026-11-29.
    r.write(".scopesync/journal.jsonl", journal);
    r.setPeople([ADA, { ...LEFT, hired: "2026-11-28", left: "2026-11-29" }]);
    const p = await plan(r, "2026-11-30T09:00:00Z");
    expect(lines(p)).toEqual(["revoke linus group:Engineering", "disable-account linus"]);
    expect(undone(p)).toEqual([]);
    expect(p.changes.every((c) => !c.reason.includes("given back outside scopesync"))).toBe(true);
    expect(readFileSync(join(r.dir, ".scopesync/journal.jsonl"), "utf8")).toBe(journal);
  }, 60_000);
});
