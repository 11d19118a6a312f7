// An Entra leave date that passes between the export and the plan (f66). Graph's user resource:
// employeeLeaveDateTime is "the date and time when the user left or will leave the organization",
// a DateTimeOffset "always in UTC time" (https://learn.microsoft.com/en-us/graph/api/resources/user),
// set ahead by HR provisioning or Lifecycle Workflows and reset to null to clear it
// (https://learn.microsoft.com/en-us/graph/tutorial-lifecycle-workflows-set-employeeleavedatetime).
// The entra source judged it at the export's time only: an export taken on the 1st with a leave
// date of the 3rd, planned with --now the 5th, kept Barbara active, and her access with her. It is
// judged at the later of the export and --now, as AD's accountExpires is, and the reason says the
// date decided. The CLI runs in child processes for the TZ runs, because TZ is read at start.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { entraExport, HR_AND_ENTRA_CONFIG } from "../helpers/entra-export.js";
import { appPolicyWithAccounts, changesOf, planWith, stateWith } from "../helpers/plan-with.js";
import { runCli } from "../helpers/run-cli.js";
import { SCENARIOS } from "../helpers/scenario.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const CLI = new URL("../../bin/scopesync.js", import.meta.url).pathname;
const temp = tempDirs();
const ID = "3f2a9c1e-7b4d-4e0a-9c6b-2d8e5f1a7b30";
const BARBARA = "barbara@corp.example";
/** Both exports were taken on the 1st (the HR export is the scenario base's): before every plan here, as an export must be (source-gate-future-export). */
const CONFIG = HR_AND_ENTRA_CONFIG.replace(/exportedAt: "[^"]+"/g, 'exportedAt: "2026-11-01T06:00:00Z"');
/** Barbara's account in the app, holding what her department gives. */
const STATE = stateWith({}, [{ id: "a5", login: BARBARA, externalId: `entra:${ID}`, active: true, attributes: { displayName: "Barbara Liskov", title: "Engineer", department: "Engineering" }, entitlements: ["team:engineering"] }]);
const LEFT = "left the organisation on 2026-11-03T17:00:00.000Z (employeeLeaveDateTime in entra has passed)";

function files(employeeHireDate: string, employeeLeaveDateTime: string | null): Record<string, string> {
  return { "scopesync.yaml": CONFIG, "entra.json": entraExport({ id: ID, employeeHireDate, employeeLeaveDateTime }), "state/app.json": STATE };
}

describe("an Entra employeeLeaveDateTime that passes after the export", () => {
  it("keeps her a second before it, and offboards her at it and after it, the reason naming the date", async () => {
    const leaver = files("2022-05-02T08:00:00Z", "2026-11-03T17:00:00Z");
    const before = await planWith(leaver, { now: "2026-11-03T16:59:59Z" });
    expect(changesOf(before.plan, BARBARA)).toEqual([]);
    for (const now of ["2026-11-03T17:00:00Z", "2026-11-05T09:00:00Z"]) {
      const { plan } = await planWith(leaver, { now });
      expect(plan.changes.filter((c) => c.identity === BARBARA).map((c) => [c.action, c.entitlement ?? null, c.reason]), now).toEqual([
        ["revoke", "team:engineering", LEFT],
        ["disable-account", null, LEFT],
      ]);
      // The source's own status, not a lagging one: nothing for termination-date-passed to say.
      expect(plan.findings.filter((f) => f.rule === "termination-date-passed"), now).toEqual([]);
    }
  });

  it("keeps the rehire rule: hired again after the leave date, she is between employments until the hire, then back", async () => {
    const rehire = files("2026-11-10T08:00:00Z", "2026-11-03T17:00:00Z");
    const gap = await planWith(rehire, { now: "2026-11-05T09:00:00Z" });
    expect(changesOf(gap.plan, BARBARA)).toEqual(["revoke team:engineering", "disable-account"]);
    expect(gap.plan.changes.find((c) => c.identity === BARBARA)?.reason).toBe(
      "left on 2026-11-03T17:00:00.000Z, rehired from 2026-11-10T08:00:00.000Z (terminationDate and hireDate in entra; entra says active, for the employment to come): between employments, a leaver in app until its access begins again on 2026-11-10T08:00:00.000Z",
    );
    const back = await planWith(rehire, { now: "2026-11-10T08:00:00Z" });
    expect(changesOf(back.plan, BARBARA)).toEqual([]);
    // With the app's preStart, the rehire's access has begun on the 5th too.
    const ahead = await planWith({ ...rehire, "policies/apps/app.yaml": appPolicyWithAccounts("  preStart: 7d") }, { now: "2026-11-05T09:00:00Z" });
    expect(changesOf(ahead.plan, BARBARA)).toEqual([]);
  });

  it("keeps her while the leave date is still to come, and when it is null", async () => {
    for (const leave of ["2026-12-31T17:00:00Z", null]) {
      const { plan } = await planWith(files("2022-05-02T08:00:00Z", leave), { now: "2026-11-05T09:00:00Z" });
      expect(changesOf(plan, BARBARA), String(leave)).toEqual([]);
    }
  });

  it("plans the same bytes under TZ=UTC, Pacific/Kiritimati (UTC+14) and America/Los_Angeles, around the date", () => {
    const repo = join(temp("scopesync-entra-leave-"), "r");
    cpSync(join(SCENARIOS, "_base"), repo, { recursive: true });
    for (const [path, content] of Object.entries(files("2022-05-02T08:00:00Z", "2026-11-03T17:00:00Z"))) {
      mkdirSync(dirname(join(repo, path)), { recursive: true });
      writeFileSync(join(repo, path), content);
    }
    const planIn = (tz: string, now: string) => {
      const r = spawnSync(process.execPath, [CLI, "plan", "--repo", repo, "--now", now, "--format", "json"], { encoding: "utf8", env: { PATH: process.env.PATH ?? "", TZ: tz } });
      expect({ tz, now, code: r.status, stderr: r.stderr }).toEqual({ tz, now, code: 0, stderr: "" });
      return r.stdout;
    };
    // In Kiritimati it is already the 4th local time at 16:59:59Z on the 3rd; in Los Angeles still the 3rd.
    for (const [now, expected] of [["2026-11-03T16:59:59Z", []], ["2026-11-03T17:00:00Z", ["revoke team:engineering", "disable-account"]]] as const) {
      const utc = planIn("UTC", now);
      expect(changesOf(JSON.parse(utc) as Plan, BARBARA), now).toEqual(expected);
      for (const tz of ["Pacific/Kiritimati", "America/Los_Angeles"]) expect(planIn(tz, now), `${tz} ${now}`).toBe(utc);
    }
  });

  // plan --from-snapshots plans on records read earlier: a date that passed since is said, with
  // what to do, rather than "correct their status in the source" (Entra has no such status).
  it("from a snapshot read before the date, termination-date-passed asks to read entra again", async () => {
    const repo = join(temp("scopesync-entra-snap-"), "r");
    cpSync(join(SCENARIOS, "_base"), repo, { recursive: true });
    for (const [path, content] of Object.entries(files("2022-05-02T08:00:00Z", "2026-11-03T17:00:00Z"))) writeFileSync(join(repo, path), content);
    expect((await runCli(["snapshot", "--repo", repo, "--now", "2026-11-02T09:00:00Z"])).code).toBe(0);
    const r = await runCli(["plan", "--repo", repo, "--format", "json", "--now", "2026-11-05T09:00:00Z", "--from-snapshots"]);
    const plan = JSON.parse(r.stdout) as Plan;
    expect(plan.findings.filter((f) => f.rule === "termination-date-passed").map((f) => [f.identity, f.message, f.remediation])).toEqual([[
      BARBARA,
      `${BARBARA}'s employeeLeaveDateTime in entra, 2026-11-03T17:00:00.000Z, has passed (the date and time the user left the organization), but the records planned on were read from entra before then: the plan does not offboard them`,
      "read entra again (a plan that reads it, not --from-snapshots, offboards them); if the date is wrong, correct or clear employeeLeaveDateTime in entra",
    ]]);
  });
});
