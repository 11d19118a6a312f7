// Every path a user has to the org's repositories beside a membership, read and removed by the
// connector with its default options (no options.repositories), against the OpenAPI-validated fake
// driven by the real @octokit/rest (rv62 findings 1 and 2). GitHub keeps the paths apart:
// - "Remove organization membership for a user": "If the specified user has been invited to the
//   organization, this will cancel their invitation" (https://docs.github.com/en/rest/orgs/members#remove-organization-membership-for-a-user):
//   an outside collaborator's repository access is not a membership and stays;
// - "Remove outside collaborator from an organization": "Removing a user from this list will remove
//   them from all the organization's repositories" (https://docs.github.com/en/rest/orgs/outside-collaborators):
//   nothing about their invitations;
// - a repository invitation is listed only per repository, GET /repos/{owner}/{repo}/invitations,
//   and cancelled by DELETE /repos/{owner}/{repo}/invitations/{invitation_id}
//   (https://docs.github.com/en/rest/collaborators/invitations); the invitee accepts it with
//   PATCH /user/repository_invitations/{invitation_id} (fake.org.acceptRepoInvitation).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Action, Change } from "../../src/model/change.js";
import type { TargetConnector } from "../../src/targets/connector.js";
import { createGithubConnector } from "../../src/targets/github/index.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";

const ORG = "kestrel-optics";
let fake: GithubFake;

function connector(): TargetConnector {
  return createGithubConnector({ type: "github", org: ORG, token: "${env:T}", options: { deployKeys: false, patGrants: false } }, { name: "github", repoDir: "/nonexistent", env: { T: fake.token } }, { baseUrl: fake.url, waitScale: 0.001 });
}

function change(action: Action, login: string): Change {
  return { id: `${action}-${login}`, target: "github", action, identity: login, login, privileged: false, origin: "source", reason: "test", evidence: [] };
}

const collaborators = (repo: string): Record<string, string> => Object.fromEntries([...fake.org.repos.get(repo)!.collaborators].map(([id, r]) => [fake.org.userById(id).login, r]));
const invited = (repo: string): string[] => [...fake.org.repos.get(repo)!.invitations.values()].map((i) => `${fake.org.userById(i.userId).login}:${i.role}`).sort();

beforeEach(async () => {
  fake = await startGithubFake({ org: ORG });
  fake.org.addMember("ines-m", "admin");
  fake.org.addRepo("firmware");
  fake.org.addRepo("docs-site");
});

afterEach(async () => {
  try {
    fake.assertNoViolations();
  } finally {
    await fake.close();
  }
});

describe("github: an outside collaborator invited to the org (rv62 #1)", () => {
  beforeEach(() => {
    fake.org.addCollaborator("firmware", "tlind-contract", "write");
    fake.org.invite("tlind-contract");
  });

  it("the read keeps the pending membership and records the repository access beside it", async () => {
    const account = (await connector().read()).accounts.find((a) => a.login === "tlind-contract");
    // Not marked an outside collaborator: the invitation is its membership (else every plan would invite again).
    expect(account?.attributes).toEqual({ pending: "true", "collaborator:firmware": "write" });
  });

  it("disable-account cancels the invitation and removes the repository access, reads both back, and names both", async () => {
    const gh = connector();
    expect(await gh.apply(change("disable-account", "tlind-contract"))).toEqual({ status: "applied", account: String(fake.org.user("tlind-contract")!.id), removed: [`the invitation to ${ORG}`, `outside-collaborator access to every repository of ${ORG}`] });
    expect(fake.org.invitations.size).toBe(0);
    expect(collaborators("firmware")).toEqual({});
    // Confirmed by reading again: the outside collaborators are listed after the DELETE too.
    expect(fake.count("orgs/list-outside-collaborators")).toBe(2);
    expect(await gh.apply(change("disable-account", "tlind-contract"))).toEqual({ status: "unchanged", account: String(fake.org.user("tlind-contract")!.id) });
  });
});

describe("github: pending repository invitations (rv62 #2)", () => {
  beforeEach(() => {
    fake.org.addCollaborator("docs-site", "tlind-contract", "write");
    fake.org.inviteToRepo("firmware", "tlind-contract", "admin");
    fake.org.inviteToRepo("firmware", "ovoss-contract", "write");
  });

  it("are read for every repository without options.repositories; an invitee with nothing else is an account, pending", async () => {
    const state = await connector().read();
    const view = Object.fromEntries(state.accounts.filter((a) => a.login.endsWith("-contract")).map((a) => [a.login, a.attributes]));
    expect(view).toEqual({
      "ovoss-contract": { outsideCollaborator: "true", pending: "true", "repoInvitation:firmware": "write" },
      "tlind-contract": { outsideCollaborator: "true", "collaborator:docs-site": "write", "repoInvitation:firmware": "admin" },
    });
    expect(state.accounts.find((a) => a.login === "ovoss-contract")?.id).toBe(String(fake.org.user("ovoss-contract")!.id));
  });

  it("disable-account removes the outside collaborator and cancels the invitation: nothing is left to accept", async () => {
    expect(await connector().apply(change("disable-account", "tlind-contract"))).toMatchObject({ status: "applied", removed: [`outside-collaborator access to every repository of ${ORG}`, "the invitation to firmware (admin)"] });
    expect(collaborators("docs-site")).toEqual({});
    expect(invited("firmware")).toEqual(["ovoss-contract:write"]);
    expect(() => fake.org.acceptRepoInvitation("firmware", "tlind-contract")).toThrow(/no pending invitation/);
  });

  it("disable-account of someone only invited cancels the invitation (it was `unchanged` before)", async () => {
    const gh = connector();
    expect(await gh.apply(change("disable-account", "ovoss-contract"))).toMatchObject({ status: "applied", removed: ["the invitation to firmware (write)"] });
    expect(invited("firmware")).toEqual(["tlind-contract:admin"]);
    expect(await gh.apply(change("disable-account", "ovoss-contract"))).toMatchObject({ status: "unchanged" });
  });

  it("a cancellation GitHub answered 204 to and did not make fails the change, retryable, instead of reporting it applied", async () => {
    fake.org.keepsCancelledRepoInvitations = true;
    await expect(connector().apply(change("disable-account", "ovoss-contract"))).rejects.toMatchObject({
      message: expect.stringContaining(`"ovoss-contract" still has a pending invitation to ${ORG}/firmware after GitHub accepted its cancellation`),
      retryable: true,
    });
  });
});

describe("github: a removal after a read starts from what the read found (rv89 MEDIUM-2)", () => {
  beforeEach(() => {
    for (const repo of ["api", "web", "infra", "mobile"]) fake.org.addRepo(repo);
    fake.org.inviteToRepo("firmware", "ovoss-contract", "write");
  });
  const lists = (): number => fake.count("repos/list-invitations");

  it("lists only the repositories the read named for the leaver (then reads each back), not every repository of the org again", async () => {
    const gh = connector();
    await gh.read();
    const [listsAfterRead, reposAfterRead] = [lists(), fake.count("repos/list-for-org")];
    expect(listsAfterRead).toBe(6); // the read: one list per repository
    expect(await gh.apply(change("disable-account", "ovoss-contract"))).toMatchObject({ status: "applied", removed: ["the invitation to firmware (write)"] });
    expect(invited("firmware")).toEqual([]);
    // firmware's invitations listed for their ids as they are now, and again to read the cancellation back.
    expect(lists() - listsAfterRead).toBe(2);
    expect(fake.count("repos/list-for-org") - reposAfterRead).toBe(0);
  });

  it("an invitation the read saw and that is gone by the apply is nothing to cancel; one sent after the read to another repository is the next plan's", async () => {
    const gh = connector();
    await gh.read();
    fake.org.repos.get("firmware")!.invitations.clear();
    fake.org.inviteToRepo("docs-site", "ovoss-contract", "read");
    expect(await gh.apply(change("disable-account", "ovoss-contract"))).toMatchObject({ status: "unchanged" });
    // Not seen by this apply (documented): the next read has it as the account's path, which plans its removal.
    const account = (await gh.read()).accounts.find((a) => a.login === "ovoss-contract");
    expect(account?.attributes).toEqual({ outsideCollaborator: "true", pending: "true", "repoInvitation:docs-site": "read" });
    expect(await gh.apply(change("disable-account", "ovoss-contract"))).toMatchObject({ status: "applied", removed: ["the invitation to docs-site (read)"] });
    expect(invited("docs-site")).toEqual([]);
  });
});
