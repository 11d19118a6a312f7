// nhi-owner-active for a discovered NHI whose owner left: "quarantined" only where a target can
// switch it off. In the example, entra-apps reports demo-lab-provisioner (owner derek.walsh, who
// left) but no target is of type entra-apps: the finding says it is not switched off there, and how to.
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { EXAMPLE_ROOT } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

describe("nhi-owner-active, a discovered NHI no target governs", () => {
  it("says no target switches it off, not that it is quarantined, and plans nothing for it", async () => {
    const r = await runCli(["plan", "--repo", EXAMPLE_ROOT, "--format", "json", "--now", "2026-12-02T08:00:00Z"]);
    const plan = JSON.parse(r.stdout) as Plan;
    const finding = plan.findings.find((f) => f.rule === "nhi-owner-active" && f.identity === "demo-lab-provisioner")!;
    expect(finding.message).toBe('demo-lab-provisioner has lost its owner: owner "derek.walsh" is terminated (owner as entra-apps reports it); no target in scopesync.yaml is the system that holds it (entra-apps), so it is not switched off there: only accounts of it in the targets, if it has any, are offboarded');
    expect(finding.remediation).toBe("switch it off in entra-apps by hand (or configure a target of type entra-apps, which the plan then quarantines it in), and name a new owner in the system");
    expect(plan.changes.filter((c) => c.identity === "demo-lab-provisioner")).toEqual([]);
    // A declared NHI whose owner left, in a target that holds it, is still quarantined in words and in the plan.
    const declared = plan.findings.find((f) => f.rule === "nhi-owner-active" && f.identity === "svc-demo-provisioner")!;
    expect(declared.message).toMatch(/^svc-demo-provisioner is quarantined: /);
  });
});
