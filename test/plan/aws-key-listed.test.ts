// credentials.unknown: revoke with an aws-iam discovery source (scenario nhi-aws-key-listed). The
// credential report reports every key that exists, the one made outside review too: counting what
// it reports as listed let an unlisted key keep working without a word. Listed means written in the
// identity's file; the key the file lists by AccessKeyId is the report's slot made at its CreateDate,
// and counts once.
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { SCENARIO_NOW, scenarioForTest } from "../helpers/scenario.js";

describe("an AWS key the file lists by AccessKeyId, beside one it does not, both in the credential report", () => {
  it("the unlisted key is revoked as unknown although discovery reports it; the listed one is kept", async () => {
    const dir = await scenarioForTest("nhi-aws-key-listed");
    const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", SCENARIO_NOW]);
    expect(r.stderr).toBe("");
    const p = JSON.parse(r.stdout) as Plan;
    expect(p.changes.filter((c) => c.target === "iam").map((c) => [c.action, c.credential, c.origin, c.reason])).toEqual([
      ["revoke-credential", "access-key:reports-export:AKIAEXAMPLEREPORTS02", "drift", 'unknown credential: iam reports access-key AKIAEXAMPLEREPORTS02 on "reports-export", which identities/nhi/svc-reports.yaml:1 does not list (credentials.unknown: revoke in policies/apps/iam.yaml:1)'],
    ]);
  });

  it("with credentials.unknown: report, a credential-unknown warning names it", async () => {
    const dir = await scenarioForTest("nhi-aws-key-listed");
    const policy = `${dir}/policies/apps/iam.yaml`;
    writeFileSync(policy, readFileSync(policy, "utf8").replace("unknown: revoke", "unknown: report"));
    const p = JSON.parse((await runCli(["plan", "--repo", dir, "--format", "json", "--now", SCENARIO_NOW])).stdout) as Plan;
    expect(p.changes.filter((c) => c.target === "iam")).toEqual([]);
    expect(p.findings.filter((f) => f.rule === "credential-unknown").map((f) => [f.severity, f.message])).toEqual([["warning", 'iam reports access-key AKIAEXAMPLEREPORTS02 on "reports-export" that identities/nhi/svc-reports.yaml:1 does not list; nobody reviewed it']]);
  });

  it("counts the listed key once: one finding per key, and `nhi report` lists the report's two slots", async () => {
    const dir = await scenarioForTest("nhi-aws-key-listed");
    const p = JSON.parse((await runCli(["plan", "--repo", dir, "--format", "json", "--now", SCENARIO_NOW])).stdout) as Plan;
    expect(p.findings.filter((f) => f.rule === "credential-expiry-required").map((f) => f.message)).toEqual([
      "api-key access_key_1 (aws: reports-export) never expires, and AWS cannot give an IAM user's access key an expiry",
      "api-key access_key_2 (aws: reports-export) never expires, and AWS cannot give an IAM user's access key an expiry",
    ]);
    const report = await runCli(["nhi", "report", "--repo", dir, "--now", SCENARIO_NOW]);
    const lines = report.stdout.split("\n");
    const at = lines.findIndex((l) => l.trimStart().startsWith("svc-reports "));
    expect(lines.slice(at + 1, at + 3).map((l) => l.trim().split(":")[0])).toEqual(["api-key access_key_1", "api-key access_key_2"]);
    expect(report.stdout).not.toMatch(/akiaexamplereports01/);
    expect(report.stdout).toContain("credentials that never expire: 2\n");
  });
});
