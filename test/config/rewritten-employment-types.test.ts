// Policies and the default employment type map (rv105, after every source began mapping Workday's
// "Contingent Worker" to contractor): a policy written before, excluding "contingent worker", would
// match nobody and give the contingent workers it kept out an account with only a warning: it is
// refused at its line. And the scaffold `init` writes, which includes people by kind and excludes
// [contractor, guest], must not be warned that "employee" is a value no policy names.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const NOW = "2026-11-26T09:00:00Z";
const tempDir = tempDirs();

async function scaffold(): Promise<string> {
  const repo = join(tempDir("rewritten-types-"), "repo");
  const init = await runCli(["init", repo]);
  expect(init.code).toBe(0);
  return repo;
}

describe("a policy naming an employment type the sources' map rewrites", () => {
  it("is refused at its line, with the word to write, by validate and plan", async () => {
    const repo = await scaffold();
    const policy = join(repo, "policies/apps/local.yaml");
    const text = readFileSync(policy, "utf8");
    expect(text).toContain("where: { employmentType: [contractor, guest] }");
    writeFileSync(policy, text.replace("[contractor, guest]", '["Contingent Worker", guest]'));
    for (const command of [["validate", "--repo", repo], ["plan", "--repo", repo, "--now", NOW]]) {
      const r = await runCli(command);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`policies/apps/local.yaml:15:33: app policy local's scope.exclude names employmentType "Contingent Worker", which source "hr" maps to "contractor" (by default: its options.employmentTypeValues is not set): no identity holds "Contingent Worker", so this value would match nobody`);
      expect(r.stderr).toContain(`fix: write "contractor" here`);
    }
  });

  it("is accepted once the source's map keeps the export's word", async () => {
    const repo = await scaffold();
    const policy = join(repo, "policies/apps/local.yaml");
    writeFileSync(policy, readFileSync(policy, "utf8").replace("[contractor, guest]", '["contingent worker", guest]'));
    const config = join(repo, "scopesync.yaml");
    const yaml = readFileSync(config, "utf8");
    expect(yaml).toContain('\n      exportedAt: "2026-01-01T06:00:00Z"\n');
    writeFileSync(config, yaml.replace('\n      exportedAt: "2026-01-01T06:00:00Z"\n', '\n      exportedAt: "2026-01-01T06:00:00Z"\n      employmentTypeValues: { Employee: employee }\n'));
    const r = await runCli(["validate", "--repo", repo]);
    expect(r.stderr).not.toContain("maps to");
    expect(r.code).toBe(0);
  });
});

describe("the scaffold init writes", () => {
  it("plans with no where-value-unmatched: employee, included by kind, is no value a policy must name", async () => {
    const repo = await scaffold();
    const r = await runCli(["plan", "--repo", repo, "--now", NOW, "--format", "json"]);
    expect(r.code).toBe(0);
    const rules = (JSON.parse(r.stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule);
    expect(rules.length).toBeGreaterThan(0);
    expect(rules).not.toContain("where-value-unmatched");
  });
});
