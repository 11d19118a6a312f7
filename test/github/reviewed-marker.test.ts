// The reviewed-plan block: what apply trusts must be exactly what scopesync wrote.
import { describe, expect, it } from "vitest";
import { idsDigest, parseReviewedMarker, renderReviewedMarker } from "../../src/github/reviewed-marker.js";
import { COMMENT_MARKER } from "../../src/plan/render/markdown.js";

const ids = ["00000000000000aa", "00000000000000bb"];
const ref = { fingerprint: `sha256:${"1".repeat(64)}`, idsDigest: idsDigest(ids), changes: 2, ids, head: "c".repeat(40), run: "7" };
const body = (block: string) => `${COMMENT_MARKER}\n${block}\n## scopesync plan`;

describe("reviewed-plan block", () => {
  it("round-trips", () => {
    expect(parseReviewedMarker(body(renderReviewedMarker(ref)), COMMENT_MARKER)).toEqual(ref);
  });

  it("rejects an id list that does not match its digest or count (an edit), and a block anywhere but right after the marker", () => {
    const edited = renderReviewedMarker(ref).replace("00000000000000bb", "00000000000000cc");
    expect(parseReviewedMarker(body(edited), COMMENT_MARKER)).toBeUndefined();
    expect(parseReviewedMarker(`${COMMENT_MARKER}\n\n${renderReviewedMarker(ref)}`, COMMENT_MARKER)).toBeUndefined();
    expect(parseReviewedMarker(body(renderReviewedMarker(ref).replace("run=7", "run=7\nrun=8")), COMMENT_MARKER)).toBeUndefined();
    expect(parseReviewedMarker(body(renderReviewedMarker(ref).replace("run=7", "note=hello")), COMMENT_MARKER)).toBeUndefined();
  });

  it("leaves the ids out when they would not fit, keeping their digest", () => {
    const many = Array.from({ length: 3000 }, (_, i) => i.toString(16).padStart(16, "0"));
    const block = renderReviewedMarker({ ...ref, ids: many, changes: many.length, idsDigest: idsDigest(many) });
    expect(block.length).toBeLessThan(1000);
    expect(parseReviewedMarker(body(block), COMMENT_MARKER)).toMatchObject({ changes: 3000, idsDigest: idsDigest(many) });
    expect(parseReviewedMarker(body(block), COMMENT_MARKER)!.ids).toBeUndefined();
  });
});
