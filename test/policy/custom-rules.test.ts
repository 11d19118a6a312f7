import { describe, expect, it } from "vitest";
import { planWith, stateWith } from "../helpers/plan-with.js";

// Declarative rules in policies/rules/, evaluated on what identities hold once the plan is applied.

const crmPolicy = `kind: AppPolicy
id: crm
target: app
scope:
  include:
    - kinds: [person]
entitlements:
  - group: approvers
    entitlement: group:finance-approvers
  - group: sales-ops
    entitlement: group:sales-ops
`;
const group = (id: string, members: string[]) => `kind: Group\nid: ${id}\nmembers:${members.length ? `\n${members.map((m) => `  - identity: ${m}\n`).join("")}` : " []\n"}`;
const sodRules = (exceptions = "") => `kind: RuleSet
id: finance
rules:
  - id: sod-approver-sales-ops
    severity: error
    match:
      kinds: [person]
      entitlements: ["crm:group:finance-approvers"]
    forbid:
      entitlements: ["crm:group:sales-ops"]
    message: Holds both finance-approvers and sales-ops (separation of duties).
    remediation: Remove one of the two memberships.
    controls: ["NIST-SP800-53-AC-5"]
    reviewers: ["@corp/finance-controls"]
${exceptions}`;
const base = { "policies/apps/app.yaml": crmPolicy, "identities/groups/approvers.yaml": group("approvers", ["grace"]) };

describe("custom rules", () => {
  it("a separation-of-duties conflict blocks the plan, naming rule, identity and file:line", async () => {
    const { plan, code } = await planWith({ ...base, "identities/groups/sales-ops.yaml": group("sales-ops", ["grace", "linus"]), "policies/rules/finance.yaml": sodRules() });
    const hits = plan.findings.filter((f) => f.rule === "sod-approver-sales-ops");
    expect(hits.map((f) => [f.identity, f.severity, f.location, f.controls])).toEqual([["grace", "error", "policies/rules/finance.yaml:4", ["NIST-SP800-53-AC-5"]]]);
    expect(plan.blocked).toBe(true);
    expect(code).toBe(3);
  });

  it("holding only one side of the conflict is fine", async () => {
    const { plan } = await planWith({ ...base, "identities/groups/sales-ops.yaml": group("sales-ops", ["linus"]), "policies/rules/finance.yaml": sodRules() });
    expect(plan.findings.some((f) => f.rule === "sod-approver-sales-ops")).toBe(false);
  });

  it("judges the state after the plan: a conflict the plan removes does not fire", async () => {
    // grace holds sales-ops in the app today, but no group grants it any more: the plan revokes it.
    const state = stateWith({ grace: { entitlements: ["group:finance-approvers", "group:sales-ops"] } });
    const { plan } = await planWith({ ...base, "identities/groups/sales-ops.yaml": group("sales-ops", ["linus"]), "policies/rules/finance.yaml": sodRules(), "state/app.json": state });
    expect(plan.changes.some((c) => c.identity === "grace" && c.action === "revoke" && c.entitlement === "group:sales-ops")).toBe(true);
    expect(plan.findings.some((f) => f.rule === "sod-approver-sales-ops")).toBe(false);
  });

  it("require with where, attributes and date operators", async () => {
    const rules = `kind: RuleSet
id: hygiene
rules:
  - id: platform-only-admins
    severity: warning
    match: { entitlements: ["app:role:admin"] }
    require: { where: { department: Platform }, attributes: [manager] }
    message: Admins must be in Platform and have a manager.
  - id: recent-hires-no-admin
    severity: warning
    match: { kinds: [person] }
    forbid: { entitlements: ["app:role:admin"], after: { hireDate: "2020-01-01" } }
    message: Nobody hired after 2020 holds admin without review.
  - id: new-joiner-watch
    severity: info
    match: { kinds: [person] }
    forbid: { maxAge: { hireDate: 30d } }
    message: Joined in the last 30 days.
`;
    const { plan } = await planWith({ "policies/rules/hygiene.yaml": rules, "hr.csv": "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate\nW1,ada,Ada,Lovelace,ada@corp.example,Active,Employee,Head of Platform,Platform,,2019-01-07,\nW2,alan,Alan,Turing,alan@corp.example,Active,Employee,Platform Engineer,Platform,W1,2020-02-03,\nW3,grace,Grace,Hopper,grace@corp.example,Active,Employee,Engineer,Engineering,W1,2021-03-01,\nW4,linus,Linus,Torvalds,linus@corp.example,Active,Employee,Engineer,Engineering,W1,2026-11-10,\n" });
    const by = (rule: string) => plan.findings.filter((f) => f.rule === rule).map((f) => f.identity).sort();
    expect(by("platform-only-admins")).toEqual(["ada"]); // no manager; alan has one
    expect(by("recent-hires-no-admin")).toEqual(["alan"]); // hired 2020-02-03, holds role:admin
    expect(by("new-joiner-watch")).toEqual(["linus"]);
  });

  // Date.parse read "10/31/2026" as 31 October (month first, local time), so this forbid fired for
  // grace; the docs say a value that is not a date makes the condition false. It does not fire now,
  // and a warning names the value, so a forbid that cannot be judged is not silent.
  it("a forbid on a date attribute that is not a date does not fire, and says so", async () => {
    const rules = `kind: RuleSet
id: contracts
rules:
  - id: approver-after-contract
    severity: error
    match: { kinds: [person], entitlements: ["crm:group:finance-approvers"] }
    forbid: { before: { contractEnd: "2026-11-26" } }
    message: Approver whose contract has ended.
`;
    const person = (id: string, contractEnd: string) => `kind: Person\nid: ${id}\nattributes:\n  contractEnd: "${contractEnd}"\n`;
    const { plan, code } = await planWith({ ...base, "identities/groups/approvers.yaml": group("approvers", ["grace", "ada"]), "identities/groups/sales-ops.yaml": group("sales-ops", []), "policies/rules/contracts.yaml": rules, "identities/people/grace.yaml": person("grace", "10/31/2026"), "identities/people/ada.yaml": person("ada", "2026-10-31") });
    expect(plan.findings.filter((f) => f.rule === "approver-after-contract" || f.rule === "rule-date-unreadable").map((f) => `${f.severity} ${f.rule} ${f.identity}: ${f.message} | ${f.remediation} (${f.location})`)).toEqual([
      "error approver-after-contract ada: Approver whose contract has ended. | undefined (policies/rules/contracts.yaml:4)",
      'warning rule-date-unreadable grace: grace\'s contractEnd "10/31/2026" is not a date, so rule approver-after-contract cannot compare it and its forbid does not fire | write contractEnd as YYYY-MM-DD or an RFC 3339 date-time with a zone (2026-09-03T20:00:00Z): a date-time without one names a different instant in each time zone, and 10/11/2026 a different day in each country (policies/rules/contracts.yaml:4)',
    ]);
    expect(code).toBe(3);
  });
});

describe("exceptions", () => {
  const exception = (expiresAt: string) => `exceptions:
  - rule: sod-approver-sales-ops
    identity: grace
    expiresAt: ${expiresAt}
    approver: ada
    ticket: FIN-9
    reason: quarter-end cover
`;
  const files = (expiresAt: string) => ({ ...base, "identities/groups/sales-ops.yaml": group("sales-ops", ["grace"]), "policies/rules/finance.yaml": sodRules(exception(expiresAt)) });

  it("a valid exception sets the finding aside and lists it separately", async () => {
    const { plan } = await planWith(files("2027-01-31"));
    expect(plan.findings.some((f) => f.rule === "sod-approver-sales-ops")).toBe(false);
    expect(plan.blocked).toBe(false);
    expect(plan.exceptions).toEqual([{ rule: "sod-approver-sales-ops", identity: "grace", expiresAt: "2027-01-31", approver: "ada", ticket: "FIN-9", reason: "quarter-end cover", message: "Holds both finance-approvers and sales-ops (separation of duties).", at: "policies/rules/finance.yaml:16" }]);
  });

  it("an expired exception no longer applies, and the finding says so", async () => {
    const { plan } = await planWith(files("2026-11-01"));
    expect(plan.exceptions).toEqual([]);
    const f = plan.findings.find((x) => x.rule === "sod-approver-sales-ops")!;
    expect(f.message).toContain("(exception FIN-9 at policies/rules/finance.yaml:16 expired on 2026-11-01)");
    expect(plan.blocked).toBe(true);
  });

  // The approver ada, as HR exports her: terminated, or dropped from the export altogether.
  const header = "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate";
  const others = "W2,alan,Alan,Turing,alan@corp.example,Active,Employee,Platform Engineer,Platform,,2020-02-03,\nW3,grace,Grace,Hopper,grace@corp.example,Active,Employee,Engineer,Engineering,W2,2021-03-01,\nW4,linus,Linus,Torvalds,linus@corp.example,Active,Employee,Engineer,Engineering,W2,2022-04-04,\n";
  const adaTerminated = "W1,ada,Ada,Lovelace,ada@corp.example,Terminated,Employee,Head of Platform,Platform,,2019-01-07,2026-11-20\n";

  it("an exception whose approver has left no longer applies, and the finding says why", async () => {
    const { plan } = await planWith({ ...files("2027-01-31"), "hr.csv": `${header}\n${adaTerminated}${others}` });
    expect(plan.exceptions).toEqual([]);
    const f = plan.findings.find((x) => x.rule === "sod-approver-sales-ops")!;
    expect(f.message).toContain('(exception FIN-9 at policies/rules/finance.yaml:16 was approved by "ada", who is no longer an active person, so it no longer applies)');
    expect(plan.blocked).toBe(true);
  });

  it("an approver no source exports: the plan is still made, warns at the approver's line, and the exception lapses", async () => {
    const { plan, code } = await planWith({ ...files("2027-01-31"), "hr.csv": `${header}\n${others}` });
    expect(code).toBe(3); // blocked by the finding the exception no longer sets aside, not stopped by the name
    expect(plan.exceptions).toEqual([]);
    const warned = plan.findings.filter((x) => x.rule === "person-not-in-sources");
    expect(warned.map((x) => [x.severity, x.location, x.message])).toEqual([
      ["warning", "policies/rules/finance.yaml:19", 'approver "ada" is a person no source exports: the exception no longer applies: a waiver needs an approver who is still an active person'],
      ["warning", "identities/groups/platform-admins.yaml:4", 'owner "ada" is a person no source exports: the group has one accountable owner fewer'],
    ]);
  });
});

describe("required reviewers", () => {
  it("lists the teams a grant needs, per change and for the plan; revocations need none", async () => {
    const state = stateWith({ linus: { entitlements: ["team:engineering", "group:finance-approvers"] } });
    const { plan } = await planWith({ ...base, "identities/groups/sales-ops.yaml": group("sales-ops", []), "policies/rules/finance.yaml": sodRules(), "state/app.json": state });
    const grant = plan.changes.find((c) => c.identity === "grace" && c.entitlement === "group:finance-approvers")!;
    expect(grant.reviewers).toEqual(["@corp/finance-controls"]);
    const revoke = plan.changes.find((c) => c.identity === "linus" && c.entitlement === "group:finance-approvers")!;
    expect(revoke.action).toBe("revoke");
    expect(revoke.reviewers).toBeUndefined();
    expect(plan.approvals).toEqual([{ reviewer: "@corp/finance-controls", changes: 1 }]);
  });
});
