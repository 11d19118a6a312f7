// The reviewed plan is input like any other (issue item 6): `apply --plan` checks the file against
// schemas/plan.schema.json before anything else. Every plan scopesync writes passes; a list of
// changes such as [1, "x"] (with a fingerprint recomputed to match) or [null] is refused with one
// line naming the JSON path, exit 1, and nothing is applied.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { planSchemaProblems } from "../../src/plan/plan-schema.js";
import { parseReviewedPlan } from "../../src/apply/reviewed.js";
import { fingerprint } from "../../src/plan/build-plan.js";
import type { Change } from "../../src/model/change.js";
import { runCli } from "../helpers/run-cli.js";
import { buildScenario, SCENARIO_NOW, scenarioNames } from "../helpers/scenario.js";
import { PolicyRepo } from "./helpers/policy-repo.js";

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

describe("plan.schema.json", () => {
  it("accepts every plan the planner scenarios produce (blocked ones, overrides and findings included)", async () => {
    const names = scenarioNames();
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) {
      const s = await buildScenario(name);
      try {
        const r = await runCli(["plan", "--repo", s.dir, "--format", "json", "--now", SCENARIO_NOW]);
        expect(planSchemaProblems(JSON.parse(r.stdout)), name).toEqual([]);
      } finally {
        s.cleanup();
      }
    }
  });

  it("accepts the example organisation's plan, with --base (the PR's own changes and YAML diff) and without", async () => {
    const root = new URL("../../", import.meta.url).pathname;
    for (const extra of [[], ["--base", "HEAD"]]) {
      const r = await runCli(["plan", "--repo", root, "--format", "json", "--now", SCENARIO_NOW, ...extra]);
      expect(r.stderr).toBe("");
      const plan = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(Object.keys(plan.targets as object).length).toBeGreaterThan(0);
      expect(planSchemaProblems(plan), extra.join(" ")).toEqual([]);
    }
  });

  const valid = (): Record<string, unknown> => {
    const changes: Change[] = [{ id: "0123456789abcdef", target: "app", action: "grant", identity: "ada", account: "a1", entitlement: "team:x", privileged: false, origin: "source", reason: "birthright member of x", evidence: [] }];
    return { formatVersion: 1, fingerprint: fingerprint(changes), generatedAt: "2026-11-26T09:00:00.000Z", organisation: "acme", summary: { grant: 1 }, changes, findings: [], blocked: false, blockedReasons: [], overrides: [], exceptions: [], approvals: [], targets: {} };
  };
  const refusal = (edit: (p: Record<string, unknown>) => void): string => {
    const plan = valid();
    edit(plan);
    if (Array.isArray(plan.changes)) plan.fingerprint = fingerprint(plan.changes as Change[]);
    try {
      parseReviewedPlan(JSON.stringify(plan), "reviewed.json");
    } catch (e) {
      return (e as Error).message;
    }
    return "accepted";
  };

  it("accepts the valid plan these refusals start from", () => {
    expect(refusal(() => undefined)).toBe("accepted");
  });

  it.each([
    ["changes: [1, \"x\"]", (p: Record<string, unknown>) => (p.changes = [1, "x"]), 'reviewed.json is not a valid plan: changes[0]: must be object, not 1 (and 1 more problem)'],
    ["changes: [null]", (p: Record<string, unknown>) => (p.changes = [null]), "reviewed.json is not a valid plan: changes[0]: must be object, not null"],
    ["changes: {}", (p: Record<string, unknown>) => (p.changes = {}), "reviewed.json is not a valid plan: changes: must be array, not an object"],
    ["an unknown action", (p: Record<string, unknown>) => ((p.changes as Change[])[0]!.action = "drop-table" as Change["action"]), 'reviewed.json is not a valid plan: changes[0].action: is "drop-table"; expected one of: revoke-credential, revoke, disable-account, delete-account, create-account, enable-account, update-account, grant'],
    ["a grant without entitlement", (p: Record<string, unknown>) => delete (p.changes as Change[])[0]!.entitlement, 'reviewed.json is not a valid plan: changes[0]: missing "entitlement"'],
    ["a key the format does not have", (p: Record<string, unknown>) => (((p.changes as Change[])[0] as unknown as Record<string, unknown>).sql = "x"), 'reviewed.json is not a valid plan: changes[0]: unknown key "sql"'],
    ["an identity that is not a string", (p: Record<string, unknown>) => (((p.changes as Change[])[0] as unknown as Record<string, unknown>).identity = ["ada"]), "reviewed.json is not a valid plan: changes[0].identity: must be string, not a list"],
    ["a fingerprint of another shape", (p: Record<string, unknown>) => ((p as { changes: unknown }).changes = "x"), "reviewed.json is not a valid plan: changes: must be array, not \"x\""],
  ])("refuses %s with one line naming the path", (_name, edit, message) => {
    expect(refusal(edit)).toBe(message);
  });

  it("escapes a key from the file before it reaches the terminal", () => {
    const message = refusal((p) => (((p.changes as Change[])[0] as unknown as Record<string, unknown>)["\u202eevil"] = 1));
    expect(message).not.toContain("\u202e");
    expect(message).toBe('reviewed.json is not a valid plan: changes[0]: unknown key "\\u202eevil"');
  });
});

describe("apply --plan with a plan that breaks the schema (file target)", () => {
  it.each([
    ["[1, \"x\"]", [1, "x"], 'error: reviewed.json is not a valid plan: changes[0]: must be object, not 1 (and 1 more problem)'],
    ["[null]", [null], "error: reviewed.json is not a valid plan: changes[0]: must be object, not null"],
  ])("changes: %s is refused, exit 1, and the target is not written", async (_name, changes, first) => {
    const repo = new PolicyRepo({
      targetName: "app",
      target: { type: "file", path: "state/app.json" },
      people: [{ worker: "W1", login: "ada", department: "Engineering" }, { worker: "W2", login: "lea", department: "Engineering", status: "Terminated" }],
      groups: [{ id: "engineering", departments: ["Engineering"] }],
      policy: { scope: { include: [{ kinds: ["person"] }] }, entitlements: [{ group: "engineering", entitlement: "group:Engineering" }] },
    });
    cleanup = () => repo.cleanup();
    const stateText = `${JSON.stringify({ formatVersion: 1, accounts: [{ id: "a2", login: "lea", externalId: "hr:W2", active: true, attributes: {}, entitlements: ["group:Engineering"] }], credentials: [] })}\n`;
    repo.write("state/app.json", stateText);
    const { plan } = await repo.plan({});
    // The live plan holds unreviewed revocations (lea left): a smuggled plan must not get them applied.
    expect(plan.changes.map((c) => c.action)).toContain("disable-account");
    const doc = JSON.parse(repo.read("reviewed.json")) as Record<string, unknown>;
    doc.changes = changes;
    doc.fingerprint = fingerprint(changes as unknown as Change[]);
    writeFileSync(join(repo.dir, "reviewed.json"), JSON.stringify(doc));

    const r = await repo.cli(["apply", "--plan", "reviewed.json"], {});

    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n")[0]).toBe(first);
    expect(r.stderr).not.toContain("Cannot read properties");
    expect(readFileSync(join(repo.dir, "state/app.json"), "utf8")).toBe(stateText);
  });
});
