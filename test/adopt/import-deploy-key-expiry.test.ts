// An imported GitHub deploy key keeps, in YAML, the fact that GitHub has no expiry for it: the plan
// right after import asks for a GitHub App installation token in its place, not for an expiresAt
// nobody can set.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { runCli } from "../helpers/run-cli.js";
import { configYaml, hrCsv, workers, writeFile } from "./org-fixtures.js";

const NOW = "2026-12-02T08:00:00Z";
let fake: GithubFake;
let dir = "";

beforeAll(async () => {
  fake = await startGithubFake();
  fake.org.addMember("someone-1");
  fake.org.addDeployKey("infra", "infra deploy", "someone-1");
  dir = mkdtempSync(join(tmpdir(), "scopesync-adopt-key-"));
  writeFile(dir, "scopesync.yaml", configYaml(`  github:\n    type: github\n    org: acme-robotics\n    token: "\${env:GH_TOKEN}"\n    runAs: scopesync-bot\n    options: { baseUrl: "${fake.url}" }\n`));
  writeFile(dir, "exports/hr.csv", hrCsv(workers(3)));
});
afterEach(() => fake.assertNoViolations());
afterAll(async () => {
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Finding { rule: string; identity?: string; message: string; remediation?: string }

describe("import --target github: a deploy key", () => {
  it("is written with cannotExpire, validates, and the plan asks for its short-lived alternative", async () => {
    const env = { GH_TOKEN: fake.token };
    const imported = await runCli(["import", "--target", "github", "--repo", dir, "--now", NOW], { env });
    expect(imported.stderr).toBe("");
    expect(imported.code).toBe(0);
    const nhis = readFileSync(join(dir, "identities/imported/github/service-accounts.yaml"), "utf8");
    expect(nhis).toMatch(/ {4}type: ssh-key\n(?: {4}.*\n)* {4}cannotExpire: github-deploy-key\n/);
    expect(nhis).not.toContain("expiresAt");

    expect((await runCli(["validate", "--repo", dir], { env })).code).toBe(0);
    const plan = await runCli(["plan", "--repo", dir, "--now", NOW, "--format", "json"], { env });
    const findings = (JSON.parse(plan.stdout) as { findings: Finding[] }).findings.filter((f) => f.rule === "credential-expiry-required");
    expect(findings).toHaveLength(1);
    const [key] = findings;
    expect(key!.identity).toMatch(/^github-deploy-key-infra-\d+$/);
    expect(key!.message).toMatch(/^ssh-key deploy-key-\d+ never expires, and GitHub cannot give a deploy key an expiry$/);
    expect(key!.remediation).toMatch(/^use a GitHub App installation token instead .*, then delete the deploy key in GitHub \(`gh repo deploy-key delete`\) and deploy-key-\d+ here; until then, rotate it within credential-max-age's maxAge$/);
    expect(key!.remediation).not.toContain("expiresAt");
  }, 60_000);
});
