// An owner handover on GitHub, end to end through the real CLI and connector (@octokit/rest)
// against the OpenAPI-validated GitHub fake: the owner leaves (minAdmins 2: she and the bot are the
// org's owners) and an active member is made owner in the same plan. The plan's guard counts the
// successor's promotion, so it passes; apply used to carry out both at once (identities in
// parallel, GitHub's limit of 4), and when GitHub took its time over the promotion, the leaver's
// demotion counted the owners first (GET /orgs/{org}/members?role=admin,
// https://docs.github.com/en/rest/orgs/members#list-organization-members), found only her and the
// bot, and was refused: exit 1, the leaver still an owner, until a re-run. apply now carries out
// the promotion first, confirms it, and only then demotes and removes the leaver; if the promotion
// fails, the leaver keeps the owner role and the run says why.
//
// The fake makes the order matter: each PUT /orgs/{org}/memberships/{username} takes 150 ms
// (GithubFake.delays) while the other requests are answered, as a busy GitHub would.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { JournalRecord } from "../../src/model/journal-record.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { closeGithubLoop } from "./helpers/github-loop.js";
import { changeLines, PolicyRepo } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-robotics";
const SET_MEMBERSHIP = "orgs/set-membership-for-user";
let fake: GithubFake;
let repo: PolicyRepo;
let env: Record<string, string>;

/** Org members and their role, by login (the bot aside). */
function members(): Record<string, string> {
  const o = fake.org;
  return Object.fromEntries([...o.members].map(([id, role]) => [o.userById(id).login, role]).filter(([l]) => l !== "scopesync-bot").sort());
}

beforeAll(async () => {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot", delays: { [SET_MEMBERSHIP]: 150 } });
  for (const login of ["ada", "bo"]) fake.org.addUser(login);
  env = { GH_TOKEN: fake.token };
  repo = new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, deployKeys: false, minAdmins: 2 } },
    people: [
      { worker: "W1", login: "ada", department: "Platform", status: "Terminated" },
      { worker: "W2", login: "bo", department: "Platform" },
    ],
    // HR gives the leaver's job to bo the same day: the owners group names him.
    groups: [{ id: "owners", members: ["ada", "bo"], privileged: true }],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Platform"] } }] },
      accounts: { login: "userName" },
      entitlements: [{ group: "owners", entitlement: "role:admin" }],
    },
  });
});

beforeEach(() => {
  // Each run starts from the same org: ada (and the bot) owners, bo a member.
  const o = fake.org;
  o.addMember("ada", "admin");
  o.addMember("bo", "member");
  fake.requests.length = 0;
});

afterAll(() => closeGithubLoop(repo, fake));

/** This run's journal lines (the journal keeps every run's). */
function journalOf(run: string): JournalRecord[] {
  return repo.read(".scopesync/journal.jsonl").trim().split("\n").map((l) => JSON.parse(l) as JournalRecord).filter((r) => r.run === run);
}

describe("an owner hands over to a member in one plan", () => {
  it("apply promotes the successor first and then demotes and removes the leaver, run after run, at apply's own concurrency", async () => {
    for (let round = 1; round <= 4; round++) {
      if (round > 1) {
        fake.org.addMember("ada", "admin");
        fake.org.addMember("bo", "member");
        fake.requests.length = 0;
      }
      const { plan } = await repo.plan(env);
      expect(changeLines(plan)).toEqual(["disable-account ada", "grant bo role:admin", "revoke ada role:admin"]);
      // Default --concurrency (8), lowered to the github connector's 4: bo's and ada's lanes run side by side.
      const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
      expect(applied.stderr, `round ${round}`).toBe("");
      expect(applied.code, `round ${round}`).toBe(0);
      expect(members(), `round ${round}`).toEqual({ bo: "admin" });
      // The promotion answered before the demotion was sent.
      const puts = fake.requests.filter((r) => r.operationId === SET_MEMBERSHIP).map((r) => `${r.path.split("/").pop()} ${r.status}`);
      expect(puts, `round ${round}`).toEqual(["bo 200", "ada 200"]);
    }
  });

  it("when the promotion fails, the leaver stays owner: the demotion and removal are skipped, saying which grant they wait for", async () => {
    // GitHub answers every attempt of the promotion with a 500: the runner's six attempts fail.
    fake.injectFault({ kind: "server-error", operationId: SET_MEMBERSHIP, times: 6 });
    await repo.plan(env);
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code).toBe(1);
    expect(members()).toEqual({ ada: "admin", bo: "member" });
    expect(applied.stderr).toContain(`failed: github grant bo role:admin: target "github": set the acme-robotics role of "bo" to admin: 500 Server Error`);
    expect(applied.stderr).toContain("skipped: github revoke ada role:admin: held back by the admins guard: the grant of role:admin to bo did not go through in this run, and without it github would keep 1 account(s) with role:admin (now 2), fewer than its minimum of 2 (targets.github.options.minAdmins: apply refuses to leave fewer org owners); ada keeps role:admin until then");
    expect(applied.stderr).toContain("skipped: github disable-account ada: held back by the admins guard");
    expect(applied.stderr).toContain("fix: deal with the failed grant (above), then run the same apply again: it grants role:admin first and then takes it from ada");
    // Nothing was sent for the leaver: no demotion, no removal.
    expect(fake.requests.filter((r) => r.path.endsWith("/ada") && r.method !== "GET")).toEqual([]);
    const lines = repo.read(".scopesync/journal.jsonl").trim().split("\n");
    const run = journalOf((JSON.parse(lines[lines.length - 1]!) as JournalRecord).run);
    expect(run.filter((r) => r.identity === "ada").map((r) => `${r.action} ${r.phase}`).sort()).toEqual(["disable-account skipped", "revoke skipped"]);
    // The same apply again, GitHub answering: the handover finishes.
    const again = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(again.code, again.stderr).toBe(0);
    expect(members()).toEqual({ bo: "admin" });
  }, 30_000);
});
