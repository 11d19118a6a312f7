// A leaver offboarded on their last day who came back (rv107 H1). HR sets Terminated with today's
// date; the plan offboards them at once, its reason "status terminated in hr; termination date D
// still to come". The leavers report took a journal step for a leaving only by the reason's words,
// and these it did not know: once the person was rehired, the report left them out and said nothing
// was outstanding. The journal line now carries `lifecycle: "leaver"`, which the report reads; a
// line an older scopesync wrote (no field) is still read by its words, these included.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { LeaversReport } from "../../src/model/leavers-report.js";
import { exampleForTest } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";
import { engineeringFileRepo, type Person, type PolicyRepo } from "./helpers/policy-repo.js";

const repos: PolicyRepo[] = [];
afterEach(() => repos.splice(0).forEach((r) => r.cleanup()));

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe("report leavers: a leaver offboarded on their last day who came back", () => {
  it("is listed as returned, from the journal real applies wrote, whose lines say lifecycle leaver", async () => {
    const people: Person[] = [{ worker: "W1", login: "ada", department: "Engineering" }, { worker: "W4", login: "linus", department: "Engineering" }];
    const repo = engineeringFileRepo(people, [], []);
    repos.push(repo);
    expect((await repo.cli(["apply", "--auto-approve"], {})).code).toBe(0);
    // The plan's day (NOW, 2026-11-26) is linus's last: HR says Terminated with that date.
    repo.setPeople([people[0]!, { ...people[1]!, status: "Terminated", left: "2026-11-26" }]);
    const off = await repo.cli(["apply", "--auto-approve"], {});
    expect(off.code, off.stderr).toBe(0);
    const lines = repo.read(".scopesync/journal.jsonl").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    const linus = lines.filter((l) => l.identity === "linus" && l.phase === "done" && (l.action === "revoke" || l.action === "disable-account"));
    expect(linus.map((l) => [l.action, l.why, l.lifecycle])).toEqual([
      ["revoke", "status terminated in hr; termination date 2026-11-26 still to come", "leaver"],
      ["disable-account", "status terminated in hr; termination date 2026-11-26 still to come", "leaver"],
    ]);
    // Rehired under the same worker id: HR clears the date. The account comes back; no lifecycle on a return.
    repo.setPeople(people);
    expect((await repo.cli(["apply", "--auto-approve"], {})).code).toBe(0);
    const back = repo.read(".scopesync/journal.jsonl").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.identity === "linus" && l.action === "enable-account");
    expect(back.length).toBeGreaterThan(0);
    expect(back.every((l) => l.lifecycle === undefined)).toBe(true);
    // The journal's `at` is the wall clock: the period is the days around it.
    const at = Date.parse(String(linus[0]!.at));
    const out = await runCli(["report", "leavers", "--repo", repo.dir, "--since", day(at - DAY), "--until", day(at + DAY), "--format", "json"], { cwd: repo.dir });
    expect(out.code, out.stderr).toBe(0);
    const r = JSON.parse(out.stdout) as LeaversReport;
    expect(r.leavers.map((l) => [l.identity, l.status])).toEqual([["linus", "returned"]]);
    expect(r.leavers[0]!.targets[0]!.steps.map((s) => s.action)).toEqual(["revoke", "disable-account"]);
  }, 120_000);

  it("reads a line without the field by its words, the still-to-come leaving among them; a line with the field by the field", async () => {
    const dir = exampleForTest();
    mkdirSync(join(dir, ".scopesync"), { recursive: true });
    const base = { run: "r-1", review: "unreviewed-revocation", target: "local", attempts: 1, phase: "done", outcome: "applied" };
    const lines = [
      // Written before the field: only the words say it was a leaving.
      { identity: "daniel.reyes", account: "u-e8e94dccc66a", login: "daniel.reyes", at: "2026-03-13T07:00:01.000Z", action: "disable-account", why: "status terminated in hr; termination date 2026-03-13 still to come" },
      // The field decides, whatever the words.
      { identity: "hana.sato", account: "u-x", login: "hana.sato", at: "2026-03-14T07:00:00.000Z", action: "revoke", entitlement: "group:everyone", why: "the invitation was sent to hana.sato@acme.example; hana.sato: status terminated in hr", lifecycle: "leaver" },
      // A leave is no leaving.
      { identity: "ahmed.karimi", account: "u-y", login: "ahmed.karimi", at: "2026-03-15T07:00:00.000Z", action: "disable-account", why: "suspended in hr" },
    ];
    writeFileSync(join(dir, ".scopesync/journal.jsonl"), `${lines.map((l, i) => JSON.stringify({ ...base, change: `c${i}`, ...l })).join("\n")}\n`);
    const out = await runCli(["report", "leavers", "--repo", dir, "--now", "2026-12-06T00:00:00Z", "--since", "2026-03-01", "--until", "2026-03-31", "--format", "json"]);
    const r = JSON.parse(out.stdout) as LeaversReport;
    const names = r.leavers.map((l) => l.identity);
    expect(names).toContain("daniel.reyes");
    expect(names).toContain("hana.sato");
    expect(names).not.toContain("ahmed.karimi");
  });
});
