import { canonicalJson, canonicalJsonFilePieces } from "../../model/canonical-json.js";
import type { Plan } from "../plan.js";

/** The plan JSON contract (docs/formats.md, "Plan JSON"): canonical, so the same plan always gives the same bytes. */
export function renderJson(plan: Plan): string {
  return `${canonicalJson(plan)}\n`;
}

/**
 * renderJson's text in pieces, a change or finding at a time: the form `plan --out` writes, as
 * a large plan's text does not fit in one string (canonicalJsonPieces).
 */
export function* renderJsonPieces(plan: Plan): Generator<string> {
  yield* canonicalJsonFilePieces(plan);
}
