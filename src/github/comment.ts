// The one sticky plan comment on a pull request: found by COMMENT_MARKER at the start of a comment
// the workflow's own user wrote, updated in place, created only when there is none.
//
// Only the token's own user's comments count. Anyone who can comment can start a comment with the
// marker; updating theirs would let a participant's comment become "the plan", and apply would
// then read a reviewed-plan block that person wrote. A marked comment by someone else is left alone.
import { redact } from "../model/redact.js";
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
}

/** The comment body: COMMENT_MARKER, the reviewed-plan block, then the plan as Markdown, under the limit. */
export function planCommentBody(plan: Plan, options: CommentOptions = {}): string {
  const limit = options.limit ?? GITHUB_COMMENT_LIMIT;
  const block = renderReviewedMarker(reviewedRef(plan, { ...(options.head ? { head: options.head } : {}), ...(options.run ? { run: options.run } : {}) }));
  const markdown = renderMarkdown(plan, { limit: limit - block.length - 1, ...(options.artifactUrl ? { artifactUrl: options.artifactUrl } : {}) });
  return fitComment(`${COMMENT_MARKER}\n${block}${markdown.slice(COMMENT_MARKER.length)}`, limit, options.artifactUrl);
}

/**
 * The last line of defence: the renderer drops whole sections, but its head (blocked reasons,
 * approvals) is unbounded. Cut at a line boundary from the end, keeping the markers at the top,
 * and say where the rest is.
 */
export function fitComment(body: string, limit = GITHUB_COMMENT_LIMIT, artifactUrl?: string): string {
  if (body.length <= limit) return body;
  const notice = `\n\n> ✂️ This plan is longer than one GitHub comment can hold and was cut here. ${artifactUrl ? `[The full plan](${artifactUrl}) is attached to the workflow run.` : "Download the full plan from the workflow run's artifacts."}\n`;
  let cut = body.slice(0, Math.max(limit - notice.length, 0));
  const nl = cut.lastIndexOf("\n");
  if (nl > 0) cut = cut.slice(0, nl);
  // An open <details> would swallow the notice.
  const open = (cut.match(/<details/g) ?? []).length - (cut.match(/<\/details>/g) ?? []).length;
  const close = open > 0 ? "\n\n</details>".repeat(open) : "";
  if (cut.length + close.length + notice.length > limit) cut = cut.slice(0, limit - close.length - notice.length);
  return `${cut}${close}${notice}`;
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
