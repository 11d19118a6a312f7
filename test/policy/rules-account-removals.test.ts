// Rules judge the state after the plan, and an account the plan removes takes with it what the
// target says it takes. On GitHub a disable is "Remove organization membership", which takes the
// member's teams and repository access (TargetCapabilities.disableRemoves; the disable's own reason
// says "removing … also takes team:x"). Yet a leaver holding a team nobody maps was said to "keep"
// it after the plan, and the plan was blocked (rv95 H2). A SCIM disable (`active: false`) keeps the
// account's groups, and rules count them as docs/rules.md says; a delete takes them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { planWith } from "../helpers/plan-with.js";
import { SCENARIOS } from "../helpers/scenario.js";

const BASE_CONFIG = readFileSync(join(SCENARIOS, "_base/scopesync.yaml"), "utf8");
// linus (W4) left on 2026-11-20.
const hr = readFileSync(join(SCENARIOS, "_base/hr.csv"), "utf8").replace("W4,linus,Linus,Torvalds,linus@corp.example,Active,Employee,Engineer,Engineering,W1,2022-04-04,", "W4,linus,Linus,Torvalds,linus@corp.example,Terminated,Employee,Engineer,Engineering,W1,2022-04-04,2026-11-20");

type Account = { id: string; login: string; externalId?: string; entitlements: string[] };
const stateOf = (target: string, accounts: Account[]): string => JSON.stringify({ formatVersion: 1, target, readAt: "2026-11-26T06:00:00Z", accounts: accounts.map((a) => ({ ...a, active: true, attributes: {} })), credentials: [] });
const leaverFindings = (plan: Plan): string[] => plan.findings.filter((f) => f.rule === "leaver-access-remaining").map((f) => `${f.severity} ${f.message}`);
const changeLines = (plan: Plan, target: string): string[] => plan.changes.filter((c) => c.target === target).map((c) => `${c.action} ${c.identity} ${c.entitlement ?? ""}`.trim());

describe("a GitHub leaver the plan removes from the org", () => {
  const config = BASE_CONFIG.replace("targets:\n", "targets:\n  github:\n    type: github\n    org: corp-org\n    token: \"${env:GH_TOKEN}\"\n    runAs: scopesync-bot\n    state: state/github.json\n");
  const policy = "kind: AppPolicy\nid: github\ntarget: github\nscope:\n  include:\n    - kinds: [person]\nentitlements:\n  - group: engineering\n    entitlement: repo:infra:read\nonLeaveScope: disable\nunmanagedAccounts: report\n";
  // A custom rule reads the same state after the plan as the built-in ones.
  const rules = "kind: RuleSet\nid: hand-made\nrules:\n  - id: no-hand-made-team\n    severity: warning\n    match: { kinds: [person] }\n    forbid: { entitlements: [\"github:team:hand-made\"] }\n    message: holds the hand-made team\n";
  const accounts: Account[] = [
    { id: "1", login: "ada", entitlements: [] },
    { id: "2", login: "alan", entitlements: [] },
    { id: "3", login: "grace", entitlements: ["repo:infra:read", "team:hand-made"] },
    { id: "4", login: "linus", entitlements: ["repo:infra:read", "team:hand-made"] },
    { id: "9", login: "scopesync-bot", entitlements: ["role:admin"] },
  ];

  it("keeps nothing the removal takes: no leaver-access-remaining, no custom rule on it, and the plan is not blocked", async () => {
    const { plan, code } = await planWith({ "hr.csv": hr, "scopesync.yaml": config, "policies/apps/github.yaml": policy, "policies/rules/hand-made.yaml": rules, "state/github.json": stateOf("github", accounts) });
    expect(changeLines(plan, "github")).toEqual(["revoke linus repo:infra:read", "disable-account linus"]);
    expect(plan.changes.find((c) => c.target === "github" && c.action === "disable-account")!.reason).toContain(`removing "linus" also takes team:hand-made (held by hand)`);
    expect(leaverFindings(plan)).toEqual([]);
    // grace stays a member with the team: the rule sees it. linus's goes with his membership.
    expect(plan.findings.filter((f) => f.rule === "no-hand-made-team").map((f) => f.identity)).toEqual(["grace"]);
    expect(plan.blocked).toBe(false);
    expect(code).toBe(0);
  });
});

describe("a SCIM leaver", () => {
  const config = BASE_CONFIG.replace("targets:\n", "targets:\n  helpdesk:\n    type: scim\n    url: https://helpdesk.corp.example/api/scim/v2\n    token: \"${env:HELPDESK_SCIM_TOKEN}\"\n    runAs: scopesync-bot\n    state: state/helpdesk.json\n");
  const policy = (leave: string): string => `kind: AppPolicy\nid: helpdesk\ntarget: helpdesk\nscope:\n  include:\n    - kinds: [person]\nentitlements:\n  - group: engineering\n    entitlement: group:engineering\n${leave}`;
  const state = stateOf("helpdesk", [
    { id: "u1", login: "ada", externalId: "hr:W1", entitlements: [] },
    { id: "u2", login: "alan", externalId: "hr:W2", entitlements: [] },
    { id: "u3", login: "grace", externalId: "hr:W3", entitlements: ["group:engineering"] },
    { id: "u4", login: "linus", externalId: "hr:W4", entitlements: ["group:engineering", "group:hand-made"] },
    { id: "u9", login: "scopesync-bot", entitlements: [] },
  ]);
  const files = (leave: string) => ({ "hr.csv": hr, "scopesync.yaml": config, "policies/apps/helpdesk.yaml": policy(leave), "state/helpdesk.json": state });

  // The disable is the guard: a fix that dropped every disabled account's groups would pass the delete alone.
  it("disabled (active: false) still holds the group no policy maps, switched off, and rules count it (docs/rules.md); deleted, nothing", async () => {
    const { plan: disabled } = await planWith(files("onLeaveScope: disable\n"));
    expect(changeLines(disabled, "helpdesk")).toEqual(["revoke linus group:engineering", "disable-account linus"]);
    expect(leaverFindings(disabled)).toEqual(["error linus is terminated but keeps entitlements helpdesk:group:hand-made after this plan"]);
    const { plan: deleted } = await planWith(files(`onLeaveScope: delete\ndeleteGracePeriod: "0"\n`));
    expect(changeLines(deleted, "helpdesk")).toEqual(["revoke linus group:engineering", "disable-account linus", "delete-account linus"]);
    expect(leaverFindings(deleted)).toEqual([]);
  });
});
