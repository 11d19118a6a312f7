// The app logins (githubLogin) the base revision's files gave each identity. A snapshot keeps only
// a person's login as it was when the snapshot was accepted, and no snapshot knows an NHI's login:
// a bot's login changed in a pull request, or a person's changed a second time before the daily
// snapshot with the first change was accepted, left the account under the login the base gave
// them in the org, with its teams, as "unmanaged". The base's files know that login.
import type { Identity } from "../model/identity.js";
import { loginOf } from "../model/identity.js";
import { normaliseLogin } from "../model/keys.js";
import { loginRemoved } from "./snapshot-logins.js";

/**
 * Gives each identity whose app login differs from (or, active then and now, no longer has) the one the base's identity under the same
 * anchor had (people and NHIs; for people also an earlier anchor or a record that still merges)
 * that login as `loginsAtBase`: the account under it is no longer theirs and is offboarded.
 */
export function giveBaseLogins(identities: Iterable<Identity>, base: readonly Identity[], attributes: readonly string[], ref: string): void {
  if (attributes.length === 0 || base.length === 0) return;
  const byAnchor = new Map<string, Identity>();
  for (const b of base) if (attributes.some((a) => loginOf(b, a) !== undefined)) byAnchor.set(b.anchor, b);
  if (byAnchor.size === 0) return;
  for (const identity of identities) {
    let was = byAnchor.get(identity.anchor);
    if (identity.kind === "person") for (const r of [...(identity.formerAnchors ?? []), ...identity.records]) was ??= byAnchor.get(r);
    if (!was) continue;
    for (const attribute of attributes) {
      const now = loginOf(identity, attribute);
      const before = loginOf(was, attribute);
      if (before === undefined || (now === undefined ? !loginRemoved(identity, was) : normaliseLogin(now) === normaliseLogin(before))) continue;
      // The snapshot already says so (the first change since it was accepted): said once, as its.
      const inSnapshot = identity.earlierLogins?.[attribute];
      if (inSnapshot !== undefined && normaliseLogin(inSnapshot) === normaliseLogin(before)) continue;
      identity.loginsAtBase ??= { ref, logins: {} };
      identity.loginsAtBase.logins[attribute] = before;
    }
  }
}
