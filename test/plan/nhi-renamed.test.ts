// An NHI renamed in its file (a new id), with `formerIds` naming the id it had: its accounts stay
// its own, as Terraform's `moved` keeps a resource. Without it a new id is a new identity: in an
// app that links by login (GitHub) the pull request is blocked (login-reused), in an app that
// marks accounts (SCIM) the old account is disabled and a new one made. Real git repositories in
// temp dirs, the bundled example's two apps.
import { renameSync } from "node:fs";
import { join } from "node:path";
import { simpleGit, type SimpleGit } from "simple-git";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { editFile, EXAMPLE_NOW, exampleForTest } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

async function exampleOnBranch(branch: string): Promise<{ dir: string; git: SimpleGit }> {
  const dir = exampleForTest();
  const git = simpleGit({ baseDir: dir });
  await git.init(["--initial-branch=main"]);
  await git.addConfig("user.email", "test@example.com").addConfig("user.name", "Test");
  await git.add(".").commit("base");
  await git.checkoutLocalBranch(branch);
  return { dir, git };
}

async function plan(dir: string, ...args: string[]): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", EXAMPLE_NOW, ...args]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

/** Renames an NHI's file and id, optionally listing the old id under formerIds, and the groups naming it. */
function renameNhi(dir: string, from: string, to: string, options: { formerIds: boolean; groups?: boolean; edit?: (text: string) => string }): void {
  const folder = join(dir, "identities", "service-accounts");
  const file = join(folder, `${from}.yaml`);
  editFile(file, (t) => (options.edit ?? ((x) => x))(t.replace(`id: ${from}\n`, `id: ${to}\n${options.formerIds ? `formerIds: [${from}]\n` : ""}`)));
  renameSync(file, join(folder, `${to}.yaml`));
  if (options.groups !== false) {
    for (const group of ["staging-deployers", "crm-integrations"]) editFile(join(dir, "identities", "groups", `${group}.yaml`), (t) => t.replace(`identity: ${from}\n`, `identity: ${to}\n`));
  }
}

const rows = (p: Plan, target: string, ...identities: string[]) => p.changes.filter((c) => c.target === target && identities.includes(c.identity)).map((c) => `${c.action} ${c.identity} ${c.login}${c.entitlement ? ` ${c.entitlement}` : ""} (${c.origin})`);
const rules = (p: Plan, identity: string) => p.findings.filter((f) => f.identity === identity || f.message.includes(identity)).map((f) => `${f.rule} ${f.severity}`);

describe("an NHI renamed in its file", () => {
  it("in an app that links by login (GitHub): with formerIds its account and team stay as they are; without, the pull request is blocked", async () => {
    const { dir, git } = await exampleOnBranch("rename-bot");
    renameNhi(dir, "svc-staging-deployer", "svc-staging-deploy-bot", { formerIds: false });
    await git.add(".").commit("renamed, no formerIds");
    const blocked = await plan(dir, "--base", "main");
    expect(blocked.blocked).toBe(true);
    expect(rules(blocked, "svc-staging-deploy-bot")).toContain("login-reused error");
    expect(blocked.findings.find((f) => f.rule === "login-reused")!.remediation).toMatch(/^if svc-staging-deploy-bot is svc-staging-deployer renamed, list its old id in its file \(formerIds: \[svc-staging-deployer\]\); otherwise give/);

    editFile(join(dir, "identities", "service-accounts", "svc-staging-deploy-bot.yaml"), (t) => t.replace("id: svc-staging-deploy-bot\n", "id: svc-staging-deploy-bot\nformerIds: [svc-staging-deployer]\n"));
    await git.add(".").commit("formerIds");
    for (const args of [["--base", "main"], []]) {
      const p = await plan(dir, ...args);
      expect(p.blocked).toBe(false);
      expect(rows(p, "github", "svc-staging-deploy-bot", "svc-staging-deployer", "account:acme-staging-deployer")).toEqual([]);
      expect(rules(p, "svc-staging-deploy-bot")).toEqual([]);
    }
  });

  it("in an app that marks accounts with the anchor (SCIM): with formerIds the account is renamed in place and re-marked; without, disabled and made anew", async () => {
    const { dir, git } = await exampleOnBranch("rename-integration");
    renameNhi(dir, "svc-erp-bridge", "svc-erp-connector", { formerIds: false });
    await git.add(".").commit("renamed, no formerIds");
    const anew = await plan(dir, "--base", "main");
    expect(rows(anew, "crm", "nhi:svc-erp-bridge", "svc-erp-connector")).toEqual([
      "revoke nhi:svc-erp-bridge svc-erp-bridge group:api-integrations (pr)",
      "disable-account nhi:svc-erp-bridge svc-erp-bridge (pr)",
      "create-account svc-erp-connector svc-erp-connector (pr)",
      "grant svc-erp-connector svc-erp-connector group:api-integrations (pr)",
    ]);

    editFile(join(dir, "identities", "service-accounts", "svc-erp-connector.yaml"), (t) => t.replace("id: svc-erp-connector\n", "id: svc-erp-connector\nformerIds: [svc-erp-bridge]\n"));
    await git.add(".").commit("formerIds");
    const moved = await plan(dir, "--base", "main");
    expect(rows(moved, "crm", "nhi:svc-erp-bridge", "svc-erp-connector")).toEqual(["update-account svc-erp-connector svc-erp-bridge (pr)"]);
    const update = moved.changes.find((c) => c.identity === "svc-erp-connector")!;
    expect(update.attributes).toEqual({ externalId: { from: "nhi:svc-erp-bridge", to: "nhi:svc-erp-connector" }, login: { from: "svc-erp-bridge", to: "svc-erp-connector" } });
    expect(update.reason).toBe('svc-erp-connector was "svc-erp-bridge" (formerIds in identities/service-accounts/svc-erp-connector.yaml:2): rename in place: login svc-erp-bridge → svc-erp-connector');
    // Without a base (main's scheduled sync) the same change, the files' doing rather than a source's.
    expect(rows(await plan(dir), "crm", "nhi:svc-erp-bridge", "svc-erp-connector")).toEqual(["update-account svc-erp-connector svc-erp-bridge (drift)"]);

    const explained = await runCli(["explain", "svc-erp-connector", "--repo", dir, "--now", EXAMPLE_NOW]);
    expect(explained.stdout).toContain("earlier ids: svc-erp-bridge (formerIds in its file: accounts marked nhi:svc-erp-bridge are its own and are re-marked nhi:svc-erp-connector, and files naming an earlier id name it)");
  });

  it("renamed with a new GitHub login in one pull request: the account under the base's login is offboarded, as for a login change alone", async () => {
    const { dir, git } = await exampleOnBranch("rename-and-relogin");
    renameNhi(dir, "svc-staging-deployer", "svc-staging-deploy-bot", { formerIds: true, edit: (t) => t.replace("githubLogin: acme-staging-deployer", "githubLogin: acme-staging-deploy-bot") });
    await git.add(".").commit("renamed, new login");
    const p = await plan(dir, "--base", "main");
    expect(p.blocked).toBe(false);
    expect(rows(p, "github", "account:acme-staging-deployer", "svc-staging-deploy-bot")).toEqual([
      "revoke-credential account:acme-staging-deployer acme-staging-deployer (pr)",
      "revoke account:acme-staging-deployer acme-staging-deployer team:staging-deployers (pr)",
      "disable-account account:acme-staging-deployer acme-staging-deployer (pr)",
      "create-account svc-staging-deploy-bot acme-staging-deploy-bot (pr)",
      "grant svc-staging-deploy-bot acme-staging-deploy-bot team:staging-deployers (pr)",
    ]);
    expect(p.changes.find((c) => c.identity === "account:acme-staging-deployer" && c.action === "disable-account")!.reason).toBe('svc-staging-deploy-bot\'s githubLogin changed from "acme-staging-deployer" to "acme-staging-deploy-bot" since main (identities/service-accounts/svc-staging-deploy-bot.yaml:13:16): the account under the earlier login is no longer theirs');
  });

  it("a group that still names the earlier id: the membership counts, and the plan says to write the new id", async () => {
    const { dir, git } = await exampleOnBranch("rename-only-the-file");
    renameNhi(dir, "svc-staging-deployer", "svc-staging-deploy-bot", { formerIds: true, groups: false });
    await git.add(".").commit("renamed, groups not yet");
    const p = await plan(dir, "--base", "main");
    expect(rows(p, "github", "svc-staging-deploy-bot", "account:acme-staging-deployer")).toEqual([]);
    const stale = p.findings.filter((f) => f.rule === "reference-login-stale");
    expect(stale.map((f) => [f.location, f.message, f.remediation])).toEqual([
      ["identities/groups/staging-deployers.yaml:8", 'member "svc-staging-deployer" is an earlier id of svc-staging-deploy-bot, renamed in its file: the explicit membership counts for svc-staging-deploy-bot while its file lists that id under formerIds', "write svc-staging-deploy-bot instead of svc-staging-deployer"],
    ]);
  });

  it("formerIds naming the login of an unmarked account that was never the NHI's: the account is not taken over", async () => {
    const { dir, git } = await exampleOnBranch("claim-a-shared-account");
    // The integration has no CRM account yet.
    editFile(join(dir, "examples", "state", "crm.json"), (t) => {
      const state = JSON.parse(t) as { accounts: Array<{ externalId?: string }> };
      return JSON.stringify({ ...state, accounts: state.accounts.filter((a) => a.externalId !== "nhi:svc-erp-bridge") }, null, 2);
    });
    await git.add(".").commit("no CRM account for the integration");
    const before = rows(await plan(dir, "--base", "main"), "crm", "account:demo.user", "svc-erp-bridge");
    // demo.user is the CRM's shared Sales demo login, unmarked, which the policy disables (its group revoked first).
    expect(before).toEqual(["revoke account:demo.user demo.user group:sales (policy)", "disable-account account:demo.user demo.user (policy)", "create-account svc-erp-bridge svc-erp-bridge (drift)", "grant svc-erp-bridge svc-erp-bridge group:api-integrations (drift)"]);
    editFile(join(dir, "identities", "service-accounts", "svc-erp-bridge.yaml"), (t) => t.replace("id: svc-erp-bridge\n", "id: svc-erp-bridge\nformerIds: [demo.user]\n"));
    await git.add(".").commit("formerIds naming a shared account");
    expect(rows(await plan(dir, "--base", "main"), "crm", "account:demo.user", "svc-erp-bridge")).toEqual(before);
  });

  it("formerIds naming a live identity, the NHI itself, or an id another NHI claims: the repository is invalid, at the line", async () => {
    const dir = exampleForTest();
    const folder = join(dir, "identities", "service-accounts");
    editFile(join(folder, "svc-erp-bridge.yaml"), (t) => t.replace("id: svc-erp-bridge\n", "id: svc-erp-bridge\nformerIds: [svc-ci-deployer, svc-erp-bridge, svc-old-sync]\n"));
    editFile(join(folder, "svc-staging-deployer.yaml"), (t) => t.replace("id: svc-staging-deployer\n", "id: svc-staging-deployer\nformerIds: [svc-old-sync]\n"));
    const r = await runCli(["validate", "--repo", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('identities/service-accounts/svc-erp-bridge.yaml:4:13: formerIds names "svc-ci-deployer", which identities/service-accounts/svc-ci-deployer.yaml:3 defines: an earlier id is one no file defines any more');
    expect(r.stderr).toContain('identities/service-accounts/svc-erp-bridge.yaml:4:30: formerIds names "svc-erp-bridge", this NHI\'s own id');
    expect(r.stderr).toContain('identities/service-accounts/svc-staging-deployer.yaml:4:13: "svc-old-sync" is an earlier id of svc-erp-bridge too (identities/service-accounts/svc-erp-bridge.yaml:3): only one NHI can have been it');
  });
});
