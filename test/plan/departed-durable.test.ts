// departed-still-exported must outlast the snapshot it was found with. HR drops linus (W4) and
// the directory still exports him as active: the plan offboards him. The team then accepts the
// day's snapshot, as the sync workflow does every day; if the new snapshot simply lacked W4,
// nothing would tie the directory's record to him any more, and the next plan would make it a
// new person ("joiner"). So the snapshot keeps W4, terminated and marked departed, until no other
// source exports him as active.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { project, SCENARIO_NOW, SCENARIOS, scenarioForTest } from "../helpers/scenario.js";

type Snapshot = { records: Array<{ externalId: string; status: string; departed?: string }> };

async function plan(dir: string): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", SCENARIO_NOW]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

const hrSnapshot = (dir: string): Snapshot => JSON.parse(readFileSync(join(dir, "state", "sources", "hr.json"), "utf8")) as Snapshot;

describe("a departure outlasts the next accepted snapshot", () => {
  it("the snapshot keeps the leaver's record, terminated and marked departed; the next plan still offboards him and creates nothing", async () => {
    const dir = await scenarioForTest("departed-still-exported");
    const accepted = await runCli(["snapshot", "--repo", dir, "--now", SCENARIO_NOW]);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stdout).toContain("hr: keeps hr:W4 (linus) as a leaver: no longer in the export, but other sources still export them as active (departed-still-exported)\n");
    // The kept record is not churn: W4 was gone from this snapshot's export already.
    expect(accepted.stdout).toContain("hr: 3 records → state/sources/hr.json (0 added, 1 gone, 0 changed status: 25.0%)\n");
    expect(hrSnapshot(dir).records.map((r) => `${r.externalId} ${r.status}${r.departed ? ` departed ${r.departed}` : ""}`)).toEqual(["W1 active", "W2 active", "W3 active", "W4 terminated departed 2026-11-26"]);

    const after = await plan(dir);
    expect(project(after)).toBe(readFileSync(join(SCENARIOS, "departed-still-exported", "expected.txt"), "utf8"));
    expect(after.changes.filter((c) => c.action === "create-account")).toEqual([]);

    // Accepted again, the record stays, with the date it was first kept.
    const again = await runCli(["snapshot", "--repo", dir, "--now", "2026-11-27T09:00:00Z"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("hr: 3 records → state/sources/hr.json (0 added, 0 gone, 0 changed status: 0.0%)\n");
    expect(hrSnapshot(dir).records.find((r) => r.externalId === "W4")).toMatchObject({ status: "terminated", departed: "2026-11-26" });
  });

  it("once the directory says he left too, the record stays 90 days from when it was first kept (it says whose the directory's record is), then goes; no plan makes him new", async () => {
    const dir = await scenarioForTest("departed-still-exported");
    expect((await runCli(["snapshot", "--repo", dir, "--now", SCENARIO_NOW])).code).toBe(0);
    const exportPath = join(dir, "dir.csv");
    writeFileSync(exportPath, readFileSync(exportPath, "utf8").replace(",Active,", ",Terminated,"));
    const caughtUp = await runCli(["snapshot", "--repo", dir, "--now", SCENARIO_NOW]);
    expect(caughtUp.code, caughtUp.stderr).toBe(0);
    expect(caughtUp.stdout).toContain("hr: keeps hr:W4 (linus) as a leaver while dir:D4 is still exported: the anchor says whose that is\n");
    expect(hrSnapshot(dir).records.find((r) => r.externalId === "W4")).toMatchObject({ status: "terminated", departed: "2026-11-26" });
    const p = await plan(dir);
    expect(p.changes.filter((c) => c.action === "create-account" || c.action === "grant")).toEqual([]);
    expect(p.findings.filter((f) => f.rule === "departed-still-exported")).toEqual([]);
    // Past 90 days, while the directory still exports D4, W4 stays: without it, D4 alone would stand
    // for him, and a new hire merged with it by a recycled address would be taken for him.
    const later = await runCli(["snapshot", "--repo", dir, "--now", "2027-02-24T09:00:00Z"]);
    expect(later.code, later.stderr).toBe(0);
    expect(later.stdout).toContain("hr: keeps hr:W4 (linus) as a leaver while dir:D4 is still exported");
    // Once the directory drops D4 too, the 90 days being over, W4 goes, and the snapshot says so.
    writeFileSync(exportPath, readFileSync(exportPath, "utf8").split("\n").filter((l) => !l.startsWith("D4,")).join("\n"));
    // D4 was the directory's only record: its export is empty now, which a source of people may be
    // only by a reviewed acceptance (source-gate-empty). Committed as the refusal says, the snapshot is taken.
    const refused = await runCli(["snapshot", "--repo", dir, "--now", "2027-02-25T09:00:00Z"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("source-gate-empty");
    const accept = /gates\.accept: (\{ records: 0, [^}]*\})/.exec(refused.stderr)![1]!;
    const config = join(dir, "scopesync.yaml");
    writeFileSync(config, readFileSync(config, "utf8").replace("    path: dir.csv\n", `    path: dir.csv\n    gates:\n      accept: ${accept.replace('reason: "…"', 'reason: "the directory retired its last record"')}\n`));
    const gone = await runCli(["snapshot", "--repo", dir, "--now", "2027-02-25T09:00:00Z"]);
    expect(gone.code, gone.stderr).toBe(0);
    expect(gone.stdout).toContain("hr: lets hr:W4 (linus) go, kept as a leaver since 2026-11-26: an account of theirs still active in an app that links by login is unmanaged from now on\n");
    expect(hrSnapshot(dir).records.map((r) => r.externalId)).toEqual(["W1", "W2", "W3"]);
  });
});
