// GitHub Enterprise Cloud features through the real CLI, against the fake answering from the GHEC
// API description: an Enterprise Managed Users org (no invitations: the IdP provisions accounts
// through SCIM) and a team synchronized with an IdP group (the IdP owns its membership). The plan
// proposes neither, and says so; what it can do is applied; drift is 0.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { closeGithubLoop, twoTeamRepo } from "./helpers/github-loop.js";
import { changeLines, type PolicyRepo, type Person } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-robotics";
let fake: GithubFake;
let repo: PolicyRepo;
let env: Record<string, string>;
const people: Person[] = [
  { worker: "W1", login: "ada", department: "Platform" },
  { worker: "W2", login: "linus", department: "Engineering" },
  { worker: "W3", login: "grace", department: "Platform" }, // not provisioned into the org yet
];

beforeAll(async () => {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot", emu: true });
  const o = fake.org;
  o.addMember("ada");
  o.addMember("linus");
  o.addUser("grace");
  o.addTeam("platform");
  o.addTeam("engineering").idpGroups = ["eng-all"];
  env = { GH_TOKEN: fake.token };
  repo = twoTeamRepo(fake, ORG, people, { patGrants: false, deployKeys: false, enterpriseManagedUsers: true, idpTeams: true });
});

afterAll(() => closeGithubLoop(repo, fake));

describe("github Enterprise Cloud: EMU org and an IdP-synchronized team", () => {
  it("plans only what GitHub lets scopesync do, with a finding for each thing the IdP owns", async () => {
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual(["grant ada team:platform"]);
    const said = plan.findings.filter((f) => f.rule.startsWith("github-")).map((f) => `${f.severity} ${f.rule}: ${f.message}`);
    expect(said).toEqual([
      'warning github-emu-provisioning: target "github": acme-robotics belongs to an Enterprise Managed Users enterprise: accounts are provisioned by the identity provider through SCIM and GitHub has no invitations, so scopesync plans no new or re-enabled accounts; not planned: create-account grace, grant grace team:platform',
      'warning github-idp-team: target "github": team "engineering" of acme-robotics is synchronized with the identity provider (eng-all); the IdP owns its membership, so scopesync changes none of it; not planned: grant linus team:engineering',
    ]);
    expect(plan.blocked).toBe(false);
  });

  it("applies it; drift is 0 and the same findings stand; no invitation was ever sent", async () => {
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain("applied 1, already in place 0, failed 0, skipped 0, held back 0");
    expect([...fake.org.teams.get("platform")!.members.keys()].map((id) => fake.org.userById(id).login)).toEqual(["ada"]);
    const d = await repo.cli(["drift", "--format", "json"], env);
    expect(d.code).toBe(0);
    const drift = JSON.parse(d.stdout) as Plan;
    expect(changeLines(drift)).toEqual([]);
    expect(drift.findings.filter((f) => f.rule.startsWith("github-")).map((f) => f.rule)).toEqual(["github-emu-provisioning", "github-idp-team"]);
    expect(fake.count("orgs/create-invitation") + fake.count("orgs/list-pending-invitations")).toBe(0);
  });
});
