// The reviewed plan's identity, as a hidden block in the sticky PR comment, right after
// COMMENT_MARKER. apply reads it back (reviewed-plan.ts). Shape, one field per line:
//
//   <!-- scopesync-reviewed-plan v1
//   fingerprint=sha256:<64 hex>     the plan's fingerprint (sha256 of its canonical changes)
//   ids-digest=sha256:<64 hex>      sha256 of the sorted change ids, one per line
//   changes=<n>                     how many changes the plan has
//   head=<40 hex>                   the PR head commit that was planned
//   run=<id>                        the workflow run that holds the full plan artifact
//   ids=<id>,<id>,…                 the change ids, or "artifact" when they did not fit
//   -->
//
// The block holds only hex, digits and commas: nothing a source can put there, and the renderer
// escapes `<` in every untrusted string, so no other text in the comment can fake it.
import { createHash } from "node:crypto";
import type { Plan } from "../plan/plan.js";

export const REVIEWED_MARKER = "<!-- scopesync-reviewed-plan v1";
/** Above this many characters the id list stays out of the comment and travels in the artifact. */
export const MAX_IDS_BLOCK = 20_000;

export interface ReviewedPlanRef {
  fingerprint: string;
  idsDigest: string;
  changes: number;
  /** Change ids, sorted; undefined when they did not fit and live only in the plan artifact. */
  ids?: string[];
  head?: string;
  run?: string;
}

export function idsDigest(ids: readonly string[]): string {
  return `sha256:${createHash("sha256").update([...ids].sort().join("\n")).digest("hex")}`;
}

export function reviewedRef(plan: Plan, context: { head?: string; run?: string } = {}): ReviewedPlanRef {
  const ids = plan.changes.map((c) => c.id).sort();
  return { fingerprint: plan.fingerprint, idsDigest: idsDigest(ids), changes: ids.length, ids, ...context };
}

export function renderReviewedMarker(ref: ReviewedPlanRef): string {
  const ids = ref.ids ? ref.ids.join(",") : "artifact";
  const lines = [REVIEWED_MARKER, `fingerprint=${ref.fingerprint}`, `ids-digest=${ref.idsDigest}`, `changes=${ref.changes}`];
  if (ref.head) lines.push(`head=${ref.head}`);
  if (ref.run) lines.push(`run=${ref.run}`);
  const block = [...lines, `ids=${ids}`, "-->"].join("\n");
  if (ref.ids && block.length > MAX_IDS_BLOCK) return renderReviewedMarker({ ...ref, ids: undefined } as ReviewedPlanRef);
  return block;
}

const FIELD: Record<string, RegExp> = {
  fingerprint: /^sha256:[0-9a-f]{64}$/,
  "ids-digest": /^sha256:[0-9a-f]{64}$/,
  changes: /^\d{1,9}$/,
  head: /^[0-9a-f]{40}$/,
  run: /^\d{1,20}$/,
  ids: /^(artifact|[0-9a-f]{16}(,[0-9a-f]{16})*|)$/,
};

/**
 * The block of a comment body, or undefined when there is none or it is malformed. Only a block
 * on the line right after COMMENT_MARKER counts: the one scopesync put there.
 */
export function parseReviewedMarker(body: string, commentMarker: string): ReviewedPlanRef | undefined {
  const text = body.replace(/\r\n/g, "\n");
  if (!text.startsWith(`${commentMarker}\n${REVIEWED_MARKER}\n`)) return undefined;
  const start = commentMarker.length + 1 + REVIEWED_MARKER.length + 1;
  const end = text.indexOf("\n-->", start - 1);
  if (end < 0) return undefined;
  const fields = new Map<string, string>();
  for (const line of text.slice(start, end).split("\n")) {
    const eq = line.indexOf("=");
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    if (eq < 0 || !FIELD[key] || !FIELD[key].test(value) || fields.has(key)) return undefined;
    fields.set(key, value);
  }
  const fingerprint = fields.get("fingerprint");
  const digest = fields.get("ids-digest");
  const changes = fields.get("changes");
  const ids = fields.get("ids");
  if (!fingerprint || !digest || changes === undefined || ids === undefined) return undefined;
  const list = ids === "artifact" ? undefined : ids === "" ? [] : ids.split(",");
  // A list that does not match its own digest or count was not written by scopesync.
  if (list && (idsDigest(list) !== digest || list.length !== Number(changes))) return undefined;
  const head = fields.get("head");
  const run = fields.get("run");
  return { fingerprint, idsDigest: digest, changes: Number(changes), ...(list ? { ids: [...list].sort() } : {}), ...(head ? { head } : {}), ...(run ? { run } : {}) };
}
