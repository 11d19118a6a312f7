// The admins guard held over what apply really applies (src/apply/admins-hold.ts), against the real
// SCIM server. The CRM's only admin leaves and HR moves her successor into the admin job the same
// day: the plan passes the guard only through the successor's grant. apply (a plan reviewed before
// that, apply.unreviewed: revocations-only) and the Action's revocation runs apply the leaver's
// unreviewed revocations and hold the unreviewed grant; before, they took her admin group away too
// and left the CRM with no admin, exit 0. Now the revocation that would do so waits with the grant:
// skipped, journalled, named with the guard and the grant, exit 1.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { applyReviewed } from "../../src/github/apply-reviewed.js";
import { emptyReviewedPlan } from "../../src/github/reviewed-plan.js";
import type { JournalRecord } from "../../src/model/journal-record.js";
import type { Plan } from "../../src/plan/plan.js";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { NOW, PolicyRepo, type Person } from "./helpers/policy-repo.js";
import { scimView, user } from "./helpers/scim-state.js";

let server: ScimServer;
let repo: PolicyRepo;
let env: Record<string, string>;

const ana: Person = { worker: "E1", login: "ana.kova", department: "Sales", title: "CRM Administrator" };
const ben: Person = { worker: "E2", login: "ben.tor", department: "Sales", title: "Sales Rep" };
/** Day 2: Ana terminated, Ben in her job. */
const handover: Person[] = [{ ...ana, status: "Terminated" }, { ...ben, title: "CRM Administrator" }];

// The CRM Admins group is the job's birthright: the job is the reviewed decision.
const CRM_ADMINS = `kind: Group
id: crm-admins
privileged: true
allowPrivilegedBirthright: true
birthright:
  - kinds: [person]
    where: { title: "CRM Administrator" }
`;

function makeRepo(): PolicyRepo {
  const r = new PolicyRepo({
    targetName: "crm",
    target: { type: "scim", url: server.url, token: "${env:SCIM_TOKEN}", options: { timeoutMs: 5000 } },
    people: [ana, ben],
    groups: [{ id: "sales", departments: ["Sales"] }],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Sales"] } }] },
      accounts: { login: "userName" },
      entitlements: [
        { group: "sales", entitlement: "group:Sales" },
        { group: "crm-admins", entitlement: "group:CRM Admins", privileged: true },
      ],
      // The documented lockout guard: the CRM keeps at least one administrator.
      admins: { entitlement: "group:CRM Admins", minimum: 1 },
    },
  });
  r.write("identities/groups/crm-admins.yaml", CRM_ADMINS);
  return r;
}

/** Day 1: the app as the repository wants it, and a plan with nothing to do, reviewed. */
async function day1(): Promise<void> {
  await repo.plan(env, "baseline.json");
  expect((await repo.cli(["apply", "--plan", "baseline.json"], env)).code).toBe(0);
  const { plan } = await repo.plan(env, "reviewed.json");
  expect(plan.changes).toEqual([]);
  expect((await scimView(server)).groups).toEqual({ "CRM Admins": ["ana.kova"], Sales: ["ana.kova", "ben.tor"] });
}

beforeAll(async () => {
  server = await startScimServer();
  env = { SCIM_TOKEN: server.token };
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(async () => {
  await server.reset();
  await server.seed({ groups: [{ displayName: "CRM Admins" }, { displayName: "Sales" }] });
  repo = makeRepo();
  await day1();
  repo.setPeople(handover);
});
afterEach(() => {
  repo?.cleanup();
});

describe("the only admin leaves while her successor's grant is not reviewed yet", () => {
  it("the plan warns that the leaver's revocation needs the successor's grant", async () => {
    const result = await repo.cli(["plan", "--live", "--format", "json"], env);
    expect(result.code, result.stderr).toBe(0);
    const plan = JSON.parse(result.stdout) as Plan;
    expect(plan.blocked).toBe(false);
    expect(plan.findings.filter((f) => f.rule === "admins-guard-needs-grant")).toEqual([
      expect.objectContaining({
        severity: "warning",
        target: "crm",
        message: expect.stringContaining("crm: group:CRM Admins keeps its minimum of 1 only through this plan's grant to ben.tor; without it, what this plan takes from ana.kova would leave 0 (now 1)"),
      }),
    ]);
  });

  it("apply --plan holds the admin revocation and disable back with the grant, journals them, exits 1", async () => {
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);

    expect(applied.code, applied.stderr).toBe(1);
    expect(applied.stdout).toContain("0 reviewed change(s) to apply, 1 unreviewed revocation(s) applied anyway, 1 unreviewed change(s) held back, 0 no longer needed, 2 revocation(s) not applied (the admins guard, below)");
    expect(applied.stderr).toContain(
      "skipped: crm revoke ana.kova group:CRM Admins: held back by the admins guard: crm would keep 0 account(s) with group:CRM Admins (now 1), fewer than its minimum of 1, without the grant of group:CRM Admins this run holds back: to ben.tor (not reviewed); ana.kova keeps group:CRM Admins until then\n" +
        "  fix: plan again and have the plan with the grant to ben.tor reviewed; applying it takes the access away with the grant\n",
    );
    expect(applied.stderr).toContain("skipped: crm disable-account ana.kova: held back by the admins guard:");
    expect(applied.stdout).toContain("held back (not reviewed): crm grant ben.tor group:CRM Admins\n");
    expect(applied.stdout).toContain("applied 1, already in place 0, failed 0, skipped 2, held back 1");
    // The CRM keeps its admin; the leaver's other access is gone.
    const view = await scimView(server);
    expect(view.groups).toEqual({ "CRM Admins": ["ana.kova"], Sales: ["ben.tor"] });
    expect(user(view, "ana.kova")).toMatchObject({ active: true });
    const journal = readFileSync(join(repo.dir, ".scopesync/journal.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as JournalRecord);
    expect(journal.filter((l) => l.phase === "skipped").map((l) => `${l.action} ${l.identity} ${l.entitlement ?? "-"}`).sort()).toEqual(["disable-account ana.kova -", "revoke ana.kova group:CRM Admins"]);
  });

  it("the Action's revocation run (nothing reviewed) holds them too, and fails the run saying why", async () => {
    const r = await applyReviewed({ repoDir: repo.dir, reviewed: emptyReviewedPlan("apply-e2e", NOW), phase: "revocations", env, journalPath: join(repo.dir, ".scopesync/journal.jsonl"), now: Date.parse(NOW) });

    expect([r.status, r.applied, r.skipped, r.unreviewedRevocations]).toEqual(["failed", 1, 2, 1]);
    expect(r.problems).toContain(
      "skipped: crm revoke ana.kova group:CRM Admins: held back by the admins guard: crm would keep 0 account(s) with group:CRM Admins (now 1), fewer than its minimum of 1, without the grant of group:CRM Admins this run holds back: to ben.tor (not reviewed); ana.kova keeps group:CRM Admins until then (fix: plan again and have the plan with the grant to ben.tor reviewed; applying it takes the access away with the grant)",
    );
    expect((await scimView(server)).groups).toEqual({ "CRM Admins": ["ana.kova"], Sales: ["ben.tor"] });
  });

  it("with the handover reviewed, the Action's revocations phase leaves the admin revocation to the all phase, which applies both", async () => {
    const { plan: reviewed } = await repo.plan(env, "handover.json");
    const journalPath = join(repo.dir, ".scopesync/journal.jsonl");
    const revocations = await applyReviewed({ repoDir: repo.dir, reviewed, phase: "revocations", env, journalPath, now: Date.parse(NOW) });
    expect(revocations.problems).toEqual([]);
    // Ben's grant, and with it Ana's admin revocation and disable, wait for the approved phase.
    expect([revocations.status, revocations.applied, revocations.deferred]).toEqual(["applied", 1, 3]);
    expect((await scimView(server)).groups).toEqual({ "CRM Admins": ["ana.kova"], Sales: ["ben.tor"] });

    const all = await applyReviewed({ repoDir: repo.dir, reviewed, phase: "all", env, journalPath, now: Date.parse(NOW) });
    expect(all.problems).toEqual([]);
    expect([all.status, all.applied]).toEqual(["applied", 3]);
    const view = await scimView(server);
    expect(view.groups).toEqual({ "CRM Admins": ["ben.tor"], Sales: ["ben.tor"] });
    expect(user(view, "ana.kova")).toMatchObject({ active: false });
  });
});
