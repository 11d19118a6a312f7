// What binds a safety override to the plan it was reviewed for. An override is a reviewer's word
// on one set of changes (a layoff's leavers): left in scopesync.yaml it must not let a later,
// unreviewed mass offboarding through (a truncated export two days on), so it names the identities
// its limit counted (a digest: the set can be thousands long), and apply's re-plan is held to the
// reviewed plan's own set. One that names none is used up once apply has carried out the reviewed
// plan that needed it, as the journal records (targets/journal-offboardings.ts).
import { createHash } from "node:crypto";
import type { Action } from "./change.js";

/** The digest an override names (`identities`): of the distinct identities a limit counted, sorted. */
export function countedDigest(identities: Iterable<string>): string {
  const ids = [...new Set(identities)].sort();
  return `sha256:${createHash("sha256").update(ids.join("\n")).digest("hex")}`;
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
}

/** One reviewed plan's applied changes on one target, by action, as the journal records them. */
export interface AppliedReviewed {
  fingerprint: string;
  actions: Readonly<Partial<Record<Action, number>>>;
  /** `journal.jsonl:12`: its last line, for the blocked reason. */
  line: string;
}
