// The logins apps link by (`accounts.login`: githubLogin, crmLogin) come from Person overlays, not
// from the sources, and a snapshot keeps only the sources' records. Resolved from a snapshot with
// today's overlays, a leaver whose overlay a pull request removed (as validate once advised), or
// reused for a new hire, had no GitHub login any more: their account read as unmanaged and stayed,
// or passed to the new hire unseen. So `snapshot` writes each person's overlay logins on their
// anchor record (SourceRecord.logins), and they are read back here where no overlay gives one.
import type { Identity } from "../model/identity.js";
import { normaliseLogin, recordRef, sourceOfRef } from "../model/keys.js";
import type { SourceRecord } from "../model/source-record.js";
import type { PolicyRepo } from "../model/policy-repo.js";

/** Where a login taken from the snapshot says it came from: `snapshot` writes such a login again. */
export const SNAPSHOT_LOGIN_AT = "the last accepted snapshot (the login an overlay gave them then)";

/** The attributes apps link accounts by, other than the sources' own userName. */
export function appLoginAttributes(repo: PolicyRepo): string[] {
  return [...new Set(repo.apps.map((a) => a.value.accounts.login))].filter((a) => a !== "userName").sort();
}

/**
 * People who are not active (a leaver HR still lists as terminated, someone on leave) keep the app
 * logins the last accepted snapshot gave them where no overlay gives one now: their overlay may go
 * before their accounts do, and the login is what finds those accounts. An active person's overlay
 * is theirs to change.
 */
export function inheritPriorLogins(identities: Iterable<Identity>, prior: readonly Identity[], attributes: readonly string[]): void {
  if (attributes.length === 0) return;
  const lacking: Identity[] = [];
  for (const identity of identities) if (identity.kind === "person" && identity.status !== "active" && attributes.some((a) => identity.attributes[a] === undefined)) lacking.push(identity);
  if (lacking.length === 0) return;
  const byAnchor = new Map<string, Identity>();
  for (const p of prior) if (p.kind === "person") byAnchor.set(p.anchor, p);
  for (const identity of lacking) {
    const was = byAnchor.get(identity.anchor);
    if (!was) continue;
    for (const attribute of attributes) {
      const value = was.attributes[attribute];
      if (identity.attributes[attribute] === undefined && typeof value === "string" && value !== "") giveSnapshotLogin(identity, attribute, value);
    }
  }
}

/** Fills each person's app logins that no overlay gives from their anchor record's `logins` (only snapshot records have them). */
export function applySnapshotLogins(identities: Iterable<Identity>, records: readonly SourceRecord[]): void {
  const byRef = new Map<string, Record<string, string>>();
  for (const r of records) if (r.logins !== undefined) byRef.set(recordRef(r.source, r.externalId), r.logins);
  if (byRef.size === 0) return;
  for (const identity of identities) {
    const logins = identity.kind === "person" ? byRef.get(identity.anchor) : undefined;
    if (!logins) continue;
    for (const [attribute, login] of Object.entries(logins)) {
      const now = identity.attributes[attribute];
      if (now === undefined) giveSnapshotLogin(identity, attribute, login);
      else if (typeof now === "string" && normaliseLogin(now) !== normaliseLogin(login)) (identity.earlierLogins ??= {})[attribute] = login;
    }
  }
}

/**
 * Today's people keep the earlier app logins their prior (resolved from the accepted snapshot)
 * found, while their overlay still gives another login: the snapshot's records are not read again.
 * A prior whose own app login differs from today's is one too: a person renamed in the same pull
 * request that changed their login, whose overlay (keyed by the new login) the prior did not get,
 * so that it kept the snapshot's.
 */
export function carryEarlierLogins(identities: Iterable<Identity>, prior: readonly Identity[], attributes: readonly string[]): void {
  if (attributes.length === 0) return;
  const byAnchor = new Map<string, Identity>();
  for (const p of prior) if (p.kind === "person" && (p.earlierLogins !== undefined || attributes.some((a) => p.provenance[a]?.at === SNAPSHOT_LOGIN_AT))) byAnchor.set(p.anchor, p);
  if (byAnchor.size === 0) return;
  for (const identity of identities) {
    if (identity.kind !== "person") continue;
    // The person the snapshot had under this anchor, or under an earlier one (a rehire under a new
    // worker id, linked in identities/links.yaml), or a record of theirs that is still merged.
    let was = byAnchor.get(identity.anchor);
    for (const ref of [...(identity.formerAnchors ?? []), ...identity.records]) was ??= byAnchor.get(ref);
    if (!was) continue;
    for (const attribute of attributes) {
      const now = identity.attributes[attribute];
      const before = was.earlierLogins?.[attribute] ?? (was.provenance[attribute]?.at === SNAPSHOT_LOGIN_AT ? was.attributes[attribute] : undefined);
      if (typeof before !== "string") continue;
      if (typeof now === "string" ? normaliseLogin(now) !== normaliseLogin(before) : loginRemoved(identity)) (identity.earlierLogins ??= {})[attribute] = before;
    }
  }
}

/**
 * An identity whose files no longer give it a login it had: the account under it is no longer
 * theirs (a reviewed change removed the login, or the file with it). A person who is not active
 * (on leave, a leaver) keeps the earlier login instead (inheritPriorLogins: their accounts are
 * found by it and offboarded or kept as their status says); an NHI, whatever its status, has no
 * such path, so a bot disabled and stripped of its login in one change loses the account too.
 */
export function loginRemoved(identity: Identity): boolean {
  return identity.kind !== "person" || identity.status === "active";
}

/** A login the snapshot kept, said to come from it (overlayLogins writes such a login again). */
function giveSnapshotLogin(identity: Identity, attribute: string, login: string): void {
  identity.attributes[attribute] = login;
  identity.provenance[attribute] = { source: sourceOfRef(identity.anchor), at: SNAPSHOT_LOGIN_AT };
}

/**
 * The logins overlays give people for the apps' `accounts.login` attributes (not userName, which
 * the sources give), and those a person who is not active keeps from the snapshot: what `snapshot`
 * writes on each anchor record.
 */
export function overlayLogins(identity: Identity, attributes: readonly string[]): Record<string, string> | undefined {
  let logins: Record<string, string> | undefined;
  for (const attribute of attributes) {
    const value = identity.attributes[attribute];
    const from = identity.provenance[attribute];
    if (attribute === "userName" || typeof value !== "string" || value === "" || (from?.source !== "file" && from?.at !== SNAPSHOT_LOGIN_AT)) continue;
    (logins ??= {})[attribute] = value;
  }
  return logins;
}
