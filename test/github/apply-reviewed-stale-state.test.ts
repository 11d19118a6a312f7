// The Action's apply refuses a reviewed plan made from a stale target state, as the CLI's apply
// does and docs/setup.md promises ("with maxStateAge set, an older state is a stale-target-state
// finding and apply refuses a reviewed plan made from it"). Pull requests are planned from the
// saved state files; a plan reviewed against a state read days before may rest on facts that no
// longer hold. The Action's apply (applyReviewed) used to skip the check and apply such a plan.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyReviewed } from "../../src/github/apply-reviewed.js";
import type { Plan } from "../../src/plan/plan.js";
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

describe("the Action's apply and a reviewed plan made from a stale target state", () => {
  it("refuses it before reading any target, saying which state and how to fix it", async () => {
    const reviewed = await reviewedFromState(TWO_DAYS_LATER);
    expect(reviewed.findings.filter((f) => f.rule === "stale-target-state")).toHaveLength(1);
    expect(reviewed.changes.map((c) => `${c.action} ${c.identity}`).sort()).toEqual(["disable-account linus", "revoke linus"]);
    const before = (await crm.stats()).requests;

    for (const target of [undefined, "crm"]) {
      const r = await applyReviewed({ ...options(reviewed, TWO_DAYS_LATER), ...(target ? { target } : {}) });

      expect(r.status).toBe("blocked");
      expect([r.applied, r.failed]).toEqual([0, 0]);
      expect(r.problems).toEqual([
        'the reviewed plan was made from a stale target state; nothing was applied: target "crm": the plan was made from state/crm.json, read at 2026-12-01T08:00:00.000Z, older than maxStateAge 1d; apply refuses a reviewed plan made from it (fix: run scopesync state pull --target crm (or plan --live) and plan again, and have that plan reviewed)',
      ]);
    }
    expect((await crm.stats()).requests).toEqual(before);
    expect((await scimView(crm)).users.find((u) => u.userName === "linus")?.active).toBe(true);
  }, 60_000);

  it("applies a plan made from a state within maxStateAge", async () => {
    const reviewed = await reviewedFromState("2026-12-01T20:00:00Z");
    expect(reviewed.findings.map((f) => f.rule)).not.toContain("stale-target-state");

    const r = await applyReviewed(options(reviewed, "2026-12-01T20:00:00Z"));

    expect([r.status, r.applied], r.problems.join("\n")).toEqual(["applied", 2]);
    expect((await scimView(crm)).users.find((u) => u.userName === "linus")?.active).toBe(false);
  }, 60_000);
});
