// `validate --now`: what validate says that depends on time is judged at that time, as `plan --now`
// judges it. Before, validate took no --now: an Entra leave date (or AD's accountExpires) that passed
// after the export was still to come in what it checked, the gates' time limits were never checked,
// and an exception's length ran from the wall clock, whatever time the plan under review was made
// for. The value is parsed as plan's is (an offset is an instant; a malformed one is refused with
// its fix, no stack trace).
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { entraExport, HR_AND_ENTRA_CONFIG } from "../helpers/entra-export.js";
import { runCli } from "../helpers/run-cli.js";
import { SCENARIOS } from "../helpers/scenario.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const temp = tempDirs();

/** The scenario base with `files` added or replaced. */
function repoWith(files: Record<string, string>): string {
  const dir = temp("scopesync-validate-now-");
  cpSync(join(SCENARIOS, "_base"), dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const validate = (dir: string, ...args: string[]) => runCli(["validate", "--repo", dir, "--json", ...args]);
type Report = { valid: boolean; problems: { file: string; message: string }[]; warnings: { message: string }[]; notes: string[] };
const report = async (dir: string, ...args: string[]): Promise<Report> => JSON.parse((await validate(dir, ...args)).stdout) as Report;

describe("validate --now", () => {
  it("judges an Entra leave date that passed after the export at --now, as plan does (an offset read as the instant it names)", async () => {
    // Barbara's export was taken on the 1st; she leaves on the 3rd at 17:00 UTC. Once she has left,
    // she holds the attribute terminatedBy (the date decided it), and a group's `where:` that
    // miscapitalises it is the error a plan at that time blocks on (where-attribute-unknown).
    const dir = repoWith({
      "scopesync.yaml": HR_AND_ENTRA_CONFIG.replace(/exportedAt: "[^"]+"/g, 'exportedAt: "2026-11-01T06:00:00Z"'),
      "entra.json": entraExport({ id: "3f2a9c1e-7b4d-4e0a-9c6b-2d8e5f1a7b30", employeeHireDate: "2022-05-02T08:00:00Z", employeeLeaveDateTime: "2026-11-03T17:00:00Z" }),
      "identities/groups/left-by-date.yaml": "kind: Group\nid: left-by-date\nbirthright:\n  - kinds: [person]\n    where: { terminatedby: employeeLeaveDateTime }\n",
    });
    const typo = (r: Report) => r.problems.filter((p) => p.message.includes('did you mean "terminatedBy"?'));

    // Without --now: the export's time, before the leave date; nobody holds terminatedBy.
    expect(typo(await report(dir))).toEqual([]);
    // 18:00 at +01:00 is 17:00 UTC, the leave date itself: she has left.
    const left = await report(dir, "--now", "2026-11-03T18:00:00+01:00");
    expect(left.valid).toBe(false);
    expect(typo(left)).toEqual([expect.objectContaining({ file: "identities/groups/left-by-date.yaml" })]);
    // A second before it she has not.
    expect(typo(await report(dir, "--now", "2026-11-03T17:59:59+01:00"))).toEqual([]);
  });

  it("runs an exception's length from --now, not from the wall clock", async () => {
    const dir = repoWith({
      "scopesync.yaml": readBase("scopesync.yaml").replace("organisation: scenario\n", "organisation: scenario\nexceptions: { maxLength: 30d }\n"),
      "policies/rules/oncall.yaml": "kind: RuleSet\nid: oncall\nexceptions:\n  - rule: credential-max-age\n    identity: ada\n    reason: on call through the holidays\n    approver: grace\n    ticket: SEC-1\n    expiresAt: \"2027-01-03\"\n",
    });
    // From the clock (December 2026) 30 days reach past 2027-01-03; from 2026-11-26 they end on 2026-12-26.
    expect((await report(dir)).problems).toEqual([]);
    const at = await report(dir, "--now", "2026-11-26T09:00:00Z");
    expect(at.valid).toBe(false);
    expect(at.problems.map((p) => p.message)).toEqual([expect.stringContaining("runs until 2027-01-03, longer than an exception may run: 30d (scopesync.yaml exceptions.maxLength), so until 2026-12-26 at the latest")]);
  });

  it("checks the gates that need a clock at --now: an export older than maxAge is said to fail its gates", async () => {
    const dir = repoWith({ "scopesync.yaml": readBase("scopesync.yaml").replace('maxChurn: "60%"', 'maxChurn: "60%"\n      maxAge: 7d') });
    const failing = (r: Report) => r.notes.filter((n) => n.includes('source "hr" fails its quality gates'));
    expect(failing(await report(dir, "--now", "2026-11-27T09:00:00Z"))).toEqual([]);
    expect(failing(await report(dir, "--now", "2026-12-20T09:00:00Z"))).toHaveLength(1);
  });

  it("refuses a --now that is not a date as plan does: the value, why, the fix, no stack trace", async () => {
    const dir = repoWith({});
    for (const [value, why] of [["2026-02-30", "is not a date\n  fix: use an RFC 3339 date-time such as 2026-11-26T09:00:00Z"], ["2026-11-26T23:59:60Z", "is not a date: second 60 is a leap second"]] as const) {
      const r = await runCli(["validate", "--repo", dir, "--now", value]);
      const planned = await runCli(["plan", "--repo", dir, "--now", value]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`--now "${value}" ${why}`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stderr).toBe(planned.stderr);
    }
  });
});

/** A file of the scenario base. */
function readBase(path: string): string {
  return readFileSync(join(SCENARIOS, "_base", path), "utf8");
}
