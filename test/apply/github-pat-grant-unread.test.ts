// A reviewed PAT-grant revoke that apply's read cannot see. Only a GitHub App installation token
// lists an org's fine-grained token grants ("Only GitHub Apps can use this endpoint":
// https://docs.github.com/en/rest/orgs/personal-access-tokens#list-fine-grained-personal-access-tokens-with-access-to-organization-resources);
// the plan made with one revokes a leaver's grant, an apply run with a personal token reads no
// grants (github-pat-grants-not-read), so its re-plan has no such change. That revoke must be
// reported not applied (skipped, journalled, exit 1, with why and the fix), never counted as no
// longer needed while the token keeps working. The real CLI, Action entry, connector and journal
// against the GitHub fake, which answers each kind of token as GitHub documents.
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Journal } from "../../src/apply/journal.js";
import { applyReviewed } from "../../src/github/apply-reviewed.js";
import type { JournalRecord } from "../../src/model/journal-record.js";
import type { Plan } from "../../src/plan/plan.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { fakeToken } from "../servers/github-fake/tokens.js";
import { closeGithubLoop } from "./helpers/github-loop.js";
import { changeLines, NOW, PolicyRepo, type Person } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-robotics";
// Personal tokens first: the fake's own user (scopesync-bot, an org owner) is then theirs.
const fineGrained = fakeToken("fine-grained");
const classic = fakeToken("classic");
const app = fakeToken("app", "plan");
let fake: GithubFake | undefined;
let repo: PolicyRepo | undefined;

afterEach(async () => {
  await closeGithubLoop(repo, fake);
  fake = undefined;
  repo = undefined;
});

/** grace leaves; she holds a grant to her fine-grained token. The plan is made with the App token. */
async function leaverWithPatGrant(): Promise<{ reviewed: Plan; credential: string }> {
  fake = await startGithubFake({ org: ORG, tokens: [fineGrained, classic, app] });
  const people: Person[] = [
    { worker: "W1", login: "ada", department: "Engineering" },
    { worker: "W2", login: "grace", department: "Engineering" },
  ];
  for (const p of people) fake.org.addMember(p.login);
  fake.org.addTeam("engineering");
  for (const p of people) fake.org.addTeamMember("engineering", p.login);
  const grant = fake.org.addPatGrant("grace", "release-notes");
  repo = new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url } },
    people,
    groups: [{ id: "engineering", departments: ["Engineering"] }],
    policy: { scope: { include: [{ kinds: ["person"], where: { department: ["Engineering"] } }] }, accounts: { login: "userName" }, entitlements: [{ group: "engineering", entitlement: "team:engineering" }] },
  });
  repo.setPeople([people[0]!, { ...people[1]!, status: "Terminated" }]);
  const { plan } = await repo.plan({ GH_TOKEN: app.value });
  const credential = `pat-grant:${grant.id}`;
  expect(changeLines(plan)).toEqual(["disable-account grace", "revoke grace team:engineering", `revoke-credential grace ${credential}`]);
  return { reviewed: plan, credential };
}

const grantStillThere = (credential: string) => fake!.org.patGrants.has(Number(credential.slice("pat-grant:".length)));

describe("a reviewed PAT-grant revoke, applied with a token that cannot read PAT grants", () => {
  it("the CLI with a fine-grained PAT: the revoke is skipped with why and the fix, journalled, exit 1; the rest is applied", async () => {
    const { credential } = await leaverWithPatGrant();
    const applied = await repo!.cli(["apply", "--plan", "reviewed.json"], { GH_TOKEN: fineGrained.value });
    expect(applied.code, applied.stderr).toBe(1);
    expect(applied.stdout).toContain("0 no longer needed, 1 reviewed credential revoke(s) not applied (the read did not list the credential, below)");
    expect(applied.stdout).toContain("applied 2, already in place 0, failed 0, skipped 1, held back 0");
    expect(applied.stderr).toContain(
      `skipped: github revoke-credential grace: not applied: the reviewed plan revokes the credential ${credential}, which this apply's read of target "github" did not list (github-pat-grants-not-read: target "github": fine-grained personal access token grants in ${ORG} were not read: the token is a fine-grained personal access token, and only a GitHub App installation token can list them.`,
    );
    expect(applied.stderr).toContain("\n  fix: use a GitHub App installation token with Organization → Personal access tokens: read (plan) / read and write (apply), and run the same apply again\n");
    expect(applied.stderr).not.toContain(fineGrained.value);
    expect(grantStillThere(credential)).toBe(true);
    const journal = repo!.read(".scopesync/journal.jsonl").trim().split("\n").map((l) => JSON.parse(l) as JournalRecord).filter((r) => r.credential === credential);
    expect(journal.map((r) => [r.phase, r.review, r.attempts, r.error?.slice(0, 12)])).toEqual([["skipped", "reviewed", 0, "not applied:"]]);
    // The leaver's removal and team revoke, which this token can make, were made all the same.
    expect(fake!.org.members.has(fake!.org.user("grace")!.id)).toBe(false);
  });

  it("a revoke a cut-off run had started and this run skips gets its skipped line only, never a done line after it", async () => {
    const { reviewed, credential } = await leaverWithPatGrant();
    // What a run with the App token, killed while revoking the grant, leaves: a start, no end (written as the runner writes it).
    const c = reviewed.changes.find((x) => x.credential === credential)!;
    new Journal(join(repo!.dir, ".scopesync/journal.jsonl")).write({ at: "2026-11-26T09:00:01.000Z", run: "killed-run", fingerprint: reviewed.fingerprint, review: "reviewed", replan: reviewed.fingerprint, planTime: "2026-11-26T09:00:00.000Z", change: c.id, target: "github", action: c.action, identity: c.identity, ...(c.account ? { account: c.account } : {}), credential, phase: "start" });
    const applied = await repo!.cli(["apply", "--plan", "reviewed.json"], { GH_TOKEN: fineGrained.value });
    expect(applied.code, applied.stderr).toBe(1);
    expect(applied.stderr).toContain("note: a previous run was cut off while applying revoke-credential for grace on github; it is re-checked now");
    const journal = repo!.read(".scopesync/journal.jsonl").trim().split("\n").map((l) => JSON.parse(l) as JournalRecord).filter((r) => r.credential === credential);
    // The skipped line closes the cut-off start; the grant is still there, so nothing may say "done".
    expect(journal.map((r) => r.phase)).toEqual(["start", "skipped"]);
    expect(grantStillThere(credential)).toBe(true);
  });

  it("the Action's apply with a classic PAT agrees: the commit fails with the same reason and fix", async () => {
    const { reviewed, credential } = await leaverWithPatGrant();
    const r = await applyReviewed({ repoDir: repo!.dir, reviewed, phase: "revocations", env: { GH_TOKEN: classic.value }, journalPath: join(repo!.dir, ".scopesync/journal.jsonl"), now: Date.parse(NOW) });
    expect([r.status, r.applied, r.failed, r.skipped]).toEqual(["failed", 2, 0, 1]);
    expect(r.problems).toEqual([
      expect.stringMatching(
        new RegExp(`^skipped: github revoke-credential grace: not applied: the reviewed plan revokes the credential ${credential}, which this apply's read of target "github" did not list \\(github-pat-grants-not-read: .*the token is a personal access token \\(classic\\).*\\(fix: use a GitHub App installation token with Organization → Personal access tokens: read \\(plan\\) / read and write \\(apply\\), and run the same apply again\\)$`),
      ),
    ]);
    expect(grantStillThere(credential)).toBe(true);
  });
});
