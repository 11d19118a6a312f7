// The sharded jobs of plan.yml read the carried apply journal as its one-process plan job does
// (carry-journal: true on the resolve's matrix of shard jobs and on the merge job), and the merged
// plan is that job's, byte for byte: the used-up override, the return, the undone offboarding, the
// credential report's lag and the journal's grace included. Each job is a fresh checkout with no
// journal of its own: only the carried one, merged from the journal artifacts of trusted runs
// (the GitHub fake lists them through the REST API). A shard job that does not carry the journal
// is refused at the merge, not merged into a plan no one process would make.
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SYNC_WORKFLOW } from "../../src/github/carried-journal.js";
import { journalArtifact } from "../../src/github/journal-report.js";
import type { Plan } from "../../src/plan/plan.js";
import { JOURNAL, JOURNAL_TARGETS, journalRepo, withOverride } from "../helpers/journal-decisions-repo.js";
import { actionsOf } from "../servers/github-fake/index.js";
import { ActionHarness } from "./action-harness.js";
import { REPO, startWorld, stopWorld, type World } from "./helpers.js";

let w: World | undefined;
let h: ActionHarness | undefined;
afterEach(async () => {
  h?.cleanup();
  if (w) await stopWorld(w);
  w = h = undefined;
});

describe("plan.yml's sharded jobs carry the apply journal", { timeout: 120_000 }, () => {
  it("each shard job and the merge read the carried journal: the merge is the one-process plan job's plan, every journal decision in it", async () => {
    w = await startWorld();
    h = new ActionHarness(w.fake);
    const harness = h;
    const repo = journalRepo();
    withOverride(repo);
    // The daily sync's journal artifact (a trusted run of sync.yml), then this pull request's plan run.
    const actions = actionsOf(w.fake.org);
    const sync = actions.addRun(REPO, { event: "schedule", path: SYNC_WORKFLOW, headBranch: "main", headSha: "a".repeat(40) });
    actions.addArtifact(sync.id, journalArtifact("sync"), { "journal.jsonl": JOURNAL });
    const planRun = actions.addRun(REPO, { event: "pull_request", path: ".github/workflows/plan.yml", headBranch: "ada/add-platform-admin", headSha: w.headSha, startedAt: actions.stamp(), status: "in_progress" });
    /** A job of the run: a fresh checkout, so no journal but the one it carries. */
    const job = (command: string, inputs: Record<string, string>) => {
      rmSync(join(repo, ".scopesync"), { recursive: true, force: true });
      return harness.run(command, { "repository-path": repo, ...inputs }, { runId: planRun.id });
    };

    const one = await job("plan", { "plan-dir": "one", "carry-journal": "true" });
    expect(one.code, one.text).toBe(0);
    const plan = JSON.parse(readFileSync(join(h.dir, "one/scopesync-plan.json"), "utf8")) as Plan;
    expect(plan.blockedReasons.join("\n")).toContain("it is used up");
    expect(plan.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(["return-not-restored", "offboarding-undone", "credential-report-lag"]));

    const resolved = await job("resolve", { "plan-dir": "ids", sharding: "true" });
    expect(resolved.code, resolved.text).toBe(0);
    expect(JSON.parse(resolved.outputs.targets!)).toEqual(JOURNAL_TARGETS);
    for (const target of JOURNAL_TARGETS) {
      const shard = await job("plan", { target, identities: "ids/identities.snapshot", "plan-dir": "shards", "carry-journal": "true" });
      expect(shard.code, shard.text).toBe(0);
      expect(shard.text).toContain("apply journal: carried on from 1 earlier job(s)' journal artifacts");
      expect(JSON.parse(readFileSync(join(h.dir, `shards/shard-${target}.json`), "utf8"))).toMatchObject({ journal: { from: ".scopesync/journal.jsonl", digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) } });
    }
    const merged = await job("plan", { "shards-dir": "shards", identities: "ids/identities.snapshot", "plan-dir": "merged", "carry-journal": "true" });
    expect(merged.code, merged.text).toBe(0);
    expect(merged.outputs.fingerprint).toBe(one.outputs.fingerprint);
    for (const file of ["scopesync-plan.json", "scopesync.sarif"]) expect(readFileSync(join(h.dir, "merged", file), "utf8")).toBe(readFileSync(join(h.dir, "one", file), "utf8"));

    // A shard job without carry-journal planned without the journal: the merge refuses it.
    const bare = await job("plan", { target: "wiki", identities: "ids/identities.snapshot", "plan-dir": "shards" });
    expect(bare.code, bare.text).toBe(0);
    const refused = await job("plan", { "shards-dir": "shards", identities: "ids/identities.snapshot", "plan-dir": "refused", "carry-journal": "true" });
    expect(refused.code).toBe(1);
    expect(refused.text).toMatch(/shards\/shard-wiki\.json was planned with no apply journal, this merge reads the apply journal \.scopesync\/journal\.jsonl \(sha256:[0-9a-f]{64}\)/);
  });
});
