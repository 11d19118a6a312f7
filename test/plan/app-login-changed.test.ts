// An overlay that gives a person a new GitHub login: GitHub cannot rename another user's account,
// so the new login is a new account (an invitation), and the account under the old one, with its
// teams, is no longer theirs. It used to stay in the org as "unmanaged", holding its privileged
// teams, while the new one was planned as a joiner's.
import { readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { editFile, EXAMPLE_NOW, exampleForTest } from "../helpers/example-copy.js";


async function plan(dir: string): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", EXAMPLE_NOW]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

const rows = (p: Plan, identity: string) => p.changes.filter((c) => c.target === "github" && c.identity === identity).map((c) => `${c.action} ${c.login}${c.entitlement ? ` ${c.entitlement}` : ""} (${c.origin})`);

/** sam.oduya's old account (samoduya, an org owner in platform-admins) offboarded: its teams, then the account. */
const SAMODUYA_OFFBOARDED = ["revoke samoduya role:admin (policy)", "revoke samoduya team:platform (policy)", "revoke samoduya team:platform-admins (policy)", "disable-account samoduya (policy)"];

describe("a GitHub login an overlay changed since the accepted snapshot", () => {
  it("offboards the account under the old login, privileged teams included, and invites the new one as a login change", async () => {
    const dir = exampleForTest();
    // The accepted snapshot gave sam.oduya githubLogin "samoduya" (an org owner in team platform-admins).
    const before = await plan(dir);
    expect(rows(before, "sam.oduya")).toEqual([]);
    editFile(join(dir, "identities", "people", "sam.oduya.yaml"), (t) => t.replace("githubLogin: samoduya", "githubLogin: sam-oduya-acme"));

    const p = await plan(dir);

    // The old account is named as itself: the person's new account may need the same revoke.
    expect(rows(p, "account:samoduya")).toEqual(SAMODUYA_OFFBOARDED);
    expect(rows(p, "sam.oduya")).toEqual([
      "create-account sam-oduya-acme (policy)",
      "grant sam-oduya-acme role:admin (policy)",
      "grant sam-oduya-acme team:platform (policy)",
      "grant sam-oduya-acme team:platform-admins (policy)",
    ]);
    const disable = p.changes.find((c) => c.target === "github" && c.action === "disable-account" && c.identity === "account:samoduya")!;
    expect(disable.reason).toBe('sam.oduya\'s githubLogin changed from "samoduya" to "sam-oduya-acme" since the last accepted snapshot (identities/people/sam.oduya.yaml:5:16): the account under the earlier login is no longer theirs');
    expect(p.changes.find((c) => c.target === "github" && c.action === "create-account" && c.identity === "sam.oduya")!.reason).toMatch(/^login changed: githubLogin was "samoduya" in the last accepted snapshot and is "sam-oduya-acme" now/);
    expect(p.findings.filter((f) => f.rule === "unmanaged-account" && f.identity === "samoduya")).toEqual([]);
  });

  it("explain shows the old account in a block of its own, with its own changes, apart from the person's place in the app", async () => {
    const dir = exampleForTest();
    editFile(join(dir, "identities", "people", "sam.oduya.yaml"), (t) => t.replace("githubLogin: samoduya", "githubLogin: sam-oduya-acme"));
    const r = await runCli(["explain", "sam.oduya", "--app", "github", "--repo", dir, "--now", EXAMPLE_NOW]);
    expect(r.code).toBe(0);
    const blocks = r.stdout.split("\n\n").filter((b) => b.startsWith("app github"));
    expect(blocks.map((b) => b.split("\n")[0])).toEqual(["app github (target github, policies/apps/github.yaml):", 'app github (target github, policies/apps/github.yaml), the account under an earlier login, "samoduya":']);
    const [own, earlier] = blocks as [string, string];
    expect(own).toContain("  login: sam-oduya-acme");
    expect(own).not.toMatch(/^ {4}(revoke|disable-account)/m);
    expect(earlier).not.toMatch(/^ {2}(scope|login):/m);
    expect(earlier).toContain("team:platform-admins (privileged): held, not justified: the account is no longer theirs; planned: revoke");
    expect(earlier.split("\n").filter((l) => /^ {4}[a-z-]+ /.test(l) && !l.includes("(privileged):")).map((l) => l.trim().split(" (")[0])).toEqual(["revoke role:admin", "revoke team:platform", "revoke team:platform-admins", "disable-account"]);
  });

  it("after the snapshot is accepted, the earlier login is forgotten and the plan converges on the new account", async () => {
    const dir = exampleForTest();
    editFile(join(dir, "identities", "people", "sam.oduya.yaml"), (t) => t.replace("githubLogin: samoduya", "githubLogin: sam-oduya-acme"));
    expect((await runCli(["snapshot", "--repo", dir, "--now", EXAMPLE_NOW])).code).toBe(0);
    const records = (JSON.parse(readFileSync(join(dir, "examples", "snapshots", "hr.json"), "utf8")) as { records: Array<{ externalId: string; logins?: Record<string, string> }> }).records;
    expect(records.find((r) => r.externalId === "W1007")?.logins).toEqual({ githubLogin: "sam-oduya-acme" });
    // Not applied: the old account is now only reported, as any account no identity has.
    const p = await plan(dir);
    expect(rows(p, "account:samoduya")).toEqual([]);
    expect(p.findings.filter((f) => f.rule === "unmanaged-account").map((f) => f.identity)).toContain("samoduya");
  });

  it("blocks two overlays that swapped their GitHub logins: each account, with its teams, would pass to the other person", async () => {
    const dir = exampleForTest();
    const people = join(dir, "identities", "people");
    editFile(join(people, "aisha.bello.yaml"), (t) => t.replace("githubLogin: aishabello", "githubLogin: samoduya"));
    editFile(join(people, "sam.oduya.yaml"), (t) => t.replace("githubLogin: samoduya", "githubLogin: aishabello"));
    const p = await plan(dir);
    expect(p.blocked).toBe(true);
    expect(p.findings.filter((f) => f.rule === "login-reused").map((f) => f.message.slice(0, f.message.indexOf(" (identities")))).toEqual([
      'the githubLogin "samoduya" was hr:W1007 (Sam Oduya)\'s in the last accepted snapshot and is now hr:W1040 (Aisha Bello)\'s',
      'the githubLogin "aishabello" was hr:W1040 (Aisha Bello)\'s in the last accepted snapshot and is now hr:W1007 (Sam Oduya)\'s',
    ]);
  });

  it("blocks a person's earlier GitHub login written into an NHI's file: the account would pass to the NHI", async () => {
    const dir = exampleForTest();
    editFile(join(dir, "identities", "people", "sam.oduya.yaml"), (t) => t.replace("githubLogin: samoduya", "githubLogin: sam-oduya-acme"));
    editFile(join(dir, "identities", "service-accounts", "svc-staging-deployer.yaml"), (t) => t.replace("githubLogin: acme-staging-deployer", "githubLogin: samoduya"));
    const p = await plan(dir);
    expect(p.blocked).toBe(true);
    expect(p.findings.filter((f) => f.rule === "login-reused").map((f) => f.message.slice(0, f.message.indexOf(" (identities")))).toEqual([
      'the githubLogin "samoduya" was hr:W1007 (Sam Oduya)\'s in the last accepted snapshot and is now nhi:svc-staging-deployer (CI deployer (staging))\'s',
    ]);
  });

  it("offboards the old account when a pull request renames the person and changes their GitHub login together", async () => {
    const dir = exampleForTest();
    const people = join(dir, "identities", "people");
    editFile(join(dir, "examples", "exports", "hr.csv"), (t) => t.replace("W1002,daniel.reyes,", "W1002,dan.reyes,"));
    renameSync(join(people, "daniel.reyes.yaml"), join(people, "dan.reyes.yaml"));
    editFile(join(people, "dan.reyes.yaml"), (t) => t.replace("id: daniel.reyes", "id: dan.reyes").replace(/githubLogin: .*/, "githubLogin: dreyes2"));
    for (const group of ["engineering.yaml"]) editFile(join(dir, "identities", "groups", group), (t) => t.replaceAll("daniel.reyes", "dan.reyes"));
    const p = await plan(dir);
    expect(rows(p, "account:dreyes")).toEqual(["revoke dreyes team:engineering (policy)", "disable-account dreyes (policy)"]);
    expect(rows(p, "dan.reyes")).toEqual(["create-account dreyes2 (policy)", "grant dreyes2 team:engineering (policy)"]);
    expect(p.findings.filter((f) => f.rule === "account-login-stale")).toEqual([]);
  });

  it("offboards the old account of a rehire under a new worker id, linked to the old record, who also gets a new GitHub login", async () => {
    const dir = exampleForTest();
    editFile(join(dir, "examples", "exports", "hr.csv"), (t) => `${t.split("\n").filter((l) => !l.startsWith("W1002,")).join("\n").trimEnd()}\r\nW1077,daniel.reyes,Daniel,Reyes,daniel.reyes@acme-robotics.example,Active,Employee,Chief Technology Officer,Engineering,W1001,2026-11-20,\r\n`);
    editFile(join(dir, "identities", "links.yaml"), (t) => t.replace("links:\n", "links:\n  - records: [hr:W1077, hr:W1002]\n    reason: rehire of Daniel Reyes under a new worker id\n"));
    editFile(join(dir, "identities", "people", "daniel.reyes.yaml"), (t) => t.replace(/githubLogin: .*/, "githubLogin: dreyes2"));
    const p = await plan(dir);
    expect(rows(p, "account:dreyes")).toEqual(["revoke dreyes team:engineering (policy)", "disable-account dreyes (policy)"]);
    expect(rows(p, "daniel.reyes")).toEqual(["create-account dreyes2 (policy)", "grant dreyes2 team:engineering (policy)"]);
  });

  it("offboards the account under an active person's login that a pull request removed (their overlay with it)", async () => {
    const dir = exampleForTest();
    rmSync(join(dir, "identities", "people", "sam.oduya.yaml"));
    const p = await plan(dir);
    expect(rows(p, "account:samoduya")).toEqual(SAMODUYA_OFFBOARDED);
    expect(p.changes.find((c) => c.identity === "account:samoduya" && c.action === "disable-account")!.reason).toBe('sam.oduya\'s githubLogin "samoduya" was removed since the last accepted snapshot (no overlay gives one now): the account under it is no longer theirs');
    expect(p.findings.filter((f) => f.identity === "samoduya" || f.identity === "sam.oduya").map((f) => f.rule)).toEqual(["missing-login"]);
  });

  it("keeps a leaver's login when their overlay is removed: their account is offboarded as theirs, not as a removed login", async () => {
    const dir = exampleForTest();
    // W1007 (sam.oduya) terminated in HR, and the overlay removed in the same change.
    editFile(join(dir, "examples", "exports", "hr.csv"), (t) => t.replace(/^(W1007,[^\r\n]*?),Active,/m, "$1,Terminated,"));
    rmSync(join(dir, "identities", "people", "sam.oduya.yaml"));
    const p = await plan(dir);
    expect(rows(p, "account:samoduya")).toEqual([]);
    expect(rows(p, "sam.oduya")).toContain("disable-account samoduya (source)");
  });

  it("offboards an account whose login two people's overlays both had before, and neither has now: it is no one's", async () => {
    const dir = exampleForTest();
    const people = join(dir, "identities", "people");
    // Both overlays named "samoduya" in the snapshot (one of them by mistake), and both changed it.
    const snapshot = join(dir, "examples", "snapshots", "hr.json");
    editFile(snapshot, (t) => {
      const doc = JSON.parse(t) as { records: Array<{ externalId: string; logins?: Record<string, string> }> };
      for (const r of doc.records) if (r.externalId === "W1040") r.logins = { githubLogin: "samoduya" };
      return JSON.stringify(doc);
    });
    editFile(join(people, "sam.oduya.yaml"), (t) => t.replace("githubLogin: samoduya", "githubLogin: sam-oduya-acme"));
    const p = await plan(dir);
    // Before, "whose old account it is cannot be told" left it, teams and all, as unmanaged; but
    // no file gives the login now, so it is neither's.
    const changes = p.changes.filter((c) => c.target === "github" && c.login === "samoduya");
    expect(changes.map((c) => `${c.action} ${c.identity} ${c.entitlement ?? ""} (${c.origin})`)).toEqual(["revoke account:samoduya role:admin (policy)", "revoke account:samoduya team:platform (policy)", "revoke account:samoduya team:platform-admins (policy)", "disable-account account:samoduya  (policy)"]);
    expect(new Set(changes.map((c) => c.reason))).toEqual(new Set(['aisha.bello\'s githubLogin changed from "samoduya" to "aishabello" since the last accepted snapshot (identities/people/aisha.bello.yaml:5:16), and sam.oduya\'s githubLogin changed from "samoduya" to "sam-oduya-acme" since the last accepted snapshot (identities/people/sam.oduya.yaml:5:16): no file gives "samoduya" now, so the account under it is no longer anyone\'s']));
    expect(p.findings.filter((f) => f.rule === "unmanaged-account").map((f) => f.identity)).not.toContain("samoduya");
  });
});
