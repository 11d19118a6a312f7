// What an error finding holds back of the identity it names is its rule's hold (model/rule-catalog.ts),
// not everything of that identity (rv71). The plan below is blocked by three findings:
// - leaver-access-remaining (bo): the leaver keeps an account in the wiki, which no app policy
//   governs. It says what the plan cannot take away, not that what it takes is in doubt.
// - nhi-owner-required (svc-report): a ServiceAccount its file disables has no owner. An ownerless
//   NHI is the kind to switch off (OWASP NHI1).
// - a custom rule at error, on bo (a leaver) and on cy (an active mover who loses a team).
// Every one of these used to hold all of its identity's changes: bo and svc-report kept their
// GitHub org membership, and the more a leaver kept outside policy, the more they kept inside it.
// Now bo and svc-report are offboarded at once; a custom rule may doubt what a change does, so cy's
// revoke waits (cy is not leaving), while bo's offboarding goes ahead; the plan is still blocked.
// Target: the GitHub org (the OpenAPI-checked fake, driven by the real Octokit connector): "Remove
// organization membership for a user"
// (https://docs.github.com/en/rest/orgs/members#remove-organization-membership-for-a-user).
import { join } from "node:path";
import { stringify } from "yaml";
import { afterEach, describe, expect, it, vi } from "vitest";
import { applyReviewed } from "../../src/github/apply-reviewed.js";
import { emptyReviewedPlan } from "../../src/github/reviewed-plan.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { closeGithubLoop } from "../apply/helpers/github-loop.js";
import { NOW, PolicyRepo, type Person } from "../apply/helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-robotics";
const ADA: Person = { worker: "W1", login: "ada", department: "Engineering" };
const BO: Person = { worker: "W2", login: "bo", department: "Engineering" };
const CY: Person = { worker: "W3", login: "cy", department: "Engineering" };

let fake: GithubFake | undefined;
let repo: PolicyRepo | undefined;

afterEach(async () => {
  await closeGithubLoop(repo, fake);
  repo = fake = undefined;
});

async function setUp(): Promise<{ repo: PolicyRepo; env: Record<string, string> }> {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
  fake.org.addTeam("engineering");
  for (const login of ["ada", "bo", "cy", "svc-report"]) {
    fake.org.addMember(login, "member");
    fake.org.addTeamMember("engineering", login);
  }
  const github = { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, deployKeys: false, minAdmins: 0 } };
  repo = new PolicyRepo({
    targetName: "github",
    target: github,
    people: [ADA, BO, CY],
    groups: [{ id: "engineering", departments: ["Engineering"] }],
    policy: { scope: { include: [{ kinds: ["person", "service-account"] }] }, accounts: { login: "userName" }, entitlements: [{ group: "engineering", entitlement: "team:engineering" }] },
  });
  // The wiki: no app policy governs it, and bo has an account there (leaver-access-remaining once bo leaves).
  repo.write("scopesync.yaml", repo.read("scopesync.yaml").replace("targets:\n", "targets:\n  wiki:\n    type: file\n    path: state/wiki.json\n"));
  repo.write("state/wiki.json", `${JSON.stringify({ formatVersion: 1, target: "wiki", readAt: "2026-11-26T06:00:00Z", accounts: [{ id: "w-2", login: "bo", externalId: "hr:W2", active: true, attributes: {}, entitlements: [] }] }, null, 2)}\n`);
  return { repo, env: { GH_TOKEN: fake.token } };
}

/**
 * The day's changes: bo leaves, cy moves to Sales (stays in the org, loses team:engineering), both
 * are contractors now, which a custom rule at error forbids; svc-report is declared switched off,
 * with no owner (nhi-owner-required).
 */
function today(repo: PolicyRepo): void {
  repo.setPeople([ADA, { ...BO, status: "Terminated", title: "Contractor" }, { ...CY, department: "Sales", title: "Contractor" }]);
  repo.write("identities/service-accounts/svc-report.yaml", stringify({ kind: "ServiceAccount", id: "svc-report", displayName: "Report exporter", status: "disabled", environment: "production", purpose: "Exports reports" }));
  repo.write("policies/rules/contractors.yaml", stringify({ kind: "RuleSet", id: "contractors", rules: [{ id: "contractor-sponsor", severity: "error", match: { kinds: ["person"] }, forbid: { where: { title: "Contractor" } }, message: "Contractors need a sponsor before they hold access." }] }));
}

const member = (login: string) => fake!.org.members.has(fake!.org.user(login)!.id);
const inTeam = (login: string) => fake!.org.teams.get("engineering")!.members.has(fake!.org.user(login)!.id);

describe("an error finding holds back what its rule's hold says", () => {
  it("the daily sync's revocations phase: offboards the leaver and the disabled NHI the findings name, holds the active person's revoke", async () => {
    const { repo, env } = await setUp();
    today(repo);

    const r = await applyReviewed({ repoDir: repo.dir, reviewed: emptyReviewedPlan("apply-e2e", NOW), phase: "revocations", env, journalPath: join(repo.dir, ".scopesync/journal.jsonl"), now: Date.parse(NOW) });

    expect(r.status).toBe("blocked");
    expect(r.problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^leaver-access-remaining \(bo\): bo is terminated but keeps active accounts in wiki/),
      expect.stringMatching(/^nhi-owner-required \(svc-report\): /),
      "contractor-sponsor (bo): Contractors need a sponsor before they hold access.",
      "contractor-sponsor (cy): Contractors need a sponsor before they hold access.",
    ]));
    expect([member("ada"), member("bo"), member("svc-report"), member("cy")]).toEqual([true, false, false, true]);
    expect(inTeam("cy")).toBe(true);
    expect(r.heldByBlock?.map((h) => [h.target, h.action, h.identity, h.entitlement, h.reasons])).toEqual([["github", "revoke", "cy", "team:engineering", ["contractor-sponsor (cy): Contractors need a sponsor before they hold access."]]]);
  });

  it("apply --plan with nothing reviewed for them (revocations-only): the same, and apply exits 3", async () => {
    const { repo, env } = await setUp();
    const reviewed = await repo.plan(env);
    expect(reviewed.plan.changes).toEqual([]);
    today(repo);

    const r = await repo.cli(["apply", "--plan", "reviewed.json"], env);

    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain("apply is blocked; only the revocations no reason below holds are applied, and nothing that gives access:\n");
    expect(r.stderr).toMatch(/^ {2}- leaver-access-remaining \(bo\): bo is terminated but keeps active accounts in wiki/m);
    expect([member("ada"), member("bo"), member("svc-report"), member("cy")]).toEqual([true, false, false, true]);
    expect(inTeam("cy")).toBe(true);
    expect(r.stdout).toMatch(/^held back \(held back by the blocked plan: contractor-sponsor \(cy\): .*\): github revoke cy team:engineering$/m);
    expect(r.stdout).not.toMatch(/^held back .*: github (revoke|disable-account) (bo|svc-report)/m);
    expect(r.stdout).toContain("1 revocation(s) held back by the plan's blocked reasons");
  });
});
