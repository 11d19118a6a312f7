// Teams an identity provider owns, with the github target's defaults (rv77 M2). GitHub: "When you
// have team synchronization set up for a team with your organization's identity provider (IdP), you
// will see an error if you attempt to use the API for making changes to the team's membership"
// (403 "Forbidden if team synchronization is set up"); the fake refuses them too. By default the
// read asks which teams an IdP owns: a GitHub Enterprise Cloud org with team sync gets no such
// change planned; an org without team sync (asked once for the org, GitHub's 403 "not externally
// managed") plans as before, asking no team; an App token, which cannot ask, says so; and with `idpTeams: false` GitHub's refusal at
// apply names the option instead of blaming the token.
import { afterEach, describe, expect, it, vi } from "vitest";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { fakeToken } from "../servers/github-fake/tokens.js";
import { closeGithubLoop, twoTeamRepo } from "./helpers/github-loop.js";
import { changeLines, type PolicyRepo, type Person } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-robotics";
const people: Person[] = [{ worker: "W1", login: "ada", department: "Engineering" }];
let fake: GithubFake | undefined;
let repo: PolicyRepo | undefined;

afterEach(async () => {
  await closeGithubLoop(repo, fake);
  repo = undefined;
  fake = undefined;
});

/** An org whose team engineering the IdP group eng-all owns (on GitHub Enterprise Cloud); linus was put there by the IdP. */
async function syncedOrg(options: { ghec: boolean; app?: boolean }, targetOptions: Record<string, unknown> = {}): Promise<{ fake: GithubFake; repo: PolicyRepo; env: Record<string, string> }> {
  const tokens = options.app ? [fakeToken("app")] : undefined;
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot", ghec: options.ghec, ...(tokens ? { tokens } : {}) });
  const o = fake.org;
  if (!options.app) o.addMember("scopesync-bot", "admin");
  o.addMember("ada");
  o.addMember("linus");
  if (options.ghec) o.addTeam("engineering").idpGroups = ["eng-all"];
  else o.addTeam("engineering");
  o.addTeam("platform");
  o.addTeamMember("engineering", "linus");
  repo = twoTeamRepo(fake, ORG, people, { patGrants: false, deployKeys: false, ...targetOptions });
  return { fake, repo, env: { GH_TOKEN: fake.token } };
}

describe("github: teams an IdP owns, with the defaults", () => {
  it("GitHub Enterprise Cloud with team sync: no membership change on the synced team, and the plan says why", { timeout: 120_000 }, async () => {
    const { repo, env, fake } = await syncedOrg({ ghec: true });
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual([]);
    const said = plan.findings.filter((f) => f.rule === "github-idp-team");
    expect(said.map((f) => f.message)).toEqual([expect.stringContaining('team "engineering" of acme-robotics is synchronized with the identity provider (eng-all); the IdP owns its membership, so scopesync changes none of it; not planned: grant ada team:engineering')]);
    expect(fake.count("teams/list-idp-groups-in-org")).toBeGreaterThan(0);
    fake.assertNoViolations();
  });

  it("an org without team sync: GitHub's 403 at org level is read as no IdP group, no team is asked, and the plan goes on", { timeout: 120_000 }, async () => {
    const { repo, env, fake } = await syncedOrg({ ghec: false });
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual(["grant ada team:engineering"]);
    expect(plan.findings.map((f) => f.rule)).not.toContain("github-idp-team");
    expect(fake.requests.filter((r) => r.path.endsWith("/team-sync/groups")).map((r) => r.status)).toEqual([403]);
    expect(fake.requests.filter((r) => r.path.endsWith("/team-sync/group-mappings"))).toEqual([]);
    fake.assertNoViolations();
  });

  it("an App token cannot ask about team sync: the plan says it did not", { timeout: 120_000 }, async () => {
    const { repo, env, fake } = await syncedOrg({ ghec: true, app: true });
    const { plan } = await repo.plan(env);
    expect(plan.findings.filter((f) => f.rule === "github-idp-teams-not-read").map((f) => `${f.severity} ${f.message}`)).toEqual([expect.stringMatching(/^info target "github": which teams of acme-robotics an identity provider owns \(team sync\) was not asked: a GitHub App installation token cannot/)]);
    expect(fake.requests.filter((r) => r.path.endsWith("/team-sync/group-mappings"))).toEqual([]);
  });

  it("idpTeams: false: GitHub refuses the change at apply, and the fix names the option, not the token", { timeout: 120_000 }, async () => {
    const { repo, env, fake } = await syncedOrg({ ghec: true }, { idpTeams: false });
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual(["grant ada team:engineering"]);
    expect(fake.count("teams/list-idp-groups-in-org")).toBe(0);
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code).toBe(1);
    const out = `${applied.stdout}${applied.stderr}`;
    expect(out).toContain('cannot change the membership of "ada" in team "engineering": GitHub refused it (403');
    expect(out).toContain("options.idpTeams");
    expect(out).not.toContain("the token lacks a permission");
    // The IdP's member stays: GitHub carried nothing out.
    expect([...fake.org.teams.get("engineering")!.members.keys()].map((id) => fake.org.userById(id).login)).toEqual(["linus"]);
  });
});
