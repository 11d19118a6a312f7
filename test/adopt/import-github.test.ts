// Adopting an existing GitHub org: the OpenAPI-checked GitHub fake, driven by the real Octokit,
// seeded with 331 members (3 owners), 48 teams (6 of them nested), 10 pending invitations, 6 deploy
// keys, 4 fine-grained token grants, 4 machine accounts, and SAML identities. What the fake cannot
// prove: that GitHub's GraphQL pages SAML identities as it does (the query's shape is checked
// against GitHub's documented schema, not by GitHub), permissions, and real rate limits.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { runCli } from "../helpers/run-cli.js";
import { configYaml, filesUnder, hrCsv, workers, writeFile, type Worker } from "./org-fixtures.js";
import { seedGithubOrg, type SeededOrg } from "./github-org.js";

const NOW = "2026-12-02T08:00:00Z";
const MEMBERS = 320;
let fake: GithubFake;
let people: Worker[];
let org: SeededOrg;
const dirs: string[] = [];

function repoFor(url: string, options = "saml: true, machineAccounts: \"-bot$\""): string {
  const dir = mkdtempSync(join(tmpdir(), "scopesync-adopt-gh-"));
  dirs.push(dir);
  writeFile(dir, "scopesync.yaml", configYaml(`  github:\n    type: github\n    org: acme-robotics\n    token: "\${env:GH_TOKEN}"\n    runAs: scopesync-bot\n    options: { baseUrl: "${url}", ${options} }\n`));
  writeFile(dir, "exports/hr.csv", hrCsv(people));
  return dir;
}


interface PlanJson { changes: Array<{ identity: string; action: string; entitlement?: string; credential?: string; target: string }>; findings: Array<{ rule: string; identity?: string; severity: string }>; blocked: boolean }

beforeAll(async () => {
  people = workers(340, 3);
  fake = await startGithubFake();
  org = seedGithubOrg(fake.org, people, { members: MEMBERS, teams: 42, saml: true });
});
afterEach(() => fake.assertNoViolations());
afterAll(async () => {
  await fake?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("import --target github (331 members, 48 teams, SAML)", () => {
  it("keeps today's access: no change planned, a second import changes no byte, three leavers plan exactly their offboarding", async () => {
    expect(fake.org.members.size).toBeGreaterThanOrEqual(300);
    expect(fake.org.teams.size).toBeGreaterThanOrEqual(40);
    const dir = repoFor(fake.url);
    const env = { GH_TOKEN: fake.token };
    const first = await runCli(["import", "--target", "github", "--repo", dir, "--now", NOW], { env });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    // 320 SAML-linked people; 8 contractors and 10 invitees to link by hand; 3 machine accounts,
    // 6 deploy keys and 4 token grants as ServiceAccounts. scopesync's own account (runAs) is none
    // of these: the planner never touches it.
    expect(first.stdout).toContain("imported github: 320 accounts linked to people, 49 groups, 13 non-human identities; 18 accounts to link by hand and 13 identities without an owner");

    expect((await runCli(["validate", "--repo", dir], { env })).code).toBe(0);
    const plan = await runCli(["plan", "--repo", dir, "--now", NOW, "--format", "json"], { env });
    const json = JSON.parse(plan.stdout) as PlanJson;
    expect(json.changes).toEqual([]);
    // Unowned NHIs block until a person names their owners: the expected findings, and only them.
    expect(plan.code).toBe(3);
    expect(json.findings.filter((f) => f.severity === "error").map((f) => f.rule)).toEqual(Array(13).fill("nhi-owner-required"));
    const unmanaged = json.findings.filter((f) => f.rule === "unmanaged-account").map((f) => f.identity).sort();
    expect(unmanaged).toEqual([...org.outsiders, ...org.invited].sort());

    const groups = readFileSync(join(dir, "identities/imported/github/groups.yaml"), "utf8");
    expect(groups).toContain("id: github-role-admin\n");
    expect(groups.split("id: github-role-admin\n")[1]!.split("---")[0]).toContain("privileged: true");
    const nhis = readFileSync(join(dir, "identities/imported/github/service-accounts.yaml"), "utf8");
    expect(nhis).toContain("id: github-deploy-bot\n");
    expect(nhis).toContain("type: ssh-key\n");
    expect(nhis).toContain("id: token-grant-");
    expect(nhis).not.toMatch(/^owner:/m);
    expect(nhis).not.toContain("scopesync-bot");

    const before = filesUnder(dir);
    const second = await runCli(["import", "--target", "github", "--repo", dir, "--now", NOW], { env });
    expect(second.code).toBe(0);
    expect(filesUnder(dir)).toEqual(before);

    const leavers = [people[10]!, people[20]!, people[33]!];
    for (const w of leavers) w.status = "Terminated";
    writeFile(dir, "exports/hr.csv", hrCsv(people));
    for (const w of leavers) w.status = "Active";
    const after = JSON.parse((await runCli(["plan", "--repo", dir, "--now", NOW, "--format", "json"], { env })).stdout) as PlanJson;
    const ids = new Set(leavers.map((w) => w.login));
    expect(after.changes.filter((c) => !ids.has(c.identity))).toEqual([]);
    for (const w of leavers) {
      const login = org.loginOf.get(w.login)!;
      const theirs = after.changes.filter((c) => c.identity === w.login);
      expect(theirs.at(-1)?.action).toBe("disable-account");
      expect(theirs.filter((c) => c.action === "revoke").map((c) => c.entitlement).sort()).toEqual((org.teamsOf.get(login) ?? []).map((t) => `team:${t}`).sort());
    }
    // people[10] added a deploy key, people[20] owns a token grant: revoked first.
    expect(after.changes.filter((c) => c.action === "revoke-credential").map((c) => `${c.identity} ${c.credential?.split(":")[0]}`).sort()).toEqual([`${people[10]!.login} deploy-key`, `${people[20]!.login} pat-grant`].sort());
  }, 180_000);
});

describe("import --target github: bad input", () => {
  it("an org without SAML when options.saml asks for it: one line, exit 1, nothing written", async () => {
    const plain = await startGithubFake({ org: "acme-robotics" });
    try {
      plain.org.addMember("someone-1");
      const dir = repoFor(plain.url);
      const before = filesUnder(dir);
      const r = await runCli(["import", "--target", "github", "--repo", dir, "--now", NOW], { env: { GH_TOKEN: plain.token } });
      expect(r.code).toBe(1);
      expect(r.stderr.split("\n")[0]).toBe('error: target "github": acme-robotics has no SAML identity provider, so accounts cannot be linked by SAML identity');
      expect(filesUnder(dir)).toEqual(before);
      plain.assertNoViolations();
    } finally {
      await plain.close();
    }
  });

  it("a token GitHub refuses: one line, exit 1, nothing written, the token never shown", async () => {
    const dir = repoFor(fake.url);
    const before = filesUnder(dir);
    const r = await runCli(["import", "--target", "github", "--repo", dir, "--now", NOW], { env: { GH_TOKEN: "ghp_notTheRightToken0123456789" } });
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")[0]).toBe('error: target "github": list the members of acme-robotics: 401 Bad credentials');
    expect(r.stderr).not.toContain("ghp_notTheRightToken");
    expect(filesUnder(dir)).toEqual(before);
  });
});
