// An AWS credential report of another account (rv85 #2). GetCredentialReport "Retrieves a
// credential report for the AWS account" (docs.aws.amazon.com/IAM/latest/APIReference/
// API_GetCredentialReport.html), each row's `arn` naming the account ("account is the AWS account ID
// with no hyphens": IAM identifiers). A staging account built by the same IaC has the same user
// names, so the anchors (IAM user names) matched the accepted snapshot's, churn measured 0%, and the
// plan judged the other account's keys as this source's, without a word. The fixture is the
// discovery golden's report and roles (account 123456789012).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { discoveryRepo } from "../helpers/discovery-repo.js";
import { runCli } from "../helpers/run-cli.js";
import { SCENARIO_NOW } from "../helpers/scenario.js";

const PROD = "123456789012";
const STAGING = "210987654321";
let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

function repo(): string {
  const r = discoveryRepo("aws-iam");
  cleanups.push(r.cleanup);
  // plan reads every target: the minimal fixture's GitHub org, empty.
  writeFileSync(join(r.dir, "state", "github.json"), '{"formatVersion":1,"accounts":[],"credentials":[]}\n');
  return r.dir;
}
/** The report (and, unless `reportOnly`, the roles) fetched from `account` instead of `was`. */
function fetchedFrom(dir: string, account: string, { reportOnly = false, was = PROD } = {}): void {
  for (const file of reportOnly ? ["credential-report.csv"] : ["credential-report.csv", "roles.json"]) {
    const path = join(dir, "exports/aws-iam", file);
    writeFileSync(path, readFileSync(path, "utf8").replaceAll(`arn:aws:iam::${was}:`, `arn:aws:iam::${account}:`));
  }
}
async function plan(dir: string): Promise<{ code: number; plan: Plan }> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", SCENARIO_NOW]);
  return { code: r.code, plan: JSON.parse(r.stdout) as Plan };
}
const gate = (p: Plan) => p.findings.filter((f) => f.rule === "source-gate-account" || f.rule === "source-gate-accepted");
/** The aws-iam source's gates in scopesync.yaml. */
function gates(dir: string, yaml: string): void {
  const path = join(dir, "scopesync.yaml");
  writeFileSync(path, readFileSync(path, "utf8").replace("  aws-iam:\n    type: aws-iam\n", `  aws-iam:\n    type: aws-iam\n    gates: ${yaml}\n`));
}

describe("aws-iam: a report of another account than the accepted snapshot's", () => {
  it("fails source-gate-account naming both account ids, with the acceptance to commit if the move is real", async () => {
    const dir = repo();
    expect((await runCli(["snapshot", "--repo", dir, "--now", SCENARIO_NOW])).code).toBe(0);
    expect(gate((await plan(dir)).plan)).toEqual([]);
    fetchedFrom(dir, STAGING);
    const { code, plan: p } = await plan(dir);
    expect(code).toBe(3);
    const [finding] = gate(p);
    expect([finding!.severity, finding!.message]).toEqual(["error", `source "aws-iam": the export is of AWS account ${STAGING} (exports/aws-iam/credential-report.csv row 1 (line 2)), the accepted snapshot of ${PROD}`]);
    expect(finding!.remediation).toContain(`if the source really moves to account ${STAGING}, commit gates.accept: { account: "${STAGING}", export: "sha256:`);
  });

  it("passes by a reviewed gates.accept naming the new account, said as source-gate-accepted; one naming another account does not count", async () => {
    const dir = repo();
    expect((await runCli(["snapshot", "--repo", dir, "--now", SCENARIO_NOW])).code).toBe(0);
    fetchedFrom(dir, STAGING);
    const failing = gate((await plan(dir)).plan)[0]!;
    const digest = /export: "(sha256:[0-9a-f]{64})"/.exec(failing.remediation!)![1]!;
    gates(dir, `{ accept: { account: "${STAGING}", export: "${digest}", reason: "moved to the new org account (CHG-7)", expiresAt: "2026-12-03" } }`);
    const accepted = gate((await plan(dir)).plan);
    expect(accepted.map((f) => [f.rule, f.severity])).toEqual([["source-gate-accepted", "warning"]]);
    expect(accepted[0]!.message).toBe(`source "aws-iam": account passes only by gates.accept: the export is of AWS account ${STAGING} (exports/aws-iam/credential-report.csv row 1 (line 2)), the accepted snapshot of ${PROD}, accepted for ${STAGING} (reason: moved to the new org account (CHG-7); expires 2026-12-03; export ${digest})`);
    fetchedFrom(dir, "333333333333", { was: STAGING });
    const other = gate((await plan(dir)).plan);
    expect(other.map((f) => [f.rule, f.severity])).toEqual([["source-gate-account", "error"]]);
    expect(other[0]!.message).toContain(`the export is of AWS account 333333333333`);
  });

  it("fails when the report and the roles are of two accounts, with or without a snapshot, and no acceptance waives it", async () => {
    const dir = repo();
    fetchedFrom(dir, STAGING, { reportOnly: true });
    const { code, plan: p } = await plan(dir);
    expect(code).toBe(3);
    expect(gate(p).map((f) => f.message)).toEqual([
      `source "aws-iam": the export is of more than one AWS account: exports/aws-iam/credential-report.csv row 1 (line 2) is of ${STAGING}, exports/aws-iam/roles.json role 1 of ${PROD}`,
    ]);
  });

});

describe("aws-iam: gates.account declares the account", () => {
  it("binds a first run, which has no snapshot: a report of another account fails, naming both", async () => {
    const dir = repo();
    gates(dir, `{ account: "${PROD}" }`);
    expect(gate((await plan(dir)).plan)).toEqual([]);
    fetchedFrom(dir, STAGING);
    const { code, plan: p } = await plan(dir);
    expect(code).toBe(3);
    expect(gate(p).map((f) => [f.severity, f.message])).toEqual([["error", `source "aws-iam": the export is of AWS account ${STAGING} (exports/aws-iam/credential-report.csv row 1 (line 2)), gates.account is ${PROD}`]]);
    expect(gate(p)[0]!.remediation).toContain(`if the source really moves to account ${STAGING}, change gates.account in`);
  });
});
