// A GitHub team is named by its slug, which GitHub makes from the team's name in lower case
// (REST API *Get a team by name*), and an org cannot hold two teams whose names differ only in
// case. `team:Engineering` in a github app policy passed validate and was compared as another
// team than the org's `engineering`: a mover kept the real team, and every member was granted
// `team:Engineering` again. It is refused when the repository loads, at its file:line:col, with
// the slug to write; nothing is planned.
import { afterEach, describe, expect, it } from "vitest";
import { NOW, PolicyRepo } from "../apply/helpers/policy-repo.js";
import { runCli } from "../helpers/run-cli.js";

let repo: PolicyRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

function githubRepo(policy: Record<string, unknown>): PolicyRepo {
  return new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: "acme-robotics", token: "${env:GH_TOKEN}", options: { repositories: ["infra"] } },
    people: [{ worker: "W1", login: "ada", department: "Platform" }],
    groups: [{ id: "platform", departments: ["Platform"] }],
    policy: { scope: { include: [{ kinds: ["person"], where: { department: ["Platform"] } }] }, accounts: { login: "userName" }, ...policy },
  });
}

/** The position of the first line holding `text` in the github app policy, as file:line:col. */
function at(repo: PolicyRepo, text: string): string {
  const lines = repo.read("policies/apps/github.yaml").split("\n");
  const line = lines.findIndex((l) => l.includes(text)) + 1;
  expect(line).toBeGreaterThan(0);
  return `policies/apps/github.yaml:${line}:${lines[line - 1]!.indexOf(text) + 1}`;
}

async function refused(repo: PolicyRepo, expected: string[]): Promise<void> {
  for (const command of [["validate", "--repo", repo.dir], ["plan", "--repo", repo.dir, "--now", NOW]]) {
    const r = await runCli(command, { env: {}, cwd: repo.dir });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr.split("\n").slice(0, expected.length)).toEqual(expected);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }
}

describe("a github team: entitlement that is not a slug (upper case) is refused with the slug to write", () => {
  const message = (written: string, slug: string): string => `"${written}" is not a GitHub team slug: GitHub makes a team's slug from its name in lower case, so the team it names in target "github" is "${slug}"`;
  const fix = (slug: string): string => `  fix: write "${slug}" (the team's slug, as its URL github.com/orgs/<org>/teams/${slug.slice("team:".length)} shows it)`;

  it("mapped in entitlements: validate and plan stop at its position", async () => {
    repo = githubRepo({ entitlements: [{ group: "platform", entitlement: "team:Platform-Admins" }] });
    await refused(repo, [`${at(repo, "team:Platform-Admins")}: ${message("team:Platform-Admins", "team:platform-admins")}`, fix("team:platform-admins")]);
  });

  it("a team in groupGrants, and the admins guard's entitlement: each at its position", async () => {
    repo = githubRepo({ entitlements: [{ group: "platform", entitlement: "team:platform" }], groupGrants: { "team:Platform": ["repo:infra:write"] }, admins: { entitlement: "team:PLATFORM", minimum: 1 } });
    const r = await runCli(["validate", "--repo", repo.dir], { env: {}, cwd: repo.dir });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`${at(repo, "team:Platform")}: ${message("team:Platform", "team:platform")}\n${fix("team:platform")}`);
    expect(r.stderr).toContain(`${at(repo, "team:PLATFORM")}: ${message("team:PLATFORM", "team:platform")}\n${fix("team:platform")}`);
  });

  it("the slug as GitHub writes it is accepted, and repository names keep their case (they are compared without it)", async () => {
    repo = githubRepo({ entitlements: [{ group: "platform", entitlement: "team:platform" }, { group: "platform", entitlement: "repo:Infra:read" }], groupGrants: { "team:platform": ["repo:Infra:write"] } });
    const r = await runCli(["validate", "--repo", repo.dir], { env: {}, cwd: repo.dir });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
});
