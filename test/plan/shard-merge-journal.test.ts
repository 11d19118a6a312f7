// Sharded planning reads apply's journal as the one-process plan does (f108). A shard once read
// none, so a sharded organisation silently lost every decision the journal makes: a return's
// "not given back" (return-not-restored), an offboarding undone by hand (offboarding-undone), a
// safety override already used up by an applied reviewed plan, a key revoked after the credential
// report was made (credential-report-lag, not an alarm), an unmanaged account's grace period
// counted from scopesync's own disable. Here one journal, its lines as apply writes them
// (apply/runner.ts), makes each of those decisions on its own target; the merged plan must be the
// one-process plan byte for byte, and carry each decision. Shards planned with different journals
// do not merge.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { pullRequestIn } from "../helpers/branch-repo.js";
import { DAILY, done, JOURNAL, JOURNAL_TARGETS, journalRepo, withJournal, withOverride } from "../helpers/journal-decisions-repo.js";
import { OWNER_LEFT_NOW } from "../helpers/owner-left-repo.js";
import { runCli } from "../helpers/run-cli.js";
import { shardAndMerge } from "../helpers/sharded-plan.js";

let out: string;
beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), "scopesync-shards-journal-"));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

const onePlan = (dir: string, more: string[] = []) => runCli(["plan", "--repo", dir, "--now", OWNER_LEFT_NOW, "--format", "json", ...more]);
const rules = (plan: Plan, rule: string) => plan.findings.filter((f) => f.rule === rule).map((f) => f.identity);
const actions = (plan: Plan, target: string) => plan.changes.filter((c) => c.target === target).map((c) => `${c.action} ${c.identity}`);

// Each test resolves, plans four shards and merges, and plans in one process: slow on a shared machine.
describe("shard and merge read the apply journal as the one-process plan does", { timeout: 120_000 }, () => {
  it("each decision the journal makes is in the merged plan, which is the one-process plan byte for byte", async () => {
    const dir = journalRepo();
    withOverride(dir);
    withJournal(dir);
    const one = await onePlan(dir);
    expect(one.stderr).toBe("");
    const s = await shardAndMerge(dir, JOURNAL_TARGETS, out, "journal", ["--now", OWNER_LEFT_NOW]);
    expect(s.codes, s.stderr).toEqual([0, 0, 0, 0, 0, one.code]);
    const plan = JSON.parse(s.json) as Plan;
    // ada returns: what her offboarding took for good is named.
    expect(rules(plan, "return-not-restored")).toEqual(["ada.lovelace"]);
    expect(plan.changes.find((c) => c.identity === "ada.lovelace" && c.action === "create-account")?.reason).toContain("(.scopesync/journal.jsonl:10)");
    // grace.hopper's disable, undone by hand.
    expect(rules(plan, "offboarding-undone")).toEqual(["grace.hopper"]);
    // wiki's override was used up by the layoff's reviewed plan: the plan is blocked by the limit.
    expect(plan.blocked).toBe(true);
    expect(plan.blockedReasons.join("\n")).toContain("apply already carried out a reviewed plan over this limit with it (.scopesync/journal.jsonl:6): it is used up");
    expect(plan.overrides).toEqual([]);
    // svc-etl's key: the report lags the revoke; no alarm.
    expect(rules(plan, "credential-report-lag")).toEqual(["svc-etl"]);
    expect(rules(plan, "nhi-offboarded-credential-active")).toEqual([]);
    // old-demo: disabled by scopesync on 2026-11-10, within the 30 days: not deleted yet.
    expect(actions(plan, "app")).toEqual([]);
    expect(s.json).toBe(one.stdout);
  });

  it("without the journal, the same repository plans otherwise: each of those decisions is the journal's", async () => {
    const dir = journalRepo();
    withOverride(dir);
    const s = await shardAndMerge(dir, JOURNAL_TARGETS, out, "no-journal", ["--now", OWNER_LEFT_NOW]);
    expect(s.json).toBe((await onePlan(dir)).stdout);
    const plan = JSON.parse(s.json) as Plan;
    expect(rules(plan, "return-not-restored")).toEqual([]);
    expect(rules(plan, "offboarding-undone")).toEqual([]);
    expect(plan.overrides.map((o) => o.target)).toEqual(["wiki"]);
    expect(rules(plan, "credential-report-lag")).toEqual([]);
    expect(actions(plan, "app")).toEqual(["delete-account account:old-demo"]);
    // An empty journal decides what none does: a merge job whose restore left an empty file agrees.
    mkdirSync(join(dir, ".scopesync"));
    writeFileSync(join(dir, ".scopesync/journal.jsonl"), "");
    const empty = await s.merge("json");
    expect(empty.code, empty.stderr).toBe(s.codes.at(-1));
    expect(empty.stdout).toBe(s.json);
  });

  // Without the journal, main's plan would delete old-demo on app, and the pull request, which
  // does not, would be said to cancel that revocation (pr-cancels-revocations).
  it.each([
    ["that retires app: main's plan of it, in app's own shard", (dir: string) => {
      const config = join(dir, "scopesync.yaml");
      writeFileSync(config, readFileSync(config, "utf8").replace("  app:\n    type: file\n    path: state/app.json\n", ""));
      rmSync(join(dir, "policies/apps/app.yaml"));
    }],
    ["that edits another policy: main's plan of app, beside the pull request's", (dir: string) => {
      writeFileSync(join(dir, "policies/apps/wiki.yaml"), readFileSync(join(dir, "policies/apps/wiki.yaml"), "utf8").replace("[Nobody]", "[Nobody, Noone]"));
    }],
  ])("with --base, a pull request %s, is planned with the journal, in the shards as in one process", async (_, change) => {
    const dir = journalRepo();
    withOverride(dir);
    withJournal(dir);
    await pullRequestIn(dir, change);
    const one = await onePlan(dir, ["--base", "main"]);
    expect(one.stderr).toBe("");
    const s = await shardAndMerge(dir, JOURNAL_TARGETS, out, `journal-base-${dir.slice(-6)}`, ["--base", "main", "--now", OWNER_LEFT_NOW]);
    expect(s.codes, s.stderr).toEqual([0, 0, 0, 0, 0, one.code]);
    const plan = JSON.parse(s.json) as Plan;
    expect(rules(plan, "pr-cancels-revocations")).toEqual([]);
    expect(rules(plan, "return-not-restored")).toEqual(["ada.lovelace"]);
    expect(s.json).toBe(one.stdout);
  });

  it("a journal elsewhere (--journal) is read by each shard and the merge as by plan --journal", async () => {
    const dir = journalRepo();
    withOverride(dir);
    withJournal(dir, "audit/journal.jsonl");
    const one = await onePlan(dir, ["--journal", "audit/journal.jsonl"]);
    const s = await shardAndMerge(dir, JOURNAL_TARGETS, out, "journal-flag", ["--now", OWNER_LEFT_NOW], ["--journal", "audit/journal.jsonl"]);
    expect(s.codes, s.stderr).toEqual([0, 0, 0, 0, 0, one.code]);
    expect(rules(JSON.parse(s.json) as Plan, "return-not-restored")).toEqual(["ada.lovelace"]);
    expect(s.json).toBe(one.stdout);
  });

  it("shards planned with another journal than the merge's, or than each other, are refused", async () => {
    const dir = journalRepo();
    withJournal(dir);
    const s = await shardAndMerge(dir, JOURNAL_TARGETS, out, "journal-changed", ["--now", OWNER_LEFT_NOW]);
    expect(s.codes.at(-1), s.stderr).toBe(0);
    // An apply job's lines arrive before the merge runs: the shards' journal is not the merge's.
    writeFileSync(join(dir, ".scopesync/journal.jsonl"), `${JOURNAL}${done("2026-11-26T08:00:00.000Z", DAILY, "wiki", "disable-account", "account:w4", { account: "w4", login: "w4" })}`);
    const merged = await s.merge("json");
    expect(merged.code).toBe(1);
    expect(merged.stdout).toBe("");
    expect(merged.stderr).toMatch(/error: \S+journal-changed-wiki\.json was planned with the apply journal \.scopesync\/journal\.jsonl \(sha256:[0-9a-f]{64}\), this merge reads the apply journal \.scopesync\/journal\.jsonl \(sha256:[0-9a-f]{64}\)/);
    expect(merged.stderr).toContain("fix: plan every shard and the merge with the same apply journal");
    expect(merged.stderr).not.toMatch(/\n\s+at /);
    // One shard planned again with the new journal: the others, which read the old one, are named.
    const again = await runCli(["plan", "--repo", dir, "--target", "app", "--identities", join(out, "journal-changed.snapshot"), "--out", s.files[0]!]);
    expect(again.code).toBe(0);
    const mixed = await s.merge("json");
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toMatch(/error: \S+journal-changed-(iam|local|wiki)\.json was planned with the apply journal/);
    expect(mixed.stderr).not.toContain("journal-changed-app.json");
    rmSync(join(dir, ".scopesync"), { recursive: true });
    const none = await s.merge("json");
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/was planned with the apply journal \.scopesync\/journal\.jsonl \(sha256:[0-9a-f]{64}\), this merge reads no apply journal/);
  });
});
