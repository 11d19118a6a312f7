// A sharded live plan (`resolve`, `plan --live --target github --identities`, `plan merge`) is the
// one-process `plan --live`, byte for byte (docs/formats.md "Sharded planning"), on what only a live
// read's records give (rv61 #3: the shard skipped them): a dismissed owner who renamed her GitHub
// account before the plan, followed by the id the committed state file records (account-renamed),
// and an e-mail invitation accepted since the state pull (email-invitation-accepted). Through the
// CLI and the real connector (@octokit/rest) against the GitHub fake: a renamed user keeps their
// id and the old login answers 404 (https://docs.github.com/en/account-and-profile/concepts/username-changes).
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { changeLines, PolicyRepo, type Person } from "../apply/helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

let fake: GithubFake;
let repo: PolicyRepo;
let env: Record<string, string>;

beforeEach(async () => {
  fake = await startGithubFake({ org: "northwind", self: "scopesync-bot" });
  fake.org.addMember("ada", "admin");
  fake.org.addMember("mara", "admin");
  fake.org.addTeam("platform");
  fake.org.addTeamMember("platform", "ada");
  fake.org.addTeamMember("platform", "mara");
  env = { GH_TOKEN: fake.token };
  repo = new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: "northwind", token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, deployKeys: false } },
    people: [],
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

async function ok(args: string[]): Promise<void> {
  const r = await repo.cli(args, env);
  expect(r.code, `${args.join(" ")}\n${r.stderr}`).toBe(0);
}

it("the merged shards of a live plan follow a renamed leaver's account and an accepted invitation as one process does, byte for byte", async () => {
  const people: Person[] = [
    { worker: "W1", login: "ada", department: "Platform" },
    { worker: "W2", login: "mara", department: "Platform" },
    { worker: "W3", login: "grace", department: "Platform" },
  ];
  repo.setPeople(people);
  fake.org.inviteByEmail("grace@corp.example", "member", ["platform"]);
  await ok(["state", "pull"]);
  const mara = fake.org.user("mara")!.id;
  fake.org.renameUser("mara", "mk-archive");
  fake.org.acceptEmailInvitation("grace@corp.example", "grace-gh");
  people[1] = { ...people[1]!, status: "Terminated" };
  repo.setPeople(people);

  await ok(["plan", "--live", "--format", "json", "--out", "one.json"]);
  await ok(["resolve", "--out", "ids.snapshot"]);
  await ok(["plan", "--live", "--target", "github", "--identities", "ids.snapshot", "--out", "github.json"]);
  await ok(["plan", "merge", "github.json", "--identities", "ids.snapshot", "--format", "json", "--out", "merged.json"]);

  const one = JSON.parse(repo.read("one.json")) as Plan;
  expect(changeLines(one).filter((l) => l.includes("mara"))).toEqual(["disable-account mara", "revoke mara role:admin", "revoke mara team:platform"]);
  for (const c of one.changes.filter((x) => x.identity === "mara")) expect(c).toMatchObject({ account: String(mara), login: "mk-archive" });
  expect(one.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(["account-renamed", "email-invitation-accepted"]));
  expect(repo.read("merged.json")).toBe(repo.read("one.json"));
});
