// scopesync.yaml `timeZone`: an HR export's bare dates are days of the organisation's zone. Read as
// UTC days (as they were, and still are without the setting), a Tokyo leaver's last day was over
// nine hours late, a Los Angeles joiner started eight hours early, and a Berlin last day ended an
// hour off on the days the clocks change. Each case plans the same export with and without the zone.
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { BASE_STATE, changesOf, planWith } from "../helpers/plan-with.js";

const HEADER = "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate";
const BASE_ROWS = [
  "W1,ada,Ada,Lovelace,ada@corp.example,Active,Employee,Head of Platform,Platform,,2019-01-07,",
  "W2,alan,Alan,Turing,alan@corp.example,Active,Employee,Platform Engineer,Platform,W1,2020-02-03,",
  "W3,grace,Grace,Hopper,grace@corp.example,Active,Employee,Engineer,Engineering,W1,2021-03-01,",
];

/** The scenario base's hr source, exported at `exportedAt`, with the organisation's and the source's zone where given. */
function config(exportedAt: string, zone?: string, sourceZone?: string): string {
  return `version: 1
organisation: scenario
${zone ? `timeZone: ${zone}\n` : ""}sources:
  hr:
    type: csv
    path: hr.csv
${sourceZone ? `    timeZone: ${sourceZone}\n` : ""}    authoritative: [name, department, title, manager, employmentType, status, employeeId, hireDate, terminationDate]
    options:
      exportedAt: "${exportedAt}"
targets:
  app:
    type: file
    path: state/app.json
    runAs: scopesync-bot
`;
}

/** The base, linus with the given status and dates, the export and the state both read an hour before `now`. */
async function planAt(now: string, linus: { status: string; hired: string; left?: string }, zone?: string, sourceZone?: string): Promise<Plan> {
  const before = new Date(Date.parse(now) - 3_600_000).toISOString();
  const hr = [HEADER, ...BASE_ROWS, `W4,linus,Linus,Torvalds,linus@corp.example,${linus.status},Employee,Engineer,Engineering,W1,${linus.hired},${linus.left ?? ""}`].join("\n") + "\n";
  const state = JSON.stringify({ ...BASE_STATE, readAt: before, accounts: BASE_STATE.accounts.filter((a) => a.login !== "linus") });
  const { plan } = await planWith({ "scopesync.yaml": config(before, zone, sourceZone), "hr.csv": hr, "state/app.json": state }, { now });
  return plan;
}

const rules = (plan: Plan, rule: string) => plan.findings.filter((f) => f.rule === rule && f.identity === "linus").map((f) => f.message);

describe("timeZone: bare dates are the organisation's days", () => {
  it("east of UTC: a Tokyo last day is over at Tokyo's midnight, nine hours before UTC's", async () => {
    // 16:00 UTC on the 25th is 01:00 on the 26th in Tokyo: the 25th, the last day, is over there.
    const active = { status: "Active", hired: "2022-04-04", left: "2026-11-25" };
    expect(rules(await planAt("2026-11-25T16:00:00Z", active, "Asia/Tokyo"), "termination-date-passed")).toEqual([expect.stringContaining("2026-11-25[Asia/Tokyo]")]);
    expect(rules(await planAt("2026-11-25T16:00:00Z", active), "termination-date-passed")).toEqual([]);
    // A source's own zone overrides the organisation's: UTC days again.
    expect(rules(await planAt("2026-11-25T16:00:00Z", active, "Asia/Tokyo", "UTC"), "termination-date-passed")).toEqual([]);
  });

  it("west of UTC: a Los Angeles joiner starts at Los Angeles' midnight, eight hours after UTC's", async () => {
    // 03:00 UTC on the 27th is 19:00 on the 26th in Los Angeles: the first day has not begun there.
    const joiner = { status: "Active", hired: "2026-11-27" };
    const la = await planAt("2026-11-27T03:00:00Z", joiner, "America/Los_Angeles");
    expect(changesOf(la, "linus")).toEqual([]);
    expect(rules(la, "joiner-not-started")).toEqual([expect.stringContaining("linus starts on 2026-11-27[America/Los_Angeles]")]);
    expect(changesOf(await planAt("2026-11-27T03:00:00Z", joiner), "linus")).toEqual(["create-account", "grant team:engineering"]);
    // From 08:00 UTC, midnight there, they have.
    expect(changesOf(await planAt("2026-11-27T08:00:00Z", joiner, "America/Los_Angeles"), "linus")).toEqual(["create-account", "grant team:engineering"]);
  });

  it("a day the clocks change is 23 or 25 hours long: Berlin's last days in March and October", async () => {
    // 29 March: clocks go forward at 02:00, the day ends at 22:00 UTC (a fixed +01:00 says 23:00).
    const march = { status: "Active", hired: "2022-04-04", left: "2026-03-29" };
    expect(rules(await planAt("2026-03-29T22:30:00Z", march, "Europe/Berlin"), "termination-date-passed")).toHaveLength(1);
    expect(rules(await planAt("2026-03-29T21:30:00Z", march, "Europe/Berlin"), "termination-date-passed")).toEqual([]);
    expect(rules(await planAt("2026-03-29T22:30:00Z", march), "termination-date-passed")).toEqual([]);
    // 25 October: clocks go back at 03:00, the day ends at 23:00 UTC (a fixed +02:00 says 22:00).
    const october = { status: "Active", hired: "2022-04-04", left: "2026-10-25" };
    expect(rules(await planAt("2026-10-25T22:30:00Z", october, "Europe/Berlin"), "termination-date-passed")).toEqual([]);
    expect(rules(await planAt("2026-10-25T23:00:00Z", october, "Europe/Berlin"), "termination-date-passed")).toHaveLength(1);
  });
});

