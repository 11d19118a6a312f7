// Who a source whose absences decide nothing (it failed its gates, or its export cannot be proven
// complete) would have had offboarded, said in that source's own finding. The count and the names
// come first, right after `source "x": `: the text plan and the PR comment cut a finding's message
// at 400 characters, and the why before them (an unproven export's is ~430) would push them past
// the cut, so a reviewer would see a generic warning and never whose offboarding is not done.
// The records' anchors follow at the end, for the JSON and SARIF readers that match on them.
import type { Unaccounted } from "./unlinked-accounts.js";

/** What the source's finding says of them: `lead` goes before its message, `tail` after. */
export interface UnaccountedNote { lead: string; tail: string }

/** Source → the note its finding carries, the records in anchor order, at most ten named. */
export function unaccountedNotes(unaccounted: readonly Unaccounted[]): Map<string, UnaccountedNote> {
  const bySource = new Map<string, Map<string, { name: string; accounts: Set<string> }>>();
  for (const u of unaccounted) {
    const records = bySource.get(u.source) ?? bySource.set(u.source, new Map()).get(u.source)!;
    const record = records.get(u.anchor) ?? records.set(u.anchor, { name: u.name, accounts: new Set() }).get(u.anchor)!;
    record.accounts.add(`${u.target} login ${u.login}`);
  }
  const notes = new Map<string, UnaccountedNote>();
  for (const [source, records] of bySource) {
    const anchors = [...records.keys()].sort();
    // Without the accepted snapshot (or an overlay) the anchor is all the source knew of them: the
    // target's own accounts then say who, by their login there.
    const who = anchors.map((a) => {
      const r = records.get(a)!;
      return r.name !== a ? r.name : [...r.accounts].sort().join(" / ");
    });
    const n = anchors.length;
    notes.set(source, {
      lead: `${n} record${n === 1 ? "" : "s"} it lacks ${n === 1 ? "is" : "are"} left alone, unknown rather than gone: ${firstTen(who)}; `,
      tail: `; it could not account for ${n} record(s) that accounts are linked to: ${firstTen(anchors.map((a, k) => `${a} (${who[k]})`))}. They are unknown, not gone: no leaver change is planned from their absence`,
    });
  }
  return notes;
}

function firstTen(names: readonly string[]): string {
  return names.length > 10 ? `${names.slice(0, 10).join(", ")} and ${names.length - 10} more` : names.join(", ");
}
