// What the leavers report takes as evidence that a leaver's offboarding is done (rv97): never a
// state the plan itself calls stale, or one of unknown age (a ✅ on "no account" there may hide an
// account created since); the account the plan's own changes name for a leaver no source exports
// any more; and never a missing journal, which alone shows when, and on whose approval, access went,
// unless the installation says it keeps none (--without-journal). The CLI on a policy repository
// with a SCIM target read from its state file, and journal lines of the shape apply writes.
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { PolicyRepo, Person } from "./helpers/policy-repo.js";
import { leaversOf, leaversRepo, type Account } from "./helpers/leavers-repo.js";

const repos: PolicyRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

const ADA: Person = { worker: "W1", login: "ada", department: "Engineering" };
const ADA_ACCOUNT: Account = { id: "u1", login: "ada", externalId: "hr:W1", active: true, entitlements: ["group:Engineering"] };
/** bob left on 2026-11-20; the state shows no account of his, or his account disabled with nothing granted. */
const BOB: Person = { worker: "W2", login: "bob", department: "Engineering", status: "Terminated" };
const BOB_DISABLED: Account = { id: "u2", login: "bob", externalId: "hr:W2", active: false, entitlements: [] };
const DONE = { phase: "done", outcome: "applied", identity: "bob", account: "u2", login: "bob", why: "left the organisation on 2026-11-20 (status terminated in hr)" };
const OFFBOARDED = [{ ...DONE, at: "2026-11-21T10:00:00.000Z", action: "revoke", entitlement: "group:Engineering" }, { ...DONE, at: "2026-11-21T10:00:01.000Z", action: "disable-account" }];

describe("report leavers: a stale target state is no evidence", () => {
  it("a state older than the target's maxStateAge makes its verdict unverified, with the read's time and the fix (exit 2)", async () => {
    const r = leaversRepo(repos, [ADA, BOB], [ADA_ACCOUNT], [], "2026-11-01T06:00:00Z", "7d");
    const { code, report, markdown } = await leaversOf(r, "2026-11-01");
    expect(code).toBe(2);
    const crm = report.leavers.find((l) => l.identity === "bob")!.targets.find((t) => t.target === "crm")!;
    expect(crm.account).toBeUndefined();
    expect(crm.outstanding).toEqual([{ kind: "unverified", readFrom: "state/crm.json", readAt: "2026-11-01T06:00:00Z", maxStateAge: "7d", fix: "scopesync state pull --target crm" }]);
    expect(report.outstanding).toBe(1);
    expect(markdown).not.toContain("nothing outstanding");
    expect(markdown).not.toContain("## bob ✅");
    expect(markdown).toContain("unverified: the state in state/crm.json was read at 2026\\-11\\-01T06:00:00Z, longer ago than its maxStateAge 7d: it is no evidence of what the target holds now (scopesync state pull \\-\\-target crm reads it now)");

    // Read again within maxStateAge: the same state's "no account" is evidence, and the report is done.
    const fresh = await leaversOf(leaversRepo(repos, [ADA, BOB], [ADA_ACCOUNT], [], "2026-11-26T06:00:00Z", "7d"), "2026-11-01");
    expect(fresh.code, fresh.markdown).toBe(0);
  });

  it("a state with no readAt is unverified too, with or without maxStateAge; its disabled account is no evidence of done", async () => {
    const r = leaversRepo(repos, [ADA, BOB], [ADA_ACCOUNT, BOB_DISABLED], OFFBOARDED, null);
    const { code, report, markdown } = await leaversOf(r, "2026-11-01");
    expect(code).toBe(2);
    const crm = report.leavers.find((l) => l.identity === "bob")!.targets.find((t) => t.target === "crm")!;
    expect(crm.outstanding).toEqual([{ kind: "unverified", readFrom: "state/crm.json", fix: "scopesync state pull --target crm" }]);
    expect(markdown).toContain("unverified: the state in state/crm.json has no readAt, so when it was read is unknown");
  });
});

describe("explain: a stale target state is no evidence either", () => {
  it("says of the leaver's account there what the report says, with the state's age; a fresh state says nothing of it", async () => {
    const r = leaversRepo(repos, [ADA, BOB], [ADA_ACCOUNT, BOB_DISABLED], OFFBOARDED, "2026-11-01T06:00:00Z", "7d");
    const out = await r.cli(["explain", "bob"], { CRM_TOKEN: "not-used" });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/account now \(in state\/crm\.json, read at 2026-11-01T06:00:00Z, state \d+ d old\): bob \(id u2\), disabled/);
    expect(out.stdout).toMatch(/\n  unverified \(state \d+ d old\): the state in state\/crm\.json was read at 2026-11-01T06:00:00Z, longer ago than its maxStateAge 7d: it is no evidence of what the target holds now \(scopesync state pull --target crm reads it now\)\n/);

    const unknown = await leaversRepo(repos, [ADA, BOB], [ADA_ACCOUNT, BOB_DISABLED], OFFBOARDED, null).cli(["explain", "bob"], { CRM_TOKEN: "not-used" });
    expect(unknown.stdout).toContain("\n  unverified: the state in state/crm.json has no readAt, so when it was read is unknown: it is no evidence of what the target holds now (scopesync state pull --target crm reads it now)\n");

    const fresh = await leaversRepo(repos, [ADA, BOB], [ADA_ACCOUNT, BOB_DISABLED], OFFBOARDED, "2026-11-26T06:00:00Z", "7d").cli(["explain", "bob"], { CRM_TOKEN: "not-used" });
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.stdout).not.toContain("unverified");
  });
});

describe("report leavers: the account of a leaver only the plan's changes name", () => {
  it("a person HR stopped exporting shows the account (login, id) the plan's changes take away", async () => {
    const r = leaversRepo(repos, [ADA], [ADA_ACCOUNT, { id: "u2", login: "bob", externalId: "hr:W2", active: true, entitlements: ["group:Engineering"] }], []);
    const { code, report, markdown } = await leaversOf(r, "2026-10-01");
    expect(code).toBe(2);
    expect(report.leavers.map((l) => [l.identity, l.targets.map((t) => [t.target, t.account])])).toEqual([["hr:W2", [["crm", { id: "u2", login: "bob", active: true }]]]]);
    expect(markdown).toMatch(/### crm \(in state\/crm\.json, read at [^)]*, account <code>bob<\/code> \(id <code>u2<\/code>\) \*\*active\*\*\)/);
  });
});

describe("report leavers: a missing journal", () => {
  it("cannot show a leaver's offboarding on a target: said, and exit 2; --without-journal says none is kept (exit 0)", async () => {
    const r = leaversRepo(repos, [ADA, BOB], [ADA_ACCOUNT, BOB_DISABLED], null);
    expect(existsSync(join(r.dir, ".scopesync/journal.jsonl"))).toBe(false);
    const missing = await leaversOf(r, "2026-11-01");
    expect(missing.code).toBe(2);
    expect(missing.report).toMatchObject({ journalMissing: true, journalNeeded: ["bob"], outstanding: 0 });
    expect(missing.stderr).toContain("warning: there is no apply journal at .scopesync/journal.jsonl");
    expect(missing.markdown).not.toContain("nothing outstanding");
    // The missing journal is said once in the head: the leaver it leaves unverified, and why.
    expect(missing.markdown).toContain("1 leaver in the period, **1 unverified: no journal to show 1 leaver's offboarding**.");
    expect(missing.markdown).not.toContain("not complete: no journal");
    expect(missing.markdown).toContain("Without it the report cannot show when, or on whose approval, bob lost their access");

    const none = await leaversOf(r, "2026-11-01", "--without-journal");
    expect(none.code, none.markdown).toBe(0);
    expect(none.stderr).toBe("");
    expect(none.report.withoutJournal).toBe(true);
    expect(none.report.journalMissing).toBeUndefined();
    expect(none.markdown).toContain("nothing outstanding");
    expect(none.markdown).toContain("No apply journal is kept (`--without-journal`)");
  });

  it("shows no leaver done: each is unverified, with why, in both formats, the head's count theirs; --without-journal shows them done", async () => {
    // bob's account is disabled; cy, who left too, has no account on crm: neither is evidence without the journal.
    const CY: Person = { worker: "W3", login: "cy", department: "Engineering", status: "Terminated" };
    const r = leaversRepo(repos, [ADA, BOB, CY], [ADA_ACCOUNT, BOB_DISABLED], null);
    const { code, report, markdown } = await leaversOf(r, "2026-11-01");
    expect(code).toBe(2);
    const reason = "there is no apply journal at .scopesync/journal.jsonl: what the targets show now is all there is, not when or on whose approval their access went, so their offboarding is not shown done (an installation that keeps no journal says so with --without-journal)";
    expect(report.leavers.map((l) => [l.identity, l.outstanding, l.unverified, l.journalNeeded])).toEqual([["bob", 0, 1, reason], ["cy", 0, 1, reason]]);
    expect(report).toMatchObject({ journalNeeded: ["bob", "cy"], outstanding: 0, unverified: 2 });
    expect(markdown).not.toContain("✅");
    expect(markdown).toContain("## bob ⚠️ 1 unverified\n");
    expect(markdown).toContain("## cy ⚠️ 1 unverified\n");
    expect(markdown).toContain("- unverified: there is no apply journal at .scopesync/journal.jsonl: what the targets show now is all there is");
    expect(markdown).toContain("2 leavers in the period, **2 unverified: no journal to show 2 leavers' offboarding**.");

    const none = await leaversOf(r, "2026-11-01", "--without-journal");
    expect(none.code, none.markdown).toBe(0);
    expect(none.report.leavers.map((l) => [l.identity, l.unverified, l.journalNeeded])).toEqual([["bob", undefined, undefined], ["cy", undefined, undefined]]);
    expect(none.markdown).toContain("## bob ✅");
  });

  it("--without-journal is refused where there is a journal (which shows the same leaver done), and with --journal", async () => {
    const r = leaversRepo(repos, [ADA, BOB], [ADA_ACCOUNT, BOB_DISABLED], OFFBOARDED);
    // The journal, not the disabled account alone, is the evidence: with it, bob is done (exit 0).
    const kept = await leaversOf(r, "2026-11-01");
    expect(kept.code, kept.markdown).toBe(0);
    expect(kept.report.journalNeeded).toBeUndefined();
    const there = await r.cli(["report", "leavers", "--since", "2026-11-01", "--without-journal"], { CRM_TOKEN: "not-used" });
    expect(there.code).toBe(1);
    expect(there.stderr).toContain("--without-journal says the installation keeps no apply journal, and there is one at .scopesync/journal.jsonl");
    expect(there.stderr).not.toMatch(/\n\s+at /);
    rmSync(join(r.dir, ".scopesync/journal.jsonl"));
    const both = await r.cli(["report", "leavers", "--since", "2026-11-01", "--without-journal", "--journal", "audit/j.jsonl"], { CRM_TOKEN: "not-used" });
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("--without-journal and --journal");
  });
});
