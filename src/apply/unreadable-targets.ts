// An apply over several targets when some of them could not be read (readTargetsLiveApart).
//
// Each target's part of the plan is its own (plan/build-plan.ts: "Nothing here looks at another
// target"), so a target that cannot be read is left out, as `apply --target` leaves out the
// others, and the rest is planned without it. What is applied there is narrowed to what only takes
// access away. Revocations are safe on any target whatever another holds, and a leaver must lose
// access in every app that answers: Entra ID, too, quarantines one app's provisioning job and
// keeps running the others (each synchronizationJob has its own quarantine state:
// https://learn.microsoft.com/en-us/graph/api/resources/synchronization-synchronizationquarantine).
// Changes that give access are held back: the rules see the state after the plan across every
// target ("Across apps, name both", docs/rules.md, Separation of duties), and without the
// unreadable target's holdings a grant could complete a conflict that no check saw. Nothing of the
// unreadable target is applied, and the run fails, so it is run again.
import { REVOCATIONS, type Change } from "../model/change.js";
import type { UnreadableTarget } from "../model/unreadable-target.js";

export interface AroundUnreadable {
  /** What may be applied: everything when every target was read, else the readable targets' revocations. */
  apply: Change[];
  /** What waits until every target reads again: the readable targets' changes that give access. */
  held: Change[];
}

export function aroundUnreadable(changes: readonly Change[], unreadable: readonly UnreadableTarget[]): AroundUnreadable {
  if (unreadable.length === 0) return { apply: [...changes], held: [] };
  const down = new Set(unreadable.map((u) => u.target));
  const apply: Change[] = [];
  const held: Change[] = [];
  // A change for an unreadable target cannot come from the re-plan (it did not read it); one that
  // came another way (a reviewed change followed by its account id) is held too, never applied blind.
  for (const c of changes) (!down.has(c.target) && REVOCATIONS.has(c.action) ? apply : held).push(c);
  return { apply, held };
}

/** The line that says a target was left out, and why: `target "crm" could not be read; …: scim GET /Users: 500 …`. */
export function unreadableLine(u: UnreadableTarget): string {
  return `target "${u.target}" ${u.refused ? "was refused" : "could not be read"}; nothing was planned or applied on it: ${u.error}`;
}

/** Why a readable target's change that gives access was held back, for the line that lists it. */
export function heldForUnreadable(unreadable: readonly UnreadableTarget[]): string {
  const names = unreadable.map((u) => `"${u.target}"`).join(", ");
  return `${unreadable.length === 1 ? "target" : "targets"} ${names} could not be read, and a grant is checked against every target: only revocations are applied until it reads`;
}
