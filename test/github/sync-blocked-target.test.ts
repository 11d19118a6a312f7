// A safety limit over on one target holds that target's revocations, not another's (f64). Two
// people leave on the same day; the wiki (a `file` target) allows one disable per plan, so the plan
// is blocked there. Their GitHub org memberships used to stay until someone committed an override
// for the wiki: the daily sync and apply's unreviewed revocations treated the plan as blocked whole.
// Now a target's limit holds every change of that target and nothing else: both leave the GitHub
// org at once, both stay active in the wiki until the limit is dealt with, and the plan is still
// blocked (exit 3). Target: the GitHub org (the OpenAPI-checked fake, driven by the real Octokit
// connector): "Remove organization membership for a user"
// (https://docs.github.com/en/rest/orgs/members#remove-organization-membership-for-a-user).
import { join } from "node:path";
import { stringify } from "yaml";
import { afterEach, describe, expect, it, vi } from "vitest";
import { applyReviewed } from "../../src/github/apply-reviewed.js";
import { emptyReviewedPlan } from "../../src/github/reviewed-plan.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { closeGithubLoop } from "../apply/helpers/github-loop.js";
import { NOW, PolicyRepo, type Person } from "../apply/helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../apply/helpers/github-fast-writes.js")).fastWrites(importOriginal as never));

const ORG = "acme-robotics";
const PEOPLE: Person[] = [
  { worker: "W1", login: "ada", department: "Engineering" },
  { worker: "W2", login: "bo", department: "Engineering" },
  { worker: "W3", login: "cy", department: "Engineering" },
];
const LEAVERS = PEOPLE.map((p) => (p.login === "ada" ? p : { ...p, status: "Terminated" as const }));

let fake: GithubFake | undefined;
let repo: PolicyRepo | undefined;

afterEach(async () => {
  await closeGithubLoop(repo, fake);
  repo = fake = undefined;
});

/** GitHub (the fake) and the wiki (a file target, at most one disable per plan), each with ada, bo and cy. */
async function setUp(): Promise<{ repo: PolicyRepo; fake: GithubFake; env: Record<string, string> }> {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
  for (const login of ["ada", "bo", "cy"]) fake.org.addMember(login, "member");
  const github = { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, deployKeys: false, minAdmins: 0 } };
  repo = new PolicyRepo({ targetName: "github", target: github, people: PEOPLE, groups: [], policy: { scope: { include: [{ kinds: ["person"] }] }, accounts: { login: "userName" } } });
  const config = repo.read("scopesync.yaml").replace("targets:\n", `targets:\n  wiki:\n    type: file\n    path: state/wiki.json\n`);
  repo.write("scopesync.yaml", `${config}safety:\n  targets:\n    wiki:\n      disables: { count: 1 }\n`);
  repo.write("policies/apps/wiki.yaml", stringify({ kind: "AppPolicy", id: "wiki", target: "wiki", scope: { include: [{ kinds: ["person"] }] }, accounts: { login: "userName" } }));
  const account = (p: Person, i: number) => ({ id: `w-${i}`, login: p.login, externalId: `hr:${p.worker}`, active: true, attributes: {}, entitlements: [] });
  repo.write("state/wiki.json", `${JSON.stringify({ formatVersion: 1, target: "wiki", readAt: "2026-11-26T06:00:00Z", accounts: PEOPLE.map(account) }, null, 2)}\n`);
  return { repo, fake, env: { GH_TOKEN: fake.token } };
}

const member = (login: string) => fake!.org.members.has(fake!.org.user(login)!.id);
const wikiActive = () => (JSON.parse(repo!.read("state/wiki.json")) as { accounts: Array<{ login: string; active: boolean }> }).accounts.filter((a) => a.active).map((a) => a.login).sort();

describe("a safety limit over on one target", () => {
  it("the daily sync's revocations phase: holds that target's revocations and applies the other target's", async () => {
    const { repo, env } = await setUp();
    repo.setPeople(LEAVERS);

    const r = await applyReviewed({ repoDir: repo.dir, reviewed: emptyReviewedPlan("apply-e2e", NOW), phase: "revocations", env, journalPath: join(repo.dir, ".scopesync/journal.jsonl"), now: Date.parse(NOW) });

    expect(r.status).toBe("blocked");
    expect([member("ada"), member("bo"), member("cy")]).toEqual([true, false, false]);
    expect(wikiActive()).toEqual(["ada", "bo", "cy"]);
    expect(r.applied).toBe(2);
    expect(r.problems[0]).toMatch(/^wiki: 2 disables exceed the safety limit \(2 > 1\); if this is intended, commit safety.overrides/);
    expect(r.heldByBlock?.map((h) => [h.target, h.action, h.identity, h.reasons.length])).toEqual([["wiki", "disable-account", "bo", 1], ["wiki", "disable-account", "cy", 1]]);
  });

  it("apply --plan with nothing reviewed for them (revocations-only): the same, and apply exits 3", async () => {
    const { repo, env } = await setUp();
    const reviewed = await repo.plan(env);
    expect(reviewed.plan.changes).toEqual([]);
    repo.setPeople(LEAVERS);
    // The pull request's plan: blocked by the wiki's limit.
    expect((await repo.cli(["plan", "--live"], env)).code).toBe(3);

    const r = await repo.cli(["apply", "--plan", "reviewed.json"], env);

    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain("apply is blocked; only the revocations no reason below holds are applied, and nothing that gives access:\n  - wiki: 2 disables exceed the safety limit");
    expect([member("ada"), member("bo"), member("cy")]).toEqual([true, false, false]);
    expect(wikiActive()).toEqual(["ada", "bo", "cy"]);
    expect(r.stdout).toMatch(/^held back \(held back by the blocked plan: wiki: 2 disables exceed the safety limit .*\): wiki disable-account bo$/m);
    expect(r.stdout).toContain("applied 2, already in place 0, failed 0, skipped 0, held back 0, 2 revocation(s) held back by the plan's blocked reasons");
  });
});
