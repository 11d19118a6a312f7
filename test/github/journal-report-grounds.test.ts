// What the Action's log and step summary say of each journal line's grounds (rv69 #2 and the
// approval link): a reviewed change names the commit (and pull request) its reviewed plan was
// merged in, when the runner was told it; a revocation nobody reviewed names why the plan made it.
// Before, an unreviewed revocation's row said only "unreviewed revocation", and the journal line
// behind it kept no reason at all: the one record of an offboarding nobody approved lacked its why.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Journal } from "../../src/apply/journal.js";
import { runApply } from "../../src/apply/runner.js";
import { ActionContext } from "../../src/github/action-io.js";
import { reportJournal } from "../../src/github/journal-report.js";
import { mdText } from "../../src/plan/render/escape.js";
import { memoryConnector, mk } from "../apply/helpers/memory-connector.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();
const COMMIT = "0123456789abcdef0123456789abcdef01234567";
const row = (...cells: string[]) => `| ${cells.map((c) => mdText(c)).join(" | ")} |`;

describe("the Action's journal report", () => {
  it("says where a reviewed change was approved, and why an unreviewed revocation was made", async () => {
    const dir = tempDir("scopesync-journal-report-");
    const journal = new Journal(join(dir, "journal.jsonl"));
    const reviewed = mk("grant", "ada", { entitlement: "team:oncall", account: "a1", reason: "member of group oncall (identities/groups/oncall.yaml:4)" });
    const leaver = mk("disable-account", "linus", { account: "a4", reason: "left the organisation on 2026-11-20 (status terminated in hr)", evidence: ["hr hr.csv row 3"] });
    const at = Date.parse("2026-11-26T09:00:00Z");
    await runApply({
      changes: [reviewed, leaver], connectors: new Map([["app", memoryConnector()]]), journal, run: "run-1", fingerprint: "sha256:reviewed", replan: "sha256:replan",
      planTime: at, review: (c) => (c === reviewed ? "reviewed" : "unreviewed-revocation"), approval: { commit: COMMIT, pr: 42 },
      concurrency: 1, retry: { maxAttempts: 1, baseMs: 1, maxMs: 1 }, timing: { sleep: async () => {}, random: () => 0.5 }, clock: () => at,
    });

    const out: string[] = [];
    const summary = join(dir, "summary.md");
    const ctx = new ActionContext({ out: (t) => void out.push(t), err: () => {}, cwd: dir, env: { GITHUB_STEP_SUMMARY: summary } });
    reportJournal(ctx, journal.path, 0, "scopesync-journal-all-app");

    const when = "2026-11-26T09:00:00.000Z";
    const approved = "reviewed (plan sha256:reviewed, merged in 0123456789ab (#42))";
    const unreviewed = "unreviewed revocation (apply.unreviewed: revocations-only): left the organisation on 2026-11-20 (status terminated in hr)";
    expect(out).toContain(`  ${when} ada: grant team:oncall on app (login ada, id a1): applied; ${approved}`);
    expect(out).toContain(`  ${when} linus: disable on app (login linus, id a4): applied; ${unreviewed}`);
    const table = readFileSync(summary, "utf8");
    expect(table).toContain(row("ada", "grant team:oncall", "app", "login ada, id a1", "applied", when, approved));
    expect(table).toContain(row("linus", "disable", "app", "login linus, id a4", "applied", when, unreviewed));
  });
});
