// A policy edit that brings people into an app's scope (rv73 finding 3): a misspelt exclude value
// (`employmentType: contracter`) stopped excluding the contractor lucia.ferraro, and `plan --base`
// gave her a CRM account as "joiner: in the scope of crm, no account yet" (she was hired months
// ago and is unchanged in the sources), while validate and the plan said nothing of a value that
// matches nobody. Now the reason names the scope edit, and the value is a warning at its line.
// The bundled example in a real git repository; the real CLI.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { EXAMPLE_NOW, editFile, examplePullRequest, exampleForTest } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

const misspeltExclude = (dir: string) => editFile(join(dir, "policies/apps/crm.yaml"), (t) => t.replace("where: { employmentType: contractor }", "where: { employmentType: contracter }"));

describe("a person a scope edit brings in", () => {
  it("is given an account for the edit's reason, not as a joiner", async () => {
    const dir = await examplePullRequest(misspeltExclude);
    const r = await runCli(["plan", "--repo", dir, "--base", "main", "--format", "json", "--now", EXAMPLE_NOW]);
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as Plan;
    const create = plan.changes.find((c) => c.target === "crm" && c.identity === "lucia.ferraro" && c.action === "create-account")!;
    expect(create.origin).toBe("pr");
    expect(create.reason).toBe("in the scope of crm by this pull request (policies/apps/crm.yaml:17: scope.exclude[0] no longer matches lucia.ferraro), no account yet");
    // A real joiner the base plans as well keeps the joiner's reason.
    expect(plan.changes.find((c) => c.target === "crm" && c.identity === "tomas.eriksson" && c.action === "create-account")!.reason).toBe("joiner: in the scope of crm, no account yet");
  });

  it("is named by a widened include's line", async () => {
    const dir = await examplePullRequest((d) => editFile(join(d, "policies/apps/crm.yaml"), (t) => t.replace("where: { department: [Sales, Finance] }", "where: { department: [Sales, Finance, Marketing] }")));
    const r = await runCli(["plan", "--repo", dir, "--base", "main", "--format", "json", "--now", EXAMPLE_NOW]);
    const plan = JSON.parse(r.stdout) as Plan;
    const creates = plan.changes.filter((c) => c.target === "crm" && c.action === "create-account" && c.origin === "pr");
    expect(creates.length).toBeGreaterThan(0);
    for (const c of creates) expect(c.reason).toBe(`in the scope of crm by this pull request (policies/apps/crm.yaml:11: scope.include[0] now matches ${c.identity}), no account yet`);
  });
});

describe("a where: value no identity holds", () => {
  it("is a warning in validate and in the plan, at its line, with the nearest value", async () => {
    const dir = await examplePullRequest(misspeltExclude);
    const v = await runCli(["validate", "--repo", dir]);
    expect(v.code).toBe(0);
    expect(v.stderr).toContain('policies/apps/crm.yaml:18:16: warning: app policy crm\'s scope.exclude: no identity of kind person has employmentType "contracter" (did you mean "contractor"?), so this value matches nobody (finding where-value-unmatched)');
    const plan = JSON.parse((await runCli(["plan", "--repo", dir, "--format", "json", "--now", EXAMPLE_NOW])).stdout) as Plan;
    expect(plan.findings.filter((f) => f.rule === "where-value-unmatched").map((f) => [f.severity, f.location, f.message])).toEqual([
      ["warning", "policies/apps/crm.yaml:18", 'app policy crm\'s scope.exclude: no identity of kind person has employmentType "contracter" (did you mean "contractor"?), so this value matches nobody'],
    ]);
  });

  it("is said of none of the example's values", async () => {
    const plan = JSON.parse((await runCli(["plan", "--repo", exampleForTest(), "--format", "json", "--now", EXAMPLE_NOW])).stdout) as Plan;
    expect(plan.findings.filter((f) => f.rule === "where-value-unmatched")).toEqual([]);
  });
});

describe("a where: value in a list", () => {
  it("is named when it is a near spelling of a value held, and taken as meant when it is not", async () => {
    const dir = exampleForTest();
    editFile(join(dir, "policies/apps/crm.yaml"), (t) => t.replace("where: { department: [Sales, Finance] }", "where: { department: [Sales, Finanse, Legal] }"));
    const plan = JSON.parse((await runCli(["plan", "--repo", dir, "--format", "json", "--now", EXAMPLE_NOW])).stdout) as Plan;
    expect(plan.findings.filter((f) => f.rule === "where-value-unmatched").map((f) => f.message)).toEqual([
      'app policy crm\'s scope.include: no identity of kind person has department "Finanse" (did you mean "Finance"?), so this value matches nobody',
    ]);
  });
});
