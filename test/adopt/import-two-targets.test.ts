// Adopting two apps into one repository, as docs/adopt.md walks through: most people hold an
// account in both, so both imports link the same person. The repository must still validate and
// plan nothing, whichever import ran first, and re-running either changes no byte.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { runCli } from "../helpers/run-cli.js";
import { configYaml, filesUnder, hrCsv, scimSeed, workers, writeFile, type Worker } from "./org-fixtures.js";
import { seedGithubOrg } from "./github-org.js";

const NOW = "2026-12-02T08:00:00Z";
let fake: GithubFake;
let scim: ScimServer;
let people: Worker[];
const dirs: string[] = [];

beforeAll(async () => {
  people = workers(40, 3);
  fake = await startGithubFake();
  seedGithubOrg(fake.org, people, { members: 25, teams: 4, saml: true, teamShare: 0.3 });
  scim = await startScimServer();
  const seed = scimSeed(people.slice(0, 20), 3);
  await scim.seed({ users: seed.users, groups: seed.groups });
}, 30_000);

afterAll(async () => {
  await fake?.close();
  await scim?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), "scopesync-adopt-two-"));
  dirs.push(dir);
  const github = `  github:\n    type: github\n    org: acme-robotics\n    token: "\${env:GH_TOKEN}"\n    runAs: scopesync-bot\n    options: { baseUrl: "${fake.url}", saml: true, machineAccounts: "-bot$" }\n`;
  const crm = `  crm:\n    type: scim\n    url: ${scim.url}\n    token: "\${env:CRM_TOKEN}"\n`;
  writeFile(dir, "scopesync.yaml", configYaml(github + crm));
  writeFile(dir, "exports/hr.csv", hrCsv(people));
  return dir;
}

describe("import of two targets into one repository", () => {
  it.each([["github", "crm"], ["crm", "github"]])("import %s then %s: one overlay per person carrying both logins, valid, no change planned, idempotent", async (first, second) => {
    const env = { GH_TOKEN: fake.token, CRM_TOKEN: scim.token };
    const dir = repo();
    for (const target of [first, second]) {
      const r = await runCli(["import", "--target", target, "--repo", dir, "--now", NOW], { env });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
    }
    const validate = await runCli(["validate", "--repo", dir], { env });
    expect(validate.stderr).toBe("");
    expect(validate.code).toBe(0);
    const plan = await runCli(["plan", "--repo", dir, "--now", NOW, "--format", "json"], { env });
    expect((JSON.parse(plan.stdout) as { changes: unknown[] }).changes).toEqual([]);

    // ada.arden holds an account in both apps: one overlay with both logins and both markers.
    const overlays = readFileSync(join(dir, "identities/imported/people.yaml"), "utf8");
    expect(overlays).toContain("id: ada.arden\nanchor: hr:W10000\nattributes:\n  crmImported: true\n  crmLogin: ada.arden@example.com\n  githubImported: true\n  githubLogin: adaarden-0\n");
    expect(overlays.match(/^id: ada\.arden$/gm)).toHaveLength(1);

    const before = filesUnder(dir);
    for (const target of [second, first]) expect((await runCli(["import", "--target", target, "--repo", dir, "--now", NOW], { env })).code).toBe(0);
    expect(filesUnder(dir)).toEqual(before);
  }, 120_000);
});
