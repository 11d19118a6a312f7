// Handlers for the pull-request workflow's operations (src/github/): issue comments, check runs,
// pull requests and the pull requests of a commit. Whatever the token writes is authored by the
// fake's own user (org.self), as on GitHub.
import { pageOf, type HandlerInput, type HandlerResult } from "./handlers.js";
import type { FakeAnnotation, FakeCheckRun } from "./pulls-state.js";
import { PullShapes } from "./shapes-pulls.js";

type Handler = (input: HandlerInput) => HandlerResult;

const notFound = (what: string): HandlerResult => ({ status: 404, body: { message: `Not Found (${what})`, documentation_url: "https://docs.github.com/rest", status: "404" } });
const unprocessable = (message: string): HandlerResult => ({ status: 422, body: { message, documentation_url: "https://docs.github.com/rest", status: "422" } });
const shapesOf = (input: HandlerInput): PullShapes => new PullShapes(input.url.origin, input.org, input.shapes);

/** The repository named by {owner}/{repo}, when it is one of the org's. */
function repoOf(input: HandlerInput): string | undefined {
  const { org, params } = input;
  return params.owner === org.org && org.repos.has(params.repo!) ? params.repo : undefined;
}


function annotations(body: Record<string, unknown> | undefined): FakeAnnotation[] {
  const output = body?.output as { annotations?: FakeAnnotation[] } | undefined;
  return output?.annotations ?? [];
}

function applyCheckBody(run: FakeCheckRun, body: Record<string, unknown>, at: string): HandlerResult | undefined {
  const list = annotations(body);
  if (list.length > 50) return unprocessable("Only 50 annotations may be sent per request");
  if (list.length) run.annotationBatches.push(list.length);
  run.annotations.push(...list);
  const output = body.output as { title?: string; summary?: string; text?: string } | undefined;
  if (output) Object.assign(run, { title: output.title ?? run.title, summary: output.summary ?? run.summary, text: output.text ?? run.text });
  if (typeof body.name === "string") run.name = body.name;
  if (typeof body.external_id === "string") run.externalId = body.external_id;
  if (typeof body.details_url === "string") run.detailsUrl = body.details_url;
  if (typeof body.conclusion === "string") Object.assign(run, { conclusion: body.conclusion, status: "completed", completedAt: (body.completed_at as string | undefined) ?? at });
  else if (typeof body.status === "string") run.status = body.status;
  if (run.status === "completed" && !run.conclusion) return unprocessable("conclusion is required when status is completed");
  return undefined;
}

export const PULL_HANDLERS: Record<string, Handler> = {
  "issues/list-comments": (input) => {
    const repo = repoOf(input);
    const issue = Number(input.params.issue_number);
    if (!repo || !input.org.prs.pull(repo, issue)) return notFound(`issue ${input.params.issue_number}`);
    const s = shapesOf(input);
    const { items, headers } = pageOf(input.org.prs.commentsOn(repo, issue), input);
    return { status: 200, body: items.map((c) => s.comment(c)), ...(headers ? { headers } : {}) };
  },

  "issues/create-comment": (input) => {
    const repo = repoOf(input);
    const issue = Number(input.params.issue_number);
    if (!repo || !input.org.prs.pull(repo, issue)) return notFound(`issue ${input.params.issue_number}`);
    const text = String(input.body?.body ?? "");
    if (text.length > 65_535) return unprocessable("Body is too long (maximum is 65536 characters)");
    return { status: 201, body: shapesOf(input).comment(input.org.prs.addComment(repo, issue, input.org.self.id, text)) };
  },

  "issues/update-comment": (input) => {
    const repo = repoOf(input);
    const c = input.org.prs.comments.get(Number(input.params.comment_id));
    if (!repo || !c || c.repo !== repo) return notFound(`comment ${input.params.comment_id}`);
    // GitHub lets people with write access edit anyone's comment; scopesync must choose not to.
    const text = String(input.body?.body ?? "");
    if (text.length > 65_535) return unprocessable("Body is too long (maximum is 65536 characters)");
    Object.assign(c, { body: text, updatedAt: input.org.prs.stamp() });
    return { status: 200, body: shapesOf(input).comment(c) };
  },

  "checks/create": (input) => {
    const repo = repoOf(input);
    if (!repo) return notFound(`repo ${input.params.owner}/${input.params.repo}`);
    const body = input.body ?? {};
    const at = input.org.prs.stamp();
    const run: FakeCheckRun = {
      id: input.org.prs.id(), repo, name: String(body.name), headSha: String(body.head_sha), status: "queued", conclusion: null, externalId: null, detailsUrl: null,
      title: null, summary: null, text: null, annotations: [], startedAt: (body.started_at as string | undefined) ?? at, completedAt: null, annotationBatches: [],
    };
    const problem = applyCheckBody(run, body, at);
    if (problem) return problem;
    input.org.prs.checkRuns.set(run.id, run);
    return { status: 201, body: shapesOf(input).checkRun(run) };
  },

  "checks/update": (input) => {
    const repo = repoOf(input);
    const run = input.org.prs.checkRuns.get(Number(input.params.check_run_id));
    if (!repo || !run || run.repo !== repo) return notFound(`check run ${input.params.check_run_id}`);
    const problem = applyCheckBody(run, input.body ?? {}, input.org.prs.stamp());
    return problem ?? { status: 200, body: shapesOf(input).checkRun(run) };
  },

  // A branch's tip ("git-ref" with object.sha), as GitHub answers GET /repos/{o}/{r}/git/ref/heads/{branch}.
  "git/get-ref": (input) => {
    const repo = repoOf(input);
    const ref = input.params.ref ?? "";
    const sha = repo && ref.startsWith("heads/") ? input.org.prs.branch(repo, ref.slice("heads/".length)) : undefined;
    if (!repo || !sha) return notFound(`ref ${ref}`);
    const url = `${input.url.origin}/repos/${input.org.org}/${repo}/git`;
    return { status: 200, body: { ref: `refs/${ref}`, node_id: `REF_${sha.slice(0, 12)}`, url: `${url}/refs/${ref}`, object: { type: "commit", sha, url: `${url}/commits/${sha}` } } };
  },

  "checks/list-for-ref": (input) => {
    const repo = repoOf(input);
    if (!repo) return notFound(`repo ${input.params.owner}/${input.params.repo}`);
    const ref = input.params.ref!;
    const sha = input.org.prs.branch(repo, ref) ?? ref;
    const runs = [...input.org.prs.checkRuns.values()].filter((r) => r.repo === repo && r.headSha === sha && (!input.query.check_name || r.name === input.query.check_name)).sort((a, b) => b.id - a.id);
    const s = shapesOf(input);
    const { items, headers } = pageOf(runs, input);
    return { status: 200, body: { total_count: runs.length, check_runs: items.map((r) => s.checkRun(r)) }, ...(headers ? { headers } : {}) };
  },

  // Documented: the merged PR whose merge commit this is, or open PRs that contain the commit.
  "repos/list-pull-requests-associated-with-commit": (input) => {
    const repo = repoOf(input);
    if (!repo) return notFound(`repo ${input.params.owner}/${input.params.repo}`);
    const sha = input.params.commit_sha!;
    const pulls = input.org.prs.pulls.filter((p) => p.repo === repo && (p.mergeCommitSha === sha || (p.state === "open" && p.headSha === sha)));
    const s = shapesOf(input);
    const { items, headers } = pageOf(pulls, input);
    return { status: 200, body: items.map((p) => s.pullSimple(p)), ...(headers ? { headers } : {}) };
  },

  "pulls/list": (input) => {
    const repo = repoOf(input);
    if (!repo) return notFound(`repo ${input.params.owner}/${input.params.repo}`);
    const state = (input.query.state as string | undefined) ?? "open";
    const head = input.query.head as string | undefined;
    const base = input.query.base as string | undefined;
    const pulls = input.org.prs.pulls.filter((p) => p.repo === repo && (state === "all" || p.state === state) && (!head || head === `${input.org.org}:${p.head}`) && (!base || p.base === base));
    const s = shapesOf(input);
    const { items, headers } = pageOf(pulls, input);
    return { status: 200, body: items.map((p) => s.pullSimple(p)), ...(headers ? { headers } : {}) };
  },

  "pulls/create": (input) => {
    const repo = repoOf(input);
    if (!repo) return notFound(`repo ${input.params.owner}/${input.params.repo}`);
    const { prs } = input.org;
    const head = String(input.body?.head ?? "").replace(new RegExp(`^${input.org.org}:`), "");
    const base = String(input.body?.base ?? "");
    const headSha = prs.branch(repo, head);
    if (!headSha) return unprocessable(`Validation Failed: head "${head}" is not a branch`);
    if (!prs.branch(repo, base)) return unprocessable(`Validation Failed: base "${base}" is not a branch`);
    if (prs.pulls.some((p) => p.repo === repo && p.state === "open" && p.head === head && p.base === base)) return unprocessable(`A pull request already exists for ${input.org.org}:${head}.`);
    const pull = prs.openPull(repo, { head, headSha, base, title: String(input.body?.title ?? ""), body: (input.body?.body as string | undefined) ?? null, userId: input.org.self.id });
    return { status: 201, body: shapesOf(input).pull(pull) };
  },

  "pulls/update": (input) => {
    const repo = repoOf(input);
    const pull = repo ? input.org.prs.pull(repo, Number(input.params.pull_number)) : undefined;
    if (!pull) return notFound(`pull request ${input.params.pull_number}`);
    const b = input.body ?? {};
    if (typeof b.title === "string") pull.title = b.title;
    if (typeof b.body === "string") pull.body = b.body;
    if (b.state === "open" || b.state === "closed") pull.state = b.state;
    pull.updatedAt = input.org.prs.stamp();
    return { status: 200, body: shapesOf(input).pull(pull) };
  },
};
