// A pull request that weakens the controls themselves (rv78 finding 3): it raised every safety
// limit to 100%, turned a blocking built-in rule off and took the required reviewers off the SoD
// rule, and its comment read "ready for review" like main's, the only trace a collapsed diff at the
// foot. Each change of a guard rail is now a `controls-changed` warning and a line at the comment's
// head, also in a comment cut to its budget; an exception the pull request adds says what it sets
// aside; and "Approvals needed" takes the base's rules as well as the pull request's. The bundled
// example in a real git repository (main, then a pull request branch), the real CLI.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRepo } from "../../src/config/load-repo.js";
import { controlChanges } from "../../src/config/control-changes.js";
import { workingTree } from "../../src/config/repo-files.js";
import type { Plan } from "../../src/plan/plan.js";
import { renderMarkdown } from "../../src/plan/render/markdown.js";
import { editFile, EXAMPLE_NOW, examplePullRequest, exampleForTest } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

const RULES = "policies/rules/governance.yaml";

async function planOf(dir: string, format: "json" | "markdown" = "json"): Promise<string> {
  const out = join(dir, `plan.${format}`);
  const { code, stderr } = await runCli(["plan", "--repo", dir, "--now", EXAMPLE_NOW, "--base", "main", "--format", format, "--out", out]);
  expect(code, stderr).toBe(0);
  return readFileSync(out, "utf8");
}

const controls = (plan: Plan) => plan.findings.filter((f) => f.rule === "controls-changed").map((f) => [f.message, f.location]);

/** rv78's pull request: no access change of its own, every guard rail weaker. */
function weaken(dir: string): void {
  editFile(join(dir, "scopesync.yaml"), (t) =>
    t
      .replace("deletes: { count: 5, percent: 10 }", "deletes: { count: 5000, percent: 100 }")
      .replace("disables: { count: 10, percent: 25 }", "disables: { count: 10000, percent: 100 }")
      .replace('maxChurn: "10%"', 'maxChurn: "90%"')
      .replace("runAs: scopesync-bot", "runAs: kpatel-consult")
      .replace("unreviewed: revocations-only", "unreviewed: none")
      .replace("  local:\n    type: file\n", "  local:\n    type: file\n    formerNames: [erp]\n"),
  );
  editFile(join(dir, RULES), (t) => t.replace("nhi-owner-required: { severity: error }", "nhi-owner-required: { enabled: false }").replace('    reviewers: ["@acme-robotics/finance-controls"]\n', ""));
}

describe("a pull request that changes the controls", () => {
  it("is a controls-changed warning per change, in a reviewer's words, at the line that writes it", async () => {
    const plan = JSON.parse(await planOf(await examplePullRequest(weaken))) as Plan;
    expect(controls(plan)).toEqual([
      ["apply.unreviewed: revocations-only → none", "scopesync.yaml:142"],
      ["reviewers of sod-finance-approver-sales-ops removed: @acme-robotics/finance-controls", `${RULES}:20`],
      ["rule nhi-owner-required disabled", `${RULES}:13`],
      ["safety.default.deletes: count 5, 10% → count 5000, 100%", "scopesync.yaml:128"],
      ["safety.default.disables: count 10, 25% → count 10000, 100%", "scopesync.yaml:129"],
      ["sources.hr.gates.maxChurn: 10% → 90%", "scopesync.yaml:28"],
      ["targets.github.runAs: scopesync-bot → kpatel-consult", "scopesync.yaml:108"],
      ["targets.local.formerNames: none → erp", "scopesync.yaml:120"],
    ]);
    expect(plan.findings.filter((f) => f.rule === "controls-changed").every((f) => f.severity === "warning")).toBe(true);
  });

  it("is listed at the head of the comment, before the findings and the collapsed diff, and kept in a comment cut to its budget", async () => {
    const dir = await examplePullRequest(weaken);
    const md = await planOf(dir, "markdown");
    const head = md.slice(0, md.indexOf("<details>"));
    expect(head).toContain("### ⚠️ This pull request changes the controls");
    expect(head).toContain("- safety.default.deletes: count 5, 10% → count 5000, 100% (<code>scopesync.yaml&#58;128</code>)");
    expect(head).toContain("- rule nhi\\-owner\\-required disabled");
    const budgeted = renderMarkdown(JSON.parse(await planOf(dir)) as Plan, { limit: 9_000 });
    expect(budgeted).toContain("This plan does not fit in one comment");
    expect(budgeted).toContain("### ⚠️ This pull request changes the controls");
    expect(budgeted).toMatch(/- (reviewers of sod\\-finance\\-approver\\-sales\\-ops removed|✂️ \d+ more changes? of the controls not shown here; each is a `controls-changed` finding)/);
  });

  it("a new exception says whom it waives, who approved it, until when, and the error finding it sets aside; the base's reviewers are still needed", async () => {
    const dir = await examplePullRequest((d) => {
      editFile(join(d, "identities/groups/finance-approvers.yaml"), (t) => `${t}  - identity: liam.murphy\n    reason: Deal desk cover\n`);
      editFile(join(d, RULES), (t) => `${t.replace('    reviewers: ["@acme-robotics/finance-controls"]\n', "")}  - rule: sod-finance-approver-sales-ops\n    identity: liam.murphy\n    expiresAt: "2027-03-31"\n    approver: helen.park\n    ticket: FIN-999\n`);
    });
    const plan = JSON.parse(await planOf(dir)) as Plan;
    expect(plan.blocked).toBe(false);
    expect(controls(plan)).toContainEqual([
      "new exception FIN-999: rule sod-finance-approver-sales-ops waived for liam.murphy, approved by helen.park, until 2027-03-31; it sets aside 1 error finding, which would block this plan without it: Holds both finance-approvers and sales-ops in the CRM (separation of duties).",
      `${RULES}:59`,
    ]);
    // The pull request took the reviewers off its own gate: main's rule still asks for them.
    expect(plan.approvals).toEqual([{ reviewer: "@acme-robotics/finance-controls", changes: 1 }]);
    expect(plan.changes.find((c) => c.identity === "liam.murphy" && c.entitlement === "group:finance-approvers")?.reviewers).toEqual(["@acme-robotics/finance-controls"]);
  });

  it("sharded, the merged plan says the same, byte for byte", async () => {
    const dir = await examplePullRequest(weaken);
    const one = await planOf(dir);
    const snapshot = join(dir, "identities.snapshot");
    expect((await runCli(["resolve", "--repo", dir, "--out", snapshot, "--base", "main", "--now", EXAMPLE_NOW])).code).toBe(0);
    const shards: string[] = [];
    for (const t of ["crm", "github", "local"]) {
      shards.push(join(dir, `${t}.shard.json`));
      expect((await runCli(["plan", "--repo", dir, "--target", t, "--identities", snapshot, "--base", "main", "--out", shards.at(-1)!])).code).toBe(0);
    }
    const merged = join(dir, "merged.json");
    expect((await runCli(["plan", "merge", ...shards, "--repo", dir, "--identities", snapshot, "--format", "json", "--out", merged])).code).toBe(0);
    expect(readFileSync(merged, "utf8")).toBe(one);
    expect(controls(JSON.parse(one) as Plan)).toHaveLength(8);
  });

  it("a pull request that leaves the controls as they are has no such finding", async () => {
    const plan = JSON.parse(await planOf(await examplePullRequest((d) => editFile(join(d, "identities/groups/finance-approvers.yaml"), (t) => `${t}  - identity: daniel.reyes\n`)))) as Plan;
    expect(controls(plan)).toEqual([]);
  });
});

describe("controlChanges", () => {
  it("a limit block deleted lifts every limit: each is named, at the base's line", () => {
    const base = exampleForTest();
    const pr = exampleForTest();
    editFile(join(pr, "scopesync.yaml"), (t) => t.replace(/\nsafety:\n[\s\S]*?\napply:/, "\napply:"));
    const changes = controlChanges(loadRepo(workingTree(base)).repo!, loadRepo(workingTree(pr)).repo!);
    expect(changes.map((c) => [c.words, c.at])).toEqual([
      ["safety.default.changes: count 100, 30% → none", "scopesync.yaml:130"],
      ["safety.default.deletes: count 5, 10% → none", "scopesync.yaml:127"],
      ["safety.default.disables: count 10, 25% → none", "scopesync.yaml:128"],
      ["safety.default.floor: 10 → 10 (the default)", "scopesync.yaml:133"],
      ["safety.default.removals: count 20, 25% → none", "scopesync.yaml:129"],
    ]);
  });
});
