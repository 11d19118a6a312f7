// `scopesync report leavers`: what an auditor asks ("show me that offboarding happened"), answered
// from scopesync's own records, against the scimmy SCIM server and the journal real applies wrote.
// linus left and his reviewed offboarding was applied; grace left and hers failed (an app that
// answers PATCH without making the change: apply checks, and journals `failed`). The report lists
// both, each step with its time, result and approval, and what is outstanding: grace's revocations,
// still planned, with the failed attempt. It exits 2 while something is outstanding and 0 once the
// same apply, run again, has done it; the same inputs give the same bytes.
import { describe, expect, it } from "vitest";
import type { LeaversReport } from "../../src/model/leavers-report.js";
import type { Identity } from "../../src/model/identity.js";
import { leaverNames } from "../../src/plan/leavers-report.js";
import { renderLeaversMarkdown } from "../../src/plan/render/leavers-report.js";
import { runCli } from "../helpers/run-cli.js";
import type { Person } from "./helpers/policy-repo.js";
import { scimEngineering } from "./helpers/scim-engineering.js";

const base: Person[] = [
  { worker: "W1", login: "ada", department: "Engineering" },
  { worker: "W3", login: "grace", department: "Engineering" },
  { worker: "W4", login: "linus", department: "Engineering" },
];
const leaving = (who: readonly string[]) => base.map((p) => (who.includes(p.login) ? { ...p, status: "Terminated" as const } : p));
const scim = scimEngineering(base);

const report = (format: string) => scim.repo().cli(["report", "leavers", "--since", "2026-11-01", "--until", "2026-11-30", "--format", format], scim.env());
/** state pull as a scheduled job runs it (no --now): the state file's readAt is the wall clock, after the journal's lines. */
const pull = async () => expect((await runCli(["state", "pull", "--repo", scim.repo().dir], { env: scim.env(), cwd: scim.repo().dir })).code).toBe(0);

describe("report leavers", () => {
  it("lists each leaver's steps from the journal with approval, and what is outstanding, from real applies", async () => {
    expect((await scim.repo().cli(["apply", "--auto-approve"], scim.env())).code).toBe(0);
    scim.repo().setPeople(leaving(["linus"]));
    const reviewed = (await scim.repo().plan(scim.env(), "linus.json")).plan;
    expect((await scim.repo().cli(["apply", "--plan", "linus.json"], scim.env())).code).toBe(0);
    // grace leaves; the app then takes PATCHes without making them: her offboarding fails.
    scim.repo().setPeople(leaving(["linus", "grace"]));
    await scim.repo().plan(scim.env(), "grace.json");
    await scim.server().inject({ ignorePatches: true });
    expect((await scim.repo().cli(["apply", "--plan", "grace.json"], scim.env())).code).toBe(1);
    await scim.server().inject({});
    await pull();

    const json = await report("json");
    expect(json.code, json.stderr).toBe(2);
    const r = JSON.parse(json.stdout) as LeaversReport;
    expect(r.period).toEqual({ since: "2026-11-01T00:00:00.000Z", until: "2026-12-01T00:00:00.000Z" });
    expect(r.generatedAt).toBe("2026-11-26T09:00:00.000Z");
    expect(r.leavers.map((l) => [l.identity, l.status, l.left.terminationDate, l.left.source, l.outstanding])).toEqual([
      ["grace", "terminated", "2026-11-20", "hr", 2],
      ["linus", "terminated", "2026-11-20", "hr", 0],
    ]);
    const journal = scim.repo().read(".scopesync/journal.jsonl").split("\n");
    const lineOf = (who: string, action: string, phase: string) => journal.findIndex((l) => l.includes(`"identity":"${who}"`) && l.includes(`"action":"${action}"`) && l.includes(`"phase":"${phase}"`)) + 1;
    const atOf = (line: number) => (JSON.parse(journal[line - 1]!) as { at: string }).at;

    const linus = r.leavers.find((l) => l.identity === "linus")!;
    expect(linus.left.reason).toBe("left the organisation on 2026-11-20 (status terminated in hr)");
    expect(linus.left.record).toMatch(/^hr\.csv row 3 \(line 4\)$/);
    const [crm] = linus.targets;
    expect(crm!.target).toBe("crm");
    expect(crm!.account).toMatchObject({ login: "linus", active: false });
    expect(crm!.steps.map((s) => [s.action, s.entitlement, s.result, s.review, s.fingerprint, s.at, s.line])).toEqual([
      ["revoke", "group:Engineering", "applied", "reviewed", reviewed.fingerprint, atOf(lineOf("linus", "revoke", "done")), `.scopesync/journal.jsonl:${lineOf("linus", "revoke", "done")}`],
      ["disable-account", undefined, "applied", "reviewed", reviewed.fingerprint, atOf(lineOf("linus", "disable-account", "done")), `.scopesync/journal.jsonl:${lineOf("linus", "disable-account", "done")}`],
    ]);
    expect(crm!.outstanding).toEqual([]);

    const grace = r.leavers.find((l) => l.identity === "grace")!.targets[0]!;
    expect(grace.account).toMatchObject({ login: "grace", active: true });
    expect(grace.steps.map((s) => [s.action, s.result])).toEqual([["revoke", "failed"], ["disable-account", "failed"]]);
    expect(grace.outstanding.map((o) => [o.kind, "action" in o ? o.action : undefined, o.kind === "planned" ? o.lastAttempt?.replace(/: .*\(/, ": … (") : undefined])).toEqual([
      ["planned", "revoke", `failed at ${atOf(lineOf("grace", "revoke", "failed"))}: … (.scopesync/journal.jsonl:${lineOf("grace", "revoke", "failed")})`],
      ["planned", "disable-account", `failed at ${atOf(lineOf("grace", "disable-account", "failed"))}: … (.scopesync/journal.jsonl:${lineOf("grace", "disable-account", "failed")})`],
    ]);

    // Markdown for people, the same data; the same inputs give the same bytes.
    const md = await report("markdown");
    expect(md.code).toBe(2);
    expect(md.stdout).toContain("2 leavers in the period, **2 outstanding**.");
    expect(md.stdout).toContain(`| ${atOf(lineOf("linus", "disable-account", "done")).replace(/-/g, "\\-")} | disable\\-account | applied | reviewed plan <code>`);
    expect(md.stdout).toContain("## grace ⚠️ 2 outstanding");
    expect(md.stdout).toContain("## linus ✅");
    expect((await report("markdown")).stdout).toBe(md.stdout);
    expect((await report("json")).stdout).toBe(json.stdout);

    // The same apply, run again, finishes grace's offboarding: nothing outstanding, exit 0.
    expect((await scim.repo().cli(["apply", "--plan", "grace.json"], scim.env())).code).toBe(0);
    await pull();
    const done = await report("json");
    expect(done.code, done.stdout).toBe(0);
    expect((JSON.parse(done.stdout) as LeaversReport).outstanding).toBe(0);
  }, 120_000);

  it("a leaver outside the period is listed only while something is outstanding, and a period with none says so", async () => {
    expect((await scim.repo().cli(["apply", "--auto-approve"], scim.env())).code).toBe(0);
    scim.repo().setPeople(leaving(["linus"]));
    await pull();
    const october = ["report", "leavers", "--since", "2026-10-01", "--until", "2026-10-31"];
    // linus left in November and his offboarding is not applied: October's report shows it too.
    const owed = await scim.repo().cli(october, scim.env());
    expect(owed.code, owed.stderr).toBe(2);
    expect(owed.stdout).toContain("0 leavers in the period and 1 from outside it with something outstanding, **2 outstanding**.");
    expect(owed.stdout).toContain("# Outstanding from outside the period");
    expect(owed.stdout).toContain("- leaves after the period, listed for what is outstanding already");
    expect((await scim.repo().cli(["apply", "--auto-approve"], scim.env())).code).toBe(0);
    await pull();
    const r = await scim.repo().cli(october, scim.env());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("0 leavers in the period, nothing outstanding.");
    expect(r.stdout).toContain("No one left in this period");
  }, 60_000);

  it("refuses a period that is no period, and an unknown report, in one line with the fix", async () => {
    const backwards = await scim.repo().cli(["report", "leavers", "--since", "2026-11-30", "--until", "2026-11-01"], scim.env());
    expect(backwards.code).toBe(1);
    expect(backwards.stderr).toContain("--since 2026-11-30 is not before --until 2026-11-01");
    const notDate = await scim.repo().cli(["report", "leavers", "--since", "last month"], scim.env());
    expect(notDate.code).toBe(1);
    expect(notDate.stderr).toContain('--since "last month" is not a date');
    expect(notDate.stderr).not.toMatch(/\n\s+at /);
  });
});

/** A November report's head, for the reports rendered here from data. */
const NOVEMBER = { report: "leavers", period: { since: "2026-11-01T00:00:00.000Z", until: "2026-12-01T00:00:00.000Z" }, generatedAt: "2026-11-26T09:00:00.000Z", journal: ".scopesync/journal.jsonl" } as const;

describe("report leavers in Markdown", () => {
  it("escapes what sources and targets wrote: no tags, links, mentions or broken tables", () => {
    const md = renderLeaversMarkdown({
      ...NOVEMBER,
      outstanding: 1,
      waived: 0,
      unverified: 0,
      leavers: [{
        identity: "eve|<img src=x>",
        status: "terminated",
        placed: "in",
        left: { terminationDate: "2026-11-20", source: "hr", record: "hr.csv row 2 (line 3)", reason: "left [click](https://evil.example) @org/admins" },
        outstanding: 1,
        targets: [{ target: "crm", steps: [{ at: "2026-11-21T00:00:00Z", action: "revoke", entitlement: "group:a|b", result: "failed", error: "<script>x</script> | broken", review: "reviewed", fingerprint: "sha256:abc", line: ".scopesync/journal.jsonl:2" }], outstanding: [{ kind: "planned", action: "revoke", entitlement: "group:a|b", change: "c1", reason: "**bold** <b>" }] }],
      }],
    });
    expect(md).not.toContain("<img");
    expect(md).not.toContain("<script>");
    expect(md).not.toContain("<b>");
    expect(md).not.toContain("](https://");
    expect(md).not.toContain(" @org");
    // Every table row has its five cells: a `|` in a value does not add one.
    for (const row of md.split("\n").filter((l) => l.startsWith("| 2026"))) expect(row.split(/(?<!\\)\|/).length).toBe(7);
  });
});

describe("report leavers: a name only the journal knows", () => {
  it("says it may be an NHI whose file was removed, listed without its owner: the journal records none", () => {
    const md = renderLeaversMarkdown({
      ...NOVEMBER,
      outstanding: 0,
      waived: 0,
      unverified: 0,
      leavers: [{ identity: "old-bot", status: "gone", placed: "in", left: { firstStep: "2026-11-21T00:00:00Z" }, outstanding: 0, targets: [{ target: "crm", steps: [{ at: "2026-11-21T00:00:00Z", action: "disable-account", result: "applied", review: "reviewed", fingerprint: "sha256:abc", line: ".scopesync/journal.jsonl:2" }], outstanding: [] }] }],
    });
    expect(md).toContain("An NHI only the journal knows (its file removed, in no export or snapshot) is listed so, under its own name and without its owner: whoever owned it, their section does not show it.");
  });
});

describe("who the leavers report is about", () => {
  it("terminated people, and names the journal offboarded that no identity has now, but no unmanaged account or removed NHI", () => {
    const line = (identity: string, action: string) => ({ record: { identity, action: action as "disable-account", phase: "done" as const }, line: 1 });
    const person = (id: string, status: string) => ({ id, kind: "person", status }) as unknown as Identity;
    const names = leaverNames([person("ada", "active"), person("linus", "terminated"), person("grace", "suspended")], [line("hr:W9", "disable-account"), line("account:demo", "disable-account"), line("nhi:svc-old", "disable-account"), line("ada", "revoke"), line("hr:W8", "grant")]);
    expect([...names].sort()).toEqual(["hr:W9", "linus"]);
  });
});
