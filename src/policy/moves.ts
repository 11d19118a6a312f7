import type { Identity } from "../model/identity.js";
import type { AttributeChange } from "../model/change.js";

/**
 * Attributes whose change makes a person a mover: scope and birthright rules are written on them.
 * orgUnitPath is a Google Workspace user's organisational unit, which decides their services and
 * which docs/formats.md tells people to write rules on.
 */
const MOVE_ATTRIBUTES = ["department", "title", "employmentType", "manager", "groups", "orgUnitPath"] as const;

/**
 * What moved since the last accepted snapshot, or undefined when nothing did (or nothing is known).
 * `renamed` (earlier login → login now, identity.formerIds) keeps a manager the sources renamed
 * from moving every one of their reports: the same manager under a new login is no move.
 */
export function detectMove(now: Identity, before: Identity | undefined, renamed?: ReadonlyMap<string, string>): Record<string, AttributeChange> | undefined {
  if (!before || now.kind !== "person") return undefined;
  const out: Record<string, AttributeChange> = {};
  for (const key of MOVE_ATTRIBUTES) {
    const a = show(before.attributes[key]);
    const b = show(now.attributes[key]);
    if (a === b || (key === "manager" && a !== null && renamed?.get(a) === b)) continue;
    out[key] = { from: a, to: b };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function show(v: Identity["attributes"][string] | undefined): string | null {
  if (v === undefined) return null;
  return Array.isArray(v) ? v.join(", ") : String(v);
}
