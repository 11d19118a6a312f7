// What a pull request's plan says about an export file it edits (export-edits.ts): which files,
// and which records read otherwise than at the base, by key. Keys only: a record's values are the
// export's (and a value may be secret-shaped), its anchor and login are what a reviewer looks up.
import { canonicalJson } from "../model/canonical-json.js";
import { recordContent } from "./snapshot-records.js";
import { showValue } from "../model/display.js";
import type { Finding } from "../model/finding.js";
import type { SourceRecord } from "../model/source-record.js";
import type { ExportEdit } from "./export-edits.js";

/** At most this many record keys are named in one finding; the rest are counted. */
const MAX_KEYS = 10;

/** The records of one source that the two reads give otherwise, by key: in the PR's read only, in the base's only, in both but different. */
export interface RecordDifference {
  added: string[];
  removed: string[];
  changed: string[];
}

/**
 * The records that differ between the base's read and this pull request's, by anchor. Where in
 * the file a record is and when the export was taken are not the record: a line added above one
 * moves it without changing it, and a snapshot rewritten without positions changes none
 * (snapshot-records.ts recordContent).
 */
export function recordDifference(base: readonly SourceRecord[], pr: readonly SourceRecord[]): RecordDifference {
  const byKey = (records: readonly SourceRecord[]) => {
    const out = new Map<string, { shown: string; bodies: string[] }>();
    for (const r of records) {
      const entry = out.get(r.externalId) ?? { shown: keyOf(r), bodies: [] };
      entry.bodies.push(canonicalJson(recordContent(r), 0));
      out.set(r.externalId, entry);
    }
    return out;
  };
  const before = byKey(base);
  const after = byKey(pr);
  const diff: RecordDifference = { added: [], removed: [], changed: [] };
  for (const [key, b] of before) {
    const a = after.get(key);
    if (!a) diff.removed.push(b.shown);
    else if (b.bodies.sort().join("\n") !== a.bodies.sort().join("\n")) diff.changed.push(a.shown);
  }
  for (const [key, a] of after) if (!before.has(key)) diff.added.push(a.shown);
  for (const list of [diff.added, diff.removed, diff.changed]) list.sort();
  return diff;
}

/** A record as a reviewer knows it: its login and its anchor, quoted and escaped (display.ts). */
function keyOf(r: SourceRecord): string {
  return showValue(r.userName && r.userName !== r.externalId ? `${r.userName} (${r.externalId})` : r.externalId);
}

/** The export files, each shown as its repository path, quoted only where it holds more than path characters. */
export function shownFiles(files: readonly string[]): string {
  return files.map((f) => (/^[A-Za-z0-9._/@+-]+$/.test(f) ? f : showValue(f))).join(", ");
}

function named(diff: RecordDifference): string {
  const parts: string[] = [];
  let room = MAX_KEYS;
  for (const [label, keys] of [["changed", diff.changed], ["added", diff.added], ["removed", diff.removed]] as const) {
    if (keys.length === 0) continue;
    const shown = keys.slice(0, Math.max(room, 0));
    room -= shown.length;
    parts.push(`${label}: ${[...shown, ...(keys.length > shown.length ? [`and ${keys.length - shown.length} more`] : [])].join(", ")}`);
  }
  return parts.join("; ");
}

/** The warning for an export this pull request edits, read for the base from REF's copy. */
export function exportEdited(edit: ExportEdit, diff: RecordDifference, ref: string, location: string): Finding {
  const n = diff.added.length + diff.removed.length + diff.changed.length;
  const records = n === 0 ? `no record reads otherwise than in ${ref}'s copy` : `${n} record${n === 1 ? " differs" : "s differ"} from ${ref}'s copy (${named(diff)})`;
  return {
    rule: "export-edited-in-pr",
    severity: "warning",
    message: `this PR edits the source export ${shownFiles(edit.files)} (source "${edit.source}"): ${records}; ${ref}'s desired state is made from ${ref}'s copy, so what the edit changes counts as this pull request's (origin pr), and the revocations it cancels are named (pr-cancels-revocations)`,
    remediation: `an export is what its source says, not a reviewed change: change access in identities/ or policies/, or correct the record in the source; fresh exports come in the sync workflow's own pull request, which is planned with --fetched-exports`,
    location,
  };
}

/** The note for exports the plan was told were fetched from the sources (--fetched-exports): they count as the sources'. */
export function exportFetched(edit: ExportEdit, ref: string, location: string): Finding {
  return {
    rule: "export-edited-in-pr",
    severity: "info",
    message: `this PR carries a fetched copy of the source export ${shownFiles(edit.files)} (source "${edit.source}"), which differs from ${ref}'s: planned as the sources' own word (--fetched-exports), so what it changes counts as the sources' (origin source)`,
    remediation: "--fetched-exports is for the sync workflow's own pull request: make sure this is it, and that only the sync can push its branch (docs/setup.md)",
    location,
  };
}
