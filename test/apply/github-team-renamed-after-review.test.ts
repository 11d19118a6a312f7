// A privileged team renamed in GitHub between the review and the merge. GitHub derives a team's
// slug from its name ("To create the slug, GitHub replaces special characters in the name string",
// https://docs.github.com/en/rest/teams/teams#get-a-team-by-name), so after an owner renames it
// (PATCH /orgs/{org}/teams/{team_slug} with a new `name`) the old slug no longer resolves. Apply's
// re-plan refuses the mapping (entitlement-not-in-target), so the reviewed revoke is missing from
// it: it was counted "no longer needed", apply exited 0 and named nobody, and the person kept the
// team. Now the reviewed revoke is reported not applied, named, with the refusal as the reason,
// and the run exits 1 (apply/refused-reviewed.ts). The real CLI, Action entry and connector,
// against the GitHub fake driven by the real @octokit/rest.
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { JournalRecord } from "../../src/model/journal-record.js";
import { applyReviewed } from "../../src/github/apply-reviewed.js";
import type { Plan } from "../../src/plan/plan.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { closeGithubLoop } from "./helpers/github-loop.js";
import { changeLines, NOW, PolicyRepo } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-robotics";
let fake: GithubFake | undefined;
let repo: PolicyRepo | undefined;
let env: Record<string, string>;

afterEach(async () => {
  await closeGithubLoop(repo, fake);
  fake = undefined;
  repo = undefined;
});

/** alan is taken out of the privileged group platform-admins; the plan revoking his team is reviewed. */
async function reviewedRevoke(): Promise<Plan> {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
  for (const l of ["ada", "alan"]) fake.org.addMember(l, l === "ada" ? "admin" : "member");
  fake.org.addTeam("platform-admins");
  fake.org.addTeamRepo("platform-admins", "infra", "admin");
  for (const l of ["ada", "alan"]) fake.org.addTeamMember("platform-admins", l);
  env = { GH_TOKEN: fake.token };
  repo = new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, deployKeys: false, repositories: ["infra"] } },
    people: [{ worker: "W1", login: "ada", department: "Platform" }, { worker: "W2", login: "alan", department: "Platform" }],
    groups: [{ id: "platform-admins", members: ["ada"], privileged: true }, { id: "owners", members: ["ada"], privileged: true }],
    policy: {
      scope: { include: [{ kinds: ["person"] }] },
      accounts: { login: "userName" },
      entitlements: [{ group: "platform-admins", entitlement: "team:platform-admins", privileged: true }, { group: "owners", entitlement: "role:admin" }],
    },
  });
  const { plan } = await repo.plan(env);
  expect(changeLines(plan)).toEqual(["revoke alan team:platform-admins"]);
  return plan;
}

/** An org owner renames the team in GitHub's settings; the slug follows the name, the id stays (no state file remembers it here). */
function renameTeam(from: string, to: string): void {
  fake!.org.renameTeam(from, to);
}

const alanInTeam = (slug: string) => fake!.org.teams.get(slug)!.members.has(fake!.org.user("alan")!.id);

describe("a reviewed revoke of a team renamed in GitHub before the merge", () => {
  it("the CLI: is not counted as no longer needed; it is skipped and named, with the refusal and the fix, and apply exits 1", async () => {
    await reviewedRevoke();
    renameTeam("platform-admins", "platform-owners");
    const applied = await repo!.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code, applied.stderr).toBe(1);
    expect(applied.stdout).toContain("0 no longer needed, 1 reviewed change(s) not applied (the re-plan cannot place them, below)");
    expect(applied.stdout).toContain("applied 0, already in place 0, failed 0, skipped 1, held back 0");
    expect(applied.stderr).toContain(
      'skipped: github revoke alan team:platform-admins: not applied: this apply\'s re-plan cannot place the reviewed revoke alan team:platform-admins [privileged] on target "github", so it is not counted as no longer needed (entitlement-not-in-target: github maps group platform-admins to team:platform-admins, which target "github" does not have (renamed or deleted there? misspelt? the nearest name it has is team:platform-owners)',
    );
    expect(applied.stderr).toMatch(/\n {2}fix: if it was renamed, write its new name in policies\/apps\/github\.yaml:\d+ \(and review who holds it now\); if it is misspelt, write the name the target has \(team:platform-owners, if that is the one meant\); if it was deleted, remove the mapping; then plan again and have that plan reviewed \(until then alan may still hold it: take it away by hand as the reviewed plan shows\)\n/);
    // Nothing is guessed: the renamed team keeps alan until a reviewed plan names it.
    expect(alanInTeam("platform-owners")).toBe(true);
    const journal = repo!.read(".scopesync/journal.jsonl").trim().split("\n").map((l) => JSON.parse(l) as JournalRecord).filter((r) => r.identity === "alan");
    expect(journal.map((r) => [r.phase, r.review, r.entitlement])).toEqual([["skipped", "reviewed", "team:platform-admins"]]);
  });

  it("the Action's apply agrees: the commit fails with the same reason and fix", async () => {
    const reviewed = await reviewedRevoke();
    renameTeam("platform-admins", "platform-owners");
    const r = await applyReviewed({ repoDir: repo!.dir, reviewed, phase: "all", env, journalPath: join(repo!.dir, ".scopesync/journal.jsonl"), now: Date.parse(NOW) });
    expect([r.status, r.applied, r.failed, r.skipped]).toEqual(["failed", 0, 0, 1]);
    expect(r.problems).toEqual([expect.stringMatching(/^skipped: github revoke alan team:platform-admins: not applied: this apply's re-plan cannot place the reviewed revoke alan team:platform-admins \[privileged\] .*\(fix: if it was renamed, write its new name in policies\/apps\/github\.yaml:\d+/)]);
    expect(alanInTeam("platform-owners")).toBe(true);
  });

  it("a team that was not renamed: the same reviewed revoke is applied (the check names only what the re-plan refuses)", async () => {
    await reviewedRevoke();
    const applied = await repo!.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(alanInTeam("platform-admins")).toBe(false);
  });
});
