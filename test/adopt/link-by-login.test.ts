// accounts.linkBy: login: an app whose externalId another system set (an identity provider that
// provisions it) keeps that externalId; scopesync links by login instead of creating a second
// account or overwriting the first one's mark.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planWith, stateWith } from "../helpers/plan-with.js";
import { SCENARIOS } from "../helpers/scenario.js";

const POLICY = readFileSync(join(SCENARIOS, "_base/policies/apps/app.yaml"), "utf8");
const FOREIGN = stateWith({ ada: { externalId: "00u1a2b3c4d5e6f7g8h9" } });
const forAda = (plan: { changes: Array<{ identity: string; action: string; attributes?: Record<string, unknown> }> }) => plan.changes.filter((c) => c.identity === "ada").map((c) => c.action);

describe("accounts.linkBy", () => {
  it("by default an account marked by another system is not ada's, and no second account is planned with its login (the app would refuse it)", async () => {
    const { plan } = await planWith({ "state/app.json": FOREIGN });
    expect(forAda(plan)).toEqual([]);
    expect(plan.findings.map((f) => f.rule)).toContain("unknown-anchor");
    const held = plan.findings.filter((f) => f.rule === "login-held");
    expect(held.map((f) => f.identity)).toEqual(["ada"]);
    expect(held[0]!.remediation).toContain("set accounts.linkBy: login in policies/apps/app.yaml:1");
  });

  it("linkBy: login links it by login and leaves its externalId alone", async () => {
    const { plan } = await planWith({ "state/app.json": FOREIGN, "policies/apps/app.yaml": POLICY.replace("accounts:\n", "accounts:\n  linkBy: login\n") });
    expect(forAda(plan)).toEqual([]);
    expect(plan.changes.some((c) => c.attributes && "externalId" in c.attributes && c.action === "update-account")).toBe(false);
    expect(plan.findings.map((f) => f.rule)).not.toContain("unknown-anchor");
  });
});
