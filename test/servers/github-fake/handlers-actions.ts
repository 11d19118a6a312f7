// The Actions side of the fake, for the Action's trust split and apply queue: workflow runs (with
// the event, workflow file and branch GitHub records for each), their artifacts (zips, downloaded
// through a 302 to a blob URL as on GitHub), commit statuses, and whether code scanning answers.
// Kept in its own state (one per FakeOrg) so the fake's core needs only the registration lines.
import type { ServerResponse } from "node:http";
import { zipSync } from "fflate";
import { pageOf, type HandlerInput, type HandlerResult } from "./handlers.js";
import type { FakeOrg } from "./state.js";

type Handler = (input: HandlerInput) => HandlerResult;

/**
 * A workflow run. `status` and `conclusion` as "Get a workflow run" answers them
 * (https://docs.github.com/en/rest/actions/workflow-runs#get-a-workflow-run; the values:
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-run-statuses):
 * the conclusion is null until the run is `completed`. A test that plays a run's jobs marks it
 * `in_progress` meanwhile and sets the conclusion once they are done.
 */
export interface FakeRun { id: number; repo: string; event: string; path: string; headBranch: string; headSha: string; startedAt?: string; status: "requested" | "queued" | "waiting" | "pending" | "in_progress" | "completed"; conclusion: "success" | "failure" | "cancelled" | "timed_out" | "action_required" | "neutral" | "skipped" | "stale" | "startup_failure" | null }
export interface FakeArtifact { id: number; runId: number; name: string; zip: Uint8Array; expired: boolean; createdAt: string }
export interface FakeStatus { id: number; repo: string; sha: string; state: string; context: string; description: string | null; targetUrl: string | null; creatorId: number; createdAt: string }

/** What the fake's Actions API holds; `codeScanning` is what listing analyses answers (GitHub: 403 without Advanced Security). */
export class FakeActions {
  readonly runs = new Map<number, FakeRun>();
  readonly artifacts = new Map<number, FakeArtifact>();
  readonly statuses: FakeStatus[] = [];
  codeScanning: "enabled" | "no-analysis" | "not-enabled" = "not-enabled";
  private clock = Date.parse("2026-11-26T10:00:00Z");

  constructor(private readonly org: FakeOrg) {}

  stamp(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  /** A run as GitHub records it: `workflow_run` runs are on the default branch, a push run on the pushed branch. */
  addRun(repo: string, fields: Omit<FakeRun, "id" | "repo" | "status" | "conclusion"> & Partial<Pick<FakeRun, "status" | "conclusion">>): FakeRun {
    // A run not given a status has finished, successfully; one still going has no conclusion yet.
    const status = fields.status ?? "completed";
    const run: FakeRun = { id: this.org.id(), repo, ...fields, status, conclusion: fields.conclusion !== undefined ? fields.conclusion : status === "completed" ? "success" : null };
    this.runs.set(run.id, run);
    return run;
  }

  /** An artifact as actions/upload-artifact stores it: the files, zipped. */
  addArtifact(runId: number, name: string, files: Record<string, string>): FakeArtifact {
    const zip = zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, new TextEncoder().encode(v)])));
    const artifact: FakeArtifact = { id: this.org.id(), runId, name, zip, expired: false, createdAt: this.stamp() };
    this.artifacts.set(artifact.id, artifact);
    return artifact;
  }

  /** Statuses of a commit, newest first (as GitHub lists them). */
  statusesOf(repo: string, sha: string): FakeStatus[] {
    return this.statuses.filter((s) => s.repo === repo && s.sha === sha).sort((a, b) => b.id - a.id);
  }
}

const state = new WeakMap<FakeOrg, FakeActions>();
export function actionsOf(org: FakeOrg): FakeActions {
  let a = state.get(org);
  if (!a) state.set(org, (a = new FakeActions(org)));
  return a;
}

/** Where a 302 for an artifact download points (a signed blob URL on GitHub). */
export const BLOB_PREFIX = "/_fake-blobs/artifacts/";

/** Serves an artifact's zip at its blob URL; false when the path is not one. Such URLs need no token, as GitHub's signed URLs do not. */
export function serveBlob(org: FakeOrg, path: string, res: ServerResponse): boolean {
  if (!path.startsWith(BLOB_PREFIX)) return false;
  const artifact = actionsOf(org).artifacts.get(Number(path.slice(BLOB_PREFIX.length)));
  if (!artifact) res.writeHead(404).end();
  else res.writeHead(200, { "content-type": "application/zip", "content-length": String(artifact.zip.length) }).end(Buffer.from(artifact.zip));
  return true;
}

const notFound = (what: string): HandlerResult => ({ status: 404, body: { message: `Not Found (${what})`, documentation_url: "https://docs.github.com/rest", status: "404" } });

function repoOf(input: HandlerInput): string | undefined {
  const { org, params } = input;
  return params.owner === org.org && org.repos.has(params.repo!) ? params.repo : undefined;
}

function runShape(input: HandlerInput, run: FakeRun): Record<string, unknown> {
  const base = input.url.origin;
  const api = `${base}/repos/${input.org.org}/${run.repo}`;
  const repository = input.shapes.repo(input.org.repos.get(run.repo)!);
  const person = { name: "Ada Tester", email: "ada@corp.example" };
  const at = "2026-11-26T09:30:00Z";
  return {
    id: run.id, name: run.path.replace(/^.*\//, ""), node_id: `WFR_${run.id}`, check_suite_id: run.id + 1, check_suite_node_id: `CS_${run.id}`,
    head_branch: run.headBranch, head_sha: run.headSha, path: run.path, run_number: run.id % 1000, run_attempt: 1, event: run.event, display_title: run.path,
    status: run.status, conclusion: run.conclusion, workflow_id: 4242, url: `${api}/actions/runs/${run.id}`, html_url: `${base}/${input.org.org}/${run.repo}/actions/runs/${run.id}`,
    pull_requests: [], created_at: at, updated_at: at, run_started_at: run.startedAt ?? at,
    actor: input.shapes.simpleUser(input.org.self), triggering_actor: input.shapes.simpleUser(input.org.self),
    jobs_url: `${api}/actions/runs/${run.id}/jobs`, logs_url: `${api}/actions/runs/${run.id}/logs`, check_suite_url: `${api}/check-suites/${run.id + 1}`,
    artifacts_url: `${api}/actions/runs/${run.id}/artifacts`, cancel_url: `${api}/actions/runs/${run.id}/cancel`, rerun_url: `${api}/actions/runs/${run.id}/rerun`,
    workflow_url: `${api}/actions/workflows/4242`,
    head_commit: { id: run.headSha, tree_id: run.headSha, message: "merge", timestamp: at, author: person, committer: person },
    repository, head_repository: repository,
  };
}

function artifactShape(input: HandlerInput, a: FakeArtifact, repo: string): Record<string, unknown> {
  const api = `${input.url.origin}/repos/${input.org.org}/${repo}/actions/artifacts/${a.id}`;
  const run = actionsOf(input.org).runs.get(a.runId)!;
  return {
    id: a.id, node_id: `A_${a.id}`, name: a.name, size_in_bytes: a.zip.length, url: api, archive_download_url: `${api}/zip`, expired: a.expired,
    created_at: a.createdAt, expires_at: "2027-02-24T10:00:00Z", updated_at: a.createdAt, digest: null,
    workflow_run: { id: run.id, repository_id: input.org.repos.get(repo)!.id, head_repository_id: input.org.repos.get(repo)!.id, head_branch: run.headBranch, head_sha: run.headSha },
  };
}

function statusShape(input: HandlerInput, s: FakeStatus): Record<string, unknown> {
  return {
    url: `${input.url.origin}/repos/${input.org.org}/${s.repo}/statuses/${s.sha}`, avatar_url: null, id: s.id, node_id: `SC_${s.id}`, state: s.state,
    description: s.description, target_url: s.targetUrl, context: s.context, created_at: s.createdAt, updated_at: s.createdAt,
    creator: input.shapes.simpleUser(input.org.userById(s.creatorId)),
  };
}

export const ACTIONS_HANDLERS: Record<string, Handler> = {
  "actions/get-workflow-run": (input) => {
    const repo = repoOf(input);
    const run = actionsOf(input.org).runs.get(Number(input.params.run_id));
    if (!repo || !run || run.repo !== repo) return notFound(`run ${input.params.run_id}`);
    return { status: 200, body: runShape(input, run) };
  },

  "actions/list-workflow-run-artifacts": (input) => {
    const repo = repoOf(input);
    const run = actionsOf(input.org).runs.get(Number(input.params.run_id));
    if (!repo || !run || run.repo !== repo) return notFound(`run ${input.params.run_id}`);
    const all = [...actionsOf(input.org).artifacts.values()].filter((a) => a.runId === run.id && (!input.query.name || a.name === input.query.name)).sort((a, b) => b.id - a.id);
    const { items, headers } = pageOf(all, input);
    return { status: 200, body: { total_count: all.length, artifacts: items.map((a) => artifactShape(input, a, repo)) }, ...(headers ? { headers } : {}) };
  },

  // Every run's artifacts of the repository, newest first, by exact name when one is asked for.
  "actions/list-artifacts-for-repo": (input) => {
    const repo = repoOf(input);
    if (!repo) return notFound(`repo ${input.params.owner}/${input.params.repo}`);
    const actions = actionsOf(input.org);
    const all = [...actions.artifacts.values()].filter((a) => actions.runs.get(a.runId)?.repo === repo && (!input.query.name || a.name === input.query.name)).sort((a, b) => b.id - a.id);
    const { items, headers } = pageOf(all, input);
    return { status: 200, body: { total_count: all.length, artifacts: items.map((a) => artifactShape(input, a, repo)) }, ...(headers ? { headers } : {}) };
  },

  // GitHub answers with a redirect to a short-lived blob URL; an expired artifact is 410 Gone.
  "actions/download-artifact": (input) => {
    const repo = repoOf(input);
    const artifact = actionsOf(input.org).artifacts.get(Number(input.params.artifact_id));
    const run = artifact ? actionsOf(input.org).runs.get(artifact.runId) : undefined;
    if (!repo || !artifact || run?.repo !== repo || input.params.archive_format !== "zip") return notFound(`artifact ${input.params.artifact_id}`);
    if (artifact.expired) return { status: 410, body: { message: "Artifact has expired", documentation_url: "https://docs.github.com/rest" } };
    return { status: 302, headers: { location: `${input.url.origin}${BLOB_PREFIX}${artifact.id}` } };
  },

  "repos/create-commit-status": (input) => {
    const repo = repoOf(input);
    if (!repo) return notFound(`repo ${input.params.owner}/${input.params.repo}`);
    const b = input.body ?? {};
    const actions = actionsOf(input.org);
    const s: FakeStatus = {
      id: input.org.id(), repo, sha: input.params.sha!, state: String(b.state), context: typeof b.context === "string" ? b.context : "default",
      description: (b.description as string | undefined) ?? null, targetUrl: (b.target_url as string | undefined) ?? null, creatorId: input.org.self.id, createdAt: actions.stamp(),
    };
    actions.statuses.push(s);
    return { status: 201, body: statusShape(input, s) };
  },

  "repos/list-commit-statuses-for-ref": (input) => {
    const repo = repoOf(input);
    if (!repo) return notFound(`repo ${input.params.owner}/${input.params.repo}`);
    const sha = input.org.prs.branch(repo, input.params.ref!) ?? input.params.ref!;
    const { items, headers } = pageOf(actionsOf(input.org).statusesOf(repo, sha), input);
    return { status: 200, body: items.map((s) => statusShape(input, s)), ...(headers ? { headers } : {}) };
  },

  // Only the availability answers are modelled: no analysis is ever listed.
  "code-scanning/list-recent-analyses": (input) => {
    const repo = repoOf(input);
    if (!repo) return notFound(`repo ${input.params.owner}/${input.params.repo}`);
    const mode = actionsOf(input.org).codeScanning;
    if (mode === "not-enabled") return { status: 403, body: { message: "Code Security must be enabled for this repository to use code scanning.", documentation_url: "https://docs.github.com/rest/code-scanning/code-scanning#list-code-scanning-analyses-for-a-repository", status: "403" } };
    if (mode === "no-analysis") return { status: 404, body: { message: "no analysis found", documentation_url: "https://docs.github.com/rest/code-scanning/code-scanning#list-code-scanning-analyses-for-a-repository", status: "404" } };
    return { status: 200, body: [] };
  },
};
