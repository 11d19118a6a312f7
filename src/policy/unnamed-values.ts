// Keys whose values are a small vocabulary every organisation spells its own way: an employment
// type is "contractor" to a policy and "Contingent Worker", "External" or "Vendor" to the sources
// (Graph, Okta, RFC 7643 and RFC 2798 give examples only). A policy value of such a key that no
// identity holds is then not "meant for later" but, as likely, the policy's word for a value the
// sources spell otherwise, and the values identities hold that no policy names show which:
// where-values.ts names them in the where-value-unmatched warning, and how to map them.
import { STANDARD_EMPLOYMENT_TYPES } from "../model/employment-types.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { eachSelector } from "./each-selector.js";

/** Keys whose held values no policy names are said beside a value that matches nobody. */
export const VOCABULARY_KEYS: ReadonlySet<string> = new Set(["employmentType"]);

/** Held values named in the warning at most; the rest are counted. */
const SHOWN = 5;

/** Vocabulary key → every value (lower-cased) some `where:` of the repository names for it, in any selector. */
export function namedValues(repo: PolicyRepo): ReadonlyMap<string, ReadonlySet<string>> {
  const named = new Map<string, Set<string>>();
  for (const key of VOCABULARY_KEYS) named.set(key, new Set());
  eachSelector(repo, (_doc, _what, _path, selector) => {
    for (const [key, wanted] of Object.entries(selector?.where ?? {})) {
      const set = named.get(key);
      if (set) for (const v of Array.isArray(wanted) ? wanted : [wanted]) set.add(String(v).toLowerCase());
    }
  });
  return named;
}

/**
 * The values held (lower-cased → as written, in first-held order) that no policy names for a
 * vocabulary key, but for the standard words (`employee`, `contractor`), which mean themselves:
 * policies include employees by kind and never name them, and "map employee to guest" would be
 * the wrong advice (rv105). [] for any other key.
 */
export function unnamedHeld(key: string, held: ReadonlyMap<string, string>, named: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const names = named.get(key);
  if (!names) return [];
  return [...held].filter(([lower]) => !names.has(lower) && !STANDARD_EMPLOYMENT_TYPES.has(lower)).map(([, text]) => text);
}

/** `"external", "contingent worker"` (and N more): the unnamed values as the warning names them. */
export function showUnnamed(values: readonly string[]): string {
  const shown = values.slice(0, SHOWN).map((v) => `"${v}"`).join(", ");
  return values.length > SHOWN ? `${shown} and ${values.length - SHOWN} more` : shown;
}
