// The plan → apply → drift loop the GitHub end-to-end tests share, through the real CLI.
import { expect } from "vitest";
import type { Plan } from "../../../src/plan/plan.js";
import type { GithubFake } from "../../servers/github-fake/index.js";
import { changeLines, PolicyRepo, type Person } from "./policy-repo.js";

type Env = Record<string, string | undefined>;

/** `plan --live` with `planEnv`, then `apply --plan` with `applyEnv` (default the same): both must succeed. */
export async function planAndApply(repo: PolicyRepo, planEnv: Env, applyEnv: Env = planEnv): Promise<Plan> {
  const { plan } = await repo.plan(planEnv);
  expect(plan.blocked, plan.blockedReasons.join("\n")).toBe(false);
  const applied = await repo.cli(["apply", "--plan", "reviewed.json"], applyEnv);
  expect(applied.stderr).toBe("");
  expect(applied.code).toBe(0);
  expect(applied.stdout).toContain("failed 0, skipped 0, held back 0");
  return plan;
}

/** `drift --format json`: the changes it finds, as change lines (exit 0 or 2 only). */
export async function driftLines(repo: PolicyRepo, env: Env): Promise<string[]> {
  const d = await repo.cli(["drift", "--format", "json"], env);
  expect(d.code === 0 || d.code === 2, d.stderr).toBe(true);
  return changeLines(JSON.parse(d.stdout) as Plan);
}

/** Removes the repo, then fails on any request the fake found outside GitHub's description. */
export async function closeGithubLoop(repo: PolicyRepo | undefined, fake: GithubFake | undefined): Promise<void> {
  repo?.cleanup();
  try {
    fake?.assertNoViolations();
  } finally {
    await fake?.close();
  }
}

/**
 * A repository with one `github` target on the fake, run as scopesync-bot, whose app maps the
 * departments Engineering and Platform to the teams engineering and platform. `options` are the
 * target's options beyond `baseUrl` (e.g. `patGrants: false`); `policy` replaces or adds keys of the
 * app policy (another `entitlements` list, `groupGrants`).
 */
export function twoTeamRepo(fake: GithubFake, org: string, people: Person[], options: Record<string, unknown>, policy: Record<string, unknown> = {}): PolicyRepo {
  return new PolicyRepo({
    targetName: "github",
    target: { type: "github", org, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, ...options } },
    people,
    groups: [
      { id: "engineering", departments: ["Engineering"] },
      { id: "platform", departments: ["Platform"] },
    ],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Engineering", "Platform"] } }] },
      accounts: { login: "userName" },
      entitlements: [
        { group: "engineering", entitlement: "team:engineering" },
        { group: "platform", entitlement: "team:platform" },
      ],
      ...policy,
    },
  });
}

/**
 * A github target that reads and writes `fake`'s org through `${env:GH_TOKEN}`, managing the access
 * to `repositories` (no deploy keys, no PAT grants), as the end-to-end tests of repository roles use it.
 */
export function repoRolesTarget(fake: GithubFake, repositories: string[]): Record<string, unknown> {
  return { type: "github", org: fake.org.org, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, deployKeys: false, repositories } };
}
