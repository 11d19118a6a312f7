// A person whose anchor record has gone from the source authoritative for their status, while
// another source still exports a record of theirs: they left (many HR exports drop leavers rather
// than mark them), and the other system has not caught up yet. Without this, the record left over
// became a person of its own under its own login: the plan offboarded the leaver's accounts and
// made the same person new ones ("joiner"), and what the old login named (an explicit privileged
// membership) followed them as a rename. The remainder is kept as the leaver instead: their
// login, their anchor, status terminated, so every target offboards them and nothing is created.
// A remainder anchored by another record of the deciding source is the leaver rehired, or a new
// hire given their recycled address: successors.ts holds it unless it is shown to be them.
import type { SourceConfig } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import { sourceOfRef as sourceOf } from "../model/keys.js";
import { holdUnprovenSuccessor } from "./successors.js";
import { decidesStatus, exportChecks } from "../model/export-checks.js";

export interface DepartedInput {
  /** The identities resolved from the exports, by id; a departed person's remainder is changed in place. */
  identities: Map<string, Identity>;
  /** The people as the last accepted snapshots gave them. */
  prior: readonly Identity[];
  sources: Readonly<Record<string, SourceConfig>>;
  /** Sources read now (a source not read says nothing about who left). */
  read: ReadonlySet<string>;
  /** Sources that failed a quality gate or cannot be proven complete: what they do not export is unknown, not gone. */
  unreliable: ReadonlySet<string>;
  findings: Finding[];
  /** Records a reviewed `links` entry names (identities/links.yaml): where they are was decided. */
  linked: ReadonlySet<string>;
}

/** The departed people's anchors, sorted. */
export function keepDepartedAsLeavers(input: DepartedInput): string[] {
  const { identities, prior, sources, read, unreliable, findings, linked } = input;
  const decides = (source: string): boolean => read.has(source) && !unreliable.has(source) && decidesStatus(sources[source]);
  // The earlier people who may have departed: anchored by a deciding source, and not still under
  // the same login with the same anchor (nearly everyone is: one lookup each, no index of all).
  const wanted = new Map<string, Identity>(); // record reference of a candidate → the candidate
  for (const p of prior) {
    // A leaver already terminated before counts too: HR purging them must not make them new.
    if (p.kind !== "person" || !decides(sourceOf(p.anchor)) || identities.get(p.id)?.anchor === p.anchor) continue;
    wanted.set(p.anchor, p);
    for (const r of p.records) wanted.set(r, p);
  }
  if (wanted.size === 0) return [];
  const departed: string[] = [];
  const anchorHeld = new Set<Identity>();
  const heirs = new Map<Identity, Set<string>>(); // candidate → the current people holding its other records
  const see = (ref: string, holder: string): void => {
    const p = wanted.get(ref);
    if (!p) return;
    if (ref === p.anchor) anchorHeld.add(p);
    else (heirs.get(p) ?? heirs.set(p, new Set()).get(p)!).add(holder);
  };
  for (const identity of identities.values()) {
    if (identity.kind !== "person") continue;
    see(identity.anchor, identity.id);
    for (const r of identity.records) see(r, identity.id);
  }
  // A remainder holding records of two departed people is not ours to split: left as it is.
  const claims = new Map<string, number>();
  for (const [p, held] of heirs) if (!anchorHeld.has(p)) for (const h of held) claims.set(h, (claims.get(h) ?? 0) + 1);
  for (const [p, held] of heirs) {
    if (anchorHeld.has(p)) continue;
    const source = sourceOf(p.anchor);
    const remainders = [...held].sort().map((id) => identities.get(id)!);
    // One shared with another departed person is not ours to split.
    if (remainders.some((r) => claims.get(r.id)! > 1)) continue;
    // A remainder anchored by the deciding source itself is a new worker record: the leaver
    // rehired, or a new hire whom a recycled address joined to the leaver's record (successors.ts).
    const successors = remainders.filter((r) => sourceOf(r.anchor) === source);
    if (successors.length > 0) {
      for (const r of successors) holdUnprovenSuccessor(r, p, linked, findings);
      continue;
    }
    // The other sources say they left too: they offboard them themselves (the rename path names
    // the account the anchor linked as no longer in the source), and create nothing.
    const active = remainders.filter((r) => r.status !== "terminated");
    if (active.length === 0) continue;
    // Their records may no longer meet without the anchor (one source linked by worker id,
    // another by e-mail): every remainder is the leaver's. The one under the old login, else the
    // first, becomes the leaver; the others are terminated where they stand.
    const main = active.find((r) => r.id === p.id) ?? active[0]!;
    // What the other sources say, and where, as they say it: before the remainders are changed.
    const still = active.map((r) => `${r.records.filter((ref) => sourceOf(ref) !== source).join(", ")} (${r.status})`).join("; ");
    const from = active.map((r) => Object.values(r.provenance).find((x) => x !== undefined && r.records.some((ref) => sourceOf(ref) === x.source && sourceOf(ref) !== source))).find((f) => f !== undefined);
    const others = active.filter((r) => r !== main).map((r) => r.id);
    for (const r of active) {
      if (r !== main) {
        r.status = "terminated";
        r.attributes = { ...r.attributes, status: "terminated" };
        r.provenance = { ...r.provenance, status: { source, at: `${p.anchor} is no longer in the export` } };
        continue;
      }
      // Their earlier login, unless someone else has it now (then the remainder's own login stays).
      const id = r.id === p.id || !identities.has(p.id) ? p.id : r.id;
      identities.delete(r.id);
      r.id = id;
      r.anchor = p.anchor;
      r.records = [p.anchor, ...r.records.filter((ref) => sourceOf(ref) !== source)].sort();
      r.status = "terminated";
      r.attributes = { ...r.attributes, userName: p.attributes.userName ?? p.id, status: "terminated" };
      const snapshotted = { source, at: `${p.anchor} in the last accepted snapshot` };
      r.provenance = { ...r.provenance, userName: snapshotted, status: { source, at: `${p.anchor} is no longer in the export` } };
      identities.set(id, r);
    }
    departed.push(p.anchor);
    findings.push({
      rule: "departed-still-exported",
      severity: "warning",
      identity: main.id,
      message: `${main.id} (${p.anchor}) is no longer in "${source}", which is authoritative for status and whose export passed ${exportChecks(sources[source])}, but other sources still export them: ${still}. They are offboarded as a leaver, not made a new person from those records${others.length > 0 ? ` (nor as ${others.join(", ")})` : ""}`,
      remediation: `if they left, switch them off in ${[...new Set(active.flatMap((r) => r.records.map(sourceOf)).filter((x) => x !== source))].sort().join(", ")} too; if they did not, find out why "${source}" no longer exports them (a filtered export, a changed worker id) and fix the export`,
      ...(from ? { location: `${from.source} ${from.at}` } : {}),
    });
  }
  return departed.sort();
}
