// A source that fails its quality gates decides nothing about the people it no longer exports. For
// a person no other source exports either, the planner leaves the accounts anchored in it alone
// (the gate finding names them). A person another source still exports would otherwise be resolved
// from that source alone: another login, another department, another anchor; the plan would take
// away what their old attributes gave and create second accounts beside the ones they have. Such a
// person is held: the identity is the one the last accepted snapshot gave, and nothing is planned
// for it until the source passes its gates (or a reviewed gates.accept says the export is right).
import type { Identity } from "../model/identity.js";

const sourceOf = (ref: string): string => ref.slice(0, ref.indexOf(":"));

/**
 * Replaces, in `identities`, each person who has no record from a source in `failed` but whose
 * identity in `prior` (the last accepted snapshots) had one, and all of whose records it held, with
 * that prior identity, marked `held`. One whose prior login another person now has is held under
 * its current identity.
 */
export function holdAsBefore(identities: Map<string, Identity>, prior: readonly Identity[], failed: ReadonlySet<string>): void {
  // Record → the prior person holding it, for prior people with a record from a failed source.
  const priorOf = new Map<string, Identity>();
  for (const p of prior) {
    if (p.kind !== "person" || !p.records.some((r) => failed.has(sourceOf(r)))) continue;
    for (const r of p.records) priorOf.set(r, p);
  }
  if (priorOf.size === 0) return;
  const held: Array<{ now: Identity; before: Identity; missing: string[] }> = [];
  for (const identity of identities.values()) {
    if (identity.kind !== "person" || identity.records.length === 0) continue;
    const before = priorOf.get(identity.records[0]!);
    if (!before || !identity.records.every((r) => priorOf.get(r) === before)) continue;
    const missing = [...new Set(before.records.filter((r) => failed.has(sourceOf(r)) && !identity.records.includes(r)).map(sourceOf))].sort();
    if (missing.length > 0) held.push({ now: identity, before, missing });
  }
  const renamed = new Map<string, string>(); // the login the export alone gave → the held identity's
  for (const { now, before, missing } of held) {
    const taken = before.id !== now.id && identities.has(before.id);
    if (taken) {
      now.held = missing;
      continue;
    }
    identities.delete(now.id);
    // A copy: the prior identity is read again (movers, renames), and overlays write to this one.
    identities.set(before.id, { ...before, attributes: { ...before.attributes }, provenance: { ...before.provenance }, held: missing });
    if (before.id !== now.id) renamed.set(now.id, before.id);
  }
  // The people they manage name them by the login the export gave (managers are resolved first).
  if (renamed.size === 0) return;
  for (const identity of identities.values()) {
    const manager = identity.attributes.manager;
    const heldAs = typeof manager === "string" ? renamed.get(manager) : undefined;
    if (heldAs !== undefined && identity.held === undefined) identity.attributes.manager = heldAs;
  }
}
