// A GitHub login renamed between the reviewed plan and the merge, end to end through the CLI and
// the real connector against the GitHub fake (rv26 findings 1 and 2). GitHub keeps the user's
// numeric id across a rename, and the old login is free for anyone to claim.
//   - A leaver renames themself: the reviewed removal carries their id and still runs, by that id,
//     while the re-plan still offboards them; it is said on stderr. A reversed termination is not.
//   - A joiner's login changes hands: the plan records whom the login named (loginOwner), and
//     apply refuses to invite the new holder.
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { join } from "node:path";
import { applyReviewed } from "../../src/github/apply-reviewed.js";
import { changeLines, NOW, PolicyRepo, type Person } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-robotics";
let fake: GithubFake;
let repo: PolicyRepo;
let env: Record<string, string>;
let people: Person[];

beforeEach(async () => {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
  fake.org.addMember("ada", "admin");
  fake.org.addMember("alan");
  fake.org.addTeam("platform");
  fake.org.addTeamMember("platform", "ada");
  fake.org.addTeamMember("platform", "alan");
  env = { GH_TOKEN: fake.token };
  people = [
    { worker: "W1", login: "ada", department: "Platform" },
    { worker: "W2", login: "alan", department: "Platform" },
  ];
  repo = new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, deployKeys: false } },
    people,
    groups: [{ id: "platform", departments: ["Platform"] }, { id: "admins", members: ["ada"], privileged: true }],
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

it("a leaver who renames their GitHub login after review is still removed, by their user id, and apply says so", async () => {
  people[1] = { ...people[1]!, status: "Terminated" };
  repo.setPeople(people);
  const { plan } = await repo.plan(env);
  expect(changeLines(plan)).toEqual(["disable-account alan", "revoke alan team:platform"]);
  const alan = fake.org.user("alan")!;
  expect(plan.changes.every((c) => c.account === String(alan.id))).toBe(true);
  fake.org.renameUser("alan", "alan-2");

  const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
  expect(applied.code, applied.stderr).toBe(0);
  expect(applied.stdout).toContain("2 reviewed change(s) to apply");
  expect(applied.stdout).toContain("0 no longer needed");
  expect(applied.stderr).toContain(`github disable-account alan: login changed from alan to alan-2 since review; applied by GitHub user id ${alan.id}`);
  expect(applied.stderr).toContain(`github revoke alan team:platform: login changed from alan to alan-2 since review; applied by GitHub user id ${alan.id}`);
  expect(fake.org.members.has(alan.id)).toBe(false);
  expect(fake.org.teams.get("platform")!.members.has(alan.id)).toBe(false);
  expect(fake.org.members.get(fake.org.user("ada")!.id)).toBe("admin");
});

it("the Action's apply (applyReviewed) follows the renamed leaver the same way, and returns the note for its log", async () => {
  people[1] = { ...people[1]!, status: "Terminated" };
  repo.setPeople(people);
  const { plan } = await repo.plan(env);
  const alan = fake.org.user("alan")!;
  fake.org.renameUser("alan", "alan-2");
  const r = await applyReviewed({ repoDir: repo.dir, reviewed: plan, phase: "all", env, now: Date.parse(NOW), journalPath: join(repo.dir, ".scopesync/journal.jsonl") });
  expect(r.problems).toEqual([]);
  expect({ status: r.status, applied: r.applied }).toEqual({ status: "applied", applied: 2 });
  expect(r.notes).toContain(`github disable-account alan: login changed from alan to alan-2 since review; applied by GitHub user id ${alan.id}`);
  expect(fake.org.members.has(alan.id)).toBe(false);
});

it("a renamed leaver whose termination HR reversed before the merge is left in place: the re-plan no longer offboards them", async () => {
  people[1] = { ...people[1]!, status: "Terminated" };
  repo.setPeople(people);
  const { plan } = await repo.plan(env);
  expect(changeLines(plan)).toEqual(["disable-account alan", "revoke alan team:platform"]);
  const alan = fake.org.user("alan")!;
  fake.org.renameUser("alan", "alan-2");
  people[1] = { ...people[1]!, status: "Active" };
  repo.setPeople(people);

  const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
  expect(applied.stdout).toContain("0 reviewed change(s) to apply");
  expect(applied.stdout).toContain("2 no longer needed");
  expect(applied.stderr).toContain(`github disable-account alan: login changed from alan to alan-2 since review (GitHub user id ${alan.id}); not applied: the re-plan no longer takes the account away from alan`);
  expect(fake.org.members.get(alan.id)).toBe("member");
  expect(fake.org.teams.get("platform")!.members.has(alan.id)).toBe(true);
});

it("a joiner's login that changed hands after review is not invited: apply refuses, naming the user the reviewer saw", async () => {
  const grace = fake.org.addUser("grace"); // a GitHub user, not yet in the org
  people.push({ worker: "W3", login: "grace", department: "Platform" });
  repo.setPeople(people);
  const { plan } = await repo.plan(env);
  expect(changeLines(plan)).toEqual(["create-account grace", "grant grace team:platform"]);
  for (const c of plan.changes) expect(c.loginOwner).toBe(String(grace.id));
  expect(plan.changes.find((c) => c.action === "create-account")!.reason).toContain(`the login "grace" is GitHub user ${grace.id} now`);

  fake.org.renameUser("grace", "grace-hopper"); // GitHub: the old name is free...
  const stranger = fake.org.addUser("grace"); // ...and someone else registers it
  const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
  expect(applied.code).toBe(1);
  expect(applied.stderr).toContain(`failed: github create-account grace: target "github": the GitHub login "grace" is user ${stranger.id} now, not user ${grace.id} as when the plan was reviewed`);
  expect(applied.stderr).toContain(`fix: find the person's GitHub account (user ${grace.id} keeps its id under its new login`);
  expect(fake.org.invitationFor(stranger.id)).toBeUndefined();
  expect(fake.org.invitationFor(grace.id)).toBeUndefined();
  expect(fake.org.members.has(stranger.id)).toBe(false);
});

it("a joiner's login that no GitHub user had at review and a stranger registered before the merge is not invited", async () => {
  people.push({ worker: "W4", login: "linus", department: "Platform" });
  repo.setPeople(people);
  const { plan } = await repo.plan(env);
  expect(changeLines(plan)).toEqual(["create-account linus", "grant linus team:platform"]);
  for (const c of plan.changes) expect(c.loginOwner).toBe("none");
  expect(plan.changes.find((c) => c.action === "create-account")!.reason).toContain('no GitHub user has the login "linus" now (apply refuses to give access to whoever registers it before then)');

  const stranger = fake.org.addUser("linus"); // someone registers the free login before the merge
  const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
  expect(applied.code).toBe(1);
  expect(applied.stderr).toContain(`failed: github create-account linus: target "github": the GitHub login "linus" is user ${stranger.id} now, but no GitHub user had it when the plan was reviewed`);
  expect(applied.stderr).toContain(`fix: plan again for review (the new plan shows user ${stranger.id} under the login)`);
  expect(fake.org.invitationFor(stranger.id)).toBeUndefined();
  expect(fake.org.members.has(stranger.id)).toBe(false);
});

it("the fake answers as GitHub does after a rename: same id by id, the old login 404 until claimed", async () => {
  const alan = fake.org.user("alan")!;
  fake.org.renameUser("alan", "alan-2");
  const get = (path: string) => fetch(`${fake.url}${path}`, { headers: { authorization: `token ${fake.token}` } });
  expect((await get("/users/alan")).status).toBe(404);
  expect(((await (await get("/users/alan-2")).json()) as { id: number }).id).toBe(alan.id);
  expect(((await (await get(`/user/${alan.id}`)).json()) as { login: string }).login).toBe("alan-2");
  const claimed = fake.org.addUser("alan");
  expect(claimed.id).not.toBe(alan.id);
  expect(((await (await get("/users/alan")).json()) as { id: number }).id).toBe(claimed.id);
});
