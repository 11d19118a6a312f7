// The GitHub fake keeps an organization owned, as GitHub does: "If you're the only member with
// owner privileges, give another organization member the owner role" before that member leaves
// (https://docs.github.com/en/organizations/managing-organization-settings/transferring-organization-ownership).
// It used to demote and remove the last owner without a word, so a connector that did so in the
// wrong order passed against it. Driven by the real @octokit/rest: a demotion of the last owner
// (PUT /orgs/{org}/memberships/{username}, role member) is refused 422, a removal (DELETE) 403,
// the statuses the REST description documents for them; once another owner is promoted, both go.
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGithubFake, type GithubFake } from "./github-fake/index.js";

const ORG = "acme-robotics";
let fake: GithubFake;
let octokit: Octokit;

beforeAll(async () => {
  // An App's bot is never a member: ada is the org's only owner.
  fake = await startGithubFake({ org: ORG, tokens: [{ kind: "app", value: "ghs_fakeAPPtoken0123456789abcdefSECRET", permissions: { members: "write" } }] });
  fake.org.addMember("ada", "admin");
  fake.org.addMember("bo", "member");
  octokit = new Octokit({ auth: "ghs_fakeAPPtoken0123456789abcdefSECRET", baseUrl: fake.url });
});

afterAll(async () => {
  try {
    fake?.assertNoViolations();
  } finally {
    await fake?.close();
  }
});

const status = (p: Promise<unknown>): Promise<number> => p.then(() => 200, (e: { status?: number }) => e.status ?? -1);

describe("github fake: the last owner", () => {
  it("is neither demoted nor removed; after a promotion of another member, both are", async () => {
    expect(await status(octokit.rest.orgs.setMembershipForUser({ org: ORG, username: "ada", role: "member" }))).toBe(422);
    expect(await status(octokit.rest.orgs.removeMembershipForUser({ org: ORG, username: "ada" }))).toBe(403);
    expect(fake.org.members.get(fake.org.user("ada")!.id)).toBe("admin");

    await octokit.rest.orgs.setMembershipForUser({ org: ORG, username: "bo", role: "admin" });
    await octokit.rest.orgs.setMembershipForUser({ org: ORG, username: "ada", role: "member" });
    await octokit.rest.orgs.removeMembershipForUser({ org: ORG, username: "ada" });
    expect(fake.org.members.has(fake.org.user("ada")!.id)).toBe(false);
    // And bo, now the last owner, is kept in turn.
    expect(await status(octokit.rest.orgs.removeMembershipForUser({ org: ORG, username: "bo" }))).toBe(403);
  });
});
