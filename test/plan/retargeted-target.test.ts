// rv83 finding 3: a pull request that points a target at another org or endpoint (targets.github.org,
// targets.crm.url: the staging endpoint in the production config, or the reverse) was planned from
// the state files the old ones gave, "ready for review" with the same changes and not a word. The
// change is now a controls-changed line at the comment's head, and a state file that records the
// endpoint it was read from (state pull writes it) blocks the plan when scopesync.yaml points
// elsewhere; a state file pulled for another target (its `target`) blocks too. The bundled example
// in a real git repository (main, then a pull request branch), the real CLI.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { editFile, EXAMPLE_NOW, examplePullRequest } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

const CRM = "https://crm.acme-robotics.example/scim/v2";
const SANDBOX = "https://crm-sandbox.acme-robotics.example/scim/v2";

async function planOf(dir: string): Promise<{ code: number; plan: Plan }> {
  const out = join(dir, "plan.json");
  const { code, stderr } = await runCli(["plan", "--repo", dir, "--now", EXAMPLE_NOW, "--base", "main", "--format", "json", "--out", out]);
  expect([0, 3], stderr).toContain(code);
  return { code, plan: JSON.parse(readFileSync(out, "utf8")) as Plan };
}

const retarget = (dir: string) => editFile(join(dir, "scopesync.yaml"), (t) => t.replace("org: acme-robotics\n", "org: acme-robotics-sandbox\n").replace(`url: ${CRM}`, `url: ${SANDBOX}`));
/** The crm state file as `state pull` writes it now: with the endpoint it was read from. */
const recordEndpoint = (dir: string, endpoint: string) => editFile(join(dir, "examples/state/crm.json"), (t) => t.replace('"target": "crm",\n', `"target": "crm",\n  "endpoint": "${endpoint}",\n`));
const elsewhere = (plan: Plan) => plan.findings.filter((f) => f.rule === "target-state-elsewhere").map((f) => `${f.severity} ${f.message} | ${f.remediation}`);

describe("a pull request that points a target elsewhere", () => {
  it("says so at the head of its comment, for each key, with state pull as the fix", async () => {
    const { plan } = await planOf(await examplePullRequest(retarget));
    expect(plan.findings.filter((f) => f.rule === "controls-changed").map((f) => [f.message, f.location])).toEqual([
      [`targets.crm.url: ${CRM} → ${SANDBOX}: the target points at another system, and a state file pulled before describes the old one (scopesync state pull --target crm)`, "scopesync.yaml:114"],
      ["targets.github.org: acme-robotics → acme-robotics-sandbox: the target points at another system, and a state file pulled before describes the old one (scopesync state pull --target github)", "scopesync.yaml:105"],
    ]);
  });

  it("is blocked when the state file records the old endpoint, naming both and state pull", async () => {
    const { code, plan } = await planOf(await examplePullRequest((dir) => (recordEndpoint(dir, CRM), retarget(dir))));
    expect(code).toBe(3);
    expect(elsewhere(plan)).toEqual([
      `error target "crm": examples/state/crm.json was read from ${CRM}, but scopesync.yaml points the target at ${SANDBOX}: every change for "crm" would be computed against the other system's accounts and applied to this one | run scopesync state pull --target crm against the system scopesync.yaml names (check its token), and plan again; or point targets.crm back at ${CRM} if the change was a mistake`,
    ]);
    expect(plan.blockedReasons.join("\n")).toContain(`examples/state/crm.json was read from ${CRM}`);
  });

  it("is not blocked by a state file read from where scopesync.yaml points, whose endpoint the plan records", async () => {
    const { code, plan } = await planOf(await examplePullRequest((dir) => recordEndpoint(dir, CRM)));
    expect(code).toBe(0);
    expect(elsewhere(plan)).toEqual([]);
    expect(plan.targets.crm).toMatchObject({ endpoint: CRM });
  });
});

describe("a state file pulled for another target", () => {
  it("blocks the plan (its `target` was informational), unless it names one of the target's formerNames", async () => {
    const { code, plan } = await planOf(await examplePullRequest((dir) => editFile(join(dir, "examples/state/crm.json"), (t) => t.replace('"target": "crm"', '"target": "github"'))));
    expect(code).toBe(3);
    expect(elsewhere(plan)).toEqual([
      'error target "crm": examples/state/crm.json was pulled for target "github" (its "target"), not for "crm": a plan from it computes "crm"\'s changes against another system\'s accounts | run scopesync state pull --target crm against the system scopesync.yaml names (check its token), and plan again; or, if "github" is this target\'s earlier name, list it in targets.crm.formerNames',
    ]);
    const { plan: renamed } = await planOf(await examplePullRequest((dir) => {
      editFile(join(dir, "examples/state/crm.json"), (t) => t.replace('"target": "crm"', '"target": "sales-crm"'));
      editFile(join(dir, "scopesync.yaml"), (t) => t.replace("    state: examples/state/crm.json\n", "    state: examples/state/crm.json\n    formerNames: [sales-crm]\n"));
    }));
    expect(elsewhere(renamed)).toEqual([]);
  });
});
