import { canonicalJson } from "../model/canonical-json.js";
import type { Change } from "../model/change.js";

/** Changes the base would not make, or would make differently, are this pull request's own (origin "pr"). */
export function markPrOrigins(changes: readonly Change[], baseChanges: readonly Change[]): Change[] {
  const essence = (c: Change): string => canonicalJson({ ...c, origin: "", reason: "", evidence: [] }, 0);
  const before = new Map(baseChanges.map((c) => [c.id, essence(c)]));
  return changes.map((c) => (before.get(c.id) === essence(c) ? c : { ...c, origin: "pr" as const }));
}
