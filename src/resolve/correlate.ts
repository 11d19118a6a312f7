import type { LinksDoc } from "../model/documents.js";
import type { Located } from "../model/located.js";
import type { Finding } from "../model/finding.js";
import { recordRef } from "../model/keys.js";
import type { SourceRecord } from "../model/source-record.js";
import { UnionFind } from "./union-find.js";
import { append } from "../model/append.js";
import { SELF_ASSIGNED_KEYS, contradiction, describe } from "./id-conflict.js";
import { twoEmployeeIds, twoEmployeeIdsFinding } from "./two-employee-ids.js";
import { keyValues, type CorrelationKey } from "./key-values.js";
import { aliasesSetAside, type AliasesSetAside } from "./alias-matches.js";

export type { CorrelationKey } from "./key-values.js";

export interface CorrelationInput {
  /** Records of every source, in source precedence order (highest first). */
  records: SourceRecord[];
  keys: readonly CorrelationKey[];
  links: Located<LinksDoc>[];
  /**
   * Sources authoritative for `employeeId`: each the book of record of its workers' ids, so two of
   * them giving one cluster two different ids name two people (two-employee-ids.ts). Default: none.
   */
  employeeIdAuthorities?: ReadonlySet<string>;
}

export interface Cluster {
  /** Indexes into the input records, in input order (so the first is the highest precedence). */
  members: number[];
  /** Why the records were merged: one line per edge, for `identities` and `explain`. */
  reasons: string[];
  /**
   * Set on each record of a disputed group (kept apart, one cluster each): the blocking finding,
   * without an identity yet. Resolution names each identity in a copy of it and plans nothing for
   * them: a record that might be someone else must not get an account with their e-mail.
   */
  disputed?: Finding;
  /**
   * Records a reviewed `links` entry names beside this cluster's, which no source exports any more
   * ("hr:W1007" beside a rehire's "hr:W1011"), each with the entry's file:line: the person's earlier
   * anchors (Identity.formerAnchors).
   */
  earlier?: Array<{ ref: string; at: string }>;
  /**
   * Records of this person's that no correlation key joins to the rest any more, kept with them
   * because the last accepted snapshot had them as one person (split-off.ts): Identity.keptRecords.
   */
  kept?: string[];
  /** Findings about the identity this cluster becomes (split-off.ts, alias-matches.ts); it is named in them once it has an id. */
  findings?: Finding[];
}

export interface CorrelationResult { clusters: Cluster[]; findings: Finding[] }

/**
 * Groups records that are the same person. Order of evidence: explicit `links`, then the configured
 * keys in order. A `separate` decision vetoes any key-based merge across it. A cluster that would
 * hold two records of one source (one record matching two different people) is `disputed`: it is
 * not merged, and a blocking finding names the records.
 */
export function correlate(input: CorrelationInput): CorrelationResult {
  const run = new Correlation(input.records);
  run.applyDecisions(input.links);
  run.mergeOnKeys(input.keys);
  return run.clusters(input.employeeIdAuthorities);
}

/** The state of one correlation: which records are merged so far, and why. */
class Correlation {
  readonly findings: Finding[] = [];
  private readonly uf: UnionFind;
  /** Record → why it was merged with others: one line per edge. */
  private readonly reasons = new Map<number, string[]>();
  /** Record → the records a `separate` decision keeps it apart from. */
  private readonly separated = new Map<number, Set<number>>();
  /** Pairs of records explicitly linked (pairKey): one source may hold both. */
  private readonly linked = new Set<string>();
  /** Record → a key value it shares with two records of one source that `separate` keeps apart (mergeOnKeys). */
  private readonly ambiguous = new Map<number, { list: number[]; twice: string }>();
  // Members of each current set, kept up to date so `separate` vetoes can be checked at merge time.
  // Without `separate` decisions nothing can veto a merge, and a list per record is not needed.
  private setMembers: Map<number, number[]> | undefined;
  // "source:externalId" → record index, for the decisions in identities/links.yaml (if any).
  private refs: Map<string, number> | undefined;
  /** Record → the gone records a `links` entry names beside it (Cluster.earlier). */
  private readonly earlier = new Map<number, Array<{ ref: string; at: string }>>();
  /** Record → records it shares only a self-assigned id with (id-conflict.ts): their set is kept apart if it holds both. */
  private readonly conflicts = new Map<number, IdConflict[]>();
  /** Aliases that do not correlate their record, as another record of that source is the user's own (alias-matches.ts). */
  private setAside: AliasesSetAside | undefined;

  constructor(private readonly records: SourceRecord[]) {
    this.uf = new UnionFind(records.length);
  }

  private note(i: number, reason: string): void {
    const list = this.reasons.get(i) ?? [];
    list.push(reason);
    this.reasons.set(i, list);
  }

  private indexOf(ref: string): number | undefined {
    this.refs ??= new Map(this.records.map((r, i) => [recordRef(r.source, r.externalId), i]));
    return this.refs.get(ref);
  }

  /** `links` merge the listed records; `separate` forbids key-based merges between them. */
  applyDecisions(links: readonly Located<LinksDoc>[]): void {
    for (const doc of links) {
      for (const [kind, decisions] of [["links", doc.value.links ?? []], ["separate", doc.value.separate ?? []]] as const) {
        decisions.forEach((d, i) => this.applyDecision(kind, d, `${doc.file}:${doc.locate([kind, i]).line}`));
      }
    }
    if (this.separated.size > 0) this.trackSets();
  }

  private applyDecision(kind: "links" | "separate", d: { records: string[]; reason: string }, at: string): void {
    const found = d.records.map((ref) => this.indexOf(ref));
    const first = found.find((x) => x !== undefined);
    d.records.forEach((ref, j) => {
      if (found[j] !== undefined) return;
      // A gone record linked to a present one is that person's earlier record (a rehire under a new
      // worker id): what a target marked with it is theirs. Said by finding anchor-changed.
      if (kind === "links" && first !== undefined) {
        const list = this.earlier.get(first) ?? [];
        list.push({ ref, at });
        this.earlier.set(first, list);
      } else {
        this.findings.push({ rule: "correlation-unknown-record", severity: "warning", message: `${kind} entry at ${at} names record "${ref}", which no source exported`, remediation: "remove the entry if the record is gone, or fix the source:externalId", location: at });
      }
    });
    const present = found.filter((x): x is number => x !== undefined);
    for (const a of present) {
      for (const b of present) {
        if (a === b) continue;
        if (kind === "links") {
          this.uf.union(a, b);
          this.linked.add(pairKey(a, b));
        } else {
          if (!this.separated.has(a)) this.separated.set(a, new Set());
          this.separated.get(a)!.add(b);
        }
      }
    }
    if (kind === "links" && present.length > 1) this.note(present[0]!, `linked by ${at} (${d.reason})`);
  }

  private trackSets(): void {
    const setMembers = new Map<number, number[]>();
    for (let i = 0; i < this.records.length; i++) {
      const root = this.uf.find(i);
      const list = setMembers.get(root) ?? [];
      list.push(i);
      setMembers.set(root, list);
    }
    this.setMembers = setMembers;
  }

  /** Merges the sets of a and b unless a `separate` decision stands between them. */
  private tryMerge(a: number, b: number, why: string): void {
    const { uf, setMembers, separated } = this;
    const ra = uf.find(a);
    const rb = uf.find(b);
    if (ra === rb) return;
    if (setMembers) {
      const left = setMembers.get(ra)!;
      const right = setMembers.get(rb)!;
      for (const x of left) {
        const veto = separated.get(x);
        if (veto && right.some((y) => veto.has(y))) return;
      }
      uf.union(ra, rb);
      const root = uf.find(ra);
      setMembers.set(root, ra === root ? [...left, ...right] : [...right, ...left]);
      setMembers.delete(root === ra ? rb : ra);
    } else {
      uf.union(ra, rb);
    }
    this.note(Math.min(a, b), why);
  }

  /** Records of different sources that share a value of a key are merged, key by key in order. */
  mergeOnKeys(configured: readonly CorrelationKey[]): void {
    const { records } = this;
    // Keys only ever merge records of different sources: with a single source there is nothing to index.
    const keys = records.some((r) => r.source !== records[0]!.source) ? configured : [];
    this.setAside = aliasesSetAside(records, keys, { linked: (a, b) => this.linked.has(pairKey(a, b)), separated: (a, b) => this.separated.get(a)?.has(b) === true });
    for (const key of keys) {
      if (key === "anchor") continue; // anchors are per source; the same anchor is the same record
      for (const [value, list] of this.recordsByValue(key)) {
        if (typeof list === "number") continue;
        // Each record meets the first record of another source that shares the value: two records
        // of one source that share it (the unique gate reports them) both meet the other source's
        // record, so the set holds both and is disputed, rather than one of them merged in silence.
        const first = list[0]!;
        const firstOther = list.find((x) => records[x]!.source !== records[first]!.source);
        for (let j = 1; j < list.length; j++) {
          const b = list[j]!;
          const a = records[b]!.source !== records[first]!.source ? first : firstOther;
          if (a === undefined || a === b) continue;
          if (SELF_ASSIGNED_KEYS.has(key)) this.noteConflict(a, b, key, value);
          this.tryMerge(a, b, `${key} "${value}" matches ${recordRef(records[a]!.source, records[a]!.externalId)} and ${recordRef(records[b]!.source, records[b]!.externalId)}`);
        }
        // Two records of one source share the value, and a `separate` decision kept them apart: a
        // record of another source that neither decision rules out matches both, so which of them it
        // is stays undecided. Every set holding one of them is disputed, not the record merged with
        // whichever one the veto allowed.
        const split = firstOther !== undefined && list.some((x) => this.uf.find(x) !== this.uf.find(first));
        const twice = split ? this.undecided(list) : undefined;
        if (twice) for (const x of list) this.ambiguous.set(x, { list, twice });
      }
    }
  }

  /**
   * a and b share a self-assigned id (a worker number, a login) and too little else to be one person
   * (no address, not enough of a name: id-conflict.ts): noted, and their set is kept apart in
   * clusters() if nothing else separated them.
   * A reviewed `links` entry naming both has decided; a `separate` one keeps them apart already.
   */
  private noteConflict(a: number, b: number, key: CorrelationKey, value: string): void {
    const { records } = this;
    if (this.linked.has(pairKey(a, b))) return;
    const why = contradiction(records[a]!, records[b]!);
    if (why === undefined) return;
    const conflict = { a, b, key, value, why };
    for (const x of [a, b]) {
      const list = this.conflicts.get(x);
      if (list) list.push(conflict);
      else this.conflicts.set(x, [conflict]);
    }
  }

  /** The first noted conflict whose two records ended up in one set, or undefined. */
  private conflictIn(members: readonly number[]): IdConflict | undefined {
    if (this.conflicts.size === 0) return undefined;
    for (const i of members) {
      for (const c of this.conflicts.get(i) ?? []) if (this.uf.find(c.a) === this.uf.find(c.b)) return c;
    }
    return undefined;
  }

  /**
   * Two records of one source, in different sets, that one record of another source may equally be
   * (no `separate` decision rules it out for either): "hr:W2 and hr:W3", or undefined. A value
   * shared by more than 50 records is undecided as soon as two of one source are apart.
   */
  private undecided(list: readonly number[]): string | undefined {
    const { records, uf, separated, linked } = this;
    const ref = (i: number): string => recordRef(records[i]!.source, records[i]!.externalId);
    if (list.length > 50) return sameSourceConflict(list, records, linked);
    for (const y of list) {
      const candidates = list.filter((x) => records[x]!.source !== records[y]!.source && !separated.get(y)?.has(x));
      for (let i = 0; i < candidates.length; i++) {
        for (let j = i + 1; j < candidates.length; j++) {
          const p = candidates[i]!;
          const q = candidates[j]!;
          if (records[p]!.source === records[q]!.source && !linked.has(pairKey(p, q)) && uf.find(p) !== uf.find(q)) return `${ref(p)} and ${ref(q)}`;
        }
      }
    }
    return undefined;
  }

  /**
   * value → the records that have it: the first one's index, or the list once a second turns up
   * (most values belong to one record; an array for each of them was most of the garbage here).
   */
  private recordsByValue(key: CorrelationKey): Map<string, number | number[]> {
    const byValue = new Map<string, number | number[]>();
    const setAside = key === "email" ? this.setAside?.values : undefined;
    this.records.forEach((r, i) => {
      for (const v of keyValues(r, key)) {
        if (setAside?.get(i)?.has(v)) continue;
        const had = byValue.get(v);
        if (had === undefined) byValue.set(v, i);
        else if (typeof had === "number") byValue.set(v, [had, i]);
        else had.push(i);
      }
    });
    return byValue;
  }

  /** The merged sets as clusters; a set holding two unlinked records of one source is disputed. */
  clusters(employeeIdAuthorities: ReadonlySet<string> = new Set()): CorrelationResult {
    const { records } = this;
    const sets = new Map<number, number[]>();
    for (let i = 0; i < records.length; i++) {
      const root = this.uf.find(i);
      const list = sets.get(root) ?? [];
      list.push(i);
      sets.set(root, list);
    }
    const out: Cluster[] = [];
    for (const members of sets.values()) {
      const dispute = sameSourceConflict(members, records, this.linked);
      if (dispute) {
        append(out, this.disputed(members, dispute));
        continue;
      }
      const undecided = members.find((i) => this.ambiguous.has(i));
      if (undecided !== undefined) {
        const { list, twice } = this.ambiguous.get(undecided)!;
        append(out, this.disputed(members, twice, list));
        continue;
      }
      const conflict = this.conflictIn(members);
      if (conflict) {
        append(out, this.apart(members, this.conflicting(members, conflict)));
        continue;
      }
      const twoIds = members.length > 1 && employeeIdAuthorities.size > 0 ? twoEmployeeIds(members, records, employeeIdAuthorities, (a, b) => this.linked.has(pairKey(a, b))) : undefined;
      if (twoIds) {
        append(out, this.apart(members, twoEmployeeIdsFinding(twoIds, members, records, (i) => this.reasons.get(i) ?? [])));
        continue;
      }
      const earlier = members.flatMap((i) => this.earlier.get(i) ?? []);
      out.push({ members, reasons: members.flatMap((i) => this.reasons.get(i) ?? []), ...(earlier.length > 0 ? { earlier } : {}) });
    }
    this.attachSetAside(out);
    out.sort((a, b) => a.members[0]! - b.members[0]!);
    return { clusters: out, findings: this.findings };
  }

  /** The warnings about set-aside aliases ride on the cluster of the record holding them, to name its identity. */
  private attachSetAside(out: Cluster[]): void {
    const findings = this.setAside?.findings;
    if (findings === undefined || findings.size === 0) return;
    for (const cluster of out) {
      for (const i of cluster.members) for (const f of findings.get(i) ?? []) (cluster.findings ??= []).push(f);
    }
  }

  /**
   * A disputed set is not merged: each record its own cluster, each carrying the blocking finding
   * (resolution names each identity in a copy of it).
   */
  private disputed(members: number[], dispute: string, matching: readonly number[] = members): Cluster[] {
    const { records } = this;
    const refs = matching.map((i) => recordRef(records[i]!.source, records[i]!.externalId));
    const finding: Finding = {
      rule: "disputed",
      severity: "error",
      message: `records ${refs.join(", ")} match each other on correlation keys, but ${dispute} come from the same source and cannot be one person`,
      remediation: "decide in identities/links.yaml: `links` for the records that are one person, `separate` for the ones that are not",
      location: members.map((i) => `${records[i]!.source} ${records[i]!.position}`).join("; "),
    };
    return this.apart(members, finding, refs);
  }

  /** Each record of a set that is not merged its own cluster, each carrying the blocking finding. */
  private apart(members: number[], finding: Finding, refs: readonly string[] = members.map((i) => this.ref(i))): Cluster[] {
    return members.map((i) => ({ members: [i], reasons: [`${finding.rule}: not merged (${refs.join(", ")})`], disputed: finding }));
  }

  private ref(i: number): string {
    return recordRef(this.records[i]!.source, this.records[i]!.externalId);
  }

  /**
   * The finding for a set holding two records that share only a self-assigned id: it names both,
   * what they disagree on, and the decisions that settle it.
   */
  private conflicting(members: readonly number[], c: IdConflict): Finding {
    const { records } = this;
    const [a, b] = [records[c.a]!, records[c.b]!];
    const pair = `${this.ref(c.a)}, ${this.ref(c.b)}`;
    const others = members.filter((i) => i !== c.a && i !== c.b).map((i) => this.ref(i));
    return {
      rule: "correlation-conflict",
      severity: "error",
      message: `records ${this.ref(c.a)} and ${this.ref(c.b)} share ${c.key} "${c.value}" but ${c.why} (${describe(a)}, ${describe(b)}): two systems that each assign their own ${c.key}s give different people the same one, so they are not merged${others.length > 0 ? ` (nor ${others.join(", ")}, which correlate with them)` : ""}`,
      remediation: `decide in identities/links.yaml: separate: [{ records: [${pair}], reason: … }] if they are two people, links: [{ records: [${pair}], reason: … }] if one; if ${b.source}'s ${c.key}s are its own numbering, not ${a.source}'s, take ${c.key} out of correlation.keys or give ${b.source} the ${c.key}s ${a.source} uses`,
      location: `${a.source} ${a.position}; ${b.source} ${b.position}`,
    };
  }
}

/** Two records of different sources that share only a self-assigned id's value (id-conflict.ts). */
interface IdConflict {
  a: number;
  b: number;
  key: CorrelationKey;
  value: string;
  /** What they do not share (id-conflict.ts): "neither a name nor an e-mail". */
  why: string;
}

function pairKey(a: number, b: number): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

/** Two records of one source in one cluster, not explicitly linked: the description, or undefined. */
function sameSourceConflict(members: readonly number[], records: SourceRecord[], linked: Set<string>): string | undefined {
  const bySource = new Map<string, number>();
  for (const i of members) {
    const source = records[i]!.source;
    const prior = bySource.get(source);
    if (prior !== undefined && !linked.has(pairKey(prior, i))) {
      return `${recordRef(source, records[prior]!.externalId)} and ${recordRef(source, records[i]!.externalId)}`;
    }
    bySource.set(source, i);
  }
  return undefined;
}
