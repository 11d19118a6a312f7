// What binds a safety override to the plan it was reviewed for. An override is a reviewer's word
// on one set of changes (a layoff's leavers): left in scopesync.yaml it must not let a later,
// unreviewed mass offboarding through (a truncated export two days on), so it names the identities
// its limit counted (a digest: the set can be thousands long), and apply's re-plan is held to the
// reviewed plan's own set. One that names none is used up once apply has carried out the reviewed
// plan that needed it, as the journal records (targets/journal-offboardings.ts).
import { createHash } from "node:crypto";
import type { Action } from "./change.js";
import { isoString } from "./time.js";

/**
 * The digest a reviewed waiver names, of distinct strings, sorted: an override's `identities` (those
 * its limit counted), a gate acceptance's `export` (its records' anchors and statuses: sources/gate-accept.ts).
 */
export function setDigest(items: Iterable<string>): string {
  const ids = [...new Set(items)].sort();
  return `sha256:${createHash("sha256").update(ids.join("\n")).digest("hex")}`;
}

/** The finding a gate passed by a reviewed acceptance gives (sources/gate-accept.ts): the plan's head lists them, apply's re-plan reads them. */
export const GATE_ACCEPTED_RULE = "source-gate-accepted";

/** How long a waiver a blocked plan suggests lasts: a layoff's plan is reviewed and applied within days. */
const SUGGESTED_DAYS = 7;

/** The `expiresAt` a suggested override or acceptance carries: a week after the plan's time. */
export function suggestedExpiry(now: number): string {
  return isoString(now + SUGGESTED_DAYS * 86_400_000).slice(0, 10);
}

/**
 * An override the reviewed plan used, and the identities its limit counted there. Apply's re-plan
 * may count fewer of them (a run cut off, a leaver disabled by hand since), never others.
 */
export interface ReviewedOverride {
  target: string;
  limit: string;
  /** The digest the override named, when it named one. */
  identities?: string;
  counted: ReadonlySet<string>;
  /** The reviewed plan's fingerprint: the journal's lines of this plan (a resumed run) do not use up its override. */
  fingerprint: string;
}

/** One reviewed plan's applied changes on one target, by action, as the journal records them. */
export interface AppliedReviewed {
  fingerprint: string;
  actions: Readonly<Partial<Record<Action, number>>>;
  /** `journal.jsonl:12`: its last line, for the blocked reason. */
  line: string;
}
