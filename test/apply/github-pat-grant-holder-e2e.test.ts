// A fine-grained token grant outlives its owner's membership: GitHub's grant list is of "all
// fine-grained personal access tokens that can access resources owned by the organization"
// (https://docs.github.com/en/organizations/managing-programmatic-access-to-your-organization/reviewing-and-revoking-personal-access-tokens-in-your-organization),
// and each grant names its owner as a simple-user, login included
// (https://docs.github.com/en/rest/orgs/personal-access-tokens#list-fine-grained-personal-access-tokens-with-access-to-organization-resources).
// A leaver removed from the org by an apply whose token cannot revoke grants (a personal one), or
// by hand, must still have the grant revoked by the next plan made with an App token: before, the
// grant was read as an account id no account had, and nothing ever revoked it. The real CLI and
// connector (@octokit/rest) against the OpenAPI-validated GitHub fake.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { fakeToken } from "../servers/github-fake/tokens.js";
import { closeGithubLoop, driftLines } from "./helpers/github-loop.js";
import { changeLines, PolicyRepo, type Person } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-robotics";
// The fine-grained token first: the fake's own user (scopesync-bot, an org owner) is then its.
const fineGrained = fakeToken("fine-grained");
const app = fakeToken("app");
const people: Person[] = [
  { worker: "W1", login: "ada", department: "Engineering" },
  { worker: "W2", login: "grace", department: "Engineering" },
];
const graceLeaves = [people[0]!, { ...people[1]!, status: "Terminated" as const }];
let fake: GithubFake | undefined;
let repo: PolicyRepo | undefined;

afterEach(async () => {
  await closeGithubLoop(repo, fake);
  fake = undefined;
  repo = undefined;
});

/** ada and grace in the org and its engineering team; `owner` holds a grant to her token "release-notes". */
async function start(owner: string): Promise<{ fake: GithubFake; repo: PolicyRepo; credential: string; grantId: number }> {
  fake = await startGithubFake({ org: ORG, tokens: [fineGrained, app] });
  for (const p of people) fake.org.addMember(p.login);
  fake.org.addTeam("engineering");
  for (const p of people) fake.org.addTeamMember("engineering", p.login);
  const grant = fake.org.addPatGrant(owner, "release-notes");
  repo = new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url } },
    people,
    groups: [{ id: "engineering", departments: ["Engineering"] }],
    policy: { scope: { include: [{ kinds: ["person"], where: { department: ["Engineering"] } }] }, accounts: { login: "userName" }, entitlements: [{ group: "engineering", entitlement: "team:engineering" }] },
  });
  return { fake, repo, credential: `pat-grant:${grant.id}`, grantId: grant.id };
}

const isMember = (login: string) => fake!.org.members.has(fake!.org.user(login)!.id);

describe("github: a fine-grained token grant outlives its owner's membership", () => {
  it("a leaver removed by an apply that could not revoke the grant has it revoked by the next plan with an App token; apply revokes it, drift is clean", async () => {
    const { fake, repo, credential, grantId } = await start("grace");
    repo.setPeople(graceLeaves);
    const { plan } = await repo.plan({ GH_TOKEN: app.value });
    expect(changeLines(plan)).toEqual(["disable-account grace", "revoke grace team:engineering", `revoke-credential grace ${credential}`]);

    // Applied with a fine-grained PAT, which may remove members but cannot list or revoke grants.
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], { GH_TOKEN: fineGrained.value });
    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain("applied 2, already in place 0, failed 0, skipped 1, held back 0");
    expect(isMember("grace")).toBe(false);
    expect(fake.org.patGrants.has(grantId)).toBe(true);

    // The next plan, with the App token: grace has no account, and her grant is still hers.
    const next = (await repo.plan({ GH_TOKEN: app.value }, "next.json")).plan;
    expect(changeLines(next)).toEqual([`revoke-credential grace ${credential}`]);
    expect(next.changes[0]).not.toHaveProperty("account");
    expect(next.changes[0]!.reason).toContain('its pat-grant release-notes, owned by its login "grace", which has no account here, stops working');
    expect(next.findings.filter((f) => f.rule === "credential-orphaned")).toEqual([]);

    const revoked = await repo.cli(["apply", "--plan", "next.json"], { GH_TOKEN: app.value });
    expect(revoked.stderr).toBe("");
    expect(revoked.stdout).toContain("applied 1, already in place 0, failed 0, skipped 0, held back 0");
    expect(fake.org.patGrants.has(grantId)).toBe(false);
    expect(await driftLines(repo, { GH_TOKEN: app.value })).toEqual([]);
    expect((await repo.cli(["drift"], { GH_TOKEN: app.value })).code).toBe(0);
  });

  it("a leaver removed from the org by hand has the grant revoked, and the saved state keeps its owner", async () => {
    const { fake, repo, credential, grantId } = await start("grace");
    fake.org.removeMembership(fake.org.user("grace")!.id);
    repo.setPeople(graceLeaves);
    const { plan } = await repo.plan({ GH_TOKEN: app.value });
    expect(changeLines(plan)).toEqual([`revoke-credential grace ${credential}`]);

    expect((await repo.cli(["state", "pull"], { GH_TOKEN: app.value })).code).toBe(0);
    expect((JSON.parse(repo.read("state/github.json")) as { credentials: unknown[] }).credentials).toEqual([{ id: credential, account: "", heldBy: "grace", type: "pat-grant", credentialId: "release-notes" }]);
    const offline = JSON.parse((await repo.cli(["plan", "--format", "json"], { GH_TOKEN: app.value })).stdout) as Plan;
    expect(changeLines(offline)).toEqual(changeLines(plan));

    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], { GH_TOKEN: app.value });
    expect(applied.stdout).toContain("applied 1, already in place 0, failed 0, skipped 0, held back 0");
    expect(fake.org.patGrants.has(grantId)).toBe(false);
  });

  it("a grant whose owner is no member and no identity's login is a credential-orphaned finding", async () => {
    const { fake, repo, credential } = await start("old-contractor");
    const { plan } = await repo.plan({ GH_TOKEN: app.value });
    expect(changeLines(plan)).toEqual([]);
    expect(plan.findings.filter((f) => f.rule === "credential-orphaned")).toEqual([
      expect.objectContaining({
        severity: "warning",
        identity: "old-contractor",
        message: `github: pat-grant "release-notes" (${credential}) is owned by "old-contractor", who has no account in target "github" and is no identity's userName there: the credential still works, and no change revokes it`,
      }),
    ]);
    expect(fake.org.patGrants.size).toBe(1);
  });
});
