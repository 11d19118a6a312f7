// The one sticky plan comment on a pull request: found by COMMENT_MARKER at the start of a comment
// the workflow's own user wrote, updated in place, created only when there is none.
//
// Only the token's own user's comments count. Anyone who can comment can start a comment with the
// marker; updating theirs would let a participant's comment become "the plan", and apply would
// then read a reviewed-plan block that person wrote. A marked comment by someone else is left alone.
import { redact } from "../model/redact.js";
import { count } from "../plan/render/fit-table.js";
import { COMMENT_MARKER, GITHUB_COMMENT_LIMIT, renderMarkdown } from "../plan/render/markdown.js";
import type { Plan } from "../plan/plan.js";
import type { GithubWorkflow } from "./client.js";
import { renderReviewedMarker, reviewedRef } from "./reviewed-marker.js";

export interface CommentOptions {
  /** Link to the workflow run's plan artifact, given when the comment has to be cut. */
  artifactUrl?: string;
  /** The PR head commit that was planned, and the run holding the artifact (recorded for apply). */
  head?: string;
  run?: string;
  limit?: number;
  /** A note shown above the plan (the publish job's warning when the PR's own plan differed). */
  preface?: string;
}

/** The comment body: COMMENT_MARKER, the reviewed-plan block, then the plan as Markdown, under the limit. */
export function planCommentBody(plan: Plan, options: CommentOptions = {}): string {
  const limit = options.limit ?? GITHUB_COMMENT_LIMIT;
  const block = renderReviewedMarker(reviewedRef(plan, { ...(options.head ? { head: options.head } : {}), ...(options.run ? { run: options.run } : {}) }));
  const preface = options.preface ? `\n\n${options.preface}\n` : "";
  const markdown = renderMarkdown(plan, { limit: limit - block.length - preface.length - 1, ...(options.artifactUrl ? { artifactUrl: options.artifactUrl } : {}) });
  return fitComment(`${COMMENT_MARKER}\n${block}${preface}${markdown.slice(COMMENT_MARKER.length)}`, limit, options.artifactUrl);
}

/**
 * The last resort, never the layout: the renderer keeps every part of the plan, its head's lists
 * included, within the room it is given (comment-budget.ts), so this cuts only a body that grew
 * after it was laid out (redaction, a caller's text). It cuts at a line boundary from the end,
 * keeping the markers at the top, and says that it cut, how many lines, and where the rest is.
 */
export function fitComment(body: string, limit = GITHUB_COMMENT_LIMIT, artifactUrl?: string): string {
  if (body.length <= limit) return body;
  const notice = (lines: number): string => `\n\n> ✂️ This plan is longer than one GitHub comment can hold and was cut here: ${count(lines)} more line${lines === 1 ? " is" : "s are"} not shown. ${artifactUrl ? `[The full plan](${artifactUrl}) is attached to the workflow run.` : "Download the full plan from the workflow run's artifacts."}\n`;
  // Room for the notice with the most lines it could count.
  const reserve = notice(body.split("\n").length).length;
  let cut = body.slice(0, Math.max(limit - reserve, 0));
  const nl = cut.lastIndexOf("\n");
  if (nl > 0) cut = cut.slice(0, nl);
  // An open <details> would swallow the notice.
  const open = (cut.match(/<details/g) ?? []).length - (cut.match(/<\/details>/g) ?? []).length;
  const close = open > 0 ? "\n\n</details>".repeat(open) : "";
  if (cut.length + close.length + reserve > limit) cut = cut.slice(0, limit - close.length - reserve);
  const left = body.slice(cut.length).split("\n").filter((l) => l.trim() !== "").length;
  return `${cut}${close}${notice(left)}`;
}

export interface StickyComment { id: number; body: string; author: string; url: string }

/** Every comment of the PR (paginated) written by `author` that starts with the marker, oldest first. */
export async function findStickyComments(gh: GithubWorkflow, issue: number, author: string, marker = COMMENT_MARKER): Promise<StickyComment[]> {
  const comments = await gh.call(`list the comments of #${issue}`, () => gh.octokit.paginate(gh.octokit.rest.issues.listComments, { ...gh.repo, issue_number: issue, per_page: 100 }));
  return comments
    .filter((c) => (c.body ?? "").startsWith(marker) && c.user?.login.toLowerCase() === author.toLowerCase())
    .map((c) => ({ id: c.id, body: c.body ?? "", author: c.user!.login, url: c.html_url }));
}

export interface UpsertResult { action: "created" | "updated" | "unchanged"; id: number; url: string }

/**
 * Creates the sticky comment, or updates the first one `author` wrote. `author` is the token's own
 * login (`github-actions[bot]` for the job's token). Never creates a second one.
 */
export async function upsertStickyComment(gh: GithubWorkflow, issue: number, body: string, author: string, marker = COMMENT_MARKER): Promise<UpsertResult> {
  if (!body.startsWith(marker)) throw new Error(`the sticky comment must start with ${marker}`);
  const text = fitComment(redact(body));
  const [existing] = await findStickyComments(gh, issue, author, marker);
  if (existing) {
    if (existing.body === text) return { action: "unchanged", id: existing.id, url: existing.url };
    const { data } = await gh.call(`update comment ${existing.id} on #${issue}`, () => gh.octokit.rest.issues.updateComment({ ...gh.repo, comment_id: existing.id, body: text }));
    return { action: "updated", id: data.id, url: data.html_url };
  }
  const { data } = await gh.call(`comment on #${issue}`, () => gh.octokit.rest.issues.createComment({ ...gh.repo, issue_number: issue, body: text }));
  return { action: "created", id: data.id, url: data.html_url };
}
