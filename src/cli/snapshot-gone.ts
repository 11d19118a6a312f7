// A person gone from every source (many HR exports drop leavers rather than mark them) is known
// after that only from the snapshot that still has them. An app that links by login (GitHub, every
// app `import` adopted) knows their account only by the login, and what ties that login to them is
// the last accepted snapshot (src/plan/gone-people.ts). Once the daily sync's snapshot is merged,
// the next plan is measured against it: without their records, the account read as "unmanaged"
// and was never offboarded (if that day's revocations had not been applied), and
// their login could go to a new hire without login-reused saying so. So a new snapshot keeps their
// records, terminated and marked `departed`, for GONE_KEPT_DAYS after they were first kept. The
// same holds while another record of theirs is still exported (a directory that only disables
// its accounts): with the anchor gone, that record alone stood for them, and a new hire whom a
// recycled address merged with it was taken for the same person.
import type { Identity } from "../model/identity.js";
import { sourceOfRef } from "../model/keys.js";
import type { SourceRecord } from "../model/source-record.js";
import type { SourceSnapshot } from "../sources/snapshot.js";
import { termName, termText } from "../plan/render/escape.js";
import { DAY } from "../model/time.js";

/** How long a snapshot keeps a person gone from every source: long enough for the plans that offboard them to be applied. */
export const GONE_KEPT_DAYS = 90;

/**
 * Adds to `pending` (each source's new records) the records of every person of `prior` whose
 * anchor no identity of `identities` holds any more: each of their records that is gone from the
 * exports, from the `previous` snapshots. Their other records may still be exported (a directory
 * that marks them disabled): kept, the anchor still says whose those are, and a new hire whom a
 * recycled address merges with such a record is not taken for them: they are kept as long as
 * such a record is exported. Skips the anchors in `kept` (already kept as departed), and people
 * gone from every source who were kept for GONE_KEPT_DAYS already. Returns a line for each person
 * kept or let go.
 */
export function keepGone(prior: readonly Identity[], identities: readonly Identity[], previous: ReadonlyMap<string, SourceSnapshot>, pending: ReadonlyArray<{ name: string; records: SourceRecord[] }>, now: number, kept: ReadonlySet<string>): string[] {
  const held = new Set<string>();
  for (const identity of identities) {
    held.add(identity.anchor);
    for (const r of identity.records) held.add(r);
    for (const r of identity.formerAnchors ?? []) held.add(r);
  }
  const bySource = new Map<string, Map<string, SourceRecord>>();
  const recordOf = (source: string, externalId: string): SourceRecord | undefined => {
    let index = bySource.get(source);
    if (!index) bySource.set(source, (index = new Map((previous.get(source)?.records ?? []).map((r) => [r.externalId, r]))));
    return index.get(externalId);
  };
  const today = new Date(now).toISOString().slice(0, 10);
  const lines: string[] = [];
  for (const p of prior) {
    if (p.kind !== "person" || kept.has(p.anchor) || held.has(p.anchor)) continue;
    const gone = p.records.filter((ref) => !held.has(ref)).flatMap((ref) => {
      const source = sourceOfRef(ref);
      const record = recordOf(source, ref.slice(source.length + 1));
      const target = pending.find((x) => x.name === source);
      return record && target ? [{ record, target }] : [];
    });
    if (gone.length === 0) continue;
    const since = gone.map(({ record }) => record.departed).find((d) => d !== undefined) ?? today;
    const until = new Date(Date.parse(`${since}T00:00:00Z`) + GONE_KEPT_DAYS * DAY).toISOString().slice(0, 10);
    const who = `${termName(p.anchor)} (${termName(p.id)})`;
    const still = p.records.filter((ref) => held.has(ref));
    // While another record of theirs is exported (a disabled directory account), the anchor is what
    // says whose it is: without it that record alone would stand for them, and a new hire merged
    // with it by a recycled address would be taken for them. Kept as long as that record is.
    if (until <= today && still.length === 0) {
      lines.push(`${sourceOfRef(p.anchor)}: lets ${who} go, kept as a leaver since ${since}: an account of theirs still active in an app that links by login is unmanaged from now on`);
      continue;
    }
    for (const { record, target } of gone) target.records.push({ ...record, status: "terminated", departed: since });
    lines.push(`${sourceOfRef(p.anchor)}: keeps ${who} as a leaver ${still.length === 0 ? `until ${until}: gone from every source, and apps that link by login know their accounts only by the login this snapshot gives them` : `while ${still.map((r) => termText(r)).join(", ")} is still exported: the anchor says whose that is`}`);
  }
  return lines;
}
