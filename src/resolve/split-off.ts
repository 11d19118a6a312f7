// Records the last accepted snapshot held as one person, which no longer meet today because a
// correlation key changed in one source only: HR renames Nina and gives her a new e-mail, while
// her Globex LDAP entry (no employee number, joined to her by e-mail alone) keeps the old one for a
// day or two. Left alone, the LDAP record formed a person of its own: planned as a joiner with a
// new account, her Globex groups and overlay went with it, the rename was dropped (renames.ts saw
// two people holding one earlier person's records), and when HR later terminated her nobody
// offboarded that account. A key that changed in one source is not evidence of a second person;
// the snapshot is evidence of one. So:
// - a fragment made only of that person's records, with no record of the source that anchored
//   them (nothing of its own that says "someone else"), stays with the identity holding their
//   anchor: a rename in place, and a warning naming the key values that disagree
//   (split-record-kept);
// - a fragment with a record of the anchoring source of its own (another HR worker) is another
//   person, who would take over what the record gives (its groups): not merged, and an error
//   until a reviewed links/separate entry decides (split-record-moved);
// - a fragment that mixes that person's records with records they never had (or records of
//   two earlier people): whose it is cannot be told, so nothing is planned for it and an error
//   says so (split-record-unclear).
// A reviewed `links` or `separate` entry naming the records decides instead of the snapshot.
import type { LinksDoc } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import { identityLogin, normaliseEmail, normaliseLogin, recordRef, sourceOfRef } from "../model/keys.js";
import type { Located } from "../model/located.js";
import type { SourceRecord } from "../model/source-record.js";
import type { Cluster, CorrelationKey } from "./correlate.js";

/** A person as the last accepted snapshot had them: their anchor and every record merged into them. */
export interface EarlierPerson {
  id: string;
  anchor: string;
  records: readonly string[];
}

export interface SplitInput {
  /** Today's clusters (correlate.ts), sorted by first member; fragments are merged into these in place. */
  clusters: Cluster[];
  /** The records the clusters index, in correlation order. */
  records: readonly SourceRecord[];
  /** The people of the last accepted snapshot that had more than one record (the only ones that can split). */
  earlier: Iterable<EarlierPerson>;
  links: readonly Located<LinksDoc>[];
  keys: readonly CorrelationKey[];
}

/** The clusters with every kept fragment merged into its person; findings ride on the clusters (Cluster.findings). */
export function keepSplitRecords(input: SplitInput): Cluster[] {
  const { clusters, records } = input;
  const ref = (i: number): string => recordRef(records[i]!.source, records[i]!.externalId);
  // A record that was not an earlier person's anchor → that person. A cluster holding one of these
  // but not the anchor is the candidate: almost every cluster holds its person's anchor.
  const was = new Map<string, EarlierPerson>();
  for (const p of input.earlier) for (const r of p.records) if (r !== p.anchor) was.set(r, p);
  if (was.size === 0) return clusters;
  const fragments: Array<{ cluster: Cluster; refs: string[]; of: EarlierPerson[] }> = [];
  for (const cluster of clusters) {
    if (cluster.disputed) continue;
    let of: EarlierPerson[] | undefined;
    let refs: string[] | undefined;
    for (const i of cluster.members) {
      const p = was.get(ref(i));
      if (!p || of?.includes(p)) continue;
      refs ??= cluster.members.map(ref);
      if (!refs.includes(p.anchor)) (of ??= []).push(p);
    }
    if (of) fragments.push({ cluster, refs: refs!, of });
  }
  if (fragments.length === 0) return clusters;
  // The clusters holding those people's anchors today (one pass, only for the few wanted).
  const wanted = new Set(fragments.flatMap((f) => f.of.map((p) => p.anchor)));
  const holder = new Map<string, Cluster>();
  for (const cluster of clusters) for (const i of cluster.members) if (wanted.has(ref(i))) holder.set(ref(i), cluster);
  const decisions = reviewed(input.links);
  const merged = new Set<Cluster>();
  for (const { cluster, refs, of } of fragments) {
    // An anchor nobody holds now is departed.ts's or held.ts's case (a leaver's record joined to a
    // new record of the same source is successors.ts's), not a split.
    const split = of.filter((p) => {
      const t = holder.get(p.anchor);
      return t !== undefined && t !== cluster && !t.disputed && !merged.has(t) && !refs.some((r) => p.records.includes(r) && decisions.has(r));
    });
    if (split.length === 0) continue;
    const p = split[0]!;
    const target = holder.get(p.anchor)!;
    const theirs = refs.filter((r) => p.records.includes(r));
    const anchorSource = sourceOfRef(p.anchor);
    if (split.length === 1 && refs.every((r) => p.records.includes(r)) && !refs.some((r) => sourceOfRef(r) === anchorSource)) {
      if (separated(decisions, refs, target.members.map(ref))) continue;
      target.members = [...target.members, ...cluster.members].sort((a, b) => a - b);
      target.reasons = [...target.reasons, `kept with ${p.anchor} as in the last accepted snapshot: ${refs.join(", ")} no longer match${refs.length === 1 ? "es" : ""} it on a correlation key`, ...cluster.reasons];
      if (cluster.earlier) target.earlier = [...(target.earlier ?? []), ...cluster.earlier];
      target.kept = [...(target.kept ?? []), ...refs].sort();
      (target.findings ??= []).push(kept(p, target.members.map((i) => records[i]!).find((r) => recordRef(r.source, r.externalId) === p.anchor)!, cluster.members.map((i) => records[i]!), input.keys));
      merged.add(cluster);
      continue;
    }
    const own = refs.find((r) => sourceOfRef(r) === anchorSource && !p.records.includes(r));
    if (split.length === 1 && own !== undefined) {
      (cluster.findings ??= []).push(moved(p, own, theirs, cluster.members.map((i) => records[i]!)));
      continue;
    }
    cluster.disputed = unclear(split, refs, cluster.members.map((i) => records[i]!));
  }
  return merged.size === 0 ? clusters : clusters.filter((c) => !merged.has(c));
}

/** Records named in a reviewed `links` or `separate` entry → the other records the entries name with them. */
interface Decisions {
  has(ref: string): boolean;
  separate: Map<string, Set<string>>;
}

function reviewed(links: readonly Located<LinksDoc>[]): Decisions {
  const named = new Set<string>();
  const separate = new Map<string, Set<string>>();
  for (const doc of links) {
    for (const d of doc.value.links ?? []) for (const r of d.records) named.add(r);
    for (const d of doc.value.separate ?? []) {
      for (const a of d.records) for (const b of d.records) if (a !== b) (separate.get(a) ?? separate.set(a, new Set()).get(a)!).add(b);
    }
  }
  // A `links` entry naming the record put it where it is: reviewed, not the snapshot's to undo.
  return { has: (r) => named.has(r), separate };
}

/** A `separate` entry keeps one of the fragment's records apart from one of the person's. */
function separated(decisions: Decisions, fragment: readonly string[], person: readonly string[]): boolean {
  return fragment.some((r) => person.some((q) => decisions.separate.get(r)?.has(q)));
}

/** Each configured key's values on one record, for the message: `email "a@x", "b@y"` or `employeeId none`. */
function keyValues(r: SourceRecord, keys: readonly CorrelationKey[]): string {
  return keys
    .filter((k) => k !== "anchor")
    .map((k) => {
      const values = k === "email" ? r.emails.map(normaliseEmail) : k === "employeeId" ? (r.employeeId ? [r.employeeId.trim()] : []) : r.userName ? [normaliseLogin(r.userName)] : [];
      return `${k} ${values.length > 0 ? values.map((v) => JSON.stringify(v)).join(", ") : "none"}`;
    })
    .join(", ");
}

function kept(p: EarlierPerson, anchor: SourceRecord, fragment: readonly SourceRecord[], keys: readonly CorrelationKey[]): Finding {
  const refs = fragment.map((r) => recordRef(r.source, r.externalId));
  const sources = [...new Set(fragment.map((r) => r.source))].sort();
  return {
    rule: "split-record-kept",
    severity: "warning",
    message: `${refs.join(", ")} ${refs.length === 1 ? "was" : "were"} part of ${p.id} (${p.anchor}) in the last accepted snapshot and no longer match${refs.length === 1 ? "es" : ""} ${p.anchor} on any correlation key: ${p.anchor} has ${keyValues(anchor, keys)}; ${fragment.map((r) => `${recordRef(r.source, r.externalId)} has ${keyValues(r, keys)}`).join("; ")}. A key that changed in one source is not a new person: kept with ${p.anchor}, and no account is made for ${refs.length === 1 ? "it" : "them"}`,
    remediation: `make the keys agree again: correct the e-mail (or the employee id) in whichever of ${[sourceOfRef(p.anchor), ...sources].join(" and ")} has not caught up, or give ${sources.join(" and ")} the employee id; until then only the last accepted snapshot ties them. If ${refs.join(", ")} ${refs.length === 1 ? "is" : "are"} no longer ${p.id}'s, add separate: [{ records: [${p.anchor}, ${refs[0]}], reason: … }] to identities/links.yaml`,
    location: `${fragment[0]!.source} ${fragment[0]!.position}`,
  };
}

function moved(p: EarlierPerson, own: string, theirs: readonly string[], fragment: readonly SourceRecord[]): Finding {
  const first = fragment.find((r) => recordRef(r.source, r.externalId) === theirs[0])!;
  return {
    rule: "split-record-moved",
    severity: "error",
    message: `${theirs.join(", ")} ${theirs.length === 1 ? "was" : "were"} part of ${p.id} (${p.anchor}) in the last accepted snapshot and now correlate${theirs.length === 1 ? "s" : ""} with ${own}, another ${sourceOfRef(own)} record: what ${theirs.length === 1 ? "it gives" : "they give"} (groups, an account marked with ${theirs.length === 1 ? "it" : "them"}) would pass from ${p.id} to ${own}'s person. A recycled or mistyped e-mail does this as well as a real change`,
    remediation: `if ${theirs.join(", ")} ${theirs.length === 1 ? "is" : "are"} ${own}'s now, confirm it in identities/links.yaml (links: [{ records: [${own}, ${theirs[0]}], reason: … }]); if still ${p.id}'s, correct the key in ${first.source} or add separate: [{ records: [${own}, ${theirs[0]}], reason: … }]`,
    location: `${first.source} ${first.position}`,
  };
}

function unclear(of: readonly EarlierPerson[], refs: readonly string[], fragment: readonly SourceRecord[]): Finding {
  const whose = of.map((p) => `${refs.filter((r) => p.records.includes(r)).join(", ")} of ${p.id} (${p.anchor})`).join("; ");
  return {
    rule: "split-record-unclear",
    severity: "error",
    message: `records ${refs.join(", ")} correlate with each other, but the last accepted snapshot had ${whose}, whose anchor another identity holds today, and ${refs.length > 1 ? "the others were not theirs" : "it is not with them"}: whose ${refs.length === 1 ? "it is" : "they are"} is not known, so nothing is planned for ${refs.length === 1 ? "it" : "them"}`,
    remediation: `decide in identities/links.yaml: \`links\` with the anchor of the person ${refs.length === 1 ? "it belongs" : "they belong"} to, \`separate\` for the records that are someone else`,
    location: fragment.map((r) => `${r.source} ${r.position}`).join("; "),
  };
}

/**
 * The people a snapshot's anchor records say records were kept with (SourceRecord.keptRecords,
 * only snapshot records have it): resolving the snapshot itself, as the "before" of a plan, keeps
 * them together as the plan that accepted it did.
 */
export function keptBySnapshot(records: readonly SourceRecord[]): EarlierPerson[] {
  const out: EarlierPerson[] = [];
  for (const r of records) {
    if (r.keptRecords === undefined) continue;
    const anchor = recordRef(r.source, r.externalId);
    out.push({ id: identityLogin(r.userName || r.externalId), anchor, records: [anchor, ...r.keptRecords] });
  }
  return out;
}
