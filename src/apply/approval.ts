// Where a reviewed change was approved, on its journal line (docs/formats.md, "The apply journal"):
// the commit the reviewed plan was merged in, and its pull request. Without it, "who approved this
// offboarding" is answered only by GitHub (the PR's comments, its checks), never by the journal
// the security team keeps as evidence. Only a caller that knows the merge can say it (the Action's
// apply queue knows each queued commit and its pull request); `apply --plan` from the command line
// does not, and its lines carry neither field.
import type { ChangeReview, JournalRecord, ReviewedApproval } from "../model/journal-record.js";

/**
 * The journal fields that name where a change was approved: for a `reviewed` line only, so that
 * a revocation nobody reviewed, or an auto-approved change, never looks approved by a merge.
 */
export function approvalFields(review: ChangeReview | undefined, approval: ReviewedApproval | undefined): Pick<JournalRecord, "commit" | "pr"> {
  if (review !== "reviewed" || !approval) return {};
  return { commit: approval.commit, ...(approval.pr !== undefined ? { pr: approval.pr } : {}) };
}
