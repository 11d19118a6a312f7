// A vendor's contractor who is an OUTSIDE COLLABORATOR (direct access to one repository, no org
// membership) is offboarded by a one-day HR error, and HR restores the record (rv62 #3). GitHub: an
// outside collaborator is "a person who isn't explicitly a member of your organization, but who has
// Read, Write, or Admin permissions to one or more repositories in your organization" (docs,
// "Adding outside collaborators to repositories in your organization"), and "Base permissions do
// not apply to outside collaborators. By default, members of an organization will have Read
// permissions to the organization's repositories" (docs, "Setting base permissions for an
// organization"). So the return gives back the kind of access he had: repository invitations for
// what a policy gives, never an org invitation unless a policy gives what only a member holds; and
// what the removal took (maintain on firmware, read whatever options.repositories says) is named.
// Against the OpenAPI-validated GitHub fake, through the real CLI and connector (@octokit/rest).
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Change } from "../../src/model/change.js";
import type { JournalRecord } from "../../src/model/journal-record.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { closeGithubLoop } from "./helpers/github-loop.js";
import { changeLines, PolicyRepo, type Person } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "kestrel-optics";
const people = (tomas: "Active" | "Terminated", department = "Vendors"): Person[] => [
  { worker: "W1", login: "ines", department: "Engineering" },
  { worker: "C7", login: "tlind", department, status: tomas },
];

let fake: GithubFake | undefined;
let repo: PolicyRepo | undefined;
afterEach(() => closeGithubLoop(repo, fake));

/**
 * `vendorRepos`: the `repo:` access the policy gives Vendors (the repositories options.repositories
 * then covers); `covered`: more repositories options.repositories covers; `invitedTo`: repositories
 * tlind has a pending invitation to (admin), sent by hand.
 */
async function start(vendorRepos: string[] = [], covered: string[] = [], invitedTo: string[] = []): Promise<{ fake: GithubFake; repo: PolicyRepo; env: Record<string, string> }> {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
  const o = fake.org;
  for (const login of ["ines", "tlind"]) o.addUser(login);
  o.addMember("ines", "admin");
  o.addTeam("engineering");
  o.addTeamMember("engineering", "ines");
  for (const name of ["firmware", "payroll-exports", "docs-site"]) o.addRepo(name);
  // Made an outside collaborator by hand: maintain on firmware, which no policy gives.
  o.addCollaborator("firmware", "tlind", "maintain");
  // What the policy gives him, he holds (day 1 plans nothing).
  for (const r of vendorRepos) o.addCollaborator(r, "tlind", "write");
  for (const r of invitedTo) o.inviteToRepo(r, "tlind", "admin");
  repo = new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, deployKeys: false, minAdmins: 1, ...(vendorRepos.length + covered.length > 0 ? { repositories: [...vendorRepos, ...covered] } : {}) } },
    people: people("Active"),
    groups: [
      { id: "engineering", departments: ["Engineering"] },
      { id: "vendors", departments: ["Vendors"] },
    ],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Engineering", "Vendors"] } }] },
      accounts: { login: "userName" },
      entitlements: [{ group: "engineering", entitlement: "team:engineering" }, ...vendorRepos.map((r) => ({ group: "vendors", entitlement: `repo:${r}:write` }))],
      onLeaveScope: "disable",
    },
  });
  return { fake, repo, env: { GH_TOKEN: fake.token } };
}

const journal = (r: PolicyRepo): JournalRecord[] => r.read(".scopesync/journal.jsonl").trim().split("\n").map((l) => JSON.parse(l) as JournalRecord);
const removalLine = (r: PolicyRepo): number => journal(r).findIndex((x) => x.phase === "done" && x.action === "disable-account" && x.identity === "tlind") + 1;

/** Day 2: HR marks tlind terminated by mistake; the live plan is applied as reviewed. */
async function offboardByMistake(vendorRepos: string[] = [], covered: string[] = [], invitedTo: string[] = []): Promise<{ fake: GithubFake; repo: PolicyRepo; env: Record<string, string>; removal: Change }> {
  const { fake, repo, env } = await start(vendorRepos, covered, invitedTo);
  expect((await repo.plan(env, "day1.json")).plan.changes).toEqual([]);
  repo.setPeople(people("Terminated"));
  const day2 = (await repo.plan(env)).plan.changes;
  const removal = day2.find((c) => c.action === "disable-account" && c.identity === "tlind")!;
  expect((await repo.cli(["apply", "--plan", "reviewed.json"], env)).code).toBe(0);
  expect(fake.org.outsideCollaborators()).toEqual([]);
  return { fake, repo, env, removal };
}

describe("github: an outside collaborator's mistaken offboarding, undone the next day", () => {
  it("the removal names the repository role it takes though options.repositories does not cover it, and the journal keeps it with the account's kind", async () => {
    const { repo, removal } = await offboardByMistake();
    expect(removal.nonMember).toBe("outside-collaborator");
    expect(removal.lost).toEqual(["repo:firmware:maintain (held by hand)"]);
    expect(removal.reason).toContain('removing "tlind" also takes repo:firmware:maintain (held by hand): no policy gives it, so a return (as an outside collaborator: repository invitations for what a policy gives) does not give it back');
    const done = journal(repo).find((r) => r.phase === "done" && r.action === "disable-account")!;
    expect([done.outcome, done.nonMember, done.lost]).toEqual(["applied", "outside-collaborator", ["repo:firmware:maintain (held by hand)"]]);
  });

  it("a role on a repository options.repositories covers is named once (its repo: entitlement), not again as the access path the read also records", async () => {
    const { removal } = await offboardByMistake([], ["firmware"]);
    expect(removal.lost).toEqual(["repo:firmware:maintain (held by hand)"]);
  });

  it("a pending repository invitation the removal cancels is named in lost, and the return's fix gives it back as a repository invitation", async () => {
    const { fake, repo, env, removal } = await offboardByMistake([], [], ["docs-site"]);
    expect(removal.lost).toEqual(["repo:docs-site:admin (pending invitation, sent by hand)", "repo:firmware:maintain (held by hand)"]);
    expect(fake.org.repos.get("docs-site")!.invitations.size).toBe(0);
    repo.setPeople(people("Active"));
    const day3 = (await repo.plan(env, "restore.json")).plan;
    expect(day3.changes).toEqual([]);
    const finding = day3.findings.find((f) => f.rule === "return-not-restored")!;
    expect(finding.message).toContain("took for good does not come back with this plan: repo:docs-site:admin (pending invitation, sent by hand); repo:firmware:maintain (held by hand);");
    expect(finding.remediation).toContain(`give back admin on docs-site, maintain on firmware by hand (each repository's Settings → Collaborators and teams → Add people: GitHub invites them as an outside collaborator), or in the app policy (entitlements repo:docs-site:admin, repo:firmware:maintain,`);
  });

  it("given nothing by a policy, the return invites nobody to the org and names the maintain role on firmware that does not come back", async () => {
    const { fake, repo, env } = await offboardByMistake();
    const on = journal(repo).find((r) => r.action === "disable-account")!.at.slice(0, 10);
    repo.setPeople(people("Active"));
    const day3 = (await repo.plan(env, "restore.json")).plan;
    // No create-account: an org invitation would make the vendor a member, reading payroll-exports.
    expect(day3.changes).toEqual([]);
    const findings = day3.findings.filter((f) => f.rule === "return-not-restored").map((f) => [f.identity, f.severity, f.message, f.remediation]);
    expect(findings).toEqual([
      [
        "tlind",
        "warning",
        `tlind returns to github as the outside collaborator "tlind" was, not as an org member, and what scopesync's offboarding on ${on} (.scopesync/journal.jsonl:${removalLine(repo)}) took for good does not come back with this plan: repo:firmware:maintain (held by hand); no policy gives "tlind" a repository, so nothing is planned; an org invitation would give the org's base permission on every repository`,
        `if "tlind" still needs it, give back maintain on firmware by hand (each repository's Settings → Collaborators and teams → Add people: GitHub invites them as an outside collaborator), or in the app policy (entitlements repo:firmware:maintain, with targets.github.options.repositories covering firmware); do not invite them to the org unless they are to be a member`,
      ],
    ]);
    expect((await repo.cli(["apply", "--plan", "restore.json"], env)).code).toBe(0);
    expect([...fake.org.invitations.values()]).toEqual([]);
  });

  it("given repo: access by a policy, the return is that repository's invitation alone, and the org is never involved", async () => {
    const { fake, repo, env } = await offboardByMistake(["docs-site"]);
    repo.setPeople(people("Active"));
    const day3 = (await repo.plan(env, "restore.json")).plan;
    expect(changeLines(day3)).toEqual(["grant tlind repo:docs-site:write"]);
    expect(day3.changes[0]!.reason).toContain(`"tlind" was an outside collaborator (access to repositories of the org, not a member), and returns as one: a repository invitation tlind must accept, no org invitation`);
    const finding = day3.findings.find((f) => f.rule === "return-not-restored")!;
    expect(finding.message).toContain("repo:firmware:maintain (held by hand); the policy gives back only repo:docs-site:write (repository invitations tlind must accept)");
    expect((await repo.cli(["apply", "--plan", "restore.json"], env)).stdout).toContain("applied 1, already in place 0, failed 0, skipped 0, held back 0");
    const id = fake.org.user("tlind")!.id;
    expect([...fake.org.invitations.values()]).toEqual([]);
    expect([...fake.org.repos.get("docs-site")!.invitations.values()].map((i) => [i.userId, i.role])).toEqual([[id, "write"]]);
  });

  it("given a team (he moved to Engineering), the return is the org invitation, and its reason says it makes him a member", async () => {
    const { fake, repo, env } = await offboardByMistake();
    repo.setPeople(people("Active", "Engineering"));
    const day3 = (await repo.plan(env, "restore.json")).plan;
    expect(changeLines(day3)).toEqual(["create-account tlind", "grant tlind team:engineering"]);
    const create = day3.changes.find((c) => c.action === "create-account")!;
    expect(create.reason).toContain(`"tlind" was an outside collaborator (access to repositories of the org, not a member), and team:engineering needs membership: the return is an invitation to the org tlind must accept, which makes them a member (members get the org's base permission on every repository; outside collaborators do not), holding only team:engineering; not given back: repo:firmware:maintain (held by hand)`);
    expect(day3.findings.filter((f) => f.rule === "return-not-restored").map((f) => f.identity)).toEqual(["tlind"]);
    expect((await repo.cli(["apply", "--plan", "restore.json"], env)).code).toBe(0);
    expect([...fake.org.invitations.values()].map((i) => i.userId)).toEqual([fake.org.user("tlind")!.id]);
  });

  it("a removal line an older scopesync wrote (no nonMember, no why) does not say what the account was: the return is a member's, and the plan says that this is not known", async () => {
    const { repo, env } = await offboardByMistake();
    // As a journal written before the account's kind was recorded has it.
    const lines = journal(repo).map((r) => {
      const { nonMember: _n, why: _w, ...old } = r;
      return JSON.stringify(old);
    });
    repo.write(".scopesync/journal.jsonl", `${lines.join("\n")}\n`);
    const on = journal(repo).find((r) => r.action === "disable-account")!.at.slice(0, 10);
    repo.setPeople(people("Active"));
    const day3 = (await repo.plan(env, "restore.json")).plan;
    expect(changeLines(day3)).toEqual(["create-account tlind"]);
    expect(day3.changes[0]!.reason).toContain(`the journal line does not say whether "tlind" was a member or an outside collaborator (an older scopesync wrote it): planned as a member's return; the return is a new invitation tlind must accept, holding nothing; not given back: repo:firmware:maintain (held by hand)`);
    const findings = day3.findings.filter((f) => f.rule === "return-not-restored").map((f) => [f.severity, f.message, f.remediation]);
    expect(findings).toEqual([
      [
        "warning",
        `tlind returns to github by an org invitation, which makes them a member, but scopesync's offboarding on ${on} (.scopesync/journal.jsonl:${removalLine(repo)}) was journalled by an older scopesync that did not record whether "tlind" was a member or an outside collaborator (outside collaborators do not get the org's base permission on every repository; members do); what scopesync's offboarding on ${on} took for good does not come back with this plan: repo:firmware:maintain (held by hand)`,
        `find out what "tlind" was before approving: the org's audit log of ${on} records the removal as org.remove_member (a member) or org.remove_outside_collaborator (an outside collaborator); if an outside collaborator, do not approve the org invitation: give the repository roles back by hand (each repository's Settings → Collaborators and teams → Add people), or take tlind out of the policy's team and owner grants so that only repo: grants remain; once the invitation is accepted, give back by hand what was held by hand: repo:firmware:maintain (a team membership can instead be given by a policy; a team role only by hand)`,
      ],
    ]);
  });
});
