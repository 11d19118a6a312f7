// The same repository and --now give the same plan on every runner, whatever its TZ. Dates were
// read with Date.parse where they skipped the shared check (model/time.ts): a custom rule's maxAge
// read "2026-09-03T20:00:00" (no zone) in the runner's LOCAL time, so a blocking rule fired in
// Auckland and not in UTC, with the same fingerprint (it covers changes, not findings); a state
// file's disabledAt without a zone planned a delete in Auckland and none in UTC. The CLI runs in a
// child process because TZ is read when the process starts.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { editFile } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const CLI = new URL("../../bin/scopesync.js", import.meta.url).pathname;
// UTC+13 in December, UTC-8, UTC+14: the earliest and the latest clocks there are, and one between.
const ZONES = ["UTC", "Pacific/Auckland", "America/Los_Angeles", "Pacific/Kiritimati"];
const temp = tempDirs();

interface Run { code: number | null; stdout: string; stderr: string }

function planIn(tz: string, repo: string, now: string): Run {
  const r = spawnSync(process.execPath, [CLI, "plan", "--repo", repo, "--now", now, "--format", "json"], { encoding: "utf8", env: { PATH: process.env.PATH ?? "", TZ: tz } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The plan in every zone, held to the UTC one byte for byte: fingerprint, findings, exit code, errors. */
function sameInEveryZone(repo: string, now: string): Run {
  const utc = planIn("UTC", repo, now);
  for (const tz of ZONES.slice(1)) {
    const other = planIn(tz, repo, now);
    const plan = (r: Run) => (r.stdout ? (JSON.parse(r.stdout) as { fingerprint: string; findings: unknown[] }) : undefined);
    expect({ tz, code: other.code, fingerprint: plan(other)?.fingerprint, findings: plan(other)?.findings, stderr: other.stderr }).toEqual({ tz, code: utc.code, fingerprint: plan(utc)?.fingerprint, findings: plan(utc)?.findings, stderr: utc.stderr });
    expect(other.stdout, tz).toBe(utc.stdout);
  }
  return utc;
}

async function initRepo(): Promise<string> {
  const repo = join(temp("scopesync-tz-"), "r");
  const r = await runCli(["init", repo]);
  expect(r.code).toBe(0);
  return repo;
}

function person(repo: string, id: string, lastAccessReview: string, extra = ""): void {
  writeFileSync(join(repo, "identities/people", `${id}.yaml`), `kind: Person\nid: ${id}\nattributes:\n${extra}  lastAccessReview: "${lastAccessReview}"\n`);
}

describe("a plan under four TZ values", () => {
  it("judges a custom rule's maxAge the same, and reads no date without a zone or in a locale's form", async () => {
    const repo = await initRepo();
    // A recertification date kept in overlays: without a zone (as spreadsheets write it), in a
    // European tool's day-first form, and with its zone, 8 hours inside the 90 days.
    person(repo, "alex.doe", "2026-09-03T20:00:00", "  githubLogin: alexdoe\n");
    person(repo, "sam.roe", "10/11/2026");
    person(repo, "kim.poe", "2026-09-04T08:00:00+12:00");
    mkdirSync(join(repo, "policies/rules"), { recursive: true });
    writeFileSync(join(repo, "policies/rules/reviews.yaml"), [
      "kind: RuleSet", "id: reviews", "rules:", "  - id: access-review-current", "    severity: error", "    match:", "      kinds: [person]",
      "      where: { userName: [alex.doe, sam.roe, kim.poe] }", "    require:", "      maxAge: { lastAccessReview: 90d }", "    message: Access not reviewed in the last 90 days.", "",
    ].join("\n"));

    const r = sameInEveryZone(repo, "2026-12-02T12:00:00Z");
    expect(r.code).toBe(3);
    const findings = (JSON.parse(r.stdout) as { findings: Array<{ rule: string; severity: string; identity?: string; message: string; location?: string }> }).findings.filter((f) => f.rule === "access-review-current" || f.rule === "rule-date-unreadable");
    expect(findings.map((f) => `${f.severity} ${f.rule} ${f.identity}: ${f.message} (${f.location})`).sort()).toEqual([
      "error access-review-current alex.doe: Access not reviewed in the last 90 days. (policies/rules/reviews.yaml:4)",
      "error access-review-current sam.roe: Access not reviewed in the last 90 days. (policies/rules/reviews.yaml:4)",
      'warning rule-date-unreadable alex.doe: alex.doe\'s lastAccessReview "2026-09-03T20:00:00" is not a date, so rule access-review-current cannot compare it and its require fails (policies/rules/reviews.yaml:4)',
      'warning rule-date-unreadable sam.roe: sam.roe\'s lastAccessReview "10/11/2026" is not a date, so rule access-review-current cannot compare it and its require fails (policies/rules/reviews.yaml:4)',
    ]);
  });

  it("counts a delete grace period from a state file's disabledAt the same, and refuses one without a zone", async () => {
    const repo = await initRepo();
    editFile(join(repo, "exports/hr.csv"), (t) => t.replace("E101,sam.roe,Sam,Roe,sam.roe@example.com,Active", "E101,sam.roe,Sam,Roe,sam.roe@example.com,Terminated"));
    editFile(join(repo, "policies/apps/local.yaml"), (t) => t.replace("onLeaveScope: disable", "onLeaveScope: delete\ndeleteGracePeriod: 30d"));
    const state = (disabledAt: string) => writeFileSync(join(repo, "state/local.json"), JSON.stringify({ formatVersion: 1, readAt: "2026-11-30T11:00:00Z", accounts: [{ id: "2", login: "sam.roe", externalId: "hr:E101", active: false, attributes: {}, entitlements: [], disabledAt }], credentials: [] }));
    const now = "2026-11-30T12:00:00Z";

    // 2026-10-31T07:00:00Z: the 30 days are up at 07:00Z today, before --now.
    state("2026-10-31T20:00:00+13:00");
    const zoned = sameInEveryZone(repo, now);
    expect(zoned.code).toBe(0);
    expect((JSON.parse(zoned.stdout) as { changes: Array<{ action: string; identity: string }> }).changes.filter((c) => c.identity === "sam.roe").map((c) => c.action)).toEqual(["delete-account"]);

    // Without a zone it is 07:00Z in Auckland (delete) and 20:00Z in UTC (not yet): refused in every zone.
    state("2026-10-31T20:00:00");
    const zoneless = sameInEveryZone(repo, now);
    expect({ code: zoneless.code, stdout: zoneless.stdout }).toEqual({ code: 1, stdout: "" });
    expect(zoneless.stderr).toContain('error: target "local": state/local.json:1:177: accounts[0] (sam.roe) disabledAt "2026-10-31T20:00:00" is not a date');
    expect(readFileSync(join(repo, "state/local.json"), "utf8")).toContain('"disabledAt":"2026-10-31T20:00:00"');
  });
});
