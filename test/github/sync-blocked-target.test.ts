// A safety limit over on one target holds that target, and the revocations of the identities it
// counted in every target (f64, then rv71). Two people leave on the same day; the wiki (a `file`
// target) allows one disable per plan, so the plan is blocked there. The whole plan used to be
// blocked, so a third leaver, dee, who has no wiki account, kept her GitHub org membership until
// someone committed an override for the wiki. Then a limit held its own target alone, and bo and
// cy left the GitHub org at once: so many disables at once is what a broken export looks like, and
// a target too small to trip a limit of its own (judged by counts under the floor) was mass-offboarded
// all the same. Now the limit holds every change of the wiki and bo's and cy's revocations in every
// target; dee leaves the GitHub org at once, and the plan is still blocked (exit 3). Target: the
// GitHub org (the OpenAPI-checked fake, driven by the real Octokit connector): "Remove organization
// membership for a user"
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
const PEOPLE: Person[] = [
  { worker: "W1", login: "ada", department: "Engineering" },
  { worker: "W2", login: "bo", department: "Engineering" },
  { worker: "W3", login: "cy", department: "Engineering" },
  { worker: "W4", login: "dee", department: "Sales" },
];
const LEAVERS = PEOPLE.map((p) => (p.login === "ada" ? p : { ...p, status: "Terminated" as const }));
/** The wiki's accounts: Engineering's, the wiki's scope (not dee's). */
const IN_WIKI = PEOPLE.filter((p) => p.login !== "dee");

let fake: GithubFake | undefined;
let repo: PolicyRepo | undefined;

afterEach(async () => {
  await closeGithubLoop(repo, fake);
  repo = fake = undefined;
});

/** GitHub (the fake) with ada, bo, cy and dee, and the wiki (a file target, at most one disable per plan) with ada, bo and cy. */
async function setUp(): Promise<{ repo: PolicyRepo; fake: GithubFake; env: Record<string, string> }> {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
  for (const login of ["ada", "bo", "cy", "dee"]) fake.org.addMember(login, "member");
  const github = { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, deployKeys: false, minAdmins: 0 } };
  repo = new PolicyRepo({ targetName: "github", target: github, people: PEOPLE, groups: [], policy: { scope: { include: [{ kinds: ["person"] }] }, accounts: { login: "userName" } } });
  const config = repo.read("scopesync.yaml").replace("targets:\n", `targets:\n  wiki:\n    type: file\n    path: state/wiki.json\n`);
  repo.write("scopesync.yaml", `${config}safety:\n  targets:\n    wiki:\n      disables: { count: 1 }\n`);
  repo.write("policies/apps/wiki.yaml", stringify({ kind: "AppPolicy", id: "wiki", target: "wiki", scope: { include: [{ kinds: ["person"], where: { department: "Engineering" } }] }, accounts: { login: "userName" } }));
  const account = (p: Person, i: number) => ({ id: `w-${i}`, login: p.login, externalId: `hr:${p.worker}`, active: true, attributes: {}, entitlements: [] });
  repo.write("state/wiki.json", `${JSON.stringify({ formatVersion: 1, target: "wiki", readAt: "2026-11-26T06:00:00Z", accounts: IN_WIKI.map(account) }, null, 2)}\n`);
  return { repo, fake, env: { GH_TOKEN: fake.token } };
}

const member = (login: string) => fake!.org.members.has(fake!.org.user(login)!.id);
const wikiActive = () => (JSON.parse(repo!.read("state/wiki.json")) as { accounts: Array<{ login: string; active: boolean }> }).accounts.filter((a) => a.active).map((a) => a.login).sort();

describe("a safety limit over on one target", () => {
  it("the daily sync's revocations phase: holds that target's revocations and the counted leavers' in the other target, applies the other leaver's", async () => {
    const { repo, env } = await setUp();
    repo.setPeople(LEAVERS);

    const r = await applyReviewed({ repoDir: repo.dir, reviewed: emptyReviewedPlan("apply-e2e", NOW), phase: "revocations", env, journalPath: join(repo.dir, ".scopesync/journal.jsonl"), now: Date.parse(NOW) });

    expect(r.status).toBe("blocked");
    expect([member("ada"), member("bo"), member("cy"), member("dee")]).toEqual([true, true, true, false]);
    expect(wikiActive()).toEqual(["ada", "bo", "cy"]);
    expect(r.applied).toBe(1);
    expect(r.problems[0]).toMatch(/^wiki: 2 disables exceed the safety limit \(2 > 1\); held back: every change of wiki, and in every target the revocations of the 2 identities they are for; if this is intended, commit safety.overrides/);
    expect(r.heldByBlock?.map((h) => [h.target, h.action, h.identity, h.reasons.length]).sort()).toEqual([["github", "disable-account", "bo", 1], ["github", "disable-account", "cy", 1], ["wiki", "disable-account", "bo", 1], ["wiki", "disable-account", "cy", 1]]);
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
    expect([member("ada"), member("bo"), member("cy"), member("dee")]).toEqual([true, true, true, false]);
    expect(wikiActive()).toEqual(["ada", "bo", "cy"]);
    expect(r.stdout).toMatch(/^held back \(held back by the blocked plan: wiki: 2 disables exceed the safety limit .*\): wiki disable-account bo$/m);
    expect(r.stdout).toMatch(/^held back \(held back by the blocked plan: wiki: 2 disables exceed the safety limit .*\): github disable-account cy$/m);
    expect(r.stdout).toContain("applied 1, already in place 0, failed 0, skipped 0, held back 0, 4 revocation(s) held back by the plan's blocked reasons");
  });
});
