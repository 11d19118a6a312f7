// A person gone from every source (many HR exports drop leavers rather than mark them) is known
// after that only from the snapshot that still has them. An app that links by login (GitHub, every
// app `import` adopted) knows their account only by the login, and what ties that login to them is
// the last accepted snapshot (src/plan/gone-people.ts). The daily sync accepts a new snapshot and
// then plans: without their records, the account read as "unmanaged" and was never offboarded, and
// their login could go to a new hire without login-reused saying so. So a new snapshot keeps their
// records, terminated and marked `departed`, for GONE_KEPT_DAYS after they were first kept.
import type { Identity } from "../model/identity.js";
import { sourceOfRef } from "../model/keys.js";
import type { SourceRecord } from "../model/source-record.js";
import type { SourceSnapshot } from "../sources/snapshot.js";
import { termText } from "../plan/render/escape.js";

/** How long a snapshot keeps a person gone from every source: long enough for the plans that offboard them to be applied. */
export const GONE_KEPT_DAYS = 90;
const DAY_MS = 86_400_000;

/**
 * Adds to `pending` (each source's new records) the earlier records of every person of `prior`
 * that no identity of `identities` holds any record of, from the `previous` snapshots. Skips the
 * anchors in `kept` (already kept as departed) and people kept longer than GONE_KEPT_DAYS. Returns
 * a line for each person kept.
 */
export function keepGone(prior: readonly Identity[], identities: readonly Identity[], previous: ReadonlyMap<string, SourceSnapshot>, pending: ReadonlyArray<{ name: string; records: SourceRecord[] }>, now: number, kept: ReadonlySet<string>): string[] {
  const held = new Set<string>();
  for (const identity of identities) {
    held.add(identity.anchor);
    for (const r of identity.records) held.add(r);
    for (const r of identity.formerAnchors ?? []) held.add(r);
  }
  const today = new Date(now).toISOString().slice(0, 10);
  const lines: string[] = [];
  for (const p of prior) {
    if (p.kind !== "person" || kept.has(p.anchor) || held.has(p.anchor) || p.records.some((r) => held.has(r))) continue;
    const records = p.records.flatMap((ref) => {
      const source = sourceOfRef(ref);
      const record = previous.get(source)?.records.find((r) => r.externalId === ref.slice(source.length + 1));
      const target = pending.find((x) => x.name === source);
      return record && target ? [{ record, target }] : [];
    });
    const since = records.map(({ record }) => record.departed).find((d) => d !== undefined) ?? today;
    const until = new Date(Date.parse(`${since}T00:00:00Z`) + GONE_KEPT_DAYS * DAY_MS).toISOString().slice(0, 10);
    if (records.length === 0 || until <= today) continue;
    for (const { record, target } of records) target.records.push({ ...record, status: "terminated", departed: since });
    lines.push(`${sourceOfRef(p.anchor)}: keeps ${termText(p.anchor)} (${termText(p.id)}) as a leaver until ${until}: gone from every source, and apps that link by login know their accounts only by the login this snapshot gives them`);
  }
  return lines;
}
