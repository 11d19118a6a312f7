// A token that cannot make every planned change: only the changes it cannot make are refused
// before apply (each reported failed with what is missing and the fix, exit 1); every other change
// applies. Refusing the whole plan kept leavers in the org for one change a token could not make.
// The real connector, runner and journal against the GitHub fake, which answers each kind of token
// as GitHub documents (test/servers/github-fake/tokens.ts); the second case runs the real CLI.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Journal } from "../../src/apply/journal.js";
import { preflightTargets } from "../../src/apply/preflight.js";
import { DEFAULT_RETRY } from "../../src/apply/retry.js";
import { runApply } from "../../src/apply/runner.js";
import type { Change } from "../../src/model/change.js";
import type { JournalRecord } from "../../src/model/journal-record.js";
import { createGithubConnector } from "../../src/targets/github/index.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { fakeToken, type FakeToken } from "../servers/github-fake/tokens.js";
import { closeGithubLoop } from "./helpers/github-loop.js";
import { NOW, PolicyRepo, type Person } from "./helpers/policy-repo.js";
import { applyReviewed } from "../../src/github/apply-reviewed.js";
import type { Plan } from "../../src/plan/plan.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-robotics";
let fake: GithubFake | undefined;
let repo: PolicyRepo | undefined;
const dirs: string[] = [];

afterEach(async () => {
  await closeGithubLoop(repo, fake);
  fake = undefined;
  repo = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const noWait = { sleep: async () => {}, random: () => 0 };

describe("github preflight: only what the token cannot make is refused", () => {
  it("ten leaver removals and a PAT-grant revoke with a fine-grained token: the ten leave the org, the revoke is refused up front and reported failed", async () => {
    const token = fakeToken("fine-grained");
    fake = await startGithubFake({ org: ORG, tokens: [token] });
    const leavers = Array.from({ length: 10 }, (_, i) => `leaver-${i}`);
    for (const l of leavers) fake.org.addMember(l);
    fake.org.addPatGrant("leaver-0", "release-notes-agent");
    const github = createGithubConnector({ type: "github", org: ORG, token: "${env:GH_TOKEN}", options: { deployKeys: false } }, { name: "github", repoDir: "/nonexistent", env: { GH_TOKEN: token.value } }, { baseUrl: fake.url });
    const change = (action: Change["action"], login: string, fields: Partial<Change> = {}): Change => ({ id: `${action}-${login}`, target: "github", action, identity: login, login, privileged: false, origin: "source", reason: "left", evidence: [], ...fields });
    const changes = [...leavers.map((l) => change("disable-account", l)), change("revoke-credential", "leaver-0", { credential: "pat-grant:1" })];
    const dir = mkdtempSync(join(tmpdir(), "scopesync-preflight-"));
    dirs.push(dir);
    const journal = new Journal(join(dir, "journal.jsonl"));
    const connectors = new Map([["github", github]]);

    const { refused, notes } = await preflightTargets(connectors, changes);
    expect(notes).toEqual([{ target: "github", refused: 1, of: 11, message: expect.stringContaining("lacks a GitHub App installation token with Organization → Personal access tokens: read and write") }]);
    const { results } = await runApply({ changes, connectors, journal, run: "run-1", fingerprint: "sha256:reviewed", replan: "sha256:replan", planTime: 0, review: () => "reviewed", concurrency: 4, retry: DEFAULT_RETRY, timing: noWait, clock: Date.now, refused });

    const status = Object.fromEntries(results.map((r) => [`${r.change.action} ${r.change.identity}`, r.status]));
    expect(status).toEqual({ ...Object.fromEntries(leavers.map((l) => [`disable-account ${l}`, "applied"])), "revoke-credential leaver-0": "failed" });
    for (const l of leavers) expect(fake.org.members.has(fake.org.user(l)!.id)).toBe(false);
    const failed = results.find((r) => r.status === "failed")!;
    expect(failed.error).toBe(`target "github": the token (a fine-grained personal access token) lacks a GitHub App installation token with Organization → Personal access tokens: read and write (organization_personal_access_tokens=write) (a fine-grained personal access token cannot call GitHub's PAT-grant endpoints), which 1 planned change(s) need (revoke-credential leaver-0): refused before apply; the changes the token can make are applied`);
    expect(failed.hint).toContain("use a GitHub App installation token");
    expect(failed.attempts).toBe(0);
    // Never sent, and journalled as failed with no start: a re-run does not take it for cut off.
    expect(fake.requests.filter((r) => r.operationId === "orgs/update-pat-access")).toEqual([]);
    const lines = readFileSync(join(dir, "journal.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as JournalRecord).filter((r) => r.credential === "pat-grant:1");
    // The journal's error ends with the fix the run printed: it is read without the run's output beside it.
    expect(lines.map((r) => [r.phase, r.attempts, r.error])).toEqual([["failed", 0, `${failed.error} (fix: ${failed.hint})`]]);
    expect(journal.interrupted("sha256:reviewed")).toEqual([]);
  });

  /**
   * A classic token without admin:org (write:org changes teams; removing a member needs admin:org:
   * the fake's NEEDS, GitHub's scopes page) and a leaver, grace, on a team with a deploy key she
   * added. Returns the reviewed plan.
   */
  async function leaverWithoutAdminOrg(): Promise<{ env: Record<string, string>; reviewed: Plan; token: FakeToken }> {
    const token: FakeToken = { ...fakeToken("classic"), scopes: ["write:org", "repo"] };
    fake = await startGithubFake({ org: ORG, tokens: [token] });
    const people: Person[] = [
      { worker: "W1", login: "ada", department: "Engineering" },
      { worker: "W2", login: "grace", department: "Engineering" },
    ];
    for (const p of people) fake.org.addMember(p.login);
    fake.org.addTeam("engineering");
    for (const p of people) fake.org.addTeamMember("engineering", p.login);
    fake.org.addDeployKey("infra", "grace-laptop", "grace");
    repo = new PolicyRepo({
      targetName: "github",
      target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false } },
      people,
      groups: [{ id: "engineering", departments: ["Engineering"] }],
      policy: { scope: { include: [{ kinds: ["person"], where: { department: ["Engineering"] } }] }, accounts: { login: "userName" }, entitlements: [{ group: "engineering", entitlement: "team:engineering" }] },
    });
    const env = { GH_TOKEN: token.value };
    repo.setPeople([people[0]!, { ...people[1]!, status: "Terminated" }]);
    const { plan } = await repo.plan(env);
    expect(plan.changes.map((c) => `${c.action} ${c.identity}${c.entitlement ? ` ${c.entitlement}` : ""}`).sort()).toEqual(["disable-account grace", "revoke grace team:engineering", "revoke-credential grace"]);
    return { env, reviewed: plan, token };
  }

  const REFUSAL = 'target "github": the token (a personal access token (classic) with scopes write:org, repo) lacks the scope admin:org, which 1 planned change(s) need (disable-account grace): refused before apply; the changes the token can make are applied';

  /** What the token can make was made: grace is off the team and her deploy key is gone; the refused removal was never sent. */
  function expectOnlyTheRemovalRefused(): void {
    expect([...fake!.org.teams.get("engineering")!.members.keys()].map((id) => fake!.org.userById(id).login)).toEqual(["ada"]);
    expect(fake!.org.repos.get("infra")!.deployKeys.size).toBe(0);
    expect(fake!.org.members.has(fake!.org.user("grace")!.id)).toBe(true);
    expect(fake!.requests.filter((r) => r.operationId === "orgs/remove-membership-for-user")).toEqual([]);
  }

  it("the CLI with a classic token without admin:org: a leaver's team and deploy key go, the removal it cannot make is refused and named, exit 1", async () => {
    const { env, token } = await leaverWithoutAdminOrg();
    const applied = await repo!.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code, applied.stderr).toBe(1);
    expect(applied.stdout).toContain("applied 2, already in place 0, failed 1, skipped 0, held back 0");
    expect(applied.stderr).toContain('note: target "github": 1 of 3 planned change(s) refused before apply (each is reported failed below, with the fix); the others are applied: the token (a personal access token (classic) with scopes write:org, repo) lacks the scope admin:org');
    expect(applied.stderr).toContain(`failed: github disable-account grace: ${REFUSAL}\n  fix: give the token what is missing`);
    expect(applied.stderr).not.toContain(token.value);
    expectOnlyTheRemovalRefused();
  });

  it("the Action's apply agrees: the same removal is refused up front and a failed problem with its fix, the rest applied", async () => {
    const { env, reviewed } = await leaverWithoutAdminOrg();
    const r = await applyReviewed({ repoDir: repo!.dir, reviewed, phase: "revocations", env, journalPath: join(repo!.dir, ".scopesync/journal.jsonl"), now: Date.parse(NOW) });
    expect([r.status, r.applied, r.failed, r.skipped]).toEqual(["failed", 2, 1, 0]);
    expect(r.problems).toEqual([`failed: github disable-account grace: ${REFUSAL} (fix: give the token what is missing (docs/setup.md lists the permissions for plan and apply), or use a GitHub App installation token, and run the same apply again)`]);
    expectOnlyTheRemovalRefused();
  });
});
