// The pull-request workflow's GitHub client: the connector's Octokit (throttling + retry plugins,
// logging off) pointed at one repository, and the one place its errors become ScopesyncErrors.
import { createClient, type GithubClient } from "../targets/github/client.js";
import { ScopesyncError } from "../model/errors.js";

/** The repository the workflow runs for. */
export interface RepoRef { owner: string; repo: string }

/** Everything a workflow call needs: the client, the repository, and the error wrapper. */
export interface GithubWorkflow {
  readonly octokit: GithubClient;
  readonly repo: RepoRef;
  call<T>(what: string, fn: () => Promise<T>): Promise<T>;
}

export interface WorkflowClientOptions {
  token: string;
  /** "owner/name", as GITHUB_REPOSITORY gives it. */
  repository: string;
  /** API root (GITHUB_API_URL); api.github.com by default. */
  baseUrl?: string;
  /** Scales the plugins' waits; tests pass a small value. */
  waitScale?: number;
}

/** A failed GitHub call of the workflow: status and GitHub's message, never the request (it holds the token). */
export class WorkflowError extends ScopesyncError {
  constructor(message: string, readonly status?: number, hint?: string) {
    super(message, hint);
    this.name = "WorkflowError";
  }
}

export function parseRepository(repository: string): RepoRef {
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(repository);
  if (!m) throw new ScopesyncError(`repository "${repository}" is not "owner/name"`, "set GITHUB_REPOSITORY (Actions sets it) or the action's repository input");
  return { owner: m[1]!, repo: m[2]! };
}

export function createWorkflow(options: WorkflowClientOptions): GithubWorkflow {
  const repo = parseRepository(options.repository);
  if (!options.token) throw new ScopesyncError("no GitHub token was given", "pass the workflow's token: `token: ${{ github.token }}`");
  // Reuses the connector's factory as is: only name, token, baseUrl and waitScale are read.
  const octokit = createClient({
    name: "workflow", org: repo.owner, token: options.token, baseUrl: (options.baseUrl ?? "https://api.github.com").replace(/\/+$/, ""),
    minAdmins: 0, deployKeys: "none", patGrants: false, waitScale: options.waitScale ?? 1,
  });
  const wrap = workflowErrorWrapper(options.token);
  return {
    octokit,
    repo,
    async call(what, fn) {
      try {
        return await fn();
      } catch (e) {
        throw wrap(what, e);
      }
    },
  };
}

const HINTS: Record<number, string> = {
  401: "the token was refused: pass the job's `github.token` or a valid GitHub App token",
  403: "the token lacks a permission: docs/setup.md §1 lists what each job needs (publish: `pull-requests: write`, `checks: write`; the apply queue: `statuses: read`, `actions: read`; the apply jobs: `contents: read`; report: `statuses: write`)",
  404: "the repository, pull request or comment was not found, or the token cannot see it",
};

export function workflowErrorWrapper(token: string): (what: string, error: unknown) => WorkflowError {
  const scrub = (text: string): string => (token ? text.split(token).join("***") : text);
  return (what, error) => {
    if (error instanceof WorkflowError) return error;
    if (error instanceof ScopesyncError) return new WorkflowError(scrub(`${what}: ${error.message}`), undefined, error.hint);
    const e = (error ?? {}) as { status?: unknown; message?: unknown; response?: { data?: { message?: unknown } } };
    const status = typeof e.status === "number" ? e.status : undefined;
    const text = typeof e.response?.data?.message === "string" ? e.response.data.message : typeof e.message === "string" ? e.message : String(error);
    return new WorkflowError(scrub(`GitHub: ${what}: ${status ?? "network error"} ${text}`), status, status ? HINTS[status] : "GitHub could not be reached; the run can be retried");
  };
}
