import { afterEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { buildScenario, SCENARIO_NOW } from "../helpers/scenario.js";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function planOf(scenario: string): Promise<Plan> {
  const s = await buildScenario(scenario);
  cleanup = s.cleanup;
  const r = await runCli(["plan", "--repo", s.dir, "--format", "json", "--now", SCENARIO_NOW]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}
const undeclaredFindings = (plan: Plan) => plan.findings.filter((f) => f.rule.startsWith("nhi-undeclared")).map((f) => `${f.rule} ${f.identity}: ${f.message}`);

// An IAM user with a console password is most likely a person's. With the default
// `undeclared: report` it used to be one more undeclared "service-account", even when named
// after a person who had just left, whose offboarding the same plan showed as done.
describe("an undeclared identity a person signs in with", () => {
  it("named after a leaver, under the default undeclared: report: said to be the leaver's, still open", async () => {
    const plan = await planOf("nhi-undeclared-interactive-leaver");
    expect(plan.changes.filter((c) => c.identity === "linus").map((c) => c.action)).toEqual(["revoke", "disable-account"]);
    expect(undeclaredFindings(plan)).toEqual([
      "nhi-undeclared-interactive aws.linus: service-account aws.linus (aws:linus) is reported by aws and declared in no file, and a person can sign in with it (a console password): most likely a person's account rather than a shadow NHI; it is named after linus, who left (terminated): most likely their own, still open after this plan offboards them everywhere else; its credentials keep working until someone decides",
    ]);
  });

  it("under undeclared: quarantine, named after nobody: not quarantined, and said why", async () => {
    const plan = await planOf("nhi-undeclared-interactive");
    expect(undeclaredFindings(plan)).toEqual([
      "nhi-undeclared stray-bot: service-account stray-bot (aws:stray-bot) is reported by aws and declared in no file; it is quarantined (disabled downstream) until a reviewed file declares it",
      "nhi-undeclared-interactive dana.ops: service-account dana.ops (aws:dana.ops) is reported by aws and declared in no file, and a person can sign in with it (a console password): most likely a person's account rather than a shadow NHI, so it is not quarantined (undeclared: quarantine); its credentials keep working until someone decides",
    ]);
  });
});
