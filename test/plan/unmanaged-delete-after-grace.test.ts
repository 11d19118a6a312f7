// An account no identity has, disabled under unmanagedAccounts: disable, stayed disabled for ever
// (f94): a leaver's account is deleted once onLeaveScope: delete's grace period has passed, this
// one never was. Now its delete follows the same grace, counted from its disable, and from the
// disable scopesync's apply journal records where that is later (as a leaver's counts from the
// later of the disable and the leaving). The scenario unmanaged-offboarded on a `file` target,
// which records disabledAt when it disables; the real CLI plans and applies.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { SCENARIO_NOW, scenarioForTest } from "../helpers/scenario.js";

const DAY = 86_400_000;

async function plan(dir: string, now: string): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", now]);
  expect(r.stderr).toBe("");
  expect([0, 3]).toContain(r.code);
  return JSON.parse(r.stdout) as Plan;
}

const of = (p: Plan, login: string) => p.changes.filter((c) => c.identity === `account:${login}`).map((c) => c.action);

describe("unmanagedAccounts: disable with onLeaveScope: delete", () => {
  it("deletes the account scopesync disabled once the grace period since that disable has passed, and not before", async () => {
    const dir = await scenarioForTest("unmanaged-offboarded");
    const reviewed = join(dir, "reviewed.json");
    writeFileSync(reviewed, JSON.stringify(await plan(dir, SCENARIO_NOW)));
    const applied = await runCli(["apply", "--repo", dir, "--plan", reviewed, "--now", SCENARIO_NOW]);
    expect(applied.code, applied.stderr).toBe(0);
    const state = JSON.parse(readFileSync(join(dir, "state/app.json"), "utf8")) as { accounts: Array<{ login: string; active: boolean; disabledAt?: string }>; credentials: Array<{ id: string }> };
    expect(state.accounts.find((a) => a.login === "mallory")).toMatchObject({ active: false, disabledAt: new Date(SCENARIO_NOW).toISOString() });
    // Its key went in the same apply, before the disable.
    expect(state.credentials).toEqual([]);

    // The journal's `at` is the wall clock (the file target's disabledAt is the run's, pinned here):
    // the grace counts from the later of the two, whichever that is when this test runs.
    const journal = JSON.parse(readFileSync(join(dir, ".scopesync/journal.jsonl"), "utf8").trim().split("\n").reverse().find((l) => l.includes('"disable-account"') && l.includes('"done"'))!) as { at: string };
    const from = Math.max(Date.parse(SCENARIO_NOW), Date.parse(journal.at));
    expect(of(await plan(dir, new Date(from + 29 * DAY).toISOString()), "mallory")).toEqual([]);
    const later = await plan(dir, new Date(from + 31 * DAY).toISOString());
    expect(of(later, "mallory")).toEqual(["delete-account"]);
    const del = later.changes.find((c) => c.identity === "account:mallory")!;
    expect(del.origin).toBe("policy");
    expect(del.reason).toMatch(/^unmanaged account \(policies\/apps\/app\.yaml:1: unmanagedAccounts: disable\); (disabled by scopesync's apply on \S+ \(\.scopesync\/journal\.jsonl:\d+\), )?disabled since 2026-11-26T09:00:00\.000Z, past the 30d grace period of policies\/apps\/app\.yaml:1$/);
  });

  it("counts the grace from the journal's disable where that is later than the target's date, and names the journal line", async () => {
    const dir = await scenarioForTest("unmanaged-offboarded");
    // old-demo's state says disabled on 2026-10-01; scopesync's apply disabled it on 2026-11-10
    // (say, after someone enabled it again by hand and the state file kept the first date).
    mkdirSync(join(dir, ".scopesync"));
    const record = { at: "2026-11-10T06:00:00.000Z", run: "r1", phase: "done", outcome: "applied", target: "app", action: "disable-account", identity: "account:old-demo", account: "m2", login: "old-demo" };
    writeFileSync(join(dir, ".scopesync/journal.jsonl"), `${JSON.stringify(record)}\n`);
    expect(of(await plan(dir, SCENARIO_NOW), "old-demo")).toEqual([]);
    const later = await plan(dir, "2026-12-10T07:00:00Z");
    const del = later.changes.find((c) => c.identity === "account:old-demo")!;
    expect(del.action).toBe("delete-account");
    expect(del.reason).toBe("unmanaged account (policies/apps/app.yaml:1: unmanagedAccounts: disable); disabled by scopesync's apply on 2026-11-10T06:00:00.000Z (.scopesync/journal.jsonl:1), disabled since 2026-10-01T00:00:00Z, past the 30d grace period of policies/apps/app.yaml:1");
    expect(del.evidence).toEqual(["policies/apps/app.yaml:1", ".scopesync/journal.jsonl:1"]);
  });
});
