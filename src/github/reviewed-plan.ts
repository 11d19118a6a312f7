// The plan reviewers approved, read back for a merged pull request.
//
// Trust model. The plan job runs the pull request's own code, so nothing it writes is trusted: it
// has no write token and only uploads its plan. The trusted publish job (a `workflow_run` run of
// the default branch's workflow) re-plans the PR's files with the default branch's scopesync,
// compares, and posts the sticky comment, the "scopesync plan" check run and its own artifact
// `scopesync-reviewed-plan`. Apply reads the comment's block (only the workflow user's comment
// counts), cross-checks it with the check run (whose external id holds the fingerprint and ids
// digest), and then takes the full plan only from the artifact of the run the block names, after
// the Actions API confirms that run is the publish workflow on the default branch: a branch's own
// workflow can post comments and check runs as the same bot, but cannot forge that record.
import { ScopesyncError } from "../model/errors.js";
import { fingerprint as planFingerprint } from "../plan/build-plan.js";
import { PLAN_FORMAT_VERSION, type Plan } from "../plan/plan.js";
import { COMMENT_MARKER } from "../plan/render/markdown.js";
import { latestPlanCheck, parseCheckExternalId } from "./check-run.js";
import { readArtifactFiles } from "./plan-artifact.js";
import { parseJsonBytes } from "../model/large-json.js";
import { PUBLISH_WORKFLOW, verifyTrustedRun } from "./trusted-run.js";
import type { GithubWorkflow } from "./client.js";
import { findStickyComments } from "./comment.js";
import type { MergedPullRequest } from "./find-pr.js";
import { idsDigest, parseReviewedMarker, type ReviewedPlanRef } from "./reviewed-marker.js";

/** The artifact the trusted publish job uploads, and the plan file inside it. */
export const REVIEWED_ARTIFACT = "scopesync-reviewed-plan";
export const REVIEWED_PLAN_FILE = "scopesync-plan.json";
/**
 * Beside the plan: which pull request and head commit the publish run planned. The comment's
 * block and the check run can be written by any workflow of the repository; this file only by
 * the publish run, so a block that names another PR's publish run is caught here.
 */
export const REVIEWED_FOR_FILE = "scopesync-reviewed-for.json";
export interface ReviewedFor { formatVersion: 1; pr: number | null; head: string; fingerprint: string }

export interface ReviewedPlan extends ReviewedPlanRef {
  pullRequest: number;
  commentUrl: string;
  /** The full reviewed plan, from the trusted run's artifact, checked against the block. */
  plan: Plan;
}

export interface ReadReviewedOptions {
  /** The login whose comments count (the token's own user). */
  author: string;
  /** Cross-check with the plan check run's external id (default true). */
  verifyCheckRun?: boolean;
  /** The trusted publish workflow's file (default .github/workflows/publish.yml). */
  publishWorkflow?: string;
  defaultBranch: string;
}

/** Reads and checks the reviewed plan of a merged PR; throws with the reason when it cannot be trusted. */
export async function readReviewedPlan(gh: GithubWorkflow, pr: MergedPullRequest, options: ReadReviewedOptions): Promise<ReviewedPlan> {
  const comments = await findStickyComments(gh, pr.number, options.author);
  const comment = comments[0];
  if (!comment) {
    throw new ScopesyncError(`#${pr.number} has no plan comment by ${options.author}`, "the plan job must run (and succeed) on the pull request before it is merged: make \"scopesync plan\" a required check");
  }
  const ref = parseReviewedMarker(comment.body, COMMENT_MARKER);
  if (!ref) throw new ScopesyncError(`the plan comment on #${pr.number} has no readable reviewed-plan block`, "re-run the plan job on the pull request; the comment may have been edited");
  if (ref.head && ref.head !== pr.headSha) {
    throw new ScopesyncError(`the plan comment on #${pr.number} is for commit ${ref.head.slice(0, 12)}, but ${pr.headSha.slice(0, 12)} was merged: the last push was never planned`, "require the \"scopesync plan\" check and \"require branches to be up to date\" in branch protection");
  }
  if (options.verifyCheckRun ?? true) {
    const check = await latestPlanCheck(gh, pr.headSha);
    const ids = parseCheckExternalId(check?.externalId);
    if (!check || !ids) throw new ScopesyncError(`commit ${pr.headSha.slice(0, 12)} of #${pr.number} has no "scopesync plan" check run to confirm the reviewed plan`, "re-run the plan job on the pull request before merging");
    if (ids.fingerprint !== ref.fingerprint || ids.idsDigest !== ref.idsDigest) {
      throw new ScopesyncError(`the plan comment on #${pr.number} does not match its "scopesync plan" check run (comment ${ref.fingerprint}, check ${ids.fingerprint})`, "someone edited the comment, or an old run finished last: re-run the plan job and review again");
    }
  }
  if (!ref.run) throw new ScopesyncError(`the plan comment on #${pr.number} names no publish run`, "re-run the plan workflow on the pull request so the trusted publish job posts it again");
  await verifyTrustedRun(gh, ref.run, { path: options.publishWorkflow ?? PUBLISH_WORKFLOW, events: ["workflow_run"], defaultBranch: options.defaultBranch });
  const files = await readArtifactFiles(gh, ref.run, REVIEWED_ARTIFACT, [REVIEWED_PLAN_FILE, REVIEWED_FOR_FILE]);
  // Read a member and a list element at a time where the plan is longer than a string (model/large-json.ts).
  const planBytes = files[REVIEWED_PLAN_FILE]!;
  const read = parseJsonBytes(Buffer.from(planBytes.buffer, planBytes.byteOffset, planBytes.byteLength));
  if (!read.ok) throw new ScopesyncError(`the reviewed plan artifact of run ${ref.run} is not JSON: ${read.problem}`);
  const plan = read.value as Plan;
  let made: ReviewedFor;
  try {
    made = JSON.parse(new TextDecoder().decode(files[REVIEWED_FOR_FILE]!)) as ReviewedFor;
  } catch (e) {
    throw new ScopesyncError(`the reviewed plan artifact of run ${ref.run} is not JSON: ${(e as Error).message}`);
  }
  if (made.pr !== pr.number || made.head !== pr.headSha || made.fingerprint !== ref.fingerprint) {
    throw new ScopesyncError(`publish run ${ref.run} planned ${made.pr ? `#${made.pr}` : "no pull request"} at ${String(made.head).slice(0, 12)}, not #${pr.number} at ${pr.headSha.slice(0, 12)}: the plan comment names another pull request's plan`, "re-run the plan workflow on the pull request so its own plan is published");
  }
  return { ...ref, pullRequest: pr.number, commentUrl: comment.url, plan: verifyPlanArtifact(plan, ref) };
}

/**
 * A plan artifact (plan --format json) is the reviewed one only if its changes hash to the
 * reviewed fingerprint and its ids to the reviewed digest. Returns the plan, or throws.
 */
export function verifyPlanArtifact(plan: Plan, reviewed: ReviewedPlanRef): Plan {
  if (!Array.isArray(plan.changes) || planFingerprint(plan.changes) !== plan.fingerprint) {
    throw new ScopesyncError("the plan artifact's changes do not hash to its own fingerprint", "use the artifact the plan job uploaded, unmodified");
  }
  if (plan.fingerprint !== reviewed.fingerprint || idsDigest(plan.changes.map((c) => c.id)) !== reviewed.idsDigest) {
    throw new ScopesyncError(`the plan artifact (${plan.fingerprint}) is not the reviewed plan (${reviewed.fingerprint})`, "download the artifact of the run named in the plan comment (the action's plan-run-id output)");
  }
  return plan;
}

/**
 * Nothing reviewed (a direct push, the scheduled sync): a plan with no changes, in the shape
 * `scopesync apply --plan` reads. Apply then does only what needs no review: revocations, when
 * `apply.unreviewed: revocations-only`. `targets`: what the committed state files record of each
 * target (the sync's plan's; the apply queue's from the commit's own, committed-binding.ts), so that
 * apply refuses a live read of another tenant as it does for a reviewed plan
 * (apply/tenant-binding.ts); none binds nothing.
 */
export function emptyReviewedPlan(organisation: string, generatedAt: string, targets: Plan["targets"] = {}): Plan {
  return {
    formatVersion: PLAN_FORMAT_VERSION, fingerprint: planFingerprint([]), generatedAt, organisation, summary: {}, changes: [], findings: [],
    blocked: false, blockedReasons: [], overrides: [], exceptions: [], approvals: [], targets,
  };
}
