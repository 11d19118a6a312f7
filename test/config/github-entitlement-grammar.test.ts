// A GitHub app policy naming an entitlement the github connector cannot grant (`role:member`:
// membership is the account itself; `team:<slug>:maintainer`: scopesync never makes one; a
// misspelt form) was planned, reviewed and approved, then refused by apply as "unknown entitlement"
// (src/targets/github/apply.ts). It is refused when the repository loads, at its file:line:col, with
// why and the fix, in `entitlements`, in `groupGrants` keys and in rules naming "app:entitlement".
// The grammar is the connector's own (src/model/github-entitlements.ts).
import { afterEach, describe, expect, it } from "vitest";
import { NOW, PolicyRepo } from "../apply/helpers/policy-repo.js";
import { runCli } from "../helpers/run-cli.js";
import { at, githubRepo as withGrants } from "../helpers/github-policy-repo.js";

const githubRepo = (entitlement: string, groupGrants: Record<string, string[]> = {}): PolicyRepo => withGrants(groupGrants, entitlement);

let repo: PolicyRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

const FORMS = "a GitHub target grants role:admin (owner), team:<slug>, repo:<name>:<read|triage|write|maintain|admin or a custom repository role> and org-role:<name>";

/** validate and plan both stop (exit 1, no stack trace) with these two lines first. */
async function refused(repo: PolicyRepo, expected: string[]): Promise<void> {
  for (const command of [["validate", "--repo", repo.dir], ["plan", "--repo", repo.dir, "--now", NOW]]) {
    const r = await runCli(command, { env: {}, cwd: repo.dir });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr.split("\n").slice(0, 2)).toEqual(expected);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).not.toContain("grant");
  }
}

describe("a GitHub entitlement no apply can make is refused when the repository loads", () => {
  it("role:member: membership is the account itself; omit it", async () => {
    repo = githubRepo("role:member");
    await refused(repo, [
      `${at(repo, "role:member")}: "role:member" is not an entitlement target "github" (github) can grant: membership is the account itself, which every identity in this policy's scope gets; apply would refuse it as unknown, so it is never planned for review`,
      '  fix: omit it: the one org role scopesync grants is "role:admin" (owner), and without it a member is a member',
    ]);
  });

  it("team:<slug>:maintainer: scopesync never makes a maintainer; did you mean team:<slug>", async () => {
    repo = githubRepo("team:platform:maintainer");
    await refused(repo, [
      `${at(repo, "team:platform:maintainer")}: "team:platform:maintainer" is not an entitlement target "github" (github) can grant: scopesync never makes a team maintainer (a maintainer holds team membership, and a grant never demotes one); apply would refuse it as unknown, so it is never planned for review`,
      `  fix: did you mean "team:platform"? make maintainers in GitHub (the team's Members page); ${FORMS}`,
    ]);
  });

  it("a misspelt kind is answered with the form it was meant to be", async () => {
    repo = githubRepo("teams:platform");
    await refused(repo, [
      `${at(repo, "teams:platform")}: "teams:platform" is not an entitlement target "github" (github) can grant: "teams:" is no kind of GitHub entitlement; apply would refuse it as unknown, so it is never planned for review`,
      `  fix: did you mean "team:platform"? ${FORMS}`,
    ]);
  });

  it("role:owner is answered with role:admin, and a repository without a role with one", async () => {
    repo = githubRepo("role:owner");
    await refused(repo, [
      `${at(repo, "role:owner")}: "role:owner" is not an entitlement target "github" (github) can grant: a GitHub org's roles are member (the account itself) and owner (role:admin); apply would refuse it as unknown, so it is never planned for review`,
      `  fix: did you mean "role:admin" (owner: privileged)? an organization role (predefined or custom) is org-role:<name>; ${FORMS}`,
    ]);
    repo.cleanup();
    repo = githubRepo("repo:infra");
    await refused(repo, [
      `${at(repo, "repo:infra")}: "repo:infra" is not an entitlement target "github" (github) can grant: a repository entitlement names a role; apply would refuse it as unknown, so it is never planned for review`,
      `  fix: write "repo:infra:read" (or triage, write, maintain, admin, or a custom repository role's name); ${FORMS}`,
    ]);
  });

  it("a groupGrants key that is no team", async () => {
    repo = githubRepo("team:platform", { "role:admin": ["repo:infra:write"] });
    await refused(repo, [
      `${at(repo, "role:admin:")}: groupGrants names "role:admin", which is not a group of target "github" (github) whose grants scopesync sets: it names no group`,
      "  fix: groupGrants is keyed by a team (team:<slug>): move these grants under the team whose members should get them",
    ]);
  });

  it("a rule naming github:role:member", async () => {
    repo = githubRepo("team:platform");
    repo.write("policies/rules/members.yaml", ["kind: RuleSet", "id: members", "rules:", "  - id: no-plain-members", "    severity: warning", "    match:", "      entitlements: [\"github:role:member\"]", "    message: plain member", ""].join("\n"));
    await refused(repo, [
      `${at(repo, "\"github:role:member\"", "policies/rules/members.yaml")}: rule "no-plain-members" names "github:role:member", but "role:member" is not an entitlement target "github" (github) can grant: membership is the account itself, which every identity in this policy's scope gets; no account holds it, so the rule would never match`,
      '  fix: omit it: the one org role scopesync grants is "role:admin" (owner), and without it a member is a member',
    ]);
  });

  it("every form the connector grants is accepted, and a file target's names stay open", async () => {
    for (const entitlement of ["role:admin", "team:platform", "repo:infra:write", "repo:infra:Security-Reviewer", "org-role:all_repo_read"]) {
      repo = githubRepo(entitlement, { "team:platform": ["repo:infra:write"] });
      const r = await runCli(["validate", "--repo", repo.dir], { env: {}, cwd: repo.dir });
      expect(r.stderr, entitlement).toBe("");
      expect(r.code).toBe(0);
      repo.cleanup();
    }
    repo = new PolicyRepo({ targetName: "app", target: { type: "file", path: "state/app.json" }, people: [{ worker: "W1", login: "ada", department: "Platform" }], groups: [{ id: "platform", departments: ["Platform"] }], policy: { scope: { include: [{ kinds: ["person"] }] }, entitlements: [{ group: "platform", entitlement: "role:member" }] } });
    const r = await runCli(["validate", "--repo", repo.dir], { env: {}, cwd: repo.dir });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
});
