// The people who left, by the login an app that links by login knows their account under: the
// account is decided as a leaver's (unlinked-accounts.ts), and a login-held finding whose holder
// is that account names them (login-held.ts) rather than calling it nobody's.
import { loginOf } from "../model/identity.js";
import { normaliseLogin, sourceOfRef } from "../model/keys.js";
import type { GonePerson } from "./gone-people.js";

/**
 * Normalised login → the gone people with it, in gone-people.ts's order (the snapshot's people
 * first, by id), so the first named is stable. Only people of a source read today. An app whose
 * login is the source's own also knows a renamed leaver's account by an earlier one.
 */
export function goneLogins(gone: readonly GonePerson[], attribute: string, sourcesRead: ReadonlySet<string>): Map<string, GonePerson[]> {
  const out = new Map<string, GonePerson[]>();
  for (const g of gone) {
    const login = loginOf(g, attribute);
    if (login === undefined || !sourcesRead.has(sourceOfRef(g.anchor))) continue;
    const logins = attribute === "userName" && g.formerIds ? [login, ...g.formerIds] : [login];
    for (const key of new Set(logins.map(normaliseLogin))) {
      const list = out.get(key);
      if (list) list.push(g);
      else out.set(key, [g]);
    }
  }
  return out;
}
