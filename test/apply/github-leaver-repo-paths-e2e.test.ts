// A leaving contractor's paths to the org's repositories beside a membership, through the real CLI
// (plan --live, apply --plan, drift) against the OpenAPI-validated GitHub fake, with the target's
// default options (no options.repositories) as rv62 found them:
// - #1: an outside collaborator scopesync itself invited to the org (the policy gives a team),
//   terminated before accepting: "Remove organization membership for a user" only cancels the
//   invitation (https://docs.github.com/en/rest/orgs/members#remove-organization-membership-for-a-user),
//   so the removal reported applied left write on the repository;
// - #2: pending repository invitations (GET /repos/{owner}/{repo}/invitations, listed only per
//   repository, https://docs.github.com/en/rest/collaborators/invitations): one of a contractor who
//   had nothing else was in no plan, and one of an outside collaborator outlived their removal
//   ("Remove outside collaborator" removes them "from all the organization's repositories",
//   https://docs.github.com/en/rest/orgs/outside-collaborators); both were accepted afterwards.
// The plan names each path, apply takes each and reads it back, and the journal names each taken.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { JournalRecord } from "../../src/model/journal-record.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { closeGithubLoop, driftLines, planAndApply } from "./helpers/github-loop.js";
import { changeLines, PolicyRepo, type Person } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "kestrel-optics";
let fake: GithubFake | undefined;
let repo: PolicyRepo | undefined;

afterEach(async () => {
  await closeGithubLoop(repo, fake);
  repo = fake = undefined;
});

/** The fake org with two owners in team engineering and the repositories firmware and docs-site; a policy repo on it. */
async function setUp(people: Person[]): Promise<{ fake: GithubFake; repo: PolicyRepo; env: Record<string, string> }> {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
  for (const login of ["ines-m", "ravi-k"]) fake.org.addMember(login, "admin");
  fake.org.addTeam("engineering");
  for (const login of ["ines-m", "ravi-k"]) fake.org.addTeamMember("engineering", login);
  fake.org.addRepo("firmware");
  fake.org.addRepo("docs-site");
  repo = new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, deployKeys: false } },
    people: [{ worker: "W1", login: "ines-m", department: "Engineering" }, { worker: "W2", login: "ravi-k", department: "Engineering" }, ...people],
    groups: [{ id: "engineering", departments: ["Engineering"] }, { id: "owners", members: ["ines-m", "ravi-k"], privileged: true }],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Engineering"] } }] },
      accounts: { login: "userName" },
      entitlements: [{ group: "engineering", entitlement: "team:engineering" }, { group: "owners", entitlement: "role:admin" }],
    },
  });
  return { fake, repo, env: { GH_TOKEN: fake.token } };
}

const journal = (r: PolicyRepo): JournalRecord[] => r.read(".scopesync/journal.jsonl").trim().split("\n").map((l) => JSON.parse(l) as JournalRecord);
const removedBy = (r: PolicyRepo, login: string): string[] | undefined => journal(r).find((l) => l.phase === "done" && l.action === "disable-account" && l.login === login)?.removed;
const lostBy = (r: PolicyRepo, login: string): string[] | undefined => journal(r).find((l) => l.phase === "done" && l.action === "disable-account" && l.login === login)?.lost;
const collaborators = (f: GithubFake, repoName: string): string[] => [...f.org.repos.get(repoName)!.collaborators].map(([id, role]) => `${f.org.userById(id).login}:${role}`).sort();
const invited = (f: GithubFake, repoName: string): string[] => [...f.org.repos.get(repoName)!.invitations.values()].map((i) => `${f.org.userById(i.userId).login}:${i.role}`).sort();

describe("a leaving contractor's paths to repositories beside a membership (default options)", () => {
  it("an outside collaborator invited to the org and terminated before accepting loses the invitation and the repository, both named", async () => {
    const { fake, repo, env } = await setUp([{ worker: "C7", login: "tlind-contract", department: "Engineering", status: "Terminated" }]);
    fake.org.addCollaborator("firmware", "tlind-contract", "write");
    fake.org.invite("tlind-contract");
    const plan = await planAndApply(repo, env);
    expect(changeLines(plan)).toEqual(["disable-account tlind-contract"]);
    expect(plan.changes[0]!.reason).toContain(`; the removal takes every path "tlind-contract" has to the org's repositories: the pending invitation to the org, write on firmware as an outside collaborator`);
    expect(fake.org.invitations.size).toBe(0);
    expect(collaborators(fake, "firmware")).toEqual([]);
    expect(removedBy(repo, "tlind-contract")).toEqual([`the invitation to ${ORG}`, `outside-collaborator access to every repository of ${ORG}`]);
    // No policy gives write on firmware: lost names it (one read, collaborator:firmware), for a return to say so.
    expect(lostBy(repo, "tlind-contract")).toEqual(["repo:firmware:write (held by hand)"]);
    expect(await driftLines(repo, env)).toEqual([]);
  });

  it("pending repository invitations are planned, cancelled and journalled: the contractors have nothing left to accept", async () => {
    const { fake, repo, env } = await setUp([
      { worker: "C7", login: "tlind-contract", department: "Engineering", status: "Terminated" },
      { worker: "C8", login: "ovoss-contract", department: "Engineering", status: "Terminated" },
    ]);
    fake.org.addCollaborator("docs-site", "tlind-contract", "write");
    fake.org.inviteToRepo("firmware", "tlind-contract", "admin");
    fake.org.inviteToRepo("firmware", "ovoss-contract", "write"); // her only access
    const plan = await planAndApply(repo, env);
    expect(changeLines(plan)).toEqual(["disable-account ovoss-contract", "disable-account tlind-contract"]);
    const reason = (login: string): string => plan.changes.find((c) => c.login === login)!.reason;
    expect(reason("ovoss-contract")).toContain(`the removal takes every path "ovoss-contract" has to the org's repositories: the pending invitation to firmware (write)`);
    expect(reason("tlind-contract")).toContain(`the removal takes every path "tlind-contract" has to the org's repositories: write on docs-site as an outside collaborator, the pending invitation to firmware (admin)`);
    expect(invited(fake, "firmware")).toEqual([]);
    expect(collaborators(fake, "docs-site")).toEqual([]);
    for (const login of ["tlind-contract", "ovoss-contract"]) expect(() => fake.org.acceptRepoInvitation("firmware", login)).toThrow(/no pending invitation/);
    expect(removedBy(repo, "ovoss-contract")).toEqual(["the invitation to firmware (write)"]);
    expect(removedBy(repo, "tlind-contract")).toEqual([`outside-collaborator access to every repository of ${ORG}`, "the invitation to firmware (admin)"]);
    // What no policy gives back, from the same attributes the reasons name (collaborator:, repoInvitation:).
    expect(lostBy(repo, "ovoss-contract")).toEqual(["repo:firmware:write (pending invitation, sent by hand)"]);
    expect(lostBy(repo, "tlind-contract")).toEqual(["repo:docs-site:write (held by hand)", "repo:firmware:admin (pending invitation, sent by hand)"]);
    expect(await driftLines(repo, env)).toEqual([]);
  });
});
