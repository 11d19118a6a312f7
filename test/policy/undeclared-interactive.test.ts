import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { scenarioForTest as scenario, SCENARIO_NOW } from "../helpers/scenario.js";

async function planOf(dir: string): Promise<{ plan: Plan; code: number }> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", SCENARIO_NOW]);
  expect(r.stderr).toBe("");
  return { plan: JSON.parse(r.stdout) as Plan, code: r.code };
}
const undeclaredFindings = (plan: Plan) => plan.findings.filter((f) => f.rule.startsWith("nhi-undeclared")).map((f) => `${f.severity} ${f.rule} ${f.identity}: ${f.message}`);

// An IAM user with a console password is most likely a person's. Under the default
// `undeclared: report` it was one more undeclared "service-account", even when named after a
// person who had just left, whose offboarding the same plan showed as done.
describe("an undeclared identity a person signs in with", () => {
  it("named after a leaver, under the default undeclared: report: nhi-undeclared says whose it most likely is, and that it stays open", async () => {
    const { plan } = await planOf(await scenario("nhi-undeclared-interactive-leaver"));
    expect(plan.changes.filter((c) => c.identity === "linus").map((c) => c.action)).toEqual(["revoke", "disable-account"]);
    expect(undeclaredFindings(plan)).toEqual([
      "warning nhi-undeclared aws.linus: service-account aws.linus (aws:linus) is reported by aws and declared in no file, and a person can sign in with it (a console password): most likely a person's account rather than a shadow NHI; it is named after linus, who left (terminated on 2026-11-20): most likely their own, and scopesync does not offboard IAM users, so it stays open until someone deletes it",
    ]);
  });

  it("stays nhi-undeclared under report, so an organisation that made that rule an error still blocks on it", async () => {
    const dir = await scenario("nhi-undeclared-interactive-leaver");
    mkdirSync(join(dir, "policies", "rules"), { recursive: true });
    writeFileSync(join(dir, "policies", "rules", "gate.yaml"), "kind: RuleSet\nid: gate\nbuiltins:\n  nhi-undeclared: { severity: error }\n");
    const { plan, code } = await planOf(dir);
    expect(code).toBe(3);
    expect(plan.blockedReasons).toEqual([expect.stringMatching(/^nhi-undeclared \(aws\.linus\): service-account aws\.linus .* a person can sign in with it/)]);
  });

  it("named by a person's e-mail address rather than their login: still theirs", async () => {
    const dir = await scenario("nhi-undeclared-interactive-leaver");
    const report = join(dir, "aws", "credential-report.csv");
    writeFileSync(report, readFileSync(report, "utf8").replace(/^linus,arn:aws:iam::123456789012:user\/linus,/m, "Linus@Corp.example,arn:aws:iam::123456789012:user/linus@corp.example,"));
    const { plan } = await planOf(dir);
    expect(undeclaredFindings(plan)).toEqual([expect.stringContaining("; it is named after linus, who left (terminated on 2026-11-20)")]);
  });

  it("under undeclared: quarantine, named after nobody: nhi-undeclared-interactive says why it is not quarantined", async () => {
    const { plan } = await planOf(await scenario("nhi-undeclared-interactive"));
    expect(undeclaredFindings(plan)).toEqual([
      // No aws-iam target: the quarantine switches nothing off in AWS, so it is not called "disabled downstream" (rv63 #1).
      "warning nhi-undeclared stray-bot: service-account stray-bot (aws:stray-bot) is reported by aws and declared in no file; it is quarantined until a reviewed file declares it; no target in scopesync.yaml is the system that holds it (aws-iam), so it is not switched off there: only accounts of it in the targets, if it has any, are offboarded",
      "warning nhi-undeclared-interactive dana.ops: service-account dana.ops (aws:dana.ops) is reported by aws and declared in no file, and a person can sign in with it (a console password): most likely a person's account rather than a shadow NHI, so it is not quarantined (undeclared: quarantine); its credentials keep working until someone decides",
    ]);
  });
});
