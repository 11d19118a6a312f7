// An app login (githubLogin) the base revision's files gave an identity, changed by a pull request
// where no snapshot knows the earlier one: a bot's (no snapshot keeps an NHI's login), or a
// person's changed a second time before the snapshot with the first change was accepted. In an
// app that links by login the new login is a new account; the one under the base's login stayed
// in the org, with its teams, reported as "unmanaged". Real git repositories in temp dirs.
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { simpleGit, type SimpleGit } from "simple-git";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/compile.js";
import { filesAtRevision } from "../../src/config/git-files.js";
import { workingTree } from "../../src/config/repo-files.js";
import { applyReviewed } from "../../src/github/apply-reviewed.js";
import { emptyReviewedPlan } from "../../src/github/reviewed-plan.js";
import type { Plan } from "../../src/plan/plan.js";
import { editFile, EXAMPLE_NOW, exampleForTest } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";
import { SCENARIO_NOW, scenarioForTest } from "../helpers/scenario.js";

async function gitOnMain(dir: string): Promise<SimpleGit> {
  const git = simpleGit({ baseDir: dir });
  await git.init(["--initial-branch=main"]);
  await git.addConfig("user.email", "test@example.com").addConfig("user.name", "Test");
  await git.add(".").commit("base");
  return git;
}

/** A copy of the example committed on main, and a branch from it for a pull request's change. */
async function exampleOnBranch(branch: string): Promise<{ dir: string; git: SimpleGit }> {
  const dir = exampleForTest();
  const git = await gitOnMain(dir);
  await git.checkoutLocalBranch(branch);
  return { dir, git };
}

async function plan(dir: string, now: string, ...args: string[]): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", now, ...args]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

const rows = (p: Plan, target: string, identity: string) => p.changes.filter((c) => c.target === target && c.identity === identity).map((c) => `${c.action} ${c.login}${c.entitlement ? ` ${c.entitlement}` : ""}${c.credential ? ` ${c.credential}` : ""} (${c.origin})`);
/** The example bot's account (acme-staging-deployer) offboarded by the pull request: its token, its team, then the account. */
const BOT_OFFBOARDED = ["revoke-credential acme-staging-deployer pat-24508430 (pr)", "revoke acme-staging-deployer team:staging-deployers (pr)", "disable-account acme-staging-deployer (pr)"];
const unmanaged = (p: Plan) => p.findings.filter((f) => f.rule === "unmanaged-account").map((f) => f.identity);

describe("an app login the base's files gave, changed in a pull request", () => {
  it("a bot's GitHub login: the account under the base's login is offboarded with its team, the new one created as a login change", async () => {
    const { dir, git } = await exampleOnBranch("rename-bot");
    editFile(join(dir, "identities", "service-accounts", "svc-staging-deployer.yaml"), (t) => t.replace("githubLogin: acme-staging-deployer", "githubLogin: acme-staging-deployer-2"));
    await git.add(".").commit("the bot's new login");

    const p = await plan(dir, EXAMPLE_NOW, "--base", "main");
    // Its token too: a token belongs to the account it was made for, not to the bot.
    expect(rows(p, "github", "account:acme-staging-deployer")).toEqual(BOT_OFFBOARDED);
    expect(rows(p, "github", "svc-staging-deployer")).toEqual(["create-account acme-staging-deployer-2 (pr)", "grant acme-staging-deployer-2 team:staging-deployers (pr)"]);
    const disable = p.changes.find((c) => c.identity === "account:acme-staging-deployer" && c.action === "disable-account")!;
    expect(disable.reason).toBe('svc-staging-deployer\'s githubLogin changed from "acme-staging-deployer" to "acme-staging-deployer-2" since main (identities/service-accounts/svc-staging-deployer.yaml:12:16): the account under the earlier login is no longer theirs');
    expect(p.changes.find((c) => c.identity === "svc-staging-deployer" && c.action === "create-account")!.reason).toMatch(/^login changed: githubLogin was "acme-staging-deployer" at main and is "acme-staging-deployer-2" now/);
    expect(unmanaged(p)).not.toContain("acme-staging-deployer");

    // Without the base nothing knows the earlier login: the old account is only reported.
    const alone = await plan(dir, EXAMPLE_NOW);
    expect(rows(alone, "github", "account:acme-staging-deployer")).toEqual([]);
    expect(unmanaged(alone)).toContain("acme-staging-deployer");
  });

  it("a bot's GitHub login removed: the account under the base's login is offboarded", async () => {
    const { dir, git } = await exampleOnBranch("bot-without-github");
    editFile(join(dir, "identities", "service-accounts", "svc-staging-deployer.yaml"), (t) => t.replace("  githubLogin: acme-staging-deployer\n", ""));
    await git.add(".").commit("the bot leaves GitHub");
    const p = await plan(dir, EXAMPLE_NOW, "--base", "main");
    expect(rows(p, "github", "account:acme-staging-deployer")).toEqual(BOT_OFFBOARDED);
    expect(p.changes.find((c) => c.identity === "account:acme-staging-deployer" && c.action === "disable-account")!.reason).toBe('svc-staging-deployer\'s githubLogin "acme-staging-deployer" was removed since main (identities/service-accounts/svc-staging-deployer.yaml:2): the account under it is no longer theirs');
  });

  it("a bot renamed with a new GitHub login, or its file deleted: the account under the base's login is no longer anyone's and is offboarded", async () => {
    const dir = exampleForTest();
    const git = await gitOnMain(dir);
    const file = join(dir, "identities", "service-accounts", "svc-staging-deployer.yaml");
    await git.checkoutLocalBranch("rename-bot");
    editFile(file, (t) => t.replace("id: svc-staging-deployer", "id: svc-staging-deployer2").replace("githubLogin: acme-staging-deployer", "githubLogin: acme-staging-deployer-2"));
    renameSync(file, join(dir, "identities", "service-accounts", "svc-staging-deployer2.yaml"));
    await git.add(".").commit("the bot renamed, with a new login");
    const renamed = await plan(dir, EXAMPLE_NOW, "--base", "main");
    expect(rows(renamed, "github", "account:acme-staging-deployer")).toEqual(BOT_OFFBOARDED);
    expect(renamed.changes.find((c) => c.identity === "account:acme-staging-deployer" && c.action === "disable-account")!.reason).toBe('service-account svc-staging-deployer (identities/service-accounts/svc-staging-deployer.yaml:2) had the githubLogin "acme-staging-deployer" at main and no file in identities/ defines it now: the account under that login is no longer anyone\'s');
    // (its group still names the old id, so it is granted nothing yet)
    expect(rows(renamed, "github", "svc-staging-deployer2")).toEqual(["create-account acme-staging-deployer-2 (pr)"]);
    expect(unmanaged(renamed)).not.toContain("acme-staging-deployer");

    await git.checkout("main");
    await git.checkoutLocalBranch("delete-bot");
    rmSync(file);
    await git.add(".").commit("the bot deleted");
    const deleted = await plan(dir, EXAMPLE_NOW, "--base", "main");
    expect(rows(deleted, "github", "account:acme-staging-deployer")).toEqual(BOT_OFFBOARDED);
    // explain --base says what the pull request's plan does with it, and why.
    const explained = await runCli(["explain", "account:acme-staging-deployer", "--app", "github", "--repo", dir, "--now", EXAMPLE_NOW, "--base", "main"]);
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain("decision: offboard: the account of svc-staging-deployer, which the files no longer define");
    expect(explained.stdout).toMatch(/^ {4}disable-account \(pr\): service-account svc-staging-deployer/m);
    // Without the base nothing knows whose the unmarked account was: it is only reported.
    const alone = await plan(dir, EXAMPLE_NOW);
    expect(rows(alone, "github", "account:acme-staging-deployer")).toEqual([]);
    expect(unmanaged(alone)).toContain("acme-staging-deployer");
  });

  it("a bot disabled and stripped of its GitHub login in one change loses the account under the base's login", async () => {
    const { dir, git } = await exampleOnBranch("decommission-bot");
    editFile(join(dir, "identities", "service-accounts", "svc-staging-deployer.yaml"), (t) => t.replace("status: active", "status: disabled").replace("  githubLogin: acme-staging-deployer\n", ""));
    await git.add(".").commit("the bot decommissioned");
    const p = await plan(dir, EXAMPLE_NOW, "--base", "main");
    expect(rows(p, "github", "account:acme-staging-deployer")).toEqual(BOT_OFFBOARDED);
    expect(unmanaged(p)).not.toContain("acme-staging-deployer");
  });

  it("two bots that shared a GitHub login at the base (a collision then), both stripped of it: the account is no one's and is offboarded", async () => {
    const dir = exampleForTest();
    const git = await gitOnMain(dir);
    const bot = join(dir, "identities", "service-accounts", "svc-staging-deployer.yaml");
    const copy = join(dir, "identities", "service-accounts", "svc-staging-copy.yaml");
    writeFileSync(copy, readFileSync(bot, "utf8").replace("id: svc-staging-deployer", "id: svc-staging-copy").replace("status: active", "status: disabled").replace(/^credentials:[\s\S]*$/m, ""));
    await git.add(".").commit("a disabled copy sharing the login");
    await git.checkoutLocalBranch("strip-both");
    for (const file of [bot, copy]) editFile(file, (t) => t.replace("  githubLogin: acme-staging-deployer\n", ""));
    await git.add(".").commit("neither names the login");

    const p = await plan(dir, EXAMPLE_NOW, "--base", "main");
    // Before, two earlier owners meant "whose it is cannot be told", and the account stayed, team and token, as unmanaged.
    expect(rows(p, "github", "account:acme-staging-deployer")).toEqual(BOT_OFFBOARDED);
    expect(p.changes.find((c) => c.identity === "account:acme-staging-deployer" && c.action === "disable-account")!.reason).toBe('svc-staging-copy\'s githubLogin "acme-staging-deployer" was removed since main (identities/service-accounts/svc-staging-copy.yaml:2), and svc-staging-deployer\'s githubLogin "acme-staging-deployer" was removed since main (identities/service-accounts/svc-staging-deployer.yaml:2): no file gives "acme-staging-deployer" now, so the account under it is no longer anyone\'s');
    expect(unmanaged(p)).not.toContain("acme-staging-deployer");
  });

  it("a leaver's overlay removed in the same change, with no snapshot that knows their login: the base's login still finds the account, which is offboarded as a leaver's", async () => {
    const dir = exampleForTest();
    const git = await gitOnMain(dir);
    // An accepted snapshot from before the overlay logins were kept in it.
    editFile(join(dir, "examples", "snapshots", "hr.json"), (t) => {
      const doc = JSON.parse(t) as { records: Array<{ externalId: string; logins?: Record<string, string> }> };
      for (const r of doc.records) if (r.externalId === "W1025") delete r.logins;
      return JSON.stringify(doc);
    });
    await git.add(".").commit("a snapshot without derek's login");
    const withOverlay = rows(await plan(dir, EXAMPLE_NOW), "github", "derek.walsh");
    expect(withOverlay.at(-1)).toBe("disable-account dwalsh-se (source)");
    await git.checkoutLocalBranch("cleanup");
    // Derek left on 2026-11-14 (HR says terminated); someone tidies his overlay away.
    rmSync(join(dir, "identities", "people", "derek.walsh.yaml"));
    await git.add(".").commit("derek's overlay removed");

    const p = await plan(dir, EXAMPLE_NOW, "--base", "main");
    // Before, nothing gave Derek a GitHub login: his account stayed, teams and all, as unmanaged.
    expect(rows(p, "github", "derek.walsh")).toEqual(withOverlay);
    expect(unmanaged(p)).not.toContain("dwalsh-se");
    // No snapshot login to fall back to: the next plans leave the account alone, nothing to block.
    expect(p.findings.filter((f) => f.rule === "overlay-login-unaccepted")).toEqual([]);
    // Without the base, nothing knows it.
    expect(unmanaged(await plan(dir, EXAMPLE_NOW))).toContain("dwalsh-se");
  });

  it("someone on leave whose overlay gave a newer login than the snapshot's, removed: the base's login is theirs, and their account is kept", async () => {
    const dir = exampleForTest();
    // Aisha is on leave (HR); a reviewed change gave her GitHub account's new name, which the accepted snapshot does not know yet.
    editFile(join(dir, "identities", "people", "aisha.bello.yaml"), (t) => t.replace("githubLogin: aishabello", "githubLogin: aisha-b2"));
    editFile(join(dir, "examples", "state", "github.json"), (t) => t.replace('"login": "aishabello"', '"login": "aisha-b2"'));
    const git = await gitOnMain(dir);
    await git.checkoutLocalBranch("tidy");
    rmSync(join(dir, "identities", "people", "aisha.bello.yaml"));
    await git.add(".").commit("aisha's overlay removed");

    const p = await plan(dir, EXAMPLE_NOW, "--base", "main");
    // Before, the snapshot's older login was hers and the account under the base's an earlier one's:
    // disabled while she is on leave, and an invitation sent to "aishabello".
    expect(p.changes.filter((c) => c.target === "github" && (c.identity === "aisha.bello" || c.login === "aisha-b2" || c.login === "aishabello"))).toEqual([]);
    // Only this plan knows "aisha-b2": blocked until a snapshot does, or every later plan would take "aishabello" for hers again.
    expect(p.findings.filter((f) => f.rule === "overlay-login-unaccepted").map((f) => [f.severity, f.identity, f.remediation])).toEqual([["error", "aisha.bello", 'keep the overlay until a snapshot that has "aisha-b2" is accepted (merge the sync pull request), then remove it']]);
    expect(p.blocked).toBe(true);
  });

  it("a leaver whose overlay changed the snapshot's login, removed: both accounts are offboarded as theirs, as main's own plan does", async () => {
    const dir = exampleForTest();
    // Derek left (HR: terminated); the snapshot knows his first account, main's overlay his second, and both are in the org.
    editFile(join(dir, "identities", "people", "derek.walsh.yaml"), (t) => t.replace("githubLogin: dwalsh-se", "githubLogin: dwalsh-2"));
    editFile(join(dir, "examples", "state", "github.json"), (t) => {
      const state = JSON.parse(t) as { accounts: Array<Record<string, unknown>> };
      state.accounts.push({ ...structuredClone(state.accounts.find((a) => a.login === "dwalsh-se")!), login: "dwalsh-2", id: "990003" });
      return `${JSON.stringify(state, null, 2)}\n`;
    });
    const git = await gitOnMain(dir);
    const offboarded = (p: Plan) => p.changes.filter((c) => c.target === "github" && c.action === "disable-account" && (c.login === "dwalsh-se" || c.login === "dwalsh-2")).map((c) => `${c.identity} ${c.login}`).sort();
    const onMain = offboarded(await plan(dir, EXAMPLE_NOW));
    expect(onMain).toEqual(["account:dwalsh-se dwalsh-se", "derek.walsh dwalsh-2"]);
    await git.checkoutLocalBranch("tidy");
    rmSync(join(dir, "identities", "people", "derek.walsh.yaml"));
    await git.add(".").commit("derek's overlay removed");

    const p = await plan(dir, EXAMPLE_NOW, "--base", "main");
    expect(offboarded(p)).toEqual(onMain);
    expect(unmanaged(p)).not.toContain("dwalsh-se");
    expect(p.findings.filter((f) => f.rule === "overlay-login-unaccepted").map((f) => f.identity)).toEqual(["derek.walsh"]);
  });

  it("a person's GitHub login changed again before the snapshot with the first change was accepted: the intermediate account is offboarded", async () => {
    const dir = exampleForTest();
    // Merged and applied on main: the snapshot still says "samoduya", the org has the account of
    // the first change ("sam-oduya-acme") with sam's teams, and "samoduya" is gone from it.
    editFile(join(dir, "identities", "people", "sam.oduya.yaml"), (t) => t.replace("githubLogin: samoduya", "githubLogin: sam-oduya-acme"));
    editFile(join(dir, "examples", "state", "github.json"), (t) => t.replace('"login": "samoduya"', '"login": "sam-oduya-acme"'));
    const git = await gitOnMain(dir);
    expect(rows(await plan(dir, EXAMPLE_NOW, "--base", "main"), "github", "account:sam-oduya-acme")).toEqual([]);
    await git.checkoutLocalBranch("fix-login");
    editFile(join(dir, "identities", "people", "sam.oduya.yaml"), (t) => t.replace("githubLogin: sam-oduya-acme", "githubLogin: sam-oduya"));
    await git.add(".").commit("the login sam asked for");

    const p = await plan(dir, EXAMPLE_NOW, "--base", "main");
    expect(rows(p, "github", "account:sam-oduya-acme")).toEqual([
      "revoke sam-oduya-acme role:admin (pr)",
      "revoke sam-oduya-acme team:platform (pr)",
      "revoke sam-oduya-acme team:platform-admins (pr)",
      "disable-account sam-oduya-acme (pr)",
    ]);
    expect(p.changes.find((c) => c.identity === "account:sam-oduya-acme" && c.action === "disable-account")!.reason).toMatch(/^sam\.oduya's githubLogin changed from "sam-oduya-acme" to "sam-oduya" since main \(/);
    // The snapshot's login is still the earlier one the new account's reason names.
    expect(p.changes.find((c) => c.identity === "sam.oduya" && c.action === "create-account")!.reason).toMatch(/^login changed: githubLogin was "sam-oduya-acme" at main and is "sam-oduya" now/);
    expect(unmanaged(p)).not.toContain("sam-oduya-acme");
    expect(unmanaged(await plan(dir, EXAMPLE_NOW))).toContain("sam-oduya-acme");
  });

  it("the first change since the snapshot is said as the snapshot's, once, with or without the base", async () => {
    const { dir, git } = await exampleOnBranch("new-login");
    editFile(join(dir, "identities", "people", "sam.oduya.yaml"), (t) => t.replace("githubLogin: samoduya", "githubLogin: sam-oduya-acme"));
    await git.add(".").commit("sam's new login");
    const withBase = await plan(dir, EXAMPLE_NOW, "--base", "main");
    const without = await plan(dir, EXAMPLE_NOW);
    const reasons = (p: Plan) => p.changes.filter((c) => c.identity === "account:samoduya" || (c.identity === "sam.oduya" && c.action === "create-account")).map((c) => c.reason);
    expect(reasons(withBase)).toEqual(reasons(without));
    expect(reasons(withBase)).toHaveLength(5);
    expect(reasons(withBase)[4]).toMatch(/in the last accepted snapshot/);
  });

  it("apply of the merged commit, measured against its parent, offboards the bot's old account as the reviewed plan showed", async () => {
    const { dir, parent, bot } = await botLoginChanged();
    const reviewed = await plan(dir, SCENARIO_NOW, "--base", "main~1");
    expect(rows(reviewed, "app", "account:ci-bot")).toEqual(["revoke-credential ci-bot cred-1 (pr)", "revoke ci-bot team:deployers (pr)", "disable-account ci-bot (pr)"]);
    const options = { repoDir: dir, reviewed, phase: "revocations" as const, env: {}, journalPath: join(dir, ".scopesync/journal.jsonl"), now: Date.parse(SCENARIO_NOW) };

    // Re-planned without the parent's files, nothing knows ci-bot was the bot's: left as it was.
    const alone = await applyReviewed({ ...options, reviewed: emptyReviewedPlan("scenario", SCENARIO_NOW) });
    expect([alone.status, alone.applied]).toEqual(["applied", 0]);
    expect(bot()).toMatchObject({ active: true, entitlements: ["team:deployers"] });

    // The reviewed plan itself, re-planned against a parent that does not name ci-bot either (here
    // the commit itself): as the CLI's apply, the commit is not done. Its three reviewed
    // offboardings are skipped with why and the fix, and the queue retries it, rather than counting
    // them as no longer needed while the account keeps its team.
    const head = (await simpleGit({ baseDir: dir }).revparse(["HEAD"])).trim();
    const offBase = await applyReviewed({ ...options, acceptedAt: head });
    expect([offBase.status, offBase.applied, offBase.skipped]).toEqual(["failed", 0, 3]);
    expect(offBase.problems).toEqual(["revoke-credential ci-bot cred-1", "revoke ci-bot team:deployers", "disable-account ci-bot"].map((what) => expect.stringMatching(new RegExp(`^skipped: app ${what.split(" ")[0]} account:ci-bot.*: not applied: the reviewed plan \\(plan --base main~1\\) offboards the account under ci-bot, .*made against ${head.slice(0, 12)} \\(the commit's parent\\), does not know it .*\\(fix: the merge's parent does not name that login either: take the access away by hand`))));
    expect(bot()).toMatchObject({ active: true, entitlements: ["team:deployers"] });

    const applied = await applyReviewed({ ...options, acceptedAt: parent });
    expect([applied.status, applied.applied]).toEqual(["applied", 3]);
    expect(bot()).toMatchObject({ active: false, entitlements: [] });
  });

  it("a parent whose policy files are the commit's (only a snapshot or a state changed) is not resolved a second time", async () => {
    const { dir } = await botLoginChanged();
    const at = async (ref: string) => ({ ref, files: await filesAtRevision(dir, ref) });
    const compiled = async (ref: string) => {
      const r = await compile({ repoDir: dir, files: workingTree(dir), env: {}, now: Date.parse(SCENARIO_NOW), loginsAt: await at(ref) });
      if (!r.ok) throw new Error("invalid");
      return r.value;
    };
    // The records are kept only for a second resolve (Prepared.ingest).
    expect((await compiled("HEAD")).ingest).toBeUndefined();
    const changed = await compiled("HEAD~1");
    expect(changed.ingest).toBeDefined();
    expect(changed.identities.find((i) => i.id === "svc-ci")?.loginsAtBase).toEqual({ ref: "HEAD~1", logins: { githubLogin: "ci-bot" } });
  });

  it("the CLI's apply --base does the same with the reviewed plan file; without the right base those reviewed offboardings are not applied, and the run says so and exits 1", async () => {
    const { dir, bot, account } = await botLoginChanged();
    const reviewed = join(dir, "reviewed.json");
    expect((await runCli(["plan", "--repo", dir, "--format", "json", "--out", reviewed, "--now", SCENARIO_NOW, "--base", "main~1"])).code).toBe(0);
    const apply = (...args: string[]) => runCli(["apply", "--repo", dir, "--plan", reviewed, "--now", SCENARIO_NOW, "--json", ...args]);
    const journal = () => readFileSync(join(dir, ".scopesync/journal.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { phase: string; review: string; action: string; identity: string; error?: string });
    const NOT_APPLIED = "not applied: the reviewed plan (plan --base main~1) offboards the account under ci-bot, a login only main~1's files name; this apply's re-plan, made without --base, does not know it (it reports ci-bot as unmanaged-account) and has no such change to make, while the account ";

    // Without --base: a partial apply. Each of the three reviewed offboardings is a skipped change
    // in the result and the journal, with why; nothing else failed, and the account keeps its team.
    const alone = await apply();
    expect(alone.code, alone.stderr).toBe(1);
    expect(bot()).toMatchObject({ active: true, entitlements: ["team:deployers"] });
    const report = JSON.parse(alone.stdout) as { summary: Record<string, number>; reviewedPlan: { obsolete: number }; results: Array<{ action: string; identity: string; status: string; error?: string }> };
    expect(report.summary).toMatchObject({ failed: 0, skipped: 3 });
    expect(report.reviewedPlan.obsolete).toBe(0);
    expect(report.results.filter((r) => r.status === "skipped").map((r) => [r.action, r.identity, r.error])).toEqual([
      ["revoke-credential", "account:ci-bot", `${NOT_APPLIED}still has the credential cred-1`],
      ["revoke", "account:ci-bot", `${NOT_APPLIED}still holds team:deployers`],
      ["disable-account", "account:ci-bot", `${NOT_APPLIED}is still active`],
    ]);
    // The journal's error ends with the fix the run printed (it is read without the run's output beside it).
    const FIX = " (fix: re-plan against the revision the plan was reviewed against: after the merge, its parent (--base HEAD~1), and run the same apply again)";
    expect(journal().filter((l) => l.identity === "account:ci-bot").map((l) => [l.phase, l.review, l.action, l.identity, l.error])).toEqual(report.results.filter((r) => r.status === "skipped").map((r) => ["skipped", "reviewed", r.action, r.identity, `${r.error}${FIX}`]));
    // Read by a person: each change, why, and the fix; then the same apply with the right base.
    const text = await runCli(["apply", "--repo", dir, "--plan", reviewed, "--now", SCENARIO_NOW]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("3 reviewed offboarding(s) not applied (the re-plan lacks the reviewed plan's base, below)");
    expect(text.stderr).toContain(`skipped: app disable-account account:ci-bot: ${NOT_APPLIED}is still active\n  fix: re-plan against the revision the plan was reviewed against: after the merge, its parent (--base HEAD~1), and run the same apply again\n`);
    // A base whose policy files are this checkout's does not know the login either.
    const atHead = await apply("--base", "HEAD");
    expect(atHead.code).toBe(1);
    expect((JSON.parse(atHead.stdout) as typeof report).results.find((r) => r.action === "disable-account")?.error).toContain("this apply's re-plan, made against --base HEAD, does not know it");
    const applied = await apply("--base", "HEAD~1");
    expect(applied.code, applied.stderr).toBe(0);
    expect((JSON.parse(applied.stdout) as typeof report).summary).toMatchObject({ applied: 3, skipped: 0 });
    // Once they are in place, an apply without the base has nothing left undone: exit 0.
    const again = await apply();
    expect([again.code, (JSON.parse(again.stdout) as typeof report).summary.skipped], again.stderr).toEqual([0, 0]);
    // A plan reviewed against a base whose changes rest on no account under an earlier login: no warning.
    const plain = join(dir, "plain.json");
    expect((await runCli(["plan", "--repo", dir, "--format", "json", "--out", plain, "--now", SCENARIO_NOW, "--base", "HEAD"])).code).toBe(0);
    const plainApply = await runCli(["apply", "--repo", dir, "--plan", plain, "--now", SCENARIO_NOW, "--json"]);
    expect([plainApply.code, (JSON.parse(plainApply.stdout) as typeof report).summary.skipped]).toEqual([0, 0]);
    expect(bot()).toMatchObject({ active: false, entitlements: [] });
    // The new account is another one, though both carry the bot's anchor (the file target marks
    // what it creates): the grant went to it, not to the old account.
    expect(account("ci-bot-2")).toMatchObject({ active: true, externalId: "nhi:svc-ci", entitlements: ["team:deployers"] });
    expect(account("ci-bot-2")!.id).not.toBe(bot()!.id);
  });
});

/**
 * An app that links by login (as GitHub does) and holds only bots, committed on main; then a
 * commit that gives the bot (svc-ci, account "ci-bot" with team:deployers) a new login.
 */
type Account = { id: string; login: string; externalId?: string; active: boolean; entitlements: string[] };

async function botLoginChanged(): Promise<{ dir: string; parent: string; bot: () => Account | undefined; account: (login: string) => Account | undefined }> {
  const dir = await scenarioForTest("nhi-disabled");
  editFile(join(dir, "policies", "apps", "app.yaml"), () => ["kind: AppPolicy", "id: app", "target: app", "scope:", "  include:", "    - kinds: [service-account]", "accounts:", "  login: githubLogin", "  linkBy: login", "entitlements:", "  - group: deployers", "    entitlement: team:deployers", ""].join("\n"));
  editFile(join(dir, "identities", "nhi", "svc-ci.yaml"), (t) => `${t.replace("status: disabled", "status: active")}attributes:\n  githubLogin: ci-bot\n`);
  const state = join(dir, "state", "app.json");
  editFile(state, (t) => t.replace('"login": "svc-ci"', '"login": "ci-bot"'));
  const git = await gitOnMain(dir);
  const parent = (await git.revparse(["HEAD"])).trim();
  editFile(join(dir, "identities", "nhi", "svc-ci.yaml"), (t) => t.replace("githubLogin: ci-bot", "githubLogin: ci-bot-2"));
  await git.add(".").commit("the bot's new login");
  const account = (login: string) => (JSON.parse(readFileSync(state, "utf8")) as { accounts: Account[] }).accounts.find((a) => a.login === login);
  return { dir, parent, bot: () => account("ci-bot"), account };
}
