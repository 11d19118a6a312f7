// A team mapped by an app policy, renamed in GitHub: GitHub derives a team's slug from its name
// (REST API teams/get-by-name: "To create the slug, GitHub replaces special characters in the
// name string"), so the old slug no longer resolves. Taking someone out of the privileged group
// planned no revoke and said nothing, and a grant of the old slug failed at apply with a 404. The
// mapping is now refused, with a finding that says the team is not in the org (missing-groups.ts).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { changeLines, PolicyRepo } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

let fake: GithubFake;
let repo: PolicyRepo;
let env: Record<string, string>;

beforeAll(async () => {
  fake = await startGithubFake({ org: "acme-robotics", self: "scopesync-bot" });
  for (const l of ["ada", "alan"]) fake.org.addMember(l, l === "ada" ? "admin" : "member");
  fake.org.addTeam("platform-admins");
  fake.org.addTeamMember("platform-admins", "ada");
  fake.org.addTeamMember("platform-admins", "alan");
  env = { GH_TOKEN: fake.token };
  repo = new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: "acme-robotics", token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, deployKeys: false } },
    people: [{ worker: "W1", login: "ada", department: "Platform" }, { worker: "W2", login: "alan", department: "Platform" }],
    groups: [{ id: "platform-admins", members: ["ada", "alan"], privileged: true }, { id: "owners", members: ["ada"], privileged: true }],
    policy: {
      scope: { include: [{ kinds: ["person"] }] },
      accounts: { login: "userName" },
      entitlements: [{ group: "platform-admins", entitlement: "team:platform-admins" }, { group: "owners", entitlement: "role:admin" }],
    },
  });
});
afterAll(async () => {
  repo?.cleanup();
  await fake?.close();
});

describe("a mapped team renamed in GitHub", () => {
  it("is said (entitlement-not-in-target, naming what was not planned), and nothing is planned that apply could only fail at", async () => {
    expect(changeLines((await repo.plan(env)).plan)).toEqual([]); // in sync
    // An owner renames the team in GitHub: its slug follows the name (no state file remembers its id here).
    fake.org.renameTeam("platform-admins", "Platform Owners");
    // A reviewed PR takes alan out of the privileged group.
    repo.writeGroup({ id: "platform-admins", members: ["ada"], privileged: true });

    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual([]);
    const said = plan.findings.filter((f) => f.rule === "entitlement-not-in-target");
    expect(said.map((f) => [f.severity, f.target, f.message])).toEqual([
      ["warning", "github", 'github maps group platform-admins to team:platform-admins, which target "github" does not have (renamed or deleted there? misspelt? the nearest name it has is team:platform-owners): no grant or revoke of it is planned, so whoever holds it under another name keeps it; not planned: grant ada team:platform-admins'],
    ]);
    expect(said[0]!.remediation).toMatch(/^if it was renamed, write its new name in policies\/apps\/github\.yaml:\d+/);

    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code).toBe(0);
  });
});
