// Every finding about an identity names it (issue item 10: attribute-conflict did not, nor did
// disputed or person-not-in-sources), so that the PR comment, SARIF and exceptions can say whose
// it is. Checked over every planner scenario's plan; the rules below are about a source, a target
// or a file entry, not about one identity.
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { buildScenario, SCENARIO_NOW, scenarioNames } from "../helpers/scenario.js";

const NOT_ABOUT_AN_IDENTITY = /^(source-gate-.*|source-no-snapshot|source-person-held|target-without-policy|target-cannot-update|unknown-anchor|correlation-unknown-record|where-attribute-unknown)$/;

describe("findings name their identity", () => {
  it("in every scenario plan, each finding about an identity carries it", async () => {
    const seen = new Set<string>();
    for (const name of scenarioNames()) {
      const s = await buildScenario(name);
      try {
        const plan = JSON.parse((await runCli(["plan", "--repo", s.dir, "--format", "json", "--now", SCENARIO_NOW])).stdout) as Plan;
        for (const f of plan.findings) {
          seen.add(f.rule);
          if (NOT_ABOUT_AN_IDENTITY.test(f.rule)) continue;
          expect(f.identity, `${name}: ${f.rule}: ${f.message}`).toEqual(expect.any(String));
        }
      } finally {
        s.cleanup();
      }
    }
    // The ones the issue named are among those checked.
    for (const rule of ["attribute-conflict", "disputed", "person-not-in-sources", "duplicate-account-link"]) expect(seen, rule).toContain(rule);
  });
});

describe("explain says why nothing is planned", () => {
  it("a disputed identity: its records, the finding, and planned: nothing", async () => {
    const s = await buildScenario("disputed-in-scope");
    try {
      const r = await runCli(["explain", "alturing", "--repo", s.dir, "--now", SCENARIO_NOW]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("\nsource records: acq:X1\n");
      expect(r.stdout).toContain("\nfindings:\n  error disputed: alturing (acq:X1) is not planned: records hr:W2, hr:W3, acq:X1 match each other on correlation keys");
      expect(r.stdout).toMatch(/\n {2}account now \(in state\/app\.json, read at [^)]*\): none\n/);
      expect(r.stdout).toMatch(/planned: nothing\n$/);
      expect(r.stdout).not.toContain("lifecycle:");
    } finally {
      s.cleanup();
    }
  });
});
