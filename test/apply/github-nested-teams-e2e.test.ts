// Nested teams through the real CLI: GitHub lists a child team's members in the parent team too
// (marked inherited). A revoke of the parent must converge: before, the connector read every
// listed member as a direct one, so the plan revoked team:<parent> from a child-team member on
// every run and drift never reached 0.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { closeGithubLoop, driftLines, planAndApply, twoTeamRepo } from "./helpers/github-loop.js";
import { changeLines, type PolicyRepo, type Person } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-robotics";
let fake: GithubFake;
let repo: PolicyRepo;
let env: Record<string, string>;
const people: Person[] = [
  { worker: "W1", login: "ada", department: "Platform" },
  { worker: "W2", login: "grace", department: "Engineering" },
];

const direct = (slug: string): string[] => [...fake.org.teams.get(slug)!.members.keys()].map((id) => fake.org.userById(id).login).sort();
const listed = (slug: string): string[] => [...fake.org.effectiveMembers(slug).keys()].map((id) => fake.org.userById(id).login).sort();

beforeAll(async () => {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
  const o = fake.org;
  o.addMember("ada");
  o.addMember("grace");
  o.addTeam("engineering");
  o.addTeam("platform", "platform", "engineering");
  o.addTeamMember("engineering", "ada"); // stale: ada moved to Platform long ago
  o.addTeamMember("platform", "ada");
  o.addTeamMember("engineering", "grace");
  env = { GH_TOKEN: fake.token };
  repo = twoTeamRepo(fake, ORG, people, { patGrants: false, deployKeys: false });
});

afterAll(() => closeGithubLoop(repo, fake));

describe("github nested teams: plan, apply and drift agree", () => {
  it("revokes a stale direct membership of the parent; the one through the child team stays, and drift is 0", async () => {
    expect(listed("engineering")).toEqual(["ada", "grace"]);
    const plan = await planAndApply(repo, env);
    expect(changeLines(plan)).toEqual(["revoke ada team:engineering"]);
    expect(direct("engineering")).toEqual(["grace"]);
    // GitHub still lists ada in engineering, through platform: that is not team:engineering.
    expect(listed("engineering")).toEqual(["ada", "grace"]);
    expect(await driftLines(repo, env)).toEqual([]);
    expect(fake.count("teams/remove-membership-for-user-in-org")).toBe(1);
  });

  it("a mover into the child team: granted the child, revoked the parent; drift 0", async () => {
    people[1] = { ...people[1]!, department: "Platform" };
    repo.setPeople(people);
    const plan = await planAndApply(repo, env);
    expect(changeLines(plan)).toEqual(["grant grace team:platform", "revoke grace team:engineering"]);
    expect(direct("engineering")).toEqual([]);
    expect(direct("platform")).toEqual(["ada", "grace"]);
    expect(await driftLines(repo, env)).toEqual([]);
  });
});
