// A `where:` value that no identity holds matches nobody, like a misspelt key
// (where-attributes.ts), but nothing said so: an exclude misspelt `employmentType: contracter`
// stopped excluding every contractor, and validate and the plan were silent. Each value of a key
// some identity has is looked up among the values identities of the selector's kinds hold for it
// (case-insensitively, as selectors compare: selector.ts); one that none holds is a warning at its
// key, with the nearest value held, unless it is listed beside values that match and is no near
// spelling of any. A value no one holds today may be meant (a department that hires next month),
// so it is never an error. For an employment type (unnamed-values.ts) the values identities hold
// that no policy names are said too, and a value matching nobody is said, even in a list some of
// whose values match, while there are such values: "contractor" that no one holds beside
// "external" that no policy names is a source's word to map, not a value meant for later.
import type { Selector } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import type { Located, PathSegment } from "../model/located.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { closest } from "../model/suggest.js";
import type { WhereKeyProblem } from "./where-attributes.js";
import { eachSelector } from "./each-selector.js";
import { namedValues, showUnnamed, unnamedHeld } from "./unnamed-values.js";
import { TREE_KEYS, inSubtree } from "./tree-values.js";

/** Keys a `where:` reads from the identity itself (selector.ts): values such as `status: terminated` are states, not names to check. */
const OWN_KEYS: ReadonlySet<string> = new Set(["kind", "status"]);

/** Values of a key no identity of the selector's kinds holds: one warning per selector key, naming them. */
export function whereValueProblems(repo: PolicyRepo, identities: readonly Identity[]): WhereKeyProblem[] {
  const valuesOf = heldValues(repo, identities);
  const named = namedValues(repo);
  const problems: WhereKeyProblem[] = [];
  const check = (doc: Located<unknown>, what: string, path: readonly PathSegment[], selector: Selector | undefined): void => {
    const kinds = selector?.kinds;
    for (const [key, wanted] of Object.entries(selector?.where ?? {})) {
      if (OWN_KEYS.has(key)) continue;
      // A key no identity has is where-attribute-unknown's to say.
      const values = valuesOf(key, kinds);
      if (!values) continue;
      const listed = (Array.isArray(wanted) ? wanted : [wanted]).map(String);
      // A tree key's value (orgUnitPath /Contractors) is held by whoever is at it or under it.
      const held = TREE_KEYS.has(key) ? (v: string) => [...values.keys()].some((h) => inSubtree(h, v)) : (v: string) => values.has(v);
      const missing = listed.filter((v) => !held(v.toLowerCase()));
      // In a list some of whose values match, one that matches nobody and is no near spelling of a
      // value held is taken as meant (`[contractor, guest]` before the first guest), unless it is an
      // employment type while identities hold types no policy names (unnamed-values.ts): then it
      // may be the policy's word for one of those. A near one (`[Engneering, Platform]`) is a
      // likely typo, which "did you mean" says, and a condition no value of which matches is said whatever it names.
      const unnamed = missing.some((v) => closest(v, values.values()) === undefined) ? unnamedHeld(key, values, named) : [];
      const unmatched = missing.length === listed.length || unnamed.length > 0 ? missing : missing.filter((v) => closest(v, values.values()) !== undefined);
      if (unmatched.length === 0) continue;
      const whose = kinds ? ` of kind ${kinds.join(" or ")}` : "";
      const shown = unmatched.map((v) => {
        const near = closest(v, values.values());
        return `"${v}"${near ? ` (did you mean "${near}"?)` : ""}`;
      });
      const at = { file: doc.file, ...doc.locateKey([...path, "where", key]) };
      problems.push({
        severity: "warning",
        ...at,
        message: `${what}: no identity${whose} has ${key} ${shown.join(", ")}, so ${unmatched.length === 1 ? "this value matches" : "these values match"} nobody${unnamed.length > 0 ? `, while identities${whose} hold ${key} ${showUnnamed(unnamed)}, which no policy names` : ""}`,
        hint: unnamed.length > 0
          ? `if a value held is what ${showUnnamed(unmatched)} means, map it to that with options.employmentTypeValues of the sources that export it (docs/formats.md); a value held that is meant as it is can be named in a policy`
          : `check the value against what the sources export for ${key} (scopesync identities); values compare case-insensitively, so only a spelling can miss`,
      });
    }
  };
  eachSelector(repo, check);
  return problems;
}

/**
 * (key, kinds) → every value identities of those kinds hold for the key, lower-cased → as written
 * (the last identity's spelling), in the order identities first hold them (closest() breaks ties
 * by that order); undefined when no such identity has the key. The identities are walked once, for the keys some selector names only, and each key's
 * distinct values kept per kind: a where-key per selector walking 1M identities was a plan's cost.
 */
function heldValues(repo: PolicyRepo, identities: readonly Identity[]): (key: string, kinds: readonly string[] | undefined) => Map<string, string> | undefined {
  const keys = new Set<string>();
  eachSelector(repo, (_doc, _what, _path, selector) => {
    for (const key of Object.keys(selector?.where ?? {})) if (!OWN_KEYS.has(key)) keys.add(key);
  });
  // key → kind → value as written → the indexes of the first and the last identity holding it.
  const byKey = new Map<string, Map<string, Map<string, [number, number]>>>();
  for (const key of keys) byKey.set(key, new Map());
  identities.forEach((identity, index) => {
    for (const [key, byKind] of byKey) {
      if (!Object.hasOwn(identity.attributes, key)) continue;
      let seen = byKind.get(identity.kind);
      if (!seen) byKind.set(identity.kind, (seen = new Map()));
      const have = identity.attributes[key]!;
      for (const v of Array.isArray(have) ? have : [have]) {
        if (v === "") continue;
        const text = String(v);
        const at = seen.get(text);
        if (at) at[1] = index;
        else seen.set(text, [index, index]);
      }
    }
  });
  const cache = new Map<string, Map<string, string> | undefined>();
  return (key, kinds) => {
    const cacheKey = `${kinds?.join(",") ?? ""}|${key}`;
    if (cache.has(cacheKey)) return cache.get(cacheKey);
    const byKind = byKey.get(key);
    // lower-cased → [first index, spelling, its last index], over every spelling and kind.
    const held = new Map<string, [number, string, number]>();
    let any = false;
    for (const [kind, seen] of byKind ?? []) {
      if (kinds && !kinds.includes(kind)) continue;
      any = true;
      for (const [text, [first, last]] of seen) {
        const lower = text.toLowerCase();
        const h = held.get(lower);
        if (!h) held.set(lower, [first, text, last]);
        else {
          if (first < h[0]) h[0] = first;
          if (last > h[2]) [h[1], h[2]] = [text, last];
        }
      }
    }
    const values = any ? new Map([...held].sort((a, b) => a[1][0] - b[1][0]).map(([lower, [, text]]) => [lower, text] as const)) : undefined;
    cache.set(cacheKey, values);
    return values;
  };
}

/** The problems as the plan's `where-value-unmatched` findings, located at the key's line. */
export function unmatchedWhereValues(repo: PolicyRepo, identities: readonly Identity[]): Finding[] {
  return whereValueProblems(repo, identities).map((p) => ({ rule: "where-value-unmatched", severity: p.severity, message: p.message, remediation: p.hint, location: `${p.file}:${p.line}` }));
}
