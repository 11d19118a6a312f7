import { describe, expect, it } from "vitest";
import { planWith } from "../helpers/plan-with.js";

// Logins are compared normalised (case, spaces). The planner only keeps track of logins that
// more than one identity has; these cases are the ones where that could go wrong.
const HR = [
  "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate",
  "W1,ada,Ada,Lovelace,ada@corp.example,Active,Employee,Head of Platform,Platform,,2019-01-07,",
  "W2,alan,Alan,Turing,alan@corp.example,Active,Employee,Platform Engineer,Platform,W1,2020-02-03,",
  "W3,grace,Grace,Hopper,grace@corp.example,Active,Employee,Engineer,Engineering,W1,2021-03-01,",
  "W4,linus,Linus,Torvalds,linus@corp.example,Active,Employee,Engineer,Engineering,W1,2022-04-04,",
  // Same login as W3 once normalised, and in the app's scope: collides.
  "W5, GRACE ,Grace,Murray,gmurray@corp.example,Active,Employee,Engineer,Engineering,W1,2023-01-02,",
  // Same login as W4, but outside the app's scope (Sales): no collision in this app.
  "W6,linus,Linus,Pauling,lpauling@corp.example,Active,Employee,Chemist,Sales,W1,2023-01-02,",
  // A unique login, in scope: planned as usual.
  "W7,barbara,Barbara,Liskov,barbara@corp.example,Active,Employee,Engineer,Engineering,W1,2023-01-02,",
  // No login at all, in scope.
  "W8,,Edsger,Dijkstra,edsger@corp.example,Active,Employee,Engineer,Engineering,W1,2023-01-02,",
].join("\n");

describe("logins in an app", () => {
  it("reports a login two identities in scope would share, once, for the later one; plans the others", async () => {
    const { plan } = await planWith({ "hr.csv": `${HR}\n` });
    const findings = (rule: string) => plan.findings.filter((f) => f.rule === rule).map((f) => [f.identity, f.message]);
    expect(findings("login-collision")).toEqual([["hr.grace", 'hr.grace and grace would both use the login "grace" in app']]);
    expect(findings("missing-login")).toEqual([["w8", 'w8 is in the scope of app but has no "userName" to log in with; no account is planned']]);
    expect(plan.changes.filter((c) => c.action === "create-account").map((c) => [c.identity, c.login])).toEqual([["barbara", "barbara"]]);
    expect(plan.changes.some((c) => c.identity === "hr.grace" || c.identity === "hr.linus")).toBe(false);
  });
});
