// applied-since-state-read: a plan made from a state file read before an apply lists what that
// apply did again, as "ready for review", with the same fingerprint: the file still shows the
// account as it was. A newcomer concluded apply had done nothing, or applied again (rv87 L1).
// `explain` said it per identity (render/explain-journal.ts); the plan now says it per target: how
// many of its changes the apply journal records done since the state was read, and the fix
// (`state pull`). The changes themselves, and so the fingerprint, are what the state gives: apply
// re-plans against the live target, and does not do them twice. A line counts as explain counts
// it: when either of its clocks is later than the state's readAt (every line, when the state has
// none). A live read and a file target (apply writes the file itself) are never behind.
import type { Change } from "../model/change.js";
import type { Finding } from "../model/finding.js";
import { changeDoneKey } from "../model/journal-offboarding.js";
import { isValidDate, parseDate } from "../model/time.js";

export interface AppliedSinceRead {
  target: string;
  /** The target's changes in this plan. */
  changes: readonly Change[];
  /** The state the plan was made from: where (a file, or "live …") and its readAt. */
  readFrom: string;
  readAt?: string;
  /** The journal's done steps on this target (JournalOffboardings.done), and the journal's name. */
  done: ReadonlyMap<string, number> | undefined;
  journal: string;
  /** scopesync.yaml:line of the target. */
  location: string;
}

/** The finding, when the journal records any of the target's planned changes done since its state was read. */
export function appliedSinceReadFinding(a: AppliedSinceRead): Finding | undefined {
  if (!a.done || a.changes.length === 0 || a.readFrom.startsWith("live")) return undefined;
  const readAt = a.readAt !== undefined && isValidDate(a.readAt) ? parseDate(a.readAt) : Number.NaN;
  let done = 0;
  for (const c of a.changes) {
    // Under the name apply journals the change by: a secret-shaped id is its anchor there.
    const at = a.done.get(changeDoneKey(c));
    if (at !== undefined && (Number.isNaN(readAt) || at > readAt)) done++;
  }
  if (done === 0) return undefined;
  const read = Number.isNaN(readAt) ? `${a.readFrom} (which has no readAt, so every line counts)` : `${a.readFrom} was read (${a.readAt})`;
  return {
    rule: "applied-since-state-read",
    severity: "warning",
    target: a.target,
    message: `target "${a.target}": ${done} of its ${a.changes.length} planned change(s) the apply journal (${a.journal}) records done since ${read}: the state still shows them undone, so this plan lists them again`,
    remediation: `run scopesync state pull --target ${a.target} (or plan --live) and plan again: the plan then lists only what is still to do (apply re-plans against the live target and does not do them twice; scopesync explain IDENTITY shows the journal's lines)`,
    location: a.location,
  };
}
