// A renamed GitHub account's old login, registered since by ANOTHER GitHub user (rv61 #1), end to
// end through the CLI and the real connector (@octokit/rest) against the GitHub fake. GitHub keeps
// a renamed user's id and frees the old login: "After changing your username, your old username
// becomes available for anyone else to claim"
// (https://docs.github.com/en/account-and-profile/concepts/username-changes, quoted in
// https://github.com/orgs/community/discussions/63520); the new holder need not be in the org.
// `GET /users/{username}` answers 404 for a login nobody has (users/get-by-username, whose 200 and
// 404 the fake's cut of GitHub's OpenAPI description checks; https://docs.github.com/en/rest/users/users#get-a-user).
// A remembered id (the committed state file) is followed only when the login is free, or the
// renamed account itself holds it; another user holding it makes the renamed account nobody's on
// that record: unmanaged, nothing granted or revoked, and the identity is planned by its login.
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { compile } from "../../src/compile.js";
import { openConnectors, closeConnectors } from "../../src/connectors.js";
import { loadRepo } from "../../src/config/load-repo.js";
import { workingTree } from "../../src/config/repo-files.js";
import { readTargetsLive } from "../../src/targets/read-targets.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { changeLines, NOW, PolicyRepo, type Person } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "northwind";
let fake: GithubFake;
let repo: PolicyRepo;
let env: Record<string, string>;
let people: Person[];

beforeEach(async () => {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
  fake.org.addMember("ada", "admin");
  fake.org.addMember("jlin", "member"); // an agency contractor: in no source, an unmanaged member
  fake.org.addTeam("platform");
  fake.org.addTeamMember("platform", "ada");
  env = { GH_TOKEN: fake.token };
  people = [{ worker: "W1", login: "ada", department: "Platform" }];
  repo = new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, deployKeys: false } },
    people,
    groups: [{ id: "platform", departments: ["Platform"] }, { id: "admins", members: ["ada"], privileged: true }],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Platform"] } }] },
      accounts: { login: "userName" },
      entitlements: [{ group: "platform", entitlement: "team:platform" }, { group: "admins", entitlement: "role:admin" }],
      unmanagedAccounts: "report",
    },
  });
});
afterEach(async () => {
  repo?.cleanup();
  await fake?.close();
});

/** `state pull` committed while the contractor is "jlin"; then they rename, and another GitHub user registers "jlin". */
async function contractorRenamedAndLoginTaken(before?: () => Promise<unknown>): Promise<{ contractor: number; newcomer: number }> {
  expect((await repo.cli(["state", "pull"], env)).code).toBe(0);
  await before?.();
  const contractor = fake.org.user("jlin")!.id;
  expect(repo.read("state/github.json")).toContain('"login": "jlin"');
  fake.org.renameUser("jlin", "jlin-agency");
  const newcomer = fake.org.addUser("jlin").id; // not in the org
  expect(newcomer).not.toBe(contractor);
  return { contractor, newcomer };
}

function findings(plan: Plan, rule: string): string[] {
  return plan.findings.filter((f) => f.rule === rule).map((f) => `${f.severity} ${f.identity}: ${f.message}`);
}

it("a new hire whose own login is the one a renamed contractor freed is invited as herself; the contractor's account gets nothing", async () => {
  const { contractor, newcomer } = await contractorRenamedAndLoginTaken();
  people.push({ worker: "W2", login: "jlin", department: "Platform" });
  repo.setPeople(people);
  repo.writeGroup({ id: "admins", members: ["ada", "jlin"], privileged: true });

  const { plan } = await repo.plan(env);
  expect(changeLines(plan)).toEqual(["create-account jlin", "grant jlin role:admin", "grant jlin team:platform"]);
  for (const c of plan.changes) expect(c).toMatchObject({ login: "jlin", loginOwner: String(newcomer) });
  for (const c of plan.changes) expect(c.account).toBeUndefined();
  expect(findings(plan, "account-renamed")).toEqual([]);
  expect(findings(plan, "account-login-taken")).toEqual([
    `warning jlin: github account "jlin-agency" (id ${contractor}) had jlin's userName "jlin" in state/github.json, but "jlin" is another user's now (id ${newcomer}): a login freed by a rename can be taken by anyone, so the account is not taken for jlin's and nothing is granted to it or revoked from it on that record; jlin is planned by the login "jlin"`,
  ]);
  expect(plan.findings.find((f) => f.rule === "unmanaged-account")?.message).toBe('github account "jlin-agency" matches no identity');

  const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
  expect(applied.code, applied.stderr).toBe(0);
  expect(fake.org.members.get(contractor)).toBe("member");
  expect(fake.org.teams.get("platform")!.members.has(contractor)).toBe(false);
  const invitation = [...fake.org.invitations.values()].find((i) => i.userId === newcomer);
  expect(invitation?.role).toBe("admin");
});

it("someone out of the policy's scope who registered the freed login: the daily sync removes nothing", async () => {
  // The last reviewed plan, made (live) before the rename: nothing to do.
  const { contractor } = await contractorRenamedAndLoginTaken(async () => expect(changeLines((await repo.plan(env)).plan)).toEqual([]));
  people.push({ worker: "W3", login: "jlin", department: "Sales" });
  repo.setPeople(people);

  const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
  expect(applied.code, applied.stderr).toBe(0);
  expect(applied.stdout).toContain("0 unreviewed revocation(s) applied anyway");
  expect(fake.org.members.get(contractor)).toBe("member");
});

it("a dismissed owner's renamed account whose old login another user took is not offboarded on the record: it is reported, and the plan says why", async () => {
  fake.org.addMember("mara", "admin");
  people.push({ worker: "W4", login: "mara", department: "Platform" });
  repo.setPeople(people);
  expect((await repo.cli(["state", "pull"], env)).code).toBe(0);
  const mara = fake.org.user("mara")!.id;
  fake.org.renameUser("mara", "mk-archive");
  const other = fake.org.addUser("mara").id;
  people[1] = { ...people[1]!, status: "Terminated" };
  repo.setPeople(people);

  const { plan } = await repo.plan(env);
  expect(plan.changes.filter((c) => c.account === String(mara))).toEqual([]);
  expect(findings(plan, "account-login-taken")).toEqual([expect.stringContaining(`warning mara: github account "mk-archive" (id ${mara}) had mara's userName "mara" in state/github.json, but "mara" is another user's now (id ${other})`)]);
  expect(plan.findings.find((f) => f.rule === "account-login-taken")!.remediation).toBe(`check that user ${other} ("mara") is mara; if mara renamed their account to "mk-archive" instead, set attributes.userName: "mk-archive" in their Person file; then run \`scopesync state pull\` and commit it`);
  expect(findings(plan, "unmanaged-account").some((f) => f.includes('"mk-archive"'))).toBe(true);
});

it("a live read that cannot ask GitHub who holds the old login follows no rename: the identity and the account are held (account-id-conflict)", async () => {
  expect((await repo.cli(["state", "pull"], env)).code).toBe(0);
  const contractor = fake.org.user("jlin")!.id;
  fake.org.renameUser("jlin", "jlin-agency"); // the login is free: only a look-up could say so
  people.push({ worker: "W2", login: "jlin", department: "Platform" });
  repo.setPeople(people);

  const loaded = loadRepo(workingTree(repo.dir));
  const connectors = openConnectors(loaded.repo!, repo.dir, env, () => Date.parse(NOW));
  try {
    const compiled = await compile({ repoDir: repo.dir, files: workingTree(repo.dir), env, now: Date.parse(NOW), readTargets: () => readTargetsLive(connectors) });
    expect(compiled.ok).toBe(true);
    const plan = compiled.ok ? compiled.value.plan : undefined;
    expect(plan!.changes.filter((c) => c.identity === "jlin")).toEqual([]);
    expect(findings(plan!, "account-id-conflict")).toEqual([
      `error jlin: github: whose account is jlin's is not known: the account "jlin-agency" (id ${contractor}, "jlin" in state/github.json) had that login, and whether anyone holds it now was not looked up (this run could not ask target "github" who holds a login): a login freed by a rename can be taken by anyone; no change is planned for jlin or those accounts`,
    ]);
    expect(plan!.blocked).toBe(true);
  } finally {
    await closeConnectors(connectors);
  }
});
