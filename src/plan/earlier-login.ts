import type { Identity } from "../model/identity.js";
import { normaliseLogin } from "../model/keys.js";

/**
 * An app login the identity had before today's: the base revision's (the newer one, where both
 * differ from today's), else the last accepted snapshot's; with `login`, the one that is it.
 */
export function earlierLogin(identity: Identity, attribute: string, login?: string): { login: string; when: "snapshot" | { ref: string } } | undefined {
  const wanted = login === undefined ? undefined : normaliseLogin(login);
  const atBase = identity.loginsAtBase?.logins[attribute];
  if (atBase !== undefined && (wanted === undefined || normaliseLogin(atBase) === wanted)) return { login: atBase, when: { ref: identity.loginsAtBase!.ref } };
  const inSnapshot = identity.earlierLogins?.[attribute];
  if (inSnapshot !== undefined && (wanted === undefined || normaliseLogin(inSnapshot) === wanted)) return { login: inSnapshot, when: "snapshot" };
  return undefined;
}

/** A renamed NHI's earlier ids, quoted, for reasons. */
export function formerIdsText(identity: Identity): string {
  return identity.formerIds!.map((id) => `"${id}"`).join(" and ");
}
