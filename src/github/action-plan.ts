// The Action's `plan` and `sync` commands: plan with the library (read side only), then publish.
// Neither writes to a target: the only writes are the comment, the check run and the sync PR.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { compile, type Compiled, type Loaded } from "../compile.js";
import { formatDiagnostic } from "../config/diagnostic.js";
import { filesAtRevision } from "../config/git-files.js";
import { workingTree } from "../config/repo-files.js";
import { parseNow } from "../model/now.js";
import { ScopesyncError } from "../model/errors.js";
import { REVOCATIONS } from "../model/change.js";
import type { Plan } from "../plan/plan.js";
import { renderJson } from "../plan/render/json.js";
import { COMMENT_MARKER, renderMarkdown } from "../plan/render/markdown.js";
import { mdText } from "../plan/render/escape.js";
import { renderSarif } from "../plan/render/sarif.js";
import type { ActionContext } from "./action-io.js";
import { invalidCheck, planCheck, publishCheckRun } from "./check-run.js";
import type { GithubWorkflow } from "./client.js";
import { planCommentBody, upsertStickyComment } from "./comment.js";
import { emptyReviewedPlan, writeJson } from "./reviewed-plan.js";
import { spawnApply } from "./spawn-apply.js";
import { openOrRefreshSyncPullRequest, SYNC_BRANCH } from "./sync-pr.js";

/** The library's plan, with the Action's environment minus its own token. */
async function makePlan(ctx: ActionContext, repo: string, base?: string): Promise<Loaded<Compiled>> {
  const env = Object.fromEntries(Object.entries(ctx.io.env).filter(([k]) => k !== "INPUT_TOKEN"));
  const now = parseNow(ctx.input("now") || undefined);
  return compile({ repoDir: repo, files: workingTree(repo), env, now, ...(base ? { baseFiles: { ref: base, files: await filesAtRevision(repo, base) } } : {}) });
}

function write(ctx: ActionContext, path: string, text: string): string {
  const full = resolve(ctx.io.cwd, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
  return full;
}

/** Plan JSON (the artifact apply verifies) and SARIF (code scanning), with their paths as outputs. */
function writeFiles(ctx: ActionContext, plan: Plan): void {
  ctx.setOutput("plan-file", write(ctx, ctx.input("plan-file", "scopesync-plan.json"), renderJson(plan)));
  ctx.setOutput("sarif-file", write(ctx, ctx.input("sarif-file", "scopesync.sarif"), renderSarif(plan)));
  ctx.setOutput("fingerprint", plan.fingerprint);
  ctx.setOutput("changes", String(plan.changes.length));
  ctx.setOutput("blocked", String(plan.blocked));
}

interface PullContext { number: number; headSha: string; baseRef?: string }

/** The PR this run is for: the pull_request event's payload, or the pr / head-sha inputs. */
function pullContext(ctx: ActionContext): PullContext {
  const pr = (ctx.event().pull_request ?? {}) as { number?: number; head?: { sha?: string }; base?: { ref?: string } };
  const number = Number(ctx.input("pr") || pr.number);
  const headSha = ctx.input("head-sha") || pr.head?.sha;
  if (!Number.isInteger(number) || number <= 0 || !headSha) {
    throw new ScopesyncError("plan needs a pull request: run it on the pull_request event", "or pass the pr and head-sha inputs");
  }
  return { number, headSha, ...(pr.base?.ref ? { baseRef: pr.base.ref } : {}) };
}

export async function planAction(ctx: ActionContext, gh: GithubWorkflow, author: string): Promise<number> {
  const pull = pullContext(ctx);
  const repo = resolve(ctx.io.cwd, ctx.input("repository-path", "."));
  const base = ctx.input("base") || (pull.baseRef ? `origin/${pull.baseRef}` : undefined);
  const result = await makePlan(ctx, repo, base);
  const runUrl = ctx.runUrl();

  if (!result.ok) {
    for (const d of result.diagnostics) ctx.log(formatDiagnostic(d));
    const check = await publishCheckRun(gh, pull.headSha, invalidCheck(result.diagnostics), runUrl);
    const list = result.diagnostics.slice(0, 200).map((d) => `- \`${mdText(`${d.file}:${d.line}:${d.col}`)}\` ${mdText(d.message, 400)}`);
    const body = [COMMENT_MARKER, "## scopesync plan: ❌ the policy repository does not validate", "", "Nothing was planned. Fix these and push again:", "", ...list, ""].join("\n");
    const comment = await upsertStickyComment(gh, pull.number, body, author);
    ctx.setOutput("check-run-id", String(check.id));
    ctx.setOutput("comment-url", comment.url);
    ctx.setOutput("blocked", "true");
    ctx.summary(body.slice(COMMENT_MARKER.length + 1));
    ctx.annotate("error", `${result.diagnostics.length} problem(s) in the policy repository; nothing was planned`);
    return 1;
  }

  const { plan } = result.value;
  writeFiles(ctx, plan);
  const artifactUrl = ctx.input("artifact-url") || runUrl;
  const run = ctx.io.env.GITHUB_RUN_ID;
  const body = planCommentBody(plan, { head: pull.headSha, ...(run ? { run } : {}), ...(artifactUrl ? { artifactUrl } : {}) });
  const comment = await upsertStickyComment(gh, pull.number, body, author);
  const check = await publishCheckRun(gh, pull.headSha, planCheck(plan), runUrl);
  ctx.setOutput("comment-url", comment.url);
  ctx.setOutput("check-run-id", String(check.id));
  ctx.summary(renderMarkdown(plan, { limit: 1_000_000, ...(artifactUrl ? { artifactUrl } : {}) }).slice(COMMENT_MARKER.length + 1));
  ctx.log(`plan ${plan.fingerprint}: ${plan.changes.length} changes, ${plan.blocked ? "blocked" : "not blocked"}; comment ${comment.action}, check run ${check.id} (${check.requests} request${check.requests === 1 ? "" : "s"})`);
  if (plan.blocked) ctx.annotate("error", `the plan is blocked: ${plan.blockedReasons.length} reason(s); see the "scopesync plan" check`);
  return 0;
}

/**
 * The scheduled sync: plan against fresh exports; apply what needs no review (revocations, as
 * `apply.unreviewed` allows) by applying an empty reviewed plan; open or refresh the one review
 * PR for everything that grants access.
 */
export async function syncAction(ctx: ActionContext, gh: GithubWorkflow): Promise<number> {
  const repo = resolve(ctx.io.cwd, ctx.input("repository-path", "."));
  const result = await makePlan(ctx, repo);
  if (!result.ok) {
    for (const d of result.diagnostics) ctx.log(formatDiagnostic(d));
    ctx.annotate("error", `${result.diagnostics.length} problem(s) in the policy repository; the sync planned nothing`);
    return 1;
  }
  const { plan } = result.value;
  writeFiles(ctx, plan);
  const revocations = plan.changes.filter((c) => REVOCATIONS.has(c.action));
  const grants = plan.changes.filter((c) => !REVOCATIONS.has(c.action));
  ctx.setOutput("revocations", String(revocations.length));
  ctx.setOutput("grants", String(grants.length));
  let code = 0;

  if (ctx.flag("apply-revocations", true) && revocations.length > 0) {
    if (plan.blocked) {
      ctx.annotate("warning", "the plan is blocked: no revocation was applied; the sync PR shows why");
    } else {
      const file = resolve(ctx.io.cwd, ctx.input("reviewed-plan-file", "scopesync-reviewed-plan.json"));
      writeJson(file, emptyReviewedPlan(plan.organisation, plan.generatedAt));
      const run = await spawnApply(ctx, { repo, planFile: file, ...(ctx.input("now") ? { now: ctx.input("now") } : {}) });
      ctx.setOutput("apply-exit-code", String(run.exitCode));
      ctx.summary(`### Revocations applied at once\n\n\`scopesync apply\` with nothing reviewed: ${run.status} (exit ${run.exitCode}); ${revocations.length} revocation(s) planned.\n`);
      code = run.exitCode;
    }
  }

  if (grants.length > 0 || plan.blocked) {
    const base = ctx.input("base-branch", "main");
    const date = plan.generatedAt.slice(0, 10);
    const intro = [
      `Scheduled sync of ${date}: **${grants.length}** change${grants.length === 1 ? "" : "s"} that grant access wait for review.`,
      revocations.length ? `${revocations.length} revocation(s) were applied at once (leavers, disabled NHIs, expired grants) and are listed for the record.` : "",
      "Merging this pull request accepts the source snapshot it carries; apply then grants what the plan below shows.",
      "",
    ].filter(Boolean);
    const markdown = renderMarkdown(plan, { limit: 60_000, ...(ctx.runUrl() ? { artifactUrl: ctx.runUrl()! } : {}) }).slice(COMMENT_MARKER.length + 1);
    const pr = await openOrRefreshSyncPullRequest(gh, { branch: ctx.input("sync-branch", SYNC_BRANCH), base, title: `scopesync: review ${grants.length} access grant${grants.length === 1 ? "" : "s"} from the sync`, body: [...intro, markdown].join("\n") });
    ctx.setOutput("sync-pr", String(pr.number));
    ctx.setOutput("sync-pr-url", pr.url);
    ctx.log(`sync pull request #${pr.number} ${pr.action}`);
  }
  ctx.summary(renderMarkdown(plan, { limit: 1_000_000 }).slice(COMMENT_MARKER.length + 1));
  return code;
}
