// The app logins (githubLogin) the base revision's files gave each identity. A snapshot keeps only
// a person's login as it was when the snapshot was accepted, and no snapshot knows an NHI's login:
// a bot's login changed in a pull request, or a person's changed a second time before the daily
// snapshot with the first change was accepted, left the account under the login the base gave
// them in the org, with its teams, as "unmanaged". The base's files know that login.
import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import { loginOf } from "../model/identity.js";
import { normaliseLogin, sourceOfRef } from "../model/keys.js";
import { loginRemoved, SNAPSHOT_LOGIN_AT } from "./snapshot-logins.js";

/**
 * Gives each identity whose app login differs from the one the base's identity under the same
 * anchor had (people and NHIs; for people also an earlier anchor or a record that still merges),
 * or that no longer has one (loginRemoved), that login as `loginsAtBase`: the account under it is
 * no longer theirs and is offboarded. A person who is not active and has none now, or only the
 * snapshot's, gets the base's instead (the snapshot's other one is then an earlier login). Runs
 * after the snapshot's earlier logins are known (resolve), and leaves out the one the snapshot
 * already gives.
 */
export function giveBaseLogins(identities: Iterable<Identity>, base: readonly Identity[], attributes: readonly string[], ref: string): Finding[] {
  const findings: Finding[] = [];
  if (attributes.length === 0 || base.length === 0) return findings;
  const byAnchor = new Map<string, Identity>();
  for (const b of base) if (attributes.some((a) => loginOf(b, a) !== undefined)) byAnchor.set(b.anchor, b);
  if (byAnchor.size === 0) return findings;
  for (const identity of identities) {
    let was = byAnchor.get(identity.anchor);
    // An earlier anchor: a rehire under a new record, or an NHI renamed (formerIds).
    for (const r of identity.formerAnchors ?? []) was ??= byAnchor.get(r);
    if (identity.kind === "person") for (const r of identity.records) was ??= byAnchor.get(r);
    if (!was) continue;
    for (const attribute of attributes) {
      const now = loginOf(identity, attribute);
      const before = loginOf(was, attribute);
      if (before === undefined) continue;
      if (now !== undefined && normaliseLogin(now) === normaliseLogin(before)) continue;
      if (!loginRemoved(identity) && (now === undefined || identity.provenance[attribute]?.at === SNAPSHOT_LOGIN_AT)) {
        // A leaver or someone on leave whose overlay went in this change: the login still finds
        // their account, to be offboarded or kept as their status says (as inheritPriorLogins
        // does with the snapshot's, which may not know it, or know an older one: the base's
        // files were reviewed after the snapshot was accepted).
        if (now !== undefined) {
          // The snapshot's older login stays theirs to lose: its account is offboarded as an
          // earlier one's, as the base's own plan does (the overlay had changed it). But only this
          // plan knows the base's: the next one, without the overlay, takes the snapshot's for
          // theirs again and undoes it. So the change is blocked until a snapshot knows it.
          (identity.earlierLogins ??= {})[attribute] = now;
          findings.push(unaccepted(identity, was, attribute, before, now, ref));
        }
        giveBaseLogin(identity, attribute, before, ref);
        continue;
      }
      // The snapshot already says so (the first change since it was accepted): said once, as its.
      const inSnapshot = identity.earlierLogins?.[attribute];
      if (inSnapshot !== undefined && normaliseLogin(inSnapshot) === normaliseLogin(before)) continue;
      identity.loginsAtBase ??= { ref, logins: {} };
      identity.loginsAtBase.logins[attribute] = before;
    }
  }
  return findings;
}

/** An overlay login the accepted snapshot does not know, removed from someone not active. */
function unaccepted(identity: Identity, was: Identity, attribute: string, login: string, snapshot: string, ref: string): Finding {
  return {
    rule: "overlay-login-unaccepted",
    severity: "error",
    identity: identity.id,
    message: `${identity.id} (${identity.status}) had the ${attribute} "${login}" in an overlay at ${ref}, which this change removes, and the last accepted snapshot still has "${snapshot}" for them: once the overlay is gone, every later plan takes "${snapshot}" for theirs again, and undoes what this one does with the account under "${login}"`,
    remediation: `keep the overlay until a snapshot that has "${login}" is accepted (merge the sync pull request), then remove it`,
    location: was.definedAt ? `${was.definedAt} at ${ref}` : ref,
  };
}

/** Where a login the base's files gave comes from, in messages. */
const baseLoginAt = (ref: string): string => `the files at ${ref} (the login an overlay gave them there)`;

function giveBaseLogin(identity: Identity, attribute: string, login: string, ref: string): void {
  identity.attributes[attribute] = login;
  identity.provenance[attribute] = { source: sourceOfRef(identity.anchor), at: baseLoginAt(ref) };
}

/** An NHI the base revision's files defined with an app login, which no file defines now. */
export interface DepartedAtBase {
  id: string;
  anchor: string;
  kind: Identity["kind"];
  /** The base revision, as given (`--base main`, a merged commit's parent). */
  ref: string;
  /** Where the base's files defined it. */
  definedAt?: string;
}

/**
 * Per app login attribute, normalised login → the NHIs the base's files defined with it and no
 * file defines now (its file deleted, or renamed with a new id; two where the base had a
 * login-collision: both are gone, so the account is no one's either way). An
 * account under such a login that no identity has is no longer anyone's: no snapshot knows an
 * NHI's login, and an app that links by login (GitHub) has no mark to tell. People are not here:
 * whether a person left is the sources' to say, under their quality gates.
 */
export function departedAtBase(identities: readonly Identity[], base: readonly Identity[], attributes: readonly string[], ref: string): Map<string, Map<string, DepartedAtBase[]>> | undefined {
  if (attributes.length === 0) return undefined;
  let present: Set<string> | undefined;
  let out: Map<string, Map<string, DepartedAtBase[]>> | undefined;
  for (const b of base) {
    if (b.kind === "person" || b.definedAt === undefined) continue;
    // A renamed NHI holds its earlier anchors (formerIds): it has not departed.
    present ??= anchorsHeld(identities);
    if (present.has(b.anchor)) continue;
    for (const attribute of attributes) {
      const login = loginOf(b, attribute);
      if (login === undefined) continue;
      out ??= new Map();
      let byLogin = out.get(attribute);
      if (!byLogin) out.set(attribute, (byLogin = new Map()));
      const key = normaliseLogin(login);
      const departed: DepartedAtBase = { id: b.id, anchor: b.anchor, kind: b.kind, ref, ...(b.definedAt ? { definedAt: b.definedAt } : {}) };
      const had = byLogin.get(key);
      if (had) had.push(departed);
      else byLogin.set(key, [departed]);
    }
  }
  return out;
}

/** Every anchor an identity holds now, earlier ones included. */
function anchorsHeld(identities: readonly Identity[]): Set<string> {
  const held = new Set<string>();
  for (const identity of identities) {
    held.add(identity.anchor);
    for (const earlier of identity.formerAnchors ?? []) held.add(earlier);
  }
  return held;
}
