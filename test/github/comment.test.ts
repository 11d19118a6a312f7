// The sticky plan comment against the OpenAPI-validated fake, through the real @octokit/rest.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { planCommentBody, upsertStickyComment } from "../../src/github/comment.js";
import { parseReviewedMarker } from "../../src/github/reviewed-marker.js";
import { COMMENT_MARKER, GITHUB_COMMENT_LIMIT } from "../../src/plan/render/markdown.js";
import { BOT, change, plan, REPO, startWorld, stopWorld, writes, type World } from "./helpers.js";

let w: World;
beforeEach(async () => {
  w = await startWorld();
});
afterEach(() => stopWorld(w));

const comments = () => w.fake.org.prs.commentsOn(REPO, w.pr);

describe("sticky plan comment", () => {
  it("is created once, then updated in place on every push, never duplicated", async () => {
    const first = planCommentBody(plan([change("grant", "ada", "team:platform")]), { head: w.headSha });
    const second = planCommentBody(plan([change("grant", "ada", "team:platform"), change("revoke", "bob", "team:platform")]), { head: w.headSha });

    const created = await upsertStickyComment(w.gh, w.pr, first, BOT);
    const updated = await upsertStickyComment(w.gh, w.pr, second, BOT);
    const again = await upsertStickyComment(w.gh, w.pr, second, BOT);

    expect([created.action, updated.action, again.action]).toEqual(["created", "updated", "unchanged"]);
    expect(comments()).toHaveLength(1);
    expect(comments()[0]!.body).toBe(second);
    expect(updated.id).toBe(created.id);
    expect(writes(w.fake)).toEqual(["POST issues/create-comment", "PATCH issues/update-comment"]);
  });

  it("leaves another user's comment that starts with the marker alone and writes its own", async () => {
    const ada = w.fake.org.user("ada")!;
    const forged = `${COMMENT_MARKER}\n<!-- scopesync-reviewed-plan v1\nfingerprint=sha256:${"0".repeat(64)}\n-->\nlooks like a plan`;
    w.fake.org.prs.addComment(REPO, w.pr, ada.id, forged);
    const body = planCommentBody(plan([change("grant", "ada", "team:platform")]));

    await upsertStickyComment(w.gh, w.pr, body, BOT);
    await upsertStickyComment(w.gh, w.pr, `${body}\nrefreshed`, BOT);

    const list = comments();
    expect(list).toHaveLength(2);
    expect(list[0]!.body).toBe(forged);
    expect(list[1]!.userId).toBe(w.fake.org.self.id);
    expect(list[1]!.body.endsWith("refreshed")).toBe(true);
    expect(w.fake.count("issues/update-comment")).toBe(1);
  });

  it("finds its comment behind more than 100 others (pagination)", async () => {
    const ada = w.fake.org.user("ada")!;
    for (let i = 0; i < 130; i++) w.fake.org.prs.addComment(REPO, w.pr, ada.id, `comment ${i}`);
    await upsertStickyComment(w.gh, w.pr, planCommentBody(plan([])), BOT);
    for (let i = 0; i < 5; i++) w.fake.org.prs.addComment(REPO, w.pr, ada.id, `later ${i}`);

    const result = await upsertStickyComment(w.gh, w.pr, planCommentBody(plan([change("grant", "ada", "team:x")])), BOT);

    expect(result.action).toBe("updated");
    expect(comments().filter((c) => c.body.startsWith(COMMENT_MARKER))).toHaveLength(1);
    expect(w.fake.count("issues/list-comments")).toBeGreaterThanOrEqual(4); // 2 pages, twice
  });

  it("cuts a body over GitHub's 65,535 characters with a link to the plan artifact, keeping the markers", async () => {
    // 4,000 changes with long entitlements: far more than one comment holds.
    const many = Array.from({ length: 4000 }, (_, i) => change("grant", `person-${i}`, `team:${"very-long-team-name-".repeat(3)}${i}`));
    const big = plan(many, Array.from({ length: 400 }, (_, i) => ({ rule: "nhi-owner-required", severity: "error" as const, identity: `svc-${i}`, message: "x".repeat(300), location: `identities/svc-${i}.yaml:3` })));
    const artifactUrl = "https://github.example/acme-robotics/access/actions/runs/42";
    const body = planCommentBody(big, { artifactUrl, head: w.headSha, run: "42" });

    await upsertStickyComment(w.gh, w.pr, body, BOT);

    const stored = comments()[0]!.body;
    expect(stored.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(stored).toContain(`[The full plan](${artifactUrl})`);
    // The id list did not fit: the block says so, and apply needs the artifact (run 42).
    const ref = parseReviewedMarker(stored, COMMENT_MARKER)!;
    expect(ref).toMatchObject({ fingerprint: big.fingerprint, changes: 4000, run: "42", head: w.headSha });
    expect(ref.ids).toBeUndefined();
  });

  it("cuts a body that grew past the limit after it was laid out only as a last resort, saying how many lines it cut", async () => {
    // Not a plan the renderer laid out (that stays within the room it is given): a body made
    // longer afterwards, 2,000 numbered lines of 40 characters.
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${String(i).padStart(4, "0")} ${"x".repeat(30)}`);
    await upsertStickyComment(w.gh, w.pr, `${COMMENT_MARKER}\n${lines.join("\n")}`, BOT);

    const stored = comments()[0]!.body;
    expect(stored.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(stored.startsWith(COMMENT_MARKER)).toBe(true);
    const kept = lines.filter((l) => stored.includes(`${l}\n`)).length;
    expect(kept).toBeGreaterThan(1500);
    expect(stored).toContain(`\n\n> ✂️ This plan is longer than one GitHub comment can hold and was cut here: ${(2000 - kept).toLocaleString("en-US")} more lines are not shown. Download the full plan from the workflow run's artifacts.\n`);
  });

  it("keeps the change ids in the block when they fit", () => {
    const p = plan([change("grant", "ada", "team:platform"), change("revoke", "bob", "team:platform")]);
    const ref = parseReviewedMarker(planCommentBody(p, { head: "b".repeat(40) }), COMMENT_MARKER)!;
    expect(ref.ids).toEqual(p.changes.map((c) => c.id).sort());
    expect(ref.fingerprint).toBe(p.fingerprint);
  });
});
