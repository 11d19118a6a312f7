// A GitHub user renamed their account BEFORE the plan (rv59 finding 1), end to end through the CLI
// and the real connector (@octokit/rest) against the GitHub fake. GitHub keeps the user's id across
// a rename (GET /user/{account_id} finds it under the new login), and "after changing your
// username, your old username becomes available for anyone else to claim"
// (https://docs.github.com/en/account-and-profile/concepts/username-changes; the fake's renameUser). The
// committed state file (`scopesync state pull`), or apply's journal, records the id under the
// person's login: the renamed account is theirs.
//   - A dismissed owner who renamed themself before the urgent sync is offboarded by that id.
//   - Someone who keeps access is planned against the renamed account, never re-invited under the
//     old login, and the plan asks the reviewer to write the new login (account-renamed).
//   - Conflicting evidence (the old login taken by another member, the new login another
//     person's) plans nothing for them and blocks (account-id-conflict).
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Plan } from "../../src/plan/plan.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { changeLines, PolicyRepo, type Person } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "northwind";
let fake: GithubFake;
let repo: PolicyRepo;
let env: Record<string, string>;
let people: Person[];

beforeEach(async () => {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
  fake.org.addMember("ada", "admin");
  fake.org.addMember("mara", "admin"); // an owner who will be dismissed
  fake.org.addTeam("platform");
  fake.org.addTeamMember("platform", "ada");
  fake.org.addTeamMember("platform", "mara");
  env = { GH_TOKEN: fake.token };
  people = [
    { worker: "W1", login: "ada", department: "Platform" },
    { worker: "W2", login: "mara", department: "Platform" },
  ];
  repo = new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, deployKeys: false } },
    people,
    groups: [{ id: "platform", departments: ["Platform"] }, { id: "admins", members: ["ada", "mara"], privileged: true }],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Platform"] } }] },
      accounts: { login: "userName" },
      entitlements: [{ group: "platform", entitlement: "team:platform" }, { group: "admins", entitlement: "role:admin" }],
    },
  });
});
afterEach(async () => {
  repo?.cleanup();
  await fake?.close();
});

/** The org as the team committed it: `scopesync state pull` while mara is still "mara". */
async function statePulled(): Promise<number> {
  expect((await repo.cli(["state", "pull"], env)).code).toBe(0);
  expect(repo.read("state/github.json")).toContain('"login": "mara"');
  return fake.org.user("mara")!.id;
}

function maraDismissed(): void {
  people[1] = { ...people[1]!, status: "Terminated" };
  repo.setPeople(people);
}

/** A plan the helper's plan() would refuse: blocked (exit 3), still written out. */
async function blockedPlan(): Promise<{ plan: Plan; code: number }> {
  const result = await repo.cli(["plan", "--live", "--format", "json", "--out", "reviewed.json"], env);
  return { plan: JSON.parse(repo.read("reviewed.json")) as Plan, code: result.code };
}

function renderedFindings(plan: { findings: { rule: string; severity: string; identity?: string; message: string }[] }, rule: string): string[] {
  return plan.findings.filter((f) => f.rule === rule).map((f) => `${f.severity} ${f.identity}: ${f.message}`);
}

it("a dismissed owner who renamed their account before the sync is offboarded by the id the committed state file records, and apply removes that user", async () => {
  const id = await statePulled();
  fake.org.renameUser("mara", "mk-archive");
  maraDismissed();

  const { plan } = await repo.plan(env);
  expect(changeLines(plan)).toEqual(["disable-account mara", "revoke mara role:admin", "revoke mara team:platform"]);
  for (const c of plan.changes) expect(c).toMatchObject({ account: String(id), login: "mk-archive" });
  expect(plan.changes.find((c) => c.action === "disable-account")!.reason).toBe(`left the organisation on 2026-11-20 (status terminated in hr); their account "mara" (id ${id}, as state/github.json records it) is "mk-archive" now: renamed, same id`);
  expect(renderedFindings(plan, "account-renamed")).toEqual([`warning mara: github account "mk-archive" (id ${id}) is mara's: state/github.json records that id under their userName "mara", and no account has that login now; it is offboarded under its new login`]);
  expect(renderedFindings(plan, "unmanaged-account")).toEqual([]);

  // The urgent, hand-run sync: the last reviewed plan (empty) and the revocations apply anyway.
  const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
  expect(applied.code, applied.stderr).toBe(0);
  expect(applied.stdout).toContain("applied 3, already in place 0, failed 0");
  expect(fake.org.members.has(id)).toBe(false);
  expect(fake.org.teams.get("platform")!.members.has(id)).toBe(false);
  expect(fake.org.members.get(fake.org.user("ada")!.id)).toBe("admin");
});

it("reviewed before the rename, with the state file committed: the re-plan's removal by the same id counts as the reviewed one, even under apply.unreviewed: none", async () => {
  repo.writeConfig({ apply: { unreviewed: "none" } });
  const id = await statePulled();
  maraDismissed();
  const { plan } = await repo.plan(env);
  expect(changeLines(plan)).toEqual(["disable-account mara", "revoke mara role:admin", "revoke mara team:platform"]);
  fake.org.renameUser("mara", "mk-archive");

  const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
  expect(applied.code, applied.stderr).toBe(0);
  expect(applied.stdout).toContain("3 reviewed change(s) to apply, 0 unreviewed revocation(s) applied anyway, 0 unreviewed change(s) held back, 0 no longer needed");
  expect(fake.org.members.has(id)).toBe(false);
});

it("someone who keeps access and renamed their account is planned against it, not re-invited under the old login, and the reviewer is asked to write the new login", async () => {
  const id = await statePulled();
  fake.org.renameUser("mara", "mara-k");
  repo.writeGroup({ id: "admins", members: ["ada"], privileged: true }); // an ordinary change meanwhile: mara is no longer an owner

  const { plan } = await repo.plan(env);
  expect(changeLines(plan)).toEqual(["revoke mara role:admin"]);
  expect(plan.changes[0]).toMatchObject({ account: String(id), login: "mara-k" });
  expect(renderedFindings(plan, "account-renamed")).toEqual([`warning mara: github account "mara-k" (id ${id}) is mara's: state/github.json records that id under their userName "mara", and no account has that login now; it is planned as theirs, but found only while state/github.json still records the old login`]);
  expect(plan.findings.find((f) => f.rule === "account-renamed")!.remediation).toMatch(/^set attributes\.userName: "mara-k" in the Person file of mara/);
  expect(renderedFindings(plan, "unmanaged-account")).toEqual([]);
  expect(renderedFindings(plan, "target-cannot-update")).toEqual([]);
});

it("the id of an account apply acted on since the last state pull is remembered from the journal", async () => {
  const id = fake.org.user("mara")!.id;
  // A line as apply writes it (model/journal-record.ts): no state file is committed yet.
  mkdirSync(join(repo.dir, ".scopesync"), { recursive: true });
  const line = { at: "2026-11-25T10:00:00.000Z", run: "r1", fingerprint: "sha256:x", review: "reviewed", replan: "sha256:x", planTime: "2026-11-25T10:00:00.000Z", change: "c1", target: "github", action: "grant", identity: "mara", account: String(id), login: "mara", entitlement: "team:platform", phase: "done", outcome: "applied", attempts: 1 };
  writeFileSync(join(repo.dir, ".scopesync/journal.jsonl"), `${JSON.stringify(line)}\n`);
  fake.org.renameUser("mara", "mk-archive");
  maraDismissed();

  const { plan } = await repo.plan(env);
  expect(changeLines(plan)).toEqual(["disable-account mara", "revoke mara role:admin", "revoke mara team:platform"]);
  expect(plan.changes.find((c) => c.action === "disable-account")!.reason).toContain(`their account "mara" (id ${id}, as .scopesync/journal.jsonl records it) is "mk-archive" now`);
});

it("the old login taken by another member (GitHub frees it on a rename): nothing is planned for either account, and the plan is blocked", async () => {
  const id = await statePulled();
  fake.org.renameUser("mara", "mk-archive");
  const stranger = fake.org.addUser("mara"); // anyone may register the freed login...
  fake.org.addMember("mara"); // ...and an owner added that user to the org by hand
  maraDismissed();

  const { plan, code } = await blockedPlan();
  expect(code).toBe(3);
  expect(changeLines(plan)).toEqual([]);
  expect(renderedFindings(plan, "account-id-conflict")).toEqual([`error mara: github: whose account is mara's is not known: the account "mk-archive" (id ${id}, "mara" in state/github.json) had that login, and the account "mara" (id ${stranger.id}) holds it now: a login freed by a rename can be taken by anyone; no change is planned for mara or those accounts`]);
  expect(renderedFindings(plan, "unmanaged-account")).toEqual([]);
});

it("the renamed account's new login is another person's: both claim it, nothing is planned for either, and the plan is blocked", async () => {
  const id = await statePulled();
  fake.org.renameUser("mara", "grace");
  people.push({ worker: "W3", login: "grace", department: "Platform" });
  maraDismissed();

  const { plan, code } = await blockedPlan();
  expect(code).toBe(3);
  expect(changeLines(plan)).toEqual([]);
  const said = renderedFindings(plan, "account-id-conflict");
  expect(said).toHaveLength(2);
  for (const who of ["mara", "grace"]) expect(said).toContain(`error ${who}: github: whose account is ${who}'s is not known: the account "grace" (id ${id}, "mara" in state/github.json) is claimed by login by the identity whose login is "grace" now, and by id by the one whose login it had; no change is planned for ${who} or those accounts`);
  expect(fake.org.members.get(id)).toBe("admin");
});
