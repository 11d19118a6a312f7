// The plan reviewers approved, read back for a merged pull request.
//
// Trust model. The reviewed plan is what the sticky comment showed on the PR's last planned
// commit. Only a comment written by the workflow's own user (`github-actions[bot]`, or the GitHub
// App apply runs as) counts: any participant can post a comment that starts with the marker, and
// theirs is ignored. Because people with write access can edit any comment, the block is also
// cross-checked with the "scopesync plan" check run on the same commit, whose external id holds
// the fingerprint and the ids digest: a check run can only be changed by the app that created it.
// What neither proves: that the workflow which wrote them ran unmodified code. A PR that edits
// `.github/` or `src/` can change what the plan job posts, so those paths need CODEOWNERS review
// (docs/setup.md), and apply re-plans at the merge commit and applies only the intersection.
// `scopesync apply --plan` needs the full plan JSON (it matches changes by id and content): the
// plan job's artifact, accepted only when it hashes to the fingerprint and ids read here.
import { renameSync, writeFileSync } from "node:fs";
import { ScopesyncError } from "../model/errors.js";
import { fingerprint as planFingerprint } from "../plan/build-plan.js";
import { PLAN_FORMAT_VERSION, type Plan } from "../plan/plan.js";
import { COMMENT_MARKER } from "../plan/render/markdown.js";
import { latestPlanCheck, parseCheckExternalId } from "./check-run.js";
import type { GithubWorkflow } from "./client.js";
import { findStickyComments } from "./comment.js";
import type { MergedPullRequest } from "./find-pr.js";
import { idsDigest, parseReviewedMarker, type ReviewedPlanRef } from "./reviewed-marker.js";

export interface ReviewedPlan extends ReviewedPlanRef {
  pullRequest: number;
  commentUrl: string;
}

export interface ReadReviewedOptions {
  /** The login whose comments count (the token's own user). */
  author: string;
  /** Cross-check with the plan check run's external id (default true). */
  verifyCheckRun?: boolean;
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
  return { ...ref, pullRequest: pr.number, commentUrl: comment.url };
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
 * `apply.unreviewed: revocations-only`.
 */
export function emptyReviewedPlan(organisation: string, generatedAt: string): Plan {
  return {
    formatVersion: PLAN_FORMAT_VERSION, fingerprint: planFingerprint([]), generatedAt, organisation, summary: {}, changes: [], findings: [],
    blocked: false, blockedReasons: [], overrides: [], exceptions: [], approvals: [], targets: {},
  };
}

/** Written then renamed: a reader never sees half a file. */
export function writeJson(path: string, value: unknown): void {
  writeFileSync(`${path}.tmp`, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}
