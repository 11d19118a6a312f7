// A person renamed in the sources (the same anchor, a new login) is still named by the old login
// wherever something was written before the rename: a Person overlay keyed by it, explicit group
// memberships, an NHI's owner, and the account of every app that links by login (GitHub,
// `accounts.linkBy: login`). Dropping all of that because the login changed would offboard the
// right person and make them a new, empty account. What the old login named follows the person
// while the rename is known (the overlay's anchor, or the last accepted snapshot), and findings
// ask the reviewer to write the new login.
import type { Identity } from "../model/identity.js";
import { holdsRecord, samePerson } from "./login-reuse.js";
import type { SourceRecord } from "../model/source-record.js";
import { recordRef } from "../model/keys.js";

/**
 * Logins the last accepted snapshot gave a person whom the export now gives another login: old
 * login → current identity id. The current person holds the prior one's anchor or one of its
 * records (the same person, as login-reuse.ts decides), and no current identity has the old
 * login (one that has it is a reuse: login-reused). Linear in the identities, with a map only as
 * large as the prior logins that no current identity has (leavers and renames).
 */
export function renamesSince(prior: readonly Identity[], identities: ReadonlyMap<string, Identity>): Map<string, string> {
  const gone = new Map<string, Identity>(); // prior record ref → the prior person whose login no one has now
  for (const p of prior) {
    if (p.kind !== "person" || identities.has(p.id)) continue;
    gone.set(p.anchor, p);
    for (const r of p.records) gone.set(r, p);
  }
  const renames = new Map<string, string>();
  if (gone.size === 0) return renames;
  const split = new Set<string>();
  const claim = (ref: string, id: string): void => {
    const was = gone.get(ref);
    if (!was) return;
    const had = renames.get(was.id);
    // Two people now hold records of one earlier person: which of them is "the same" is not ours to guess.
    if (had !== undefined && had !== id) split.add(was.id);
    else renames.set(was.id, id);
  };
  for (const identity of identities.values()) {
    if (identity.kind !== "person") continue;
    claim(identity.anchor, identity.id);
    for (const r of identity.records) claim(r, identity.id);
    for (const r of identity.aliases) claim(r, identity.id);
  }
  for (const id of split) renames.delete(id);
  return renames;
}

/**
 * Renames the last accepted snapshot keeps (SourceRecord.formerIds, written while files still name
 * the earlier login): old login → the current identity that holds the renamed person's anchor.
 * `prior` got them from its records (formerIdsFromRecords). A login someone has today is theirs.
 */
export function keptRenames(prior: Iterable<Identity>, identities: ReadonlyMap<string, Identity>): Map<string, string> {
  const kept = new Map<string, string>();
  let wanted: Map<string, Identity> | undefined; // prior anchor → prior person with kept renames
  for (const p of prior) if (p.kind === "person" && p.formerIds !== undefined) (wanted ??= new Map()).set(p.anchor, p);
  if (!wanted) return kept;
  for (const identity of identities.values()) {
    const was = identity.kind === "person" ? wanted.get(identity.anchor) : undefined;
    if (!was) continue;
    for (const old of was.formerIds!) if (old !== identity.id && !identities.has(old)) kept.set(old, identity.id);
  }
  return kept;
}

/** The earlier logins a snapshot's records keep (only snapshot records have them), given to the identity holding each record. */
export function formerIdsFromRecords(identities: ReadonlyMap<string, Identity>, records: readonly SourceRecord[]): void {
  let byRef: Map<string, string[]> | undefined;
  for (const r of records) if (r.formerIds !== undefined) (byRef ??= new Map()).set(recordRef(r.source, r.externalId), r.formerIds);
  if (!byRef) return;
  for (const identity of identities.values()) {
    const former = identity.kind === "person" ? byRef.get(identity.anchor) : undefined;
    if (former) for (const old of former) if (old !== identity.id) addFormerId(identity, old);
  }
}

/** Adds an earlier login to the identity's `formerIds`, kept sorted and unique. */
export function addFormerId(identity: Identity, login: string): void {
  const list = identity.formerIds ?? [];
  if (list.includes(login)) return;
  identity.formerIds = [...list, login].sort();
}

/** Every current identity's earlier logins: old login → identity id (identities with none are skipped). */
export function formerIdsOf(identities: Iterable<Identity>): Map<string, string> {
  const out = new Map<string, string>();
  for (const identity of identities) for (const f of identity.formerIds ?? []) out.set(f, identity.id);
  return out;
}

/**
 * The identity as the last accepted snapshot gave it: under its login, or, for a person renamed
 * since, under the earlier login (the same anchor). Movers and joiners are told by this. Under the
 * same login, only the same person (login-reuse.ts samePerson): a login the export now gives
 * someone not known to be them (login-reused) has no prior, or a create's reason would call the
 * new record a mover ("employmentType contractor → employee") while the finding says "not known
 * to be the same person".
 */
export function priorOf(identity: Identity, prior: ReadonlyMap<string, Identity> | undefined): Identity | undefined {
  if (!prior) return undefined;
  const same = prior.get(identity.id);
  if (same) return same.anchor === identity.anchor || identity.kind !== "person" || samePerson(identity, same) ? same : undefined;
  if (identity.formerIds === undefined) return undefined;
  for (const f of identity.formerIds) {
    const was = prior.get(f);
    if (was && holdsRecord(identity, was.anchor)) return was;
  }
  return undefined;
}
