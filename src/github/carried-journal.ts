// The apply journal carried from run to run, merged from every job that writes it (rv79 #2). Each
// job that applies (apply.yml's Revoke and Grant jobs of a target, sync.yml's sync) uploads its
// journal as an artifact of its own name (journal-report.ts journalArtifact), whatever happened to
// the job. Jobs of one name run one at a time (their concurrency group), so the newest artifact of
// a name holds every line its jobs wrote; jobs of different names overlap (a Grant job approved
// while the next merge's Revoke job runs, the daily sync beside both). Restoring only the newest
// cache, as the workflows did, kept one of them and lost the others' lines; here the newest
// artifact of every name is merged (apply/journal-merge.ts), so no job's lines are lost to the
// next, and a pull request's plan (plan.yml, publish.yml) reads the same journal apply does.
//
// Artifacts, not caches: a cache is restored one key (prefix) at a time and only by a workflow
// step, which cannot list the targets scopesync.yaml names; it is evicted after 7 days unused; and
// a pull request's run may save caches of any key in its own scope. An artifact is listed by name
// through the REST API (actions: read), kept for the retention the workflows set, and its run says
// who made it: only a run of apply.yml or sync.yml on the default branch is read.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { mergeJournals } from "../apply/journal-merge.js";
import { loadConfigOnly } from "../config/load-repo.js";
import { workingTree } from "../config/repo-files.js";
import { journalFile } from "../model/journal-record.js";
import { ScopesyncError } from "../model/errors.js";
import type { ActionContext } from "./action-io.js";
import type { GithubWorkflow } from "./client.js";
import { journalArtifact } from "./journal-report.js";
import { readArtifact } from "./plan-artifact.js";
import { APPLY_WORKFLOW, getRun, verifyTrustedRun, type TrustRule } from "./trusted-run.js";

export const SYNC_WORKFLOW = ".github/workflows/sync.yml";

/** The file in a journal artifact: actions/upload-artifact keeps a single file under its own name. */
const IN_ARTIFACT = "journal.jsonl";

/** The artifact names of the jobs that write the journal of `targets`: each target's Revoke and Grant jobs, and the sync. */
export function journalArtifactNames(targets: readonly string[]): string[] {
  return [...targets.flatMap((t) => [journalArtifact("revocations", t), journalArtifact("all", t)]), journalArtifact("sync")].sort();
}

export interface CarryOptions {
  defaultBranch: string;
  /** Only artifacts made before this time (ISO 8601): plan.yml and publish.yml both read the journal as it was when the plan run started. */
  before?: string;
  /** Only this target's lines (an apply job of one target keeps its own target's journal). */
  target?: string;
}

/** Who may have made an artifact of `name`: the sync's in sync.yml, an apply job's in apply.yml, each on the default branch. */
function ruleFor(name: string, defaultBranch: string): TrustRule {
  return name === journalArtifact("sync")
    ? { path: SYNC_WORKFLOW, events: ["schedule", "workflow_dispatch"], defaultBranch }
    : { path: APPLY_WORKFLOW, events: ["push", "workflow_dispatch"], defaultBranch };
}

/** The journal text of the newest artifact of `name` a trusted run made (before `before`), or undefined when there is none. */
async function newestCopy(ctx: Pick<ActionContext, "annotate">, gh: GithubWorkflow, name: string, o: CarryOptions): Promise<string | undefined> {
  const all = await gh.call(`list the artifacts named "${name}"`, () => gh.octokit.paginate(gh.octokit.rest.actions.listArtifactsForRepo, { ...gh.repo, name, per_page: 100 }));
  // Times compared as instants: GitHub's and the runner's ISO texts differ in precision.
  const made = (a: { created_at?: string | null }) => Date.parse(a.created_at ?? "") || 0;
  const before = o.before === undefined ? Infinity : Date.parse(o.before);
  const candidates = all.filter((a) => a.name === name && !a.expired && a.workflow_run?.id !== undefined && made(a) < before).sort((a, b) => made(b) - made(a) || b.id - a.id);
  for (const a of candidates) {
    const run = a.workflow_run!.id!;
    try {
      await verifyTrustedRun(gh, run, ruleFor(name, o.defaultBranch));
    } catch (e) {
      // Anyone who can push a branch can upload an artifact of this name from that branch's workflows: never read, always said.
      ctx.annotate("warning", `the journal artifact "${name}" of run ${run} is not read: ${(e as Error).message}`);
      continue;
    }
    return (await readArtifact(gh, a, `journal artifact "${name}" of run ${run}`, [IN_ARTIFACT], "the job that uploads it keeps .scopesync/journal.jsonl (apply.yml, sync.yml): check its upload step's path"))[IN_ARTIFACT];
  }
  return undefined;
}

/**
 * Merges into the journal at `journalPath` (what the checkout has, usually nothing) the newest
 * trusted artifact of each of `names`; returns how many copies were merged. Nothing to merge leaves
 * the file as it was (a first run has no journal yet).
 */
export async function restoreCarriedJournal(ctx: Pick<ActionContext, "annotate" | "log">, gh: GithubWorkflow, journalPath: string, names: readonly string[], o: CarryOptions): Promise<number> {
  const copies: string[] = [];
  for (const name of names) {
    const copy = await newestCopy(ctx, gh, name, o);
    if (copy !== undefined) copies.push(copy);
  }
  if (copies.length === 0) {
    ctx.log(`apply journal: no earlier journal artifact (${names.join(", ")}) to carry on from`);
    return 0;
  }
  const local = existsSync(journalPath) ? [readFileSync(journalPath, "utf8")] : [];
  const keep = o.target === undefined ? undefined : (r: Record<string, unknown>) => r.target === o.target;
  try {
    mkdirSync(dirname(journalPath), { recursive: true });
    writeFileSync(journalPath, mergeJournals([...local, ...copies], keep));
  } catch (e) {
    throw new ScopesyncError(`cannot write the carried apply journal to ${journalPath}: ${(e as Error).message}`, "check that the job's checkout is writable");
  }
  ctx.log(`apply journal: carried on from ${copies.length} earlier job(s)' journal artifacts`);
  return copies.length;
}

/**
 * The carried journal of the checkout at `repo`, for a job of apply.yml or sync.yml that writes it
 * (`carry-journal: true`): `target`, the apply job's target; none, the sync's (every target's).
 */
export async function carryJournal(ctx: Pick<ActionContext, "annotate" | "log">, gh: GithubWorkflow, repo: string, journalPath: string, o: { defaultBranch: string; target?: string }): Promise<number> {
  const targets = o.target !== undefined ? [o.target] : Object.keys(loadConfigOnly(workingTree(repo))?.targets ?? {});
  return restoreCarriedJournal(ctx, gh, journalPath, journalArtifactNames(targets), o);
}

/**
 * A pull request's plan (plan.yml's jobs, publish.yml's re-plan) reads the carried journal as apply
 * does, read-only: as it was when the plan run started, so that the untrusted plan job and the
 * trusted re-plan read the same lines even when an apply job uploads its journal in between (their
 * plans are compared, and differ otherwise).
 */
export async function carryJournalForPlan(ctx: ActionContext, gh: GithubWorkflow, repo: string, defaultBranch: string): Promise<number> {
  const planRun = ctx.event().workflow_run as { run_started_at?: unknown } | undefined;
  const before = planRun ? planRun.run_started_at : (await getRun(gh, ctx.io.env.GITHUB_RUN_ID ?? "")).startedAt;
  if (typeof before !== "string") throw new ScopesyncError("cannot tell when the plan run started, so which journal artifacts it may read", "run the plan workflow again");
  const config = loadConfigOnly(workingTree(repo));
  return restoreCarriedJournal(ctx, gh, journalFile(repo, config), journalArtifactNames(Object.keys(config?.targets ?? {})), { defaultBranch, before });
}
