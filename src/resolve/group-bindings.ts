// Which group a name means, as the last accepted snapshot says it: a name is bound to the group it
// was first known by (model/group-name-binding.ts), and no later snapshot rebinds it on its own.
// A rename, a deletion or a look-alike made with the name would otherwise hand the name to another
// group the day a daily snapshot is accepted (the daily sync accepts one every day): the look-alike
// group's creator would get what the name gives, and the real group's members would lose it, as a
// revocation that `apply.unreviewed: revocations-only` applies without review.
import { groupNameKey, type GroupHistory, type GroupNameBinding } from "../model/group-name-binding.js";
import type { SourceRecord } from "../model/source-record.js";

/** What the last accepted snapshot says of one name. */
export type NameHistory =
  | { bound: GroupNameBinding }
  /** No binding; `lookAlikes`: ids the snapshot marked as look-alikes under the name (they never take it). */
  | { unsettled: string; lookAlikes: readonly string[] };

/** Today's groups of one source by name: lower-cased name → ids, and how the source spells it. */
export interface NamesToday {
  ids: Map<string, Set<string>>;
  spelling: Map<string, string>;
}

/** Per source, the ids of the groups carrying each name, from every record's groupRefs. */
export function groupsByName(records: readonly SourceRecord[]): Map<string, NamesToday> {
  const out = new Map<string, NamesToday>();
  for (const record of records) {
    if (!record.groupRefs) continue;
    let names = out.get(record.source);
    if (!names) out.set(record.source, (names = { ids: new Map(), spelling: new Map() }));
    for (const ref of record.groupRefs) {
      if (ref.name === "") continue;
      const k = groupNameKey(ref.name);
      const set = names.ids.get(k);
      if (set) set.add(ref.id);
      else names.ids.set(k, new Set([ref.id]));
      // The first spelling in code-point order: the same export, the same snapshot.
      const was = names.spelling.get(k);
      if (was === undefined || ref.name < was) names.spelling.set(k, ref.name);
    }
  }
  return out;
}

/**
 * What a snapshot says of each name it knows. Its `groupNames` bind; a name it does not bind is
 * unsettled. A snapshot written before bindings were kept binds a name to the one group it lists
 * under the name unmarked, where there is exactly one; a look-alike it marked never takes the name.
 */
export function namesInHistory(history: GroupHistory | undefined): Map<string, NameHistory> {
  const out = new Map<string, NameHistory>();
  if (!history) return out;
  const known = new Map<string, Set<string>>();
  const lookAlikes = new Map<string, Set<string>>();
  const unidentified = new Set<string>();
  const spelling = new Map<string, string>();
  const add = (m: Map<string, Set<string>>, k: string, id: string): void => {
    const set = m.get(k);
    if (set) set.add(id);
    else m.set(k, new Set([id]));
  };
  for (const record of history.records) {
    const refs = record.groupRefs ?? [];
    for (const ref of refs) {
      add(ref.lookAlike ? lookAlikes : known, groupNameKey(ref.name), ref.id);
      if (!ref.lookAlike) spelling.set(groupNameKey(ref.name), ref.name);
    }
    for (const g of record.groups) if (!refs.some((r) => groupNameKey(r.name) === groupNameKey(g))) unidentified.add(groupNameKey(g));
  }
  for (const k of new Set([...known.keys(), ...lookAlikes.keys(), ...unidentified])) {
    const ids = [...(known.get(k) ?? [])].sort();
    const marked = [...(lookAlikes.get(k) ?? [])].sort();
    let unsettled: string;
    if (unidentified.has(k)) unsettled = "the last accepted snapshot lists the name without group ids";
    else if (ids.length > 1) unsettled = `the last accepted snapshot already had ${ids.length} groups of that name (${ids.join(", ")})`;
    else if (ids.length === 0) unsettled = `the last accepted snapshot marks ${marked.join(", ")} as ${marked.length > 1 ? "look-alikes" : "a look-alike"} of a group it does not list`;
    else if (history.groupNames === undefined) {
      out.set(k, { bound: { name: spelling.get(k)!, id: ids[0]! } });
      continue;
    } else unsettled = "the last accepted snapshot binds no group to that name";
    out.set(k, { unsettled, lookAlikes: marked });
  }
  for (const binding of history.groupNames ?? []) out.set(groupNameKey(binding.name), { bound: binding });
  return out;
}

/**
 * The bindings a snapshot about to be written carries: every binding of the last one, kept as it
 * is though its group is renamed or gone; and each name today's export gives to exactly one group
 * that nothing binds yet, bound to that group. A name several groups carry and nothing binds stays
 * unbound (unknown), and a group the last snapshot marked a look-alike is never bound.
 */
export function nextBindings(today: NamesToday | undefined, history: GroupHistory | undefined): GroupNameBinding[] {
  const past = namesInHistory(history);
  const out = new Map<string, GroupNameBinding>();
  for (const [k, h] of past) if ("bound" in h) out.set(k, h.bound);
  for (const [k, ids] of today?.ids ?? []) {
    if (out.has(k) || ids.size !== 1) continue;
    const [id] = ids;
    const h = past.get(k);
    if (h && "unsettled" in h && h.lookAlikes.includes(id!)) continue;
    out.set(k, { name: today!.spelling.get(k)!, id: id! });
  }
  return [...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, b]) => ({ name: b.name, id: b.id }));
}
