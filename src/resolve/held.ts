// A source that fails its quality gates, or whose export cannot be proven complete (finding
// source-unproven-export, model/unknown-absence.ts), decides nothing about the people it no longer exports. For
// a person no other source exports either, the planner leaves the accounts anchored in it alone
// (the gate finding names them). A person another source still exports would otherwise be resolved
// from that source alone: another login, another department, another anchor; the plan would take
// away what their old attributes gave and create second accounts beside the ones they have. Such a
// person is held: the identity is the one the last accepted snapshot gave, and nothing is planned
// for it until the source passes its gates (or a reviewed gates.accept says the export is right).
//
// Only a person whose anchor record (the highest-precedence one, which gives the login, the anchor
// and the attributes it is authoritative for) the failing export lost is held. One who lost only a
// lower-precedence record keeps their login and anchor, and the passing sources still decide for
// them: a termination in HR is planned whatever a failing directory export left out.
import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import { emailKey, sourceOfRef as sourceOf } from "../model/keys.js";
import { absenceUnknown, proveExportFix } from "../model/unknown-absence.js";

/**
 * Replaces, in `identities`, each person whose prior identity (the last accepted snapshots) was
 * anchored in a source in `failed`, who no longer has that anchor record, and who is exactly the
 * prior person's other records (no more, no fewer), with that prior identity, marked `held`. One
 * whose prior login another person now has is held under its current identity.
 */
export function holdAsBefore(identities: Map<string, Identity>, prior: readonly Identity[], failed: ReadonlySet<string>, findings: Finding[], unproven: ReadonlySet<string> = new Set()): void {
  // Record → the prior person holding it, for prior people anchored in a failed source.
  const priorOf = new Map<string, Identity>();
  for (const p of prior) {
    if (p.kind !== "person" || !failed.has(sourceOf(p.anchor))) continue;
    for (const r of p.records) priorOf.set(r, p);
  }
  if (priorOf.size === 0) return;
  const held: Array<{ now: Identity; before: Identity; missing: string[] }> = [];
  for (const identity of identities.values()) {
    if (identity.kind !== "person" || identity.records.length === 0) continue;
    const before = priorOf.get(identity.records[0]!);
    if (!before || identity.records.includes(before.anchor)) continue;
    // The same person, whole: every record they have now was theirs, and every record of theirs a
    // passing source exports is here (one split between two people now is not ours to guess).
    if (!identity.records.every((r) => priorOf.get(r) === before)) continue;
    if (!before.records.every((r) => failed.has(sourceOf(r)) || identity.records.includes(r))) continue;
    const missing = [...new Set(before.records.filter((r) => failed.has(sourceOf(r)) && !identity.records.includes(r)).map(sourceOf))].sort();
    held.push({ now: identity, before, missing });
  }
  const replaced: Identity[] = [];
  const renamed = new Map<string, string>(); // the login the export alone gave → the held identity's
  for (const { now, before, missing } of held) {
    if (before.id !== now.id && identities.has(before.id)) {
      now.held = missing;
      continue;
    }
    identities.delete(now.id);
    // A copy: the prior identity is read again (movers, renames), and overlays write to this one.
    const copy: Identity = { ...before, attributes: { ...before.attributes }, provenance: { ...before.provenance }, held: missing };
    if (leftByAuthority(now)) takeStatus(copy, now);
    else if (before.status === "active" && now.status !== "active") findings.push(leftElsewhere(before, now, missing, unproven));
    identities.set(before.id, copy);
    replaced.push(copy);
    if (before.id !== now.id) renamed.set(now.id, before.id);
  }
  if (replaced.length > 0) followManagers(identities, replaced, renamed);
}

/** The passing sources say the person left, and the one that says so is authoritative for status. */
function leftByAuthority(now: Identity): boolean {
  const from = now.provenance.status;
  return now.status === "terminated" && from !== undefined && from.rule === `authoritative: ${from.source}`;
}

/**
 * A held person whom a source authoritative for status calls terminated has left, whatever the
 * failing export lost: the held identity takes that status (and the dates it came with), and the
 * planner offboards it as it offboards any held leaver.
 */
function takeStatus(copy: Identity, now: Identity): void {
  copy.status = now.status;
  for (const key of ["status", "terminationDate"] as const) {
    if (now.attributes[key] === undefined) continue;
    copy.attributes[key] = now.attributes[key]!;
    if (now.provenance[key]) copy.provenance[key] = now.provenance[key]!;
  }
}

/**
 * A held person whom a source that passed its gates calls terminated or suspended, where that does
 * not offboard them: the source is not authoritative for status (a termination from one that is
 * is taken, takeStatus), or it says suspended. Nothing is planned on its word, but a reviewer must
 * see it: their access stays until the failing export passes or is accepted, and then the plan
 * follows that source.
 */
function leftElsewhere(before: Identity, now: Identity, missing: readonly string[], unproven: ReadonlySet<string>): Finding {
  const from = now.provenance.status;
  const failing = missing.join(" and ");
  // Every missing source unproven (none failing a gate): proving the export is the fix, not accepting it.
  const { unproven: unprovenOnly, why: reason } = absenceUnknown(missing, unproven);
  const why = unprovenOnly ? `${reason}, so nothing is planned for them and their access stays until its export is proven complete` : "failed its quality gates, so nothing is planned for them and their access stays until it passes or is accepted";
  return {
    rule: "held-status-differs",
    severity: "warning",
    identity: before.id,
    message: `${before.id} is held as active, as the last accepted snapshot had them, but ${from?.source ?? "another source"} now says ${now.status}: ${failing} ${why}`,
    remediation: unprovenOnly
      ? `if ${before.id} left, ${proveExportFix(failing)}, and the plan offboards them; if not, correct the record in ${from?.source ?? "that source"}`
      : `if ${before.id} left, fix the export of ${failing} (or accept it in a reviewed pull request) and the plan offboards them; if not, correct the record in ${from?.source ?? "that source"}`,
    ...(from ? { location: `${from.source} ${from.at}` } : {}),
  };
}

/**
 * The people a held person manages name them as their sources do: by the login the other export
 * gave (resolved before the hold), or by a reference the failing export no longer resolves (its
 * record is gone: the worker id, employee id or e-mail, kept as managerRef). Both name the held
 * identity, so that nobody's manager changes because an export failed.
 */
function followManagers(identities: Map<string, Identity>, replaced: readonly Identity[], renamed: ReadonlyMap<string, string>): void {
  const byRef = new Map<string, string>(); // "source\0reference" → held identity id
  for (const h of replaced) {
    const refs = [...(typeof h.attributes.employeeId === "string" ? [h.attributes.employeeId] : []), ...(Array.isArray(h.attributes.emails) ? h.attributes.emails.map(emailKey) : [])];
    for (const record of h.records) {
      const source = sourceOf(record);
      byRef.set(`${source}\0${record.slice(source.length + 1)}`, h.id);
      for (const ref of refs) byRef.set(`${source}\0${ref}`, h.id);
    }
  }
  for (const identity of identities.values()) {
    if (identity.held !== undefined) continue;
    const manager = identity.attributes.manager;
    const ref = identity.attributes.managerRef;
    const source = identity.provenance.manager?.source;
    const heldAs = typeof manager === "string" ? renamed.get(manager) : typeof ref === "string" && source ? (byRef.get(`${source}\0${ref}`) ?? byRef.get(`${source}\0${emailKey(ref)}`)) : undefined;
    if (heldAs === undefined) continue;
    identity.attributes.manager = heldAs;
    delete identity.attributes.managerRef;
  }
}

/**
 * A person who keeps their anchor record but whose record in a lower-precedence source that failed
 * its gates is gone (a directory export cut short) is planned by the passing sources, but keeps
 * the attributes that source gave them in the last accepted snapshot (its groups, a title it is
 * authoritative for): nothing is taken away because that export lost a record. `keptFrom` says so.
 */
export function keepWhatFailedSourcesGave(identities: Map<string, Identity>, prior: readonly Identity[], failed: ReadonlySet<string>): void {
  const byAnchor = new Map<string, Identity>();
  for (const p of prior) {
    if (p.kind === "person" && !failed.has(sourceOf(p.anchor)) && p.records.some((r) => failed.has(sourceOf(r)))) byAnchor.set(p.anchor, p);
  }
  if (byAnchor.size === 0) return;
  for (const identity of identities.values()) {
    if (identity.kind !== "person" || identity.held !== undefined) continue;
    const before = byAnchor.get(identity.anchor);
    if (!before) continue;
    const lost = new Set(before.records.filter((r) => failed.has(sourceOf(r)) && !identity.records.includes(r)).map(sourceOf));
    if (lost.size === 0) continue;
    for (const [key, provenance] of Object.entries(before.provenance)) {
      if (!lost.has(provenance.source)) continue;
      identity.attributes[key] = before.attributes[key]!;
      identity.provenance[key] = provenance;
    }
    identity.keptFrom = [...lost].sort();
  }
}
