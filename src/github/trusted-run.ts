// Which workflow run may vouch for a reviewed plan. Anyone who can push a branch can run that
// branch's own workflows with a write token, as the same `github-actions[bot]` that posts the plan;
// authorship of a comment or check run therefore proves nothing. What such a run cannot fake is
// its own record in the Actions API: a run of the trusted publish workflow has event
// `workflow_run`, which GitHub starts only from the default branch's copy of the file, and its
// artifacts can be uploaded only by that run. Apply reads the reviewed plan from there.
import { ScopesyncError } from "../model/errors.js";
import type { GithubWorkflow } from "./client.js";

export const PUBLISH_WORKFLOW = ".github/workflows/publish.yml";
export const APPLY_WORKFLOW = ".github/workflows/apply.yml";

/**
 * What the Actions API records of a run. `status` is its lifecycle (`requested`, `queued`,
 * `waiting`, `pending`, `in_progress`, `completed`) and `conclusion` its outcome once completed
 * (`success`, `failure`, `cancelled`, `timed_out`, `action_required`, `neutral`, `skipped`,
 * `stale`, `startup_failure`), null before: "Get a workflow run",
 * https://docs.github.com/en/rest/actions/workflow-runs#get-a-workflow-run, and "Workflow run
 * statuses and conclusions", https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-run-statuses.
 */
export interface RunFacts { id: number; event: string; path: string; headBranch: string | null; headSha: string; repository: string; status: string | null; conclusion: string | null; /** When its latest attempt started (run_started_at). */ startedAt?: string }

export async function getRun(gh: GithubWorkflow, runId: string | number): Promise<RunFacts> {
  const { data } = await gh.call(`read workflow run ${runId}`, () => gh.octokit.rest.actions.getWorkflowRun({ ...gh.repo, run_id: Number(runId) }));
  return { id: data.id, event: data.event, path: data.path.replace(/@.*$/, ""), headBranch: data.head_branch, headSha: data.head_sha, repository: data.repository.full_name, status: data.status, conclusion: data.conclusion, ...(data.run_started_at ? { startedAt: data.run_started_at } : {}) };
}

export interface TrustRule {
  /** The workflow file the run must be of. */
  path: string;
  /** Events that start it only from the default branch's copy of the file. */
  events: readonly string[];
  defaultBranch: string;
}

/** The run's facts when it is a run of `rule.path` on the default branch, started by one of `rule.events`; else throws why not. */
export async function verifyTrustedRun(gh: GithubWorkflow, runId: string | number, rule: TrustRule): Promise<RunFacts> {
  const run = await getRun(gh, runId);
  const problems: string[] = [];
  if (run.repository.toLowerCase() !== `${gh.repo.owner}/${gh.repo.repo}`.toLowerCase()) problems.push(`it ran in ${run.repository}`);
  if (run.path !== rule.path) problems.push(`it is a run of ${run.path}, not ${rule.path}`);
  if (!rule.events.includes(run.event)) problems.push(`it was started by "${run.event}", not ${rule.events.map((e) => `"${e}"`).join(" or ")}`);
  if (run.headBranch !== rule.defaultBranch) problems.push(`it ran on branch "${run.headBranch ?? "(none)"}", not the default branch "${rule.defaultBranch}"`);
  if (problems.length) {
    throw new ScopesyncError(`workflow run ${runId} is not a trusted run of ${rule.path}: ${problems.join("; ")}`, "only the publish workflow on the default branch may vouch for a plan: re-run the plan workflow on the pull request so it publishes again");
  }
  return run;
}
