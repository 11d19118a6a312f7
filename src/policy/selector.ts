import type { Selector, Where } from "../config/documents.js";
import type { Identity } from "../model/identity.js";

/**
 * Does the identity match the selector? Every `where` key must match; a list means any of; an
 * attribute the identity lacks never matches (a null department is not "not Sales"). Strings
 * compare case-insensitively, because directories disagree on case and people write either.
 */
export function matchesSelector(identity: Identity, selector: Selector): boolean {
  if (selector.kinds && !selector.kinds.includes(identity.kind)) return false;
  return selector.where ? matchesWhere(identity, selector.where) : true;
}

export function matchesWhere(identity: Identity, where: Where): boolean {
  for (const [key, wanted] of Object.entries(where)) {
    const have = key === "kind" ? identity.kind : key === "status" ? identity.status : identity.attributes[key];
    if (have === undefined || have === "") return false;
    const haveList = (Array.isArray(have) ? have : [have]).map(normalise);
    const wantList = (Array.isArray(wanted) ? wanted : [wanted]).map(normalise);
    if (!wantList.some((w) => haveList.includes(w))) return false;
  }
  return true;
}

function normalise(v: string | number | boolean): string {
  return String(v).toLowerCase();
}

/** In scope: matches an include and no exclude. */
export function inScope(identity: Identity, scope: { include: Selector[]; exclude?: Selector[] }): boolean {
  return scope.include.some((s) => matchesSelector(identity, s)) && !(scope.exclude ?? []).some((s) => matchesSelector(identity, s));
}
