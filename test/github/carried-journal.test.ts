// The carried apply journal is a merge of every job's copy, never the newest copy alone (rv79 #2):
// a target's Grant job of one run and its Revoke job of the next overlap, each starting from the
// same journal; keeping the copy saved last lost the other's lines (a change it left open when cut
// off, a revocation offboarding-undone and "override used up" count). Against the GitHub fake:
// artifacts listed by name through the REST API, and only those a trusted run made are read.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mergeJournals } from "../../src/apply/journal-merge.js";
import { journalArtifactNames, restoreCarriedJournal, SYNC_WORKFLOW } from "../../src/github/carried-journal.js";
import { APPLY_WORKFLOW } from "../../src/github/trusted-run.js";
import { actionsOf } from "../servers/github-fake/index.js";
import { startWorld, stopWorld, REPO, type World } from "./helpers.js";

const line = (run: string, at: string, change: string, phase = "done", target = "github") => JSON.stringify({ at, run, fingerprint: "sha256:f", review: "reviewed", replan: "sha256:r", planTime: at, change, target, action: "revoke", identity: "p1", phase });
const J0 = [line("r0", "2026-12-01T10:00:00.000Z", "c0")];
// Run A's Grant job and run B's Revoke job, both from J0, at once: their lines interleave in time.
const A = [...J0, line("a", "2026-12-02T10:00:00.000Z", "c1", "start"), line("a", "2026-12-02T10:00:02.000Z", "c1")];
const B = [...J0, line("b", "2026-12-02T10:00:01.000Z", "c2", "start"), line("b", "2026-12-02T10:00:03.000Z", "c2")];
const text = (lines: string[]) => lines.map((l) => `${l}\n`).join("");

describe("mergeJournals", () => {
  it("keeps every distinct line once, in time order, whatever the order of the copies; the same copies give the same bytes", () => {
    const merged = mergeJournals([text(A), text(B)]);
    expect(merged).toBe(text([J0[0]!, A[1]!, B[1]!, A[2]!, B[2]!]));
    expect(mergeJournals([text(B), text(A)])).toBe(merged);
  });

  it("keeps a line that is no whole record where its copy has it, and leaves out the records `keep` refuses", () => {
    const other = line("b", "2026-12-02T10:00:01.500Z", "c9", "done", "crm");
    const merged = mergeJournals([text([...A, '{"at":"2026-12-02T10:00:0']), text([...B, other])], (r) => r.target === "github");
    expect(merged.split("\n")).toContain('{"at":"2026-12-02T10:00:0');
    expect(merged).not.toContain('"c9"');
    expect(merged.split("\n").filter(Boolean)).toHaveLength(6);
  });
});

describe("restoreCarriedJournal", () => {
  let w: World;
  let dir: string;
  const notes: string[] = [];
  const ctx = { annotate: (level: string, message: string) => void notes.push(`${level}: ${message}`), log: (m: string) => void notes.push(m) };
  beforeEach(async () => {
    w = await startWorld();
    dir = mkdtempSync(join(tmpdir(), "scopesync-carried-"));
    notes.length = 0;
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await stopWorld(w);
  });

  it("merges the newest trusted artifact of each job's name: the Revoke job's lines are not lost to the Grant job that saved last", async () => {
    const actions = actionsOf(w.fake.org);
    const run = (path: string, event: string, headBranch = "main") => actions.addRun(REPO, { event, path, headBranch, headSha: "a".repeat(40) }).id;
    const names = journalArtifactNames(["github"]);
    expect(names).toEqual(["scopesync-journal-all-github", "scopesync-journal-revocations-github", "scopesync-journal-sync"]);
    actions.addArtifact(run(APPLY_WORKFLOW, "push"), "scopesync-journal-revocations-github", { "journal.jsonl": text(J0) });
    actions.addArtifact(run(APPLY_WORKFLOW, "push"), "scopesync-journal-revocations-github", { "journal.jsonl": text(B) });
    actions.addArtifact(run(APPLY_WORKFLOW, "push"), "scopesync-journal-all-github", { "journal.jsonl": text(A) });
    // A branch's own workflow may upload an artifact of the name: never read, and said.
    actions.addArtifact(run(".github/workflows/plan.yml", "pull_request", "ada/add-platform-admin"), "scopesync-journal-sync", { "journal.jsonl": text([line("evil", "2026-12-03T00:00:00.000Z", "c1", "done")]) });
    const journal = join(dir, ".scopesync", "journal.jsonl");
    expect(await restoreCarriedJournal(ctx, w.gh, journal, names, { defaultBranch: "main" })).toBe(2);
    expect(readFileSync(journal, "utf8")).toBe(text([J0[0]!, A[1]!, B[1]!, A[2]!, B[2]!]));
    expect(notes.filter((n) => n.startsWith("warning"))).toEqual([expect.stringContaining('the journal artifact "scopesync-journal-sync" of run')]);
    expect(notes.join("\n")).toContain("it is a run of .github/workflows/plan.yml, not .github/workflows/sync.yml");
  });

  it("a plan reads only artifacts made before its run started, and a sync's artifact from sync.yml", async () => {
    const actions = actionsOf(w.fake.org);
    const sync = actions.addRun(REPO, { event: "schedule", path: SYNC_WORKFLOW, headBranch: "main", headSha: "a".repeat(40) }).id;
    const first = actions.addArtifact(sync, "scopesync-journal-sync", { "journal.jsonl": text(J0) });
    actions.addArtifact(sync, "scopesync-journal-sync", { "journal.jsonl": text(A) });
    const journal = join(dir, "journal.jsonl");
    writeFileSync(journal, "");
    await restoreCarriedJournal(ctx, w.gh, journal, ["scopesync-journal-sync"], { defaultBranch: "main", before: `${first.createdAt.slice(0, -1)}.5Z` });
    expect(readFileSync(journal, "utf8")).toBe(text(J0));
    const none = join(dir, "none.jsonl");
    expect(await restoreCarriedJournal(ctx, w.gh, none, ["scopesync-journal-all-crm"], { defaultBranch: "main" })).toBe(0);
    expect(existsSync(none)).toBe(false);
  });
});
