// The apply journal as offboarding evidence (docs/formats.md, "The apply journal"), through the
// real CLI against the scimmy SCIM server: each line names what exactly was taken away (the
// entitlement, the account), says whether a reviewer saw it or it was a revocation applied
// unreviewed (apply.unreviewed: revocations-only), from which plan, and when it really happened
// (the wall clock), with --now recorded apart as the planning time. Before, a leaver's group
// revocations were journalled as bare change ids under the reviewed plan's fingerprint, a plan
// that never contained them, stamped with --now.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { JournalRecord } from "../../src/model/journal-record.js";
import type { Plan } from "../../src/plan/plan.js";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { NOW, PolicyRepo, type Person } from "./helpers/policy-repo.js";
import { scimView, user } from "./helpers/scim-state.js";

let server: ScimServer;
let repo: PolicyRepo;
let env: Record<string, string>;

const base: Person[] = [
  { worker: "W1", login: "ada", department: "Platform" },
  { worker: "W3", login: "grace", department: "Engineering" },
  { worker: "W4", login: "linus", department: "Engineering" },
];
const leaving = (login: string) => base.map((p) => (p.login === login ? { ...p, status: "Terminated" as const } : p));

beforeAll(async () => {
  server = await startScimServer();
  env = { SCIM_TOKEN: server.token };
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(async () => {
  await server.reset();
  await server.seed({ groups: [{ displayName: "Engineering" }, { displayName: "Admins" }] });
  repo = new PolicyRepo({
    targetName: "crm",
    target: { type: "scim", url: server.url, token: "${env:SCIM_TOKEN}", options: { timeoutMs: 5000 } },
    people: base,
    groups: [
      { id: "engineering", departments: ["Engineering"] },
      { id: "admins", members: ["grace"], privileged: true },
    ],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Engineering", "Platform"] } }] },
      accounts: { attributes: { displayName: { from: "displayName" } } },
      entitlements: [
        { group: "engineering", entitlement: "group:Engineering" },
        { group: "admins", entitlement: "group:Admins" },
      ],
    },
  });
});
afterEach(() => repo?.cleanup());

function journal(): JournalRecord[] {
  return readFileSync(join(repo.dir, ".scopesync/journal.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as JournalRecord);
}

/** The finished lines (done / failed / skipped) of one identity in the last apply run. */
function ended(identity: string): JournalRecord[] {
  const all = journal();
  const last = all.at(-1)!.run;
  return all.filter((r) => r.run === last && r.identity === identity && r.phase !== "start");
}

/** Joiners reviewed and applied: the baseline every test starts from. Returns the reviewed plan. */
async function converge(): Promise<Plan> {
  const { plan } = await repo.plan(env, "baseline.json");
  const applied = await repo.cli(["apply", "--plan", "baseline.json"], env);
  expect(applied.code, applied.stderr).toBe(0);
  return plan;
}

describe("apply journal: what was revoked, whether it was reviewed, when", () => {
  it("an unreviewed revocation names its entitlement and account, is marked unreviewed and carries the re-plan it came from", async () => {
    const reviewed = await converge();
    const graceId = user(await scimView(server), "grace")!.id;
    // grace leaves after the review; nothing new is reviewed: the old reviewed plan is applied
    // again, as the daily sync does, and her revocations are applied unreviewed.
    repo.setPeople(leaving("grace"));
    const before = Date.now();
    const applied = await repo.cli(["apply", "--plan", "baseline.json"], env);
    const after = Date.now();
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain("0 reviewed change(s) to apply, 3 unreviewed revocation(s) applied anyway");
    expect(user(await scimView(server), "grace")).toMatchObject({ active: false });

    const lines = ended("grace");
    // Each line says what exactly was taken away: a SCIM group membership is removed by group
    // (RFC 7644 §3.5.2.2, https://www.rfc-editor.org/rfc/rfc7644#section-3.5.2.2), the account disabled by its id.
    expect(lines.map((r) => `${r.action} ${r.entitlement ?? "-"} ${r.account} ${r.outcome}`).sort()).toEqual([
      `disable-account - ${graceId} applied`,
      `revoke group:Admins ${graceId} applied`,
      `revoke group:Engineering ${graceId} applied`,
    ]);
    const inReviewed = new Set(reviewed.changes.map((c) => c.id));
    for (const r of lines) {
      // Filed under the reviewed plan (a re-run of it resumes by that), but marked as not in it.
      expect(r.fingerprint).toBe(reviewed.fingerprint);
      expect(inReviewed.has(r.change)).toBe(false);
      expect(r.review).toBe("unreviewed-revocation");
      expect(r.replan).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(r.replan).not.toBe(reviewed.fingerprint);
      // When it really happened, not --now; --now is kept as the time the plan was made for.
      expect(r.planTime).toBe(new Date(NOW).toISOString());
      expect(r.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Date.parse(r.at)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(r.at)).toBeLessThanOrEqual(after);
    }
  });

  it("an unreviewed revocation keeps why it was made: the re-plan's reason and evidence, on each of its lines", async () => {
    await converge();
    repo.setPeople(leaving("grace"));
    // The plan apply's re-plan is: the same live state, the same --now (nobody reviews this one).
    const { plan: replan } = await repo.plan(env, "unreviewed.json");
    const applied = await repo.cli(["apply", "--plan", "baseline.json"], env);
    expect(applied.code, applied.stderr).toBe(0);
    const all = journal();
    const lines = all.filter((r) => r.run === all.at(-1)!.run && r.identity === "grace");
    expect(lines.map((r) => `${r.phase} ${r.action}`).sort()).toEqual(["done disable-account", "done revoke", "done revoke", "start disable-account", "start revoke", "start revoke"]);
    for (const r of lines) {
      const planned = replan.changes.find((c) => c.id === r.change)!;
      expect(r.review).toBe("unreviewed-revocation");
      // Nobody approved it: the journal line alone says on what grounds it was made.
      expect(r.why).toBe(planned.reason);
      expect(r.why).toContain("left the organisation on 2026-11-20 (status terminated in hr)");
      expect(r.evidence).toEqual(planned.evidence);
      expect(r.evidence!.some((e) => e.includes("hr.csv"))).toBe(true);
      // No approval is claimed for a change nobody reviewed.
      expect(r.commit).toBeUndefined();
    }
  });

  it("a reviewed revocation is marked reviewed, and comes from the reviewed plan itself", async () => {
    await converge();
    repo.setPeople(leaving("linus"));
    const { plan } = await repo.plan(env, "reviewed.json");
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code, applied.stderr).toBe(0);
    const lines = ended("linus");
    expect(lines.map((r) => `${r.review} ${r.action} ${r.entitlement ?? "-"}`).sort()).toEqual(["reviewed disable-account -", "reviewed revoke group:Engineering"]);
    expect(lines.every((r) => r.fingerprint === plan.fingerprint && r.replan === plan.fingerprint)).toBe(true);
  });

  it("apply --auto-approve journals its changes as auto-approved, never as reviewed", async () => {
    const applied = await repo.cli(["apply", "--auto-approve"], env);
    expect(applied.code, applied.stderr).toBe(0);
    const lines = ended("grace");
    expect(lines.map((r) => `${r.review} ${r.action} ${r.entitlement ?? "-"}`).sort()).toEqual([
      "auto-approved create-account -",
      "auto-approved grant group:Admins",
      "auto-approved grant group:Engineering",
    ]);
  });
});
