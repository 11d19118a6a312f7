import { canonicalJson } from "../../model/canonical-json.js";
import type { Plan } from "../plan.js";

/** The plan JSON contract (docs/formats.md, "Plan JSON"): canonical, so the same plan always gives the same bytes. */
export function renderJson(plan: Plan): string {
  return `${canonicalJson(plan)}\n`;
}
