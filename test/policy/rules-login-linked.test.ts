// Rules judge "the state after the plan": what each target holds now, with the plan's changes
// played over it. Where accounts are linked by login (GitHub always, `accounts.linkBy: login`)
// what an account already held was no one's, so a rule saw only what the plan grants: a forbid
// on a GitHub team fired for the one person given it today and not for the twenty who hold it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { appPolicyWithAccounts, planWith, stateWith } from "../helpers/plan-with.js";
import { SCENARIOS } from "../helpers/scenario.js";

const config = `${readFileSync(join(SCENARIOS, "_base/scopesync.yaml"), "utf8").replace("targets:\n", `targets:
  github:
    type: github
    org: corp-org
    token: "\${env:GH_TOKEN}"
    state: state/github.json
`)}`;

const githubPolicy = `kind: AppPolicy
id: github
target: github
scope:
  include:
    - kinds: [person]
entitlements:
  - group: engineering
    entitlement: team:engineering
  - group: engineering
    entitlement: repo:infra:read
onLeaveScope: disable
`;

const rules = `kind: RuleSet
id: github-access
rules:
  - id: no-engineering-team
    severity: warning
    match: { kinds: [person] }
    forbid: { entitlements: ["github:team:engineering"] }
    message: holds the engineering team
  - id: infra-readers-in-platform
    severity: warning
    match: { kinds: [person], entitlements: ["github:repo:infra:read"] }
    require: { where: { department: Platform } }
    message: reads infra outside Platform
`;

type Account = { id: string; login: string; entitlements: string[] };
const githubState = (accounts: Account[]): string => JSON.stringify({ formatVersion: 1, target: "github", readAt: "2026-11-26T06:00:00Z", accounts: accounts.map((a) => ({ ...a, active: true, attributes: {} })), credentials: [] });

// grace holds both, justified: nothing changes for her. linus holds nothing: the plan grants both.
// ada (Platform) holds the team without a group for it: the plan revokes it. zed is no identity's.
const accounts: Account[] = [
  { id: "1", login: "ada", entitlements: ["team:engineering"] },
  { id: "2", login: "alan", entitlements: [] },
  { id: "3", login: "grace", entitlements: ["team:engineering", "repo:infra:read"] },
  { id: "4", login: "linus", entitlements: [] },
  { id: "5", login: "zed", entitlements: ["team:engineering", "repo:infra:read"] },
];

const hits = (plan: Plan, rule: string): string[] => plan.findings.filter((f) => f.rule === rule).map((f) => f.identity!);
const githubChanges = (plan: Plan): string[] => plan.changes.filter((c) => c.target === "github").map((c) => `${c.action} ${c.identity} ${c.entitlement ?? ""}`.trim());

describe("rules on a target whose accounts are linked by login", () => {
  const files = (state: Account[]) => ({ "scopesync.yaml": config, "policies/apps/github.yaml": githubPolicy, "policies/rules/github-access.yaml": rules, "state/github.json": githubState(state) });

  it("see what a GitHub member already holds and keeps, beside what the plan grants and without what it revokes", async () => {
    const { plan } = await planWith(files(accounts));
    expect(githubChanges(plan)).toEqual(["revoke ada team:engineering", "grant linus repo:infra:read", "grant linus team:engineering"]);
    // grace's team and repository are held and unchanged: the rule sees them as it sees linus's grants.
    expect(hits(plan, "no-engineering-team")).toEqual(["grace", "linus"]);
    expect(hits(plan, "infra-readers-in-platform")).toEqual(["grace", "linus"]);
    // zed's account is no identity's: it stays unmanaged, and no rule speaks of it.
    expect(hits(plan, "unmanaged-account")).toHaveLength(1);
    expect(plan.findings.filter((f) => f.rule.startsWith("no-") || f.rule.startsWith("infra-")).map((f) => f.message).join()).not.toContain("zed");
  });

  it("give the same findings whatever order the state lists the accounts in", async () => {
    const { plan: listed } = await planWith(files(accounts));
    const { plan: reversed } = await planWith(files([...accounts].reverse()));
    expect(hits(reversed, "no-engineering-team")).toEqual(["grace", "linus"]);
    expect(reversed.findings).toEqual(listed.findings);
  });

  it("built-in rules see it too: a leaver keeps an entitlement no policy manages on an account linked by login", async () => {
    const hr = readFileSync(join(SCENARIOS, "_base/hr.csv"), "utf8").replace("W4,linus,Linus,Torvalds,linus@corp.example,Active,Employee,Engineer,Engineering,W1,2022-04-04,", "W4,linus,Linus,Torvalds,linus@corp.example,Terminated,Employee,Engineer,Engineering,W1,2022-04-04,2026-11-20");
    const { plan } = await planWith({ "hr.csv": hr, "policies/apps/app.yaml": appPolicyWithAccounts("  linkBy: login"), "state/app.json": stateWith({ linus: { entitlements: ["team:engineering", "team:side-project"] } }) });
    expect(plan.changes.filter((c) => c.identity === "linus").map((c) => `${c.action} ${c.entitlement ?? ""}`.trim())).toEqual(["revoke team:engineering", "disable-account"]);
    const leaver = plan.findings.filter((f) => f.rule === "leaver-access-remaining");
    expect(leaver.map((f) => [f.identity, f.message])).toEqual([["linus", "linus is terminated but keeps entitlements app:team:side-project after this plan"]]);
  });
});
