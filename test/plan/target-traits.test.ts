import { describe, expect, it } from "vitest";
import { planWith, stateWith } from "../helpers/plan-with.js";

// A GitHub org keeps no externalId and cannot edit its members: accounts link by login, and the
// plan never proposes what the target cannot do (it would come back as drift in every plan).
const githubConfig = `version: 1
organisation: scenario
sources:
  hr:
    type: csv
    path: hr.csv
    options:
      exportedAt: "2026-11-26T06:00:00Z"
targets:
  app:
    type: github
    org: scenario-org
    token: \${env:GITHUB_TOKEN}
    state: state/app.json
    runAs: scopesync-bot
`;
const unmarked = (changed: Record<string, Record<string, unknown>> = {}) =>
  stateWith(Object.fromEntries(["ada", "alan", "grace", "linus"].map((l) => [l, { externalId: undefined, ...changed[l] }])));
const HR = "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate\nW1,ada,Ada,Lovelace,ada@corp.example,Active,Employee,Head of Platform,Platform,,2019-01-07,\nW2,alan,Alan,Turing,alan@corp.example,Active,Employee,Platform Engineer,Platform,W1,2020-02-03,\nW3,grace,Grace,Hopper,grace@corp.example,Active,Employee,Engineer,Engineering,W1,2021-03-01,\nW4,linus,Linus,Torvalds,linus@corp.example,Terminated,Employee,Engineer,Engineering,W1,2022-04-04,2026-11-20\n";

describe("targets that cannot keep our anchor or edit accounts (GitHub)", () => {
  it("links accounts by login: a leaver's unmarked account is removed, not reported as unmanaged", async () => {
    const { plan } = await planWith({ "scopesync.yaml": githubConfig, "state/app.json": unmarked(), "hr.csv": HR });
    expect(plan.changes.filter((c) => c.identity === "linus").map((c) => `${c.action} ${c.entitlement ?? ""}`.trim())).toEqual(["revoke team:engineering", "disable-account"]);
    expect(plan.findings.some((f) => f.rule === "unmanaged-account" && f.identity === "linus")).toBe(false);
  });

  it("proposes no externalId link and no attribute update; says so once", async () => {
    const { plan } = await planWith({ "scopesync.yaml": githubConfig, "state/app.json": unmarked({ grace: { attributes: { displayName: "G. Hopper" } } }), "hr.csv": HR });
    expect(plan.changes.some((c) => c.action === "update-account")).toBe(false);
    const note = plan.findings.find((f) => f.rule === "target-cannot-update")!;
    expect(note.severity).toBe("info");
    expect(note.message).toContain("1 account(s) differ");
    expect(note.message).toContain("grace");
  });

  it("a file target with the same state does link by anchor and proposes the update", async () => {
    const { plan } = await planWith({ "state/app.json": unmarked({ grace: { attributes: { displayName: "G. Hopper" } } }), "hr.csv": HR });
    const update = plan.changes.find((c) => c.identity === "grace" && c.action === "update-account")!;
    // title is `ifEmpty` and the replaced attributes left it blank, so it is filled; department is onCreate.
    expect(update.attributes).toEqual({ displayName: { from: "G. Hopper", to: "Grace Hopper" }, title: { from: null, to: "Engineer" }, externalId: { from: null, to: "hr:W3" } });
  });
});
