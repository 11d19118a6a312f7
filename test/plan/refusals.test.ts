import { describe, expect, it } from "vitest";
import type { AppPolicyDoc } from "../../src/model/documents.js";
import type { Action, Change } from "../../src/model/change.js";
import { applyRefusals } from "../../src/plan/refusals.js";
import type { TargetState } from "../../src/model/target-state.js";

// What a target's read says it refuses is left out of the plan, with a finding naming it.
const c = (action: Action, identity: string, entitlement?: string, target = "github"): Change => ({ id: `${target}-${action}-${identity}-${entitlement ?? ""}`, target, action, identity, ...(entitlement ? { entitlement } : {}), privileged: false, origin: "source", reason: "r", evidence: [] });
const state = (refuses: TargetState["refuses"]): TargetState => ({ formatVersion: 1, target: "github", readAt: "2026-11-26T09:00:00Z", accounts: [], credentials: [], ...(refuses ? { refuses } : {}) });
const finding = (rule: string) => ({ rule, severity: "warning" as const, message: rule });
const policy = (entitlements: string[]): AppPolicyDoc => ({ kind: "AppPolicy", id: "github", target: "github", entitlements: entitlements.map((e) => ({ group: "g", entitlement: e })) }) as AppPolicyDoc;

describe("target refusals in the plan", () => {
  it("drops refused entitlements and actions, and the grants of an account that cannot be created; other targets untouched", () => {
    const changes = [c("create-account", "grace"), c("grant", "grace", "team:platform"), c("grant", "ada", "team:platform"), c("grant", "linus", "team:eng"), c("revoke", "ada", "team:eng"), c("create-account", "grace", undefined, "crm")];
    const states = new Map([
      ["github", state([{ actions: ["create-account", "enable-account"], finding: finding("emu") }, { entitlement: "team:eng", finding: finding("idp") }])],
      ["crm", state(undefined)],
    ]);
    const out = applyRefusals(changes, states, new Map([["github", policy(["team:eng", "team:platform"])]]));
    expect(out.changes.map((x) => `${x.target} ${x.action} ${x.identity} ${x.entitlement ?? ""}`.trim())).toEqual(["github grant ada team:platform", "crm create-account grace"]);
    expect(out.findings).toEqual([
      { rule: "emu", severity: "warning", message: "emu; not planned: create-account grace, grant grace team:platform" },
      { rule: "idp", severity: "warning", message: "idp; not planned: grant linus team:eng, revoke ada team:eng" },
    ]);
  });

  it("a refusal nothing in the plan meets: info for an action, nothing for an entitlement the policy does not map", () => {
    const states = new Map([["github", state([{ actions: ["create-account"], finding: finding("emu") }, { entitlement: "team:other", finding: finding("idp") }, { entitlement: "team:eng", finding: finding("idp-mapped") }])]]);
    const changes = [c("grant", "ada", "team:platform")];
    const out = applyRefusals(changes, states, new Map([["github", policy(["team:eng"])]]));
    expect(out.changes).toEqual(changes);
    expect(out.findings).toEqual([
      { rule: "emu", severity: "info", message: "emu; this plan has no such change" },
      { rule: "idp-mapped", severity: "info", message: "idp-mapped; this plan has no such change" },
    ]);
  });

  it("no refusals: the same list, no findings", () => {
    const changes = [c("grant", "ada", "team:platform")];
    const out = applyRefusals(changes, new Map([["github", state(undefined)]]), new Map());
    expect(out.changes).toBe(changes);
    expect(out.findings).toEqual([]);
  });
});
