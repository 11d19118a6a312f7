// The Action's merge side: `reviewed-plan` (find the merged PR and the plan its reviewers saw),
// `apply` (the same, then `scopesync apply --plan` for one target or all), `report` (one comment on
// the PR with every target's result).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadRepo } from "../config/load-repo.js";
import { workingTree } from "../config/repo-files.js";
import { parseNow } from "../model/now.js";
import { ScopesyncError } from "../model/errors.js";
import type { Plan } from "../plan/plan.js";
import { mdText } from "../plan/render/escape.js";
import type { ActionContext } from "./action-io.js";
import type { GithubWorkflow } from "./client.js";
import { upsertStickyComment } from "./comment.js";
import { findMergedPullRequest } from "./find-pr.js";
import { emptyReviewedPlan, readReviewedPlan, verifyPlanArtifact, writeJson } from "./reviewed-plan.js";
import { spawnApply, type ApplyRun } from "./spawn-apply.js";

/** Marks the one apply-result comment per PR (a re-run updates it). */
export const APPLY_MARKER = "<!-- scopesync-apply -->";

interface Resolved { planFile?: string; pr?: number; fingerprint: string; repo: string }

/**
 * Finds the merged PR of the pushed commit and the plan its reviewers saw. With `requirePlan`
 * (apply), also the plan file apply gets: the plan job's artifact (input plan-file), checked
 * against the reviewed fingerprint and ids, or an empty plan when nothing was reviewed.
 */
export async function resolveReviewed(ctx: ActionContext, gh: GithubWorkflow, author: string, requirePlan: boolean): Promise<Resolved> {
  const repo = resolve(ctx.io.cwd, ctx.input("repository-path", "."));
  const sha = ctx.input("sha") || ctx.io.env.GITHUB_SHA;
  if (!sha) throw new ScopesyncError("no commit to apply", "run on push to the default branch (GITHUB_SHA), or pass the sha input");
  const config = loadConfig(repo);
  ctx.setOutput("targets", JSON.stringify(config.targets));

  const pr = await findMergedPullRequest(gh, sha);
  if (!pr) {
    // A direct push: nobody reviewed a plan. Apply gets an empty reviewed plan, so only what needs
    // no review (revocations, when apply.unreviewed allows them) can happen.
    const out = resolve(ctx.io.cwd, ctx.input("reviewed-plan-file", "scopesync-reviewed-plan.json"));
    const empty = emptyReviewedPlan(config.organisation, new Date(parseNow(ctx.input("now") || undefined)).toISOString());
    writeJson(out, empty);
    ctx.annotate("warning", `commit ${sha.slice(0, 12)} came from no merged pull request: nothing was reviewed, so only unreviewed revocations can be applied`);
    ctx.setOutput("reviewed-plan-file", out);
    ctx.setOutput("fingerprint", empty.fingerprint);
    return { planFile: out, fingerprint: empty.fingerprint, repo };
  }
  const reviewed = await readReviewedPlan(gh, pr, { author, verifyCheckRun: ctx.flag("verify-check-run", true) });
  ctx.setOutput("pr", String(pr.number));
  ctx.setOutput("fingerprint", reviewed.fingerprint);
  if (reviewed.run) ctx.setOutput("plan-run-id", reviewed.run);
  ctx.log(`#${pr.number} (${pr.url}): reviewed plan ${reviewed.fingerprint}, ${reviewed.changes} change(s)${reviewed.run ? `, planned in run ${reviewed.run}` : ""}`);

  const artifact = ctx.input("plan-file");
  const planFile = artifact ? resolve(ctx.io.cwd, artifact) : undefined;
  if (!planFile || !existsSync(planFile)) {
    if (!requirePlan) return { pr: pr.number, fingerprint: reviewed.fingerprint, repo };
    throw new ScopesyncError(
      `the plan artifact of #${pr.number} is missing${artifact ? ` (${artifact})` : ""}: apply needs the full reviewed plan`,
      `download artifact "scopesync-plan" of run ${reviewed.run ?? "(see the plan comment)"} into the plan-file path; if it expired, open a new pull request so the plan is made and reviewed again`,
    );
  }
  // The full plan the plan job uploaded: usable only if it is exactly the reviewed one.
  verifyPlanArtifact(JSON.parse(readFileSync(planFile, "utf8")) as Plan, reviewed);
  ctx.setOutput("reviewed-plan-file", planFile);
  return { planFile, pr: pr.number, fingerprint: reviewed.fingerprint, repo };
}

function loadConfig(repo: string): { organisation: string; targets: string[] } {
  const loaded = loadRepo(workingTree(repo));
  if (!loaded.repo) throw new ScopesyncError("the policy repository does not validate at the merged commit", "run `npx scopesync validate` and fix what it lists");
  const config = loaded.repo.config.value;
  return { organisation: config.organisation, targets: Object.keys(config.targets).sort() };
}

export async function applyAction(ctx: ActionContext, gh: GithubWorkflow, author: string): Promise<number> {
  const resolved = await resolveReviewed(ctx, gh, author, true);
  const target = ctx.input("target") || undefined;
  const run = await spawnApply(ctx, { repo: resolved.repo, planFile: resolved.planFile!, ...(target ? { target } : {}), ...(ctx.input("now") ? { now: ctx.input("now") } : {}) });
  const result = { ...run, pr: resolved.pr ?? null, fingerprint: resolved.fingerprint, target: target ?? "all" };
  const file = resolve(ctx.io.cwd, ctx.input("result-file", `scopesync-apply-${target ?? "all"}.json`));
  writeJson(file, result);
  ctx.setOutput("result-file", file);
  ctx.setOutput("exit-code", String(run.exitCode));
  ctx.summary(`### scopesync apply: ${mdText(target ?? "all targets")}\n\n${statusLine(run)}\n`);
  return run.exitCode;
}

const ICON: Record<ApplyRun["status"], string> = { applied: "✅", failed: "❌", blocked: "⛔", error: "❌" };

function statusLine(run: Pick<ApplyRun, "status" | "exitCode">): string {
  const what = { applied: "everything applied", failed: "some changes failed (the journal says which); re-running converges", blocked: "blocked: nothing applied", error: "apply did not run to the end" }[run.status];
  return `${ICON[run.status]} ${what} (exit ${run.exitCode})`;
}

/** One comment on the merged PR with each target's result (read from the apply jobs' result files). */
export async function reportAction(ctx: ActionContext, gh: GithubWorkflow, author: string): Promise<number> {
  const pr = Number(ctx.required("pr"));
  if (!Number.isInteger(pr) || pr <= 0) throw new ScopesyncError(`input "pr" must be a pull request number`);
  const dir = resolve(ctx.io.cwd, ctx.input("results-dir", "."));
  const files = existsSync(dir) ? findResults(dir) : [];
  const results = files.map((f) => JSON.parse(readFileSync(f, "utf8")) as ApplyRun & { target: string; fingerprint: string });
  results.sort((a, b) => (a.target < b.target ? -1 : 1));
  const failed = results.filter((r) => r.exitCode !== 0);
  const headline = results.length === 0 ? "⚠️ no target reported a result" : failed.length ? `❌ ${failed.length} of ${results.length} target(s) did not apply cleanly` : `✅ applied to ${results.length} target(s)`;
  const rows = results.map((r) => `| ${mdText(r.target)} | ${statusLine(r)} |`);
  const body = [
    APPLY_MARKER, `## scopesync apply: ${headline}`, "",
    ...(rows.length ? ["| target | result |", "|---|---|", ...rows, ""] : []),
    results[0] ? `Reviewed plan \`${mdText(results[0].fingerprint)}\`.` : "",
    ctx.runUrl() ? `[Apply run](${ctx.runUrl()}) · journal and logs are there.` : "",
  ].join("\n");
  const comment = await upsertStickyComment(gh, pr, body, author, APPLY_MARKER);
  ctx.setOutput("comment-url", comment.url);
  ctx.summary(body.slice(APPLY_MARKER.length + 1));
  return failed.length ? 1 : 0;
}

function findResults(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findResults(path));
    else if (/^scopesync-apply-.+\.json$/.test(entry.name)) out.push(path);
  }
  return out.sort();
}
