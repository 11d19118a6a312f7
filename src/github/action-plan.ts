// The Action's `plan` command: the job that runs the pull request's own code. It has no secrets
// and a read-only token, and makes no GitHub call at all: it plans (read side only) and leaves
// files for the artifact that the trusted `publish` job verifies and posts. Validation problems
// become annotations on their lines here already (workflow commands need no token).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { baseOptions, compile, type Compiled, type Loaded } from "../compile.js";
import { isSyncPullRequest } from "./sync-pr-exports.js";
import { formatDiagnostic, type Diagnostic } from "../config/diagnostic.js";
import { workingTree } from "../config/repo-files.js";
import type { ScopesyncError } from "../model/errors.js";
import { COMMENT_MARKER, renderMarkdown } from "../plan/render/markdown.js";
import { renderJson } from "../plan/render/json.js";
import { sarifFile } from "../plan/render/sarif.js";
import { omissionText } from "../plan/render/sarif-omitted.js";
import type { ActionContext } from "./action-io.js";
import type { Plan } from "../plan/plan.js";
import { PLANNED_FOR_FILE, plannedFor, shortName, testMergeBase } from "./planned-tree.js";
import { actionNow } from "./action-now.js";

/** Files of the plan artifact (the directory the plan job uploads as `scopesync-plan`). */
export const PLAN_FILE = "scopesync-plan.json";
export const DIAGNOSTICS_FILE = "scopesync-diagnostics.json";
export const SARIF_FILE = "scopesync.sarif";

/**
 * The library's plan of a checkout, with the Action's environment minus its own token. The exports
 * count as fetched (the sources' word) in the sync's own run and pull request (sync-pr-exports.ts).
 */
export async function makePlan(ctx: ActionContext, repo: string, base?: string, fetchedExports = isSyncPullRequest(ctx)): Promise<Loaded<Compiled>> {
  const now = actionNow(ctx);
  // Planned near the runner's heap limit: slower, and the run's annotations say how to give it more.
  const onMemoryWarning = (w: ScopesyncError) => ctx.annotate("warning", `${w.message}\nfix: ${w.hint}`);
  return compile({ repoDir: repo, files: workingTree(repo), env: ctx.libraryEnv(), now, onMemoryWarning, ...(await baseOptions(repo, base, base !== undefined && fetchedExports)) });
}

/**
 * The plan's Markdown for the step summary, laid out to the bytes the summary has left. The
 * renderer counts UTF-16 code units (GitHub counts a comment's characters), a summary's limit is in
 * bytes, and an emoji or a name in Japanese takes two to four bytes a unit: so it is rendered to
 * the room, then again to a room shrunk by what the bytes overshot, until it fits.
 */
export function planSummary(ctx: ActionContext, plan: Plan): string {
  const room = ctx.summaryRoom() - 1; // the line break summary() adds
  let limit = room;
  for (let attempt = 0; attempt < 8 && limit > 0; attempt++) {
    const markdown = renderMarkdown(plan, { limit }).slice(COMMENT_MARKER.length + 1);
    const bytes = Buffer.byteLength(markdown);
    if (bytes <= room) return markdown;
    limit = Math.floor((limit * room) / bytes) - 1024;
  }
  return "_The plan's summary does not fit a step's summary; the plan artifact has it whole._";
}

/** The policy repository's checkout (input repository-path). */
export function repositoryPath(ctx: ActionContext): string {
  return resolve(ctx.io.cwd, ctx.input("repository-path", "."));
}

export function writeFile(path: string, text: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/**
 * The plan's SARIF for code scanning. One upload shows at most 5,000 findings (sarif-budget.ts):
 * when the file leaves some out, it says so itself, and the log says so too.
 */
export function writeSarif(ctx: ActionContext, path: string, plan: Plan): string {
  const sarif = sarifFile(plan);
  writeFile(path, sarif.text);
  if (sarif.omission) ctx.log(`${path}: ${omissionText(sarif.omission)}`);
  return path;
}

/** Each problem on its own line of the file (what the PR's diff shows), and in the log. */
export function annotateDiagnostics(ctx: ActionContext, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics.slice(0, 50)) ctx.annotateAt("error", { file: d.file, line: d.line, col: d.col, title: "scopesync: invalid" }, `${d.message}${d.hint ? `\nfix: ${d.hint}` : ""}`);
  for (const d of diagnostics) ctx.log(formatDiagnostic(d));
}

/**
 * The PR's base: input `base`, else origin/<base ref> of the pull_request event, or the commit a
 * merge group was built on (merge_group.base_sha, which publish reads from the queue's branch
 * name: both plan against the same commit however the base branch moves meanwhile).
 */
export function baseRef(ctx: ActionContext): string | undefined {
  const pr = (ctx.event().pull_request ?? {}) as { base?: { ref?: string } };
  const group = (ctx.event().merge_group ?? {}) as { base_ref?: string; base_sha?: string };
  const sha = group.base_sha?.toLowerCase();
  const groupBase = sha && /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(sha) ? sha : group.base_ref ? `origin/${group.base_ref.replace(/^refs\/heads\//, "")}` : undefined;
  return ctx.input("base") || (pr.base?.ref ? `origin/${pr.base.ref}` : groupBase);
}

/** The pull_request event's head commit, which GitHub's test merge has as its second parent. */
export function eventHead(ctx: ActionContext): string | undefined {
  return ((ctx.event().pull_request ?? {}) as { head?: { sha?: string } }).head?.sha;
}

/**
 * The plan job's base: as `baseRef`, but for a pull_request run the first parent of the checked
 * out test merge, the commit the head was merged into. origin/<base>, fetched after GitHub made
 * the merge, may be newer, and publish (planned-tree.ts) merges the head into this same commit.
 * Named by its short sha, as publish names it: the name is in reasons, so in the fingerprint.
 */
export async function planBase(ctx: ActionContext, repo: string): Promise<string | undefined> {
  const named = ctx.input("base") || (await testMergeBase(repo, eventHead(ctx))) || baseRef(ctx);
  return named ? shortName(repo, named) : undefined;
}

/**
 * Plans the checkout and leaves the artifact's files. `planned` replaces the one-process plan:
 * with sharding: true, the merge of every target's shard (action-shards.ts).
 */
export async function planAction(ctx: ActionContext, planned?: () => Promise<Loaded<{ plan: Plan }>>): Promise<number> {
  const repo = repositoryPath(ctx);
  const dir = resolve(ctx.io.cwd, ctx.input("plan-dir", "scopesync-plan"));
  ctx.setOutput("plan-dir", dir);
  const base = await planBase(ctx, repo);
  const result = planned ? await planned() : await makePlan(ctx, repo, base);
  // What was planned, so that publish can plan the same tree (it verifies the base commit).
  writeFile(join(dir, PLANNED_FOR_FILE), `${JSON.stringify(await plannedFor(repo, eventHead(ctx), base), null, 2)}\n`);
  if (!result.ok) {
    writeFile(join(dir, DIAGNOSTICS_FILE), `${JSON.stringify(result.diagnostics, null, 2)}\n`);
    annotateDiagnostics(ctx, result.diagnostics);
    ctx.setOutput("blocked", "true");
    ctx.summary(`## scopesync plan: ❌ the policy repository does not validate\n\n${result.diagnostics.length} problem(s); each is annotated on its line. The trusted publish job posts them on the pull request.\n`);
    return 1;
  }
  const { plan } = result.value;
  writeFile(join(dir, PLAN_FILE), renderJson(plan));
  writeSarif(ctx, join(dir, SARIF_FILE), plan);
  ctx.setOutput("fingerprint", plan.fingerprint);
  ctx.setOutput("changes", String(plan.changes.length));
  ctx.setOutput("blocked", String(plan.blocked));
  ctx.summary(planSummary(ctx, plan));
  ctx.log(`plan ${plan.fingerprint}: ${plan.changes.length} changes, ${plan.blocked ? "blocked" : "not blocked"}; written to ${dir} for the trusted publish job`);
  return 0;
}
