// The daily sync's record of an offboarding (rv46 #3). The sync applies HR leavers' revocations
// with nobody reviewing them; its journal is the evidence that offboarding happened. Before, only
// counts reached the run's page ("1 applied, 0 already in place"), the journal stayed on the
// runner, and an earlier sync's journal (which sync.yml now carries from run to run) was never
// read: a change a cut-off run left open stayed open. Now the step's log and summary name each
// change by identity (what, on which target and account, when, reviewed or not) from the journal's
// lines, and what an earlier sync left open is named, re-checked and closed: done only where this
// run's live read shows it in place, else abandoned (apply/cut-off.ts).
// Target: the GitHub org (the OpenAPI-checked fake, driven by the real Octokit connector); the
// org membership removal is GitHub's "Remove organization membership for a user"
// (https://docs.github.com/en/rest/orgs/members#remove-organization-membership-for-a-user).
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { SimpleGit } from "simple-git";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SYNC_BRANCH } from "../../src/github/sync-pr.js";
import { emptyReviewedPlan } from "../../src/github/reviewed-plan.js";
import { mdText } from "../../src/plan/render/escape.js";
import type { JournalRecord } from "../../src/model/journal-record.js";
import { PolicyRepo } from "../apply/helpers/policy-repo.js";
import type { GithubFake } from "../servers/github-fake/index.js";
import { ActionHarness, NOW } from "./action-harness.js";
import { BOT, ORG, REPO } from "./helpers.js";
import { closeActionWorld, engineeringPeople, engineeringWorld, startActionWorld } from "./action-world.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

let fake: GithubFake;
let repo: PolicyRepo;
let git: SimpleGit;
let h: ActionHarness;
let commit: (message: string) => Promise<string>;


/** A row of the summary's table as the Action writes it: each cell escaped for Markdown (the names are untrusted text). */
const row = (...cells: string[]) => `| ${cells.map((c) => mdText(c)).join(" | ")} |`;
const journalPath = () => join(repo.dir, ".scopesync", "journal.jsonl");
const journal = (): JournalRecord[] => readFileSync(journalPath(), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as JournalRecord);

beforeEach(async () => {
  ({ fake, repo, git, h, commit } = await startActionWorld(engineeringWorld("scopesync-sync-journal-")));
}, 30_000);

afterEach(closeActionWorld);

describe("the sync's journal", () => {
  it("names each revocation by identity in the log and the step summary: what, where, when, and that nobody reviewed it", async () => {
    // A journal an earlier sync left (sync.yml restores it): its lines are not this run's.
    mkdirSync(join(repo.dir, ".scopesync"), { recursive: true });
    const earlier: JournalRecord = { at: "2026-11-20T06:21:00.000Z", run: "earlier-sync", fingerprint: emptyReviewedPlan(ORG, NOW).fingerprint, review: "unreviewed-revocation", replan: "sha256:earlier", planTime: "2026-11-20T06:17:00.000Z", change: "0123456789abcdef", target: "github", action: "disable-account", identity: "margaret", login: "margaret", account: "100099", phase: "done", outcome: "applied", attempts: 1 };
    writeFileSync(journalPath(), [{ ...earlier, phase: "start", outcome: undefined, attempts: undefined }, earlier].map((r) => JSON.stringify(r)).join("\n") + "\n");
    repo.setPeople(engineeringPeople("Terminated"));
    await git.raw(["switch", "-q", "-c", SYNC_BRANCH]); // the day's commit is the sync branch's; main stays where GitHub has it
    fake.org.prs.setBranch(REPO, SYNC_BRANCH, await commit("linus leaves"));

    const r = await h.run("sync", { "repository-path": repo.dir, "bot-login": BOT, "plan-file": join(h.dir, "sync-plan.json") }, { env: { GH_TOKEN: fake.token } });

    expect(r.code, r.text).toBe(0);
    expect(fake.org.members.has(fake.org.user("linus")!.id)).toBe(false);
    const done = journal().filter((l) => l.run !== "earlier-sync" && l.phase === "done");
    expect(done.map((l) => [l.identity, l.action, l.entitlement, l.target, l.review, l.outcome]).sort()).toEqual([
      ["linus", "disable-account", undefined, "github", "unreviewed-revocation", "applied"],
      ["linus", "revoke", "team:engineering", "github", "unreviewed-revocation", "applied"],
    ]);
    const at = (action: string) => done.find((l) => l.action === action)!.at;
    const id = String(fake.org.user("linus")!.id);
    expect(done.every((l) => l.account === id)).toBe(true);
    // Nobody reviewed them: each line keeps why the plan made it, and the log and summary say it.
    const why = "left the organisation on 2026-11-20 (status terminated in hr)";
    expect(done.every((l) => l.why === why && l.evidence!.length > 0)).toBe(true);
    const unreviewed = `unreviewed revocation (apply.unreviewed: revocations-only): ${why}`;
    // The log: one line per change of this step, with the journal's own time.
    expect(r.text).toContain(`journal ${journalPath()}: 2 change(s) recorded by this step (kept as artifact scopesync-journal-sync):`);
    expect(r.text).toContain(`  ${at("disable-account")} linus: disable on github (login linus, id ${id}): applied; ${unreviewed}`);
    expect(r.text).toContain(`  ${at("revoke")} linus: revoke team:engineering on github (login linus, id ${id}): applied; ${unreviewed}`);
    // The step summary: a row per change of the leaver; the earlier sync's margaret is not this run's.
    const summary = readFileSync(join(h.dir, "summary.md"), "utf8");
    expect(summary).toContain("### Apply journal: 2 change(s) by identity");
    expect(summary).toContain("| Identity | Change | Target | Account | Result | When (UTC) | Review |");
    expect(summary).toContain(row("linus", "disable", "github", `login linus, id ${id}`, "applied", at("disable-account"), unreviewed));
    expect(summary).toContain(row("linus", "revoke team:engineering", "github", `login linus, id ${id}`, "applied", at("revoke"), unreviewed));
    expect(summary).not.toContain("margaret");
    expect(journal().filter((l) => l.run === "earlier-sync")).toHaveLength(2);
  }, 60_000);

  // The earlier sync was cut off while taking linus out of the org (a start line with no end).
  const cutLine = (account: string): JournalRecord => ({ at: "2026-11-25T06:30:00.000Z", run: "cut-sync", fingerprint: emptyReviewedPlan(ORG, NOW).fingerprint, review: "unreviewed-revocation", replan: "sha256:cut", planTime: "2026-11-25T06:17:00.000Z", change: "feedfacefeedface", target: "github", action: "disable-account", identity: "linus", login: "linus", account, phase: "start" });

  it("a change an earlier sync left open (the job was killed mid-change) is named, re-checked, and closed done only on what this run's read shows", async () => {
    // GitHub had taken linus out before the job was killed: this run's read no longer lists his account.
    const id = String(fake.org.user("linus")!.id);
    fake.org.removeMembership(fake.org.user("linus")!.id);
    mkdirSync(join(repo.dir, ".scopesync"), { recursive: true });
    const cut = cutLine(id);
    writeFileSync(journalPath(), `${JSON.stringify(cut)}\n`);
    repo.setPeople(engineeringPeople("Terminated"));
    await git.raw(["switch", "-q", "-c", SYNC_BRANCH]); // the day's commit is the sync branch's; main stays where GitHub has it
    fake.org.prs.setBranch(REPO, SYNC_BRANCH, await commit("linus leaves"));

    const r = await h.run("sync", { "repository-path": repo.dir, "bot-login": BOT, "plan-file": join(h.dir, "sync-plan.json") }, { env: { GH_TOKEN: fake.token } });

    expect(r.code, r.text).toBe(0);
    expect(r.text).toContain("note: a previous run was cut off while applying disable-account for linus on github; it is re-checked now");
    const closing = journal().filter((l) => l.change === cut.change && l.phase !== "start");
    expect(closing.map((l) => [l.phase, l.outcome, l.identity, l.fingerprint, l.cutRun])).toEqual([["done", "unchanged", "linus", cut.fingerprint, "cut-sync"]]);
    // On this run's evidence, with this run's re-plan and plan time, never the dead run's.
    const [closed] = closing;
    expect(closed!.reason).toBe(`in place: this run's read of github shows no account ${id}, as the change was to make it (the cut-off run, or someone since, made it), and its re-plan no longer has it`);
    expect(closed!.run).not.toBe("cut-sync");
    expect(closed!.replan).toMatch(/^sha256:/);
    expect(closed!.replan).not.toBe(cut.replan);
    expect(closed!.planTime).not.toBe(cut.planTime);
    expect(r.text).toContain(`note: disable-account for linus on github (cut off in run cut-sync): ${closed!.reason}`);
    expect(readFileSync(join(h.dir, "summary.md"), "utf8")).toContain(`${row("linus", "disable", "github", `login linus, id ${id}`)} ${mdText(`already in place (closes a change cut off in run cut-sync): ${closed!.reason}`, 600)} |`);
  }, 60_000);

  it("a cut-off change the re-plan no longer has, whose account this run's read shows untouched (the termination was rescinded), is closed abandoned, never done", async () => {
    // An earlier sync was cut off taking ada out of engineering before GitHub did it; HR has since
    // rescinded her termination, so this run's re-plan has nothing for her. It offboards linus.
    const ada = String(fake.org.user("ada")!.id);
    mkdirSync(join(repo.dir, ".scopesync"), { recursive: true });
    const cut: JournalRecord = { ...cutLine(ada), change: "0ddba11c0ffee000", action: "revoke", entitlement: "team:engineering", identity: "ada", login: "ada" };
    writeFileSync(journalPath(), `${JSON.stringify(cut)}\n`);
    repo.setPeople(engineeringPeople("Terminated"));
    await git.raw(["switch", "-q", "-c", SYNC_BRANCH]); // the day's commit is the sync branch's; main stays where GitHub has it
    fake.org.prs.setBranch(REPO, SYNC_BRANCH, await commit("linus leaves"));

    const r = await h.run("sync", { "repository-path": repo.dir, "bot-login": BOT, "plan-file": join(h.dir, "sync-plan.json") }, { env: { GH_TOKEN: fake.token } });

    expect(r.code, r.text).toBe(0);
    expect(fake.org.members.has(fake.org.user("linus")!.id)).toBe(false);
    expect(fake.org.members.has(fake.org.user("ada")!.id)).toBe(true);
    const closing = journal().filter((l) => l.change === cut.change && l.phase !== "start");
    expect(closing.map((l) => [l.phase, l.outcome, l.cutRun, l.fingerprint])).toEqual([["abandoned", undefined, "cut-sync", cut.fingerprint]]);
    const [closed] = closing;
    expect(closed!.reason).toContain(`its read of github shows "ada" (account ${ada}) still holds team:engineering`);
    // This run's re-plan, the one linus's lines name, not the dead run's.
    expect(closed!.replan).toBe(journal().find((l) => l.identity === "linus")!.replan);
    expect(closed!.replan).not.toBe(cut.replan);
    expect(r.text).toContain(`note: revoke team:engineering for ada on github (cut off in run cut-sync): ${closed!.reason}`);
    expect(readFileSync(join(h.dir, "summary.md"), "utf8")).toContain(`| ${mdText(`abandoned (closes a change cut off in run cut-sync): ${closed!.reason}`, 600)} |`);
  }, 60_000);
});
