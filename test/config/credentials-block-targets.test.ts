// `credentials:` (unknown and unused credentials of accounts that keep access) is planned only in
// aws-iam and entra-apps targets. On a github or file policy it passed validate and did nothing: a
// deploy key no file lists (GitHub keeps it working until someone deletes it,
// https://docs.github.com/en/rest/deploy-keys/deploy-keys) was neither revoked nor reported, and
// the plan said "Every target matches" (rv56 finding 4). A policy that says revoke must not mean
// nothing: the block is refused where the repository loads, at its file:line:col with the fix.
import { afterEach, describe, expect, it } from "vitest";
import { NOW, PolicyRepo } from "../apply/helpers/policy-repo.js";
import { runCli } from "../helpers/run-cli.js";

let repo: PolicyRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

const POLICY = { scope: { include: [{ kinds: ["person"], where: { department: ["Platform"] } }] }, accounts: { login: "userName" } };

function repoFor(targetName: string, target: Record<string, unknown>, credentials?: Record<string, unknown>): PolicyRepo {
  return new PolicyRepo({ targetName, target, people: [{ worker: "W1", login: "ada", department: "Platform" }], groups: [], policy: { ...POLICY, ...(credentials ? { credentials } : {}) } });
}

/** file:line:col of the policy's `credentials` value, as the loader locates it. */
function at(repo: PolicyRepo, name: string): string {
  const lines = repo.read(`policies/apps/${name}.yaml`).split("\n");
  const line = lines.findIndex((l) => l.startsWith("credentials:")) + 1;
  expect(line).toBeGreaterThan(0);
  return `policies/apps/${name}.yaml:${line}`;
}

describe("credentials: where no plan governs credentials of accounts that keep access", () => {
  it("a github policy: validate and plan stop at the block with why and what to use instead, nothing planned", async () => {
    repo = repoFor("github", { type: "github", org: "acme-robotics", token: "${env:GH_TOKEN}", options: { repositories: ["infra"] } }, { unknown: "revoke", revokeUnusedAfter: "90d" });
    for (const command of [["validate", "--repo", repo.dir], ["plan", "--repo", repo.dir, "--now", NOW]]) {
      const r = await runCli(command, { env: {}, cwd: repo.dir });
      expect(r.code, r.stderr).toBe(1);
      const [problem, fix] = r.stderr.split("\n");
      expect(problem).toMatch(new RegExp(`^${at(repo, "github")}:\\d+: credentials: is governed only in aws-iam and entra-apps targets; target "github" is of type github, where it would neither revoke nor report any credential`));
      expect(fix).toBe("  fix: remove credentials: from this policy; to revoke deploy keys and token grants no file declares, read them with a discovery source of type github (options.deployKeys, options.patGrants) with options.undeclared: quarantine: each one no reviewed file in identities/ declares is then revoked");
      expect(r.stdout).toBe("");
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("a file target: refused too, with its own fix", async () => {
    repo = repoFor("app", { type: "file", path: "state/app.json" }, { unknown: "report" });
    const r = await runCli(["validate", "--repo", repo.dir], { env: {}, cwd: repo.dir });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`${at(repo, "app")}:`);
    expect(r.stderr).toContain('target "app" is of type file');
    expect(r.stderr).toContain("fix: remove credentials: from this policy; an offboarded identity's credentials here are revoked with its account without it");
  });

  // rv63 #2: the fix said "an offboarded identity's credentials here are revoked with its account"
  // for a SCIM target too, which revokes none (SCIM has no credential resource): an agent's API key
  // there stays valid when its user is disabled.
  it("a scim target: refused, and the fix says such a target revokes no key, not that keys go with the account", async () => {
    repo = repoFor("helpdesk", { type: "scim", url: "https://helpdesk.corp.example/api/scim/v2", token: "${env:HELPDESK_SCIM_TOKEN}" }, { unknown: "report" });
    const r = await runCli(["validate", "--repo", repo.dir], { env: {}, cwd: repo.dir });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('target "helpdesk" is of type scim');
    expect(r.stderr).toContain("fix: remove credentials: from this policy; a scim target revokes no credentials: a key an NHI's file lists with `target: helpdesk` stays valid when its account is disabled, and the plan names it (nhi-offboarded-credential-active) for revocation in the app's admin console");
    expect(r.stderr).not.toContain("revoked with its account");
  });

  it("the same policy without the block is accepted", async () => {
    repo = repoFor("github", { type: "github", org: "acme-robotics", token: "${env:GH_TOKEN}", options: { repositories: ["infra"] } });
    const r = await runCli(["validate", "--repo", repo.dir], { env: {}, cwd: repo.dir });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
});
