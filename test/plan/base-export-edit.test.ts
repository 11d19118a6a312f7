// plan --base when the pull request edits a committed source export (rv78 finding 1): the base's
// desired state is made from the base's copy of the export, so what the edit changes is the pull
// request's (origin pr), the revocations it cancels are named, and a finding (and the comment's
// head) names the file and the records that differ. The sync's own pull request says its exports
// were fetched (--fetched-exports): they stay the sources' word. Real git repositories in temp
// dirs, the real CLI.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SimpleGit } from "simple-git";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { renderMarkdown } from "../../src/plan/render/markdown.js";
import { repoOnBranch } from "../helpers/branch-repo.js";
import { EXPORT_EDIT_FILES as FILES } from "../helpers/export-edit-repo.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const NOW = "2026-11-26T09:00:00Z";

const tempDir = tempDirs();

async function editExport(dir: string, git: SimpleGit, from: string, to: string): Promise<void> {
  const file = join(dir, "exports/workday.csv");
  const text = readFileSync(file, "utf8");
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
  await git.add(".").commit("edit the export");
}

async function plan(dir: string, ...extra: string[]): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--base", "main", "--format", "json", "--now", NOW, ...extra]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

const line = (c: Plan["changes"][number]): string => [c.action, c.identity, c.entitlement, c.origin].filter(Boolean).join(" ");
const edited = (p: Plan) => p.findings.filter((f) => f.rule === "export-edited-in-pr");

describe("plan --base when the pull request edits a committed export", () => {
  it("a department edited into the export: the account and the birthright it gives are this pull request's, and the head names the file and the record", async () => {
    const { dir, git } = await repoOnBranch(tempDir("scopesync-export-edit-"), FILES);
    await editExport(dir, git, "Joanna,Lee,Active,Sales,Server", "Joanna,Lee,Active,Finance,Server");
    const p = await plan(dir);
    // brian's leaving is the export's doing at main too: origin source.
    expect(p.changes.map(line)).toEqual(["revoke brian.flair group:ledger source", "disable-account brian.flair source", "create-account joanna.sales pr", "grant joanna.sales group:ledger pr"]);
    expect(edited(p)).toEqual([
      {
        rule: "export-edited-in-pr",
        severity: "warning",
        message: `this PR edits the source export exports/workday.csv (source "hr"): 1 record differs from main's copy (changed: "joanna.sales (W1)"); main's desired state is made from main's copy, so what the edit changes counts as this pull request's (origin pr), and the revocations it cancels are named (pr-cancels-revocations)`,
        remediation: expect.stringContaining("fresh exports come in the sync workflow's own pull request, which is planned with --fetched-exports"),
        location: "exports/workday.csv",
      },
    ]);
    const md = await runCli(["plan", "--repo", dir, "--base", "main", "--format", "markdown", "--now", NOW]);
    expect(md.stdout).toMatch(/^Where the changes come from: \*\*2\*\* this PR · \*\*2\*\* source$/m);
    // Escaped as every text from an export is (mdText): a key cannot write Markdown into the comment.
    expect(md.stdout).toContain("> ⚠️ this PR edits the source export exports/workday.csv \\(source &quot;hr&quot;\\): 1 record differs from main's copy \\(changed: &quot;joanna.sales \\(W1\\)&quot;\\)");
    // A comment cut to its budget keeps the line in its head.
    const cut = renderMarkdown(p, { limit: 2000 });
    expect(cut).toContain("This plan does not fit in one comment");
    expect(cut.slice(0, cut.indexOf("This plan does not fit"))).toContain("this PR edits the source export exports/workday.csv");
  });

  it("a leaver set back to Active in the export: the offboarding main plans is named as cancelled; an export not edited, or not committed at the base, is named nowhere", async () => {
    const { dir, git } = await repoOnBranch(tempDir("scopesync-export-edit-"), FILES);
    await editExport(dir, git, "Brian,Flair,Terminated", "Brian,Flair,Active");
    const p = await plan(dir);
    expect(p.changes).toEqual([]);
    const cancelled = p.findings.filter((f) => f.rule === "pr-cancels-revocations");
    expect(cancelled.map((f) => f.message)).toEqual(["this pull request cancels 2 revocations that main's desired state makes on books: revoke brian.flair group:ledger (left the organisation (status terminated in hr)); disable-account brian.flair (left the organisation (status terminated in hr))"]);
    expect(edited(p).map((f) => f.message)[0]).toContain('1 record differs from main\'s copy (changed: "brian.flair (W3)")');
    // main against itself: its export is not edited, and nothing is named.
    await git.checkout("main");
    expect(edited(await plan(dir))).toEqual([]);
    // An export git does not have at the base (fetched before the plan, never committed): nothing to compare it with.
    await git.checkout("pr");
    await git.rm(["--cached", "exports/workday.csv"]);
    await git.commit("stop committing the export");
    await git.checkout(["-b", "later"]);
    const untracked = await runCli(["plan", "--repo", dir, "--base", "pr", "--format", "json", "--now", NOW]);
    expect(edited(JSON.parse(untracked.stdout) as Plan)).toEqual([]);
  });

  it("records added and removed are named by key, and a line that only moves a record changes none", async () => {
    const { dir, git } = await repoOnBranch(tempDir("scopesync-export-edit-"), FILES);
    const moved = `worker,login,mail,first,last,state,dept,role\nW2,stan.manager,stan@chotchkies.example,Stan,Moss,Active,Finance,Manager\nW3,brian.flair,brian@chotchkies.example,Brian,Flair,Terminated,Finance,Server\nW4,peter.bob,peter@chotchkies.example,Peter,Bob,Active,Sales,Host\n`;
    writeFileSync(join(dir, "exports/workday.csv"), moved);
    await git.add(".").commit("rewrite the export");
    expect(edited(await plan(dir)).map((f) => f.message)[0]).toContain('2 records differ from main\'s copy (added: "peter.bob (W4)"; removed: "joanna.sales (W1)")');
  });

  it("the sync's own pull request (--fetched-exports): the export's changes stay the sources', and the export is named as fetched", async () => {
    const { dir, git } = await repoOnBranch(tempDir("scopesync-export-edit-"), FILES);
    await editExport(dir, git, "Joanna,Lee,Active,Sales,Server", "Joanna,Lee,Active,Finance,Server");
    const p = await plan(dir, "--fetched-exports");
    expect(p.changes.map(line)).toEqual(["revoke brian.flair group:ledger source", "disable-account brian.flair source", "create-account joanna.sales source", "grant joanna.sales group:ledger source"]);
    expect(edited(p).map((f) => [f.severity, f.message])).toEqual([["info", `this PR carries a fetched copy of the source export exports/workday.csv (source "hr"), which differs from main's: planned as the sources' own word (--fetched-exports), so what it changes counts as the sources' (origin source)`]]);
    const refused = await runCli(["plan", "--repo", dir, "--fetched-exports", "--now", NOW]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("--fetched-exports says how the exports differ from the base's: it needs --base REF");
  });
});
