// rv84 finding 1: an HR row that says Terminated while its TerminationDate is still to come (HR
// entered a future-dated termination and the export's status flipped with it, or a garden leave).
// The plan offboarded at once with the reason "left the organisation on <the future date>" and no
// finding, so the reviewer could not tell a data-entry slip (they work two more weeks) from a
// deliberate early end. BambooHR keeps a future-dated leaver's access "until the future effective
// date" (bamboohr.screenstepslive.com/m/53914/l/587308-end-employment); Sage HR's termination date
// is "their last working day". The status decides, as HR's word (never a late offboarding); the
// reason says the date is to come, and termination-date-to-come tells the reviewer the two disagree.
import { describe, expect, it } from "vitest";
import { planWith } from "../helpers/plan-with.js";

const HR = (linus: string) => `WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate
W1,ada,Ada,Lovelace,ada@corp.example,Active,Employee,Head of Platform,Platform,,2019-01-07,
W2,alan,Alan,Turing,alan@corp.example,Active,Employee,Platform Engineer,Platform,W1,2020-02-03,
W3,grace,Grace,Hopper,grace@corp.example,Active,Employee,Engineer,Engineering,W1,2021-03-01,
W4,linus,Linus,Torvalds,linus@corp.example,${linus},Employee,Engineer,Engineering,W1,2022-04-04,2026-12-11
`;

describe("a person terminated in HR before their termination date", () => {
  it("is offboarded as the status says, with a reason that says the date is to come and a warning that the two disagree", async () => {
    const { plan } = await planWith({ "hr.csv": HR("Terminated") });
    const reason = "status terminated in hr; termination date 2026-12-11 still to come";
    expect(plan.changes.filter((c) => c.identity === "linus").map((c) => [c.action, c.entitlement, c.origin, c.reason])).toEqual([
      ["revoke", "team:engineering", "source", reason],
      ["disable-account", undefined, "source", reason],
    ]);
    expect(plan.findings.filter((f) => f.identity === "linus")).toEqual([
      {
        rule: "termination-date-to-come",
        severity: "warning",
        identity: "linus",
        message: "linus's termination date 2026-12-11 (hr) is still to come, but they are terminated (status terminated in hr): the plan offboards them now, as the status says, before their last working day is over",
        remediation: "if they work until 2026-12-11, set their status back to active in hr until then (the next plan keeps their access); if their access ends now (garden leave, a dismissal), nothing: the finding ends with the date",
        location: "hr hr.csv row 4 (line 5)",
        controls: ["NIST-SP800-53-PS-4", "NIST-SP800-53-AC-2(3)"],
        help: expect.any(String),
      },
    ]);
    // On leave with a termination date to come: the status says on leave, nothing disagrees.
    const onLeave = await planWith({ "hr.csv": HR("On Leave") });
    expect(onLeave.plan.findings.filter((f) => f.rule === "termination-date-to-come")).toEqual([]);
  });

  it("is a leaver with the date past once their last day is over, and nothing disagrees", async () => {
    const lastDay = await planWith({ "hr.csv": HR("Terminated") }, { now: "2026-12-11T23:59:59Z" });
    expect(lastDay.plan.findings.filter((f) => f.rule === "termination-date-to-come").map((f) => f.identity)).toEqual(["linus"]);
    const after = await planWith({ "hr.csv": HR("Terminated") }, { now: "2026-12-12T00:00:00Z" });
    expect(after.plan.changes.filter((c) => c.identity === "linus").map((c) => c.reason)).toEqual(["left the organisation on 2026-12-11 (status terminated in hr)", "left the organisation on 2026-12-11 (status terminated in hr)"]);
    expect(after.plan.findings.filter((f) => f.rule === "termination-date-to-come")).toEqual([]);
  });
});
