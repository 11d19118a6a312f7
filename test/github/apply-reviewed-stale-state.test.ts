// A reviewed plan made from a stale target state (state file older than the target's maxStateAge:
// a stale-target-state warning, which does not stop the merge), in the Action's apply
// (applyReviewed) and the CLI's apply --plan, against the real SCIM test server. What the plan
// gives there (a joiner's create and grant) rests on old facts: held back and named, with the fix.
// Its revocations that the live re-plan still wants (a leaver's disable and revoke) apply as
// unreviewed revocations do (apply.unreviewed), so a leaver is not kept. Before, both refused the
// whole plan; in the Action that refused the merged commit on every run and stopped the apply
// queue behind it (rv33 finding 1; the queue end to end: apply-queue-stale-review.test.ts).
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyReviewed } from "../../src/github/apply-reviewed.js";
import type { Plan } from "../../src/plan/plan.js";
import type { JournalRecord } from "../../src/model/journal-record.js";
import { PolicyRepo } from "../apply/helpers/policy-repo.js";
import { scimView } from "../apply/helpers/scim-state.js";
import { runCli } from "../helpers/run-cli.js";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";

const PULLED = "2026-12-01T08:00:00Z";
const TWO_DAYS_LATER = "2026-12-03T09:00:00Z";

let crm: ScimServer;
let repo: PolicyRepo;
let env: Record<string, string>;

beforeAll(async () => {
  crm = await startScimServer();
  env = { CRM_TOKEN: crm.token };
  repo = new PolicyRepo({
    targetName: "crm",
    target: { type: "scim", url: crm.url, token: "${env:CRM_TOKEN}", maxStateAge: "1d" },
    people: [
      { worker: "W1", login: "ada", department: "Engineering" },
      { worker: "W4", login: "linus", department: "Engineering", status: "Terminated" },
      { worker: "W5", login: "grace", department: "Engineering" },
    ],
    groups: [{ id: "engineering", departments: ["Engineering"] }],
    policy: { scope: { include: [{ kinds: ["person"], where: { department: ["Engineering"] } }] }, accounts: { attributes: { displayName: { from: "displayName" } } }, entitlements: [{ group: "engineering", entitlement: "group:Engineering" }], onLeaveScope: "disable" },
  });
}, 30_000);
afterAll(async () => {
  repo?.cleanup();
  await crm?.stop();
});

/** The app as it was when the state was pulled; the reviewed plan made `now` from that state file. */
async function reviewedFromState(now: string): Promise<Plan> {
  await crm.reset();
  await crm.seed({
    users: [["ada", "W1"], ["linus", "W4"]].map(([login, worker]) => ({ userName: login!, externalId: `hr:${worker}`, active: true, displayName: `${login!} Tester` })),
    groups: [{ displayName: "Engineering", members: ["ada", "linus"] }],
  });
  const pulled = await runCli(["state", "pull", "--repo", repo.dir, "--now", PULLED], { env });
  expect(pulled.code, pulled.stderr).toBe(0);
  const planned = await runCli(["plan", "--repo", repo.dir, "--now", now, "--format", "json", "--out", join(repo.dir, "reviewed.json")], { env });
  expect(planned.code, planned.stderr).toBe(0);
  return JSON.parse(readFileSync(join(repo.dir, "reviewed.json"), "utf8")) as Plan;
}

const options = (reviewed: Plan, now: string) => ({ repoDir: repo.dir, reviewed, phase: "all" as const, env, journalPath: join(repo.dir, ".scopesync/journal.jsonl"), now: Date.parse(now) });
const STALE = 'target "crm": the plan was made from state/crm.json, read at 2026-12-01T08:00:00.000Z, older than maxStateAge 1d; apply holds back the grants, creates, enables and updates of a reviewed plan made from it';
const HELD = 'held back (the reviewed plan was made from a stale state of target "crm"; plan again from a fresh state and have that plan reviewed)';
const FIX = "run scopesync state pull --target crm (or plan --live) and plan again, and have that plan reviewed";
/** What the journal says was applied, and whether a reviewer saw it. */
const journalled = () => readFileSync(join(repo.dir, ".scopesync/journal.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as JournalRecord).filter((r) => r.phase === "done" && r.outcome === "applied").map((r) => `${r.action} ${r.identity} ${r.review}`).sort();
const user = async (login: string) => (await scimView(crm)).users.find((u) => u.userName === login);

describe("the Action's apply and a reviewed plan made from a stale target state", () => {
  it("holds back and names what it gives there, and applies the leaver's revocations as unreviewed ones: the commit is done, not refused", async () => {
    for (const target of [undefined, "crm"]) {
      const reviewed = await reviewedFromState(TWO_DAYS_LATER);
      rmSync(join(repo.dir, ".scopesync"), { recursive: true, force: true });
      expect(reviewed.findings.filter((f) => f.rule === "stale-target-state").map((f) => f.message)).toEqual([STALE]);
      expect(reviewed.changes.map((c) => `${c.action} ${c.identity}`).sort()).toEqual(["create-account grace", "disable-account linus", "grant grace", "revoke linus"]);

      const r = await applyReviewed({ ...options(reviewed, TWO_DAYS_LATER), ...(target ? { target } : {}) });

      expect([r.status, r.applied, r.unreviewedRevocations, r.held, r.failed], r.problems.join("\n")).toEqual(["applied", 2, 2, 2, 0]);
      expect(r.staleTargets).toEqual([{ target: "crm", message: STALE, hint: FIX }]);
      expect(r.problems).toEqual([
        `the reviewed plan was made from a stale target state, so nothing it gives there is applied and its revocations apply only as unreviewed ones: ${STALE} (fix: ${FIX})`,
        `${HELD}: crm create-account grace`,
        `${HELD}: crm grant grace group:Engineering`,
      ]);
      expect(journalled()).toEqual(["disable-account linus unreviewed-revocation", "revoke linus unreviewed-revocation"]);
      expect((await user("linus"))?.active).toBe(false);
      expect(await user("grace")).toBeUndefined();
    }
  }, 60_000);

  it("a stale finding that names no target stands for every target: an apply of one target holds back what it gives too", async () => {
    const reviewed = await reviewedFromState(TWO_DAYS_LATER);
    // Findings are not in the fingerprint: a plan whose finding lost its target is still this plan.
    const anonymous = { ...reviewed, findings: reviewed.findings.map((f) => (f.rule === "stale-target-state" ? { rule: f.rule, severity: f.severity, message: "the plan was made from an old state" } : f)) };

    const r = await applyReviewed({ ...options(anonymous, TWO_DAYS_LATER), target: "crm" });

    expect([r.status, r.held, r.staleTargets]).toEqual(["applied", 2, [{ message: "the plan was made from an old state", hint: "read a fresh state of the target and plan again, and have that plan reviewed" }]]);
    expect(r.problems).toContain('held back (the reviewed plan was made from a stale state of the targets; plan again from a fresh state and have that plan reviewed): crm grant grace group:Engineering');
    expect(await user("grace")).toBeUndefined();
  }, 60_000);

  it("with apply.unreviewed: none, the revocations are held back too, named as the grants are", async () => {
    const reviewed = await reviewedFromState(TWO_DAYS_LATER);
    repo.writeConfig({ apply: { unreviewed: "none" } });
    try {
      const r = await applyReviewed(options(reviewed, TWO_DAYS_LATER));

      expect([r.status, r.applied, r.held]).toEqual(["applied", 0, 4]);
      expect(r.problems.filter((p) => p.startsWith(HELD)).map((p) => p.slice(HELD.length + 2))).toEqual(["crm create-account grace", "crm grant grace group:Engineering", "crm revoke linus group:Engineering", "crm disable-account linus"]);
      expect((await user("linus"))?.active).toBe(true);
    } finally {
      repo.writeConfig();
    }
  }, 60_000);

  it("applies a plan made from a state within maxStateAge", async () => {
    const reviewed = await reviewedFromState("2026-12-01T20:00:00Z");
    expect(reviewed.findings.map((f) => f.rule)).not.toContain("stale-target-state");

    const r = await applyReviewed(options(reviewed, "2026-12-01T20:00:00Z"));

    expect([r.status, r.applied, r.held, r.staleTargets], r.problems.join("\n")).toEqual(["applied", 4, 0, undefined]);
    expect((await user("linus"))?.active).toBe(false);
    expect((await user("grace"))?.active).toBe(true);
  }, 60_000);
});

describe("the CLI's apply --plan and a reviewed plan made from a stale target state", () => {
  it("does as the Action's apply: the leaver's revocations applied as unreviewed, the joiner held back and named, exit 0", async () => {
    const reviewed = await reviewedFromState(TWO_DAYS_LATER);
    rmSync(join(repo.dir, ".scopesync"), { recursive: true, force: true });

    const applied = await runCli(["apply", "--plan", join(repo.dir, "reviewed.json"), "--repo", repo.dir, "--now", TWO_DAYS_LATER], { env });

    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr.split("\n").slice(0, 2)).toEqual([
      `warning: the reviewed plan was made from a stale target state; what it grants, creates, enables or updates there is held back, and its revocations apply only as unreviewed ones (apply.unreviewed): ${STALE}`,
      `  fix: ${FIX}`,
    ]);
    expect(applied.stdout.split("\n")).toEqual(expect.arrayContaining([
      `reviewed plan ${reviewed.fingerprint}: 0 reviewed change(s) to apply, 2 unreviewed revocation(s) applied anyway, 0 unreviewed change(s) held back, 2 reviewed change(s) held back (made from a stale state), 0 no longer needed`,
      `${HELD}: crm create-account grace`,
      `${HELD}: crm grant grace group:Engineering`,
      "applied 2, already in place 0, failed 0, skipped 0, held back 2",
    ]));
    expect(journalled()).toEqual(["disable-account linus unreviewed-revocation", "revoke linus unreviewed-revocation"]);
    expect(await user("grace")).toBeUndefined();

    // --json names the stale state beside what it held back.
    const json = await runCli(["apply", "--json", "--plan", join(repo.dir, "reviewed.json"), "--repo", repo.dir, "--now", TWO_DAYS_LATER], { env });
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as { staleTargets: unknown; heldBack: Array<{ action: string; identity: string }>; summary: { heldBack: number } };
    expect(report.staleTargets).toEqual([{ target: "crm", message: STALE, hint: FIX }]);
    expect(report.heldBack.map((c) => `${c.action} ${c.identity}`)).toEqual(["create-account grace", "grant grace"]);
  }, 60_000);
});
