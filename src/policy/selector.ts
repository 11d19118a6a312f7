import type { Selector, Where } from "../model/documents.js";
import type { AttributeValue, Identity } from "../model/identity.js";
import { nfc } from "../model/nfc.js";
import { TREE_KEYS, inSubtree } from "./tree-values.js";

/**
 * Does the identity match the selector? Every `where` key must match; a list means any of; an
 * attribute the identity lacks never matches (a null department is not "not Sales"). Strings
 * compare case-insensitively, because directories disagree on case and people write either, and
 * in Unicode NFC, because they disagree on the form of "é" too. A key whose values are paths in a
 * tree (orgUnitPath: tree-values.ts) matches the path written and every path under it.
 */
export function matchesSelector(identity: Identity, selector: Selector): boolean {
  return compileSelector(selector)(identity);
}

export function matchesWhere(identity: Identity, where: Where): boolean {
  return compileWhere(where)(identity);
}

type Scope = { include: Selector[]; exclude?: Selector[] };

const scopeCache = new WeakMap<Scope, Matcher>();

/** In scope: matches an include and no exclude. The scope is compiled once (see below). */
export function compileScope(scope: Scope): Matcher {
  let matcher = scopeCache.get(scope);
  if (!matcher) {
    const include = scope.include.map(compileSelector);
    const exclude = (scope.exclude ?? []).map(compileSelector);
    matcher = (identity) => include.some((m) => m(identity)) && !exclude.some((m) => m(identity));
    scopeCache.set(scope, matcher);
  }
  return matcher;
}

// Selectors are evaluated for every identity × app and every identity × birthright group: millions
// of times for a large organisation. Each selector is therefore compiled once (wanted values
// lower-cased into a Set) and cached by object identity; documents are never mutated after load.

type Matcher = (identity: Identity) => boolean;
const selectorCache = new WeakMap<Selector, Matcher>();
const whereCache = new WeakMap<Where, Matcher>();
/**
 * Per `where` key, the decision for each distinct attribute value is remembered. Rules are written
 * on low-cardinality attributes (department, title, platform), so this replaces a lower-casing per
 * check with a Map lookup; the bound keeps a rule on a unique attribute from growing without end.
 */
const MEMO_LIMIT = 10_000;

export function compileSelector(selector: Selector): Matcher {
  let matcher = selectorCache.get(selector);
  if (!matcher) {
    const kinds = selector.kinds;
    const where = selector.where ? compileWhere(selector.where) : undefined;
    matcher = (identity) => (!kinds || kinds.includes(identity.kind)) && (where ? where(identity) : true);
    selectorCache.set(selector, matcher);
  }
  return matcher;
}

function compileWhere(where: Where): Matcher {
  let matcher = whereCache.get(where);
  if (!matcher) {
    const tests = Object.entries(where).map(([key, wanted]) => ({ key, test: valueTest(wanted, TREE_KEYS.has(key)) }));
    matcher = (identity) => {
      for (const { key, test } of tests) {
        const have = key === "kind" ? identity.kind : key === "status" ? identity.status : identity.attributes[key];
        if (have === undefined || have === "") return false;
        if (!test(have)) return false;
      }
      return true;
    };
    whereCache.set(where, matcher);
  }
  return matcher;
}

/** Any of the identity's values (one, or a list) equals any wanted value (or, for a tree key, is under one), case-insensitively. */
function valueTest(wanted: Where[string], tree: boolean): (have: AttributeValue) => boolean {
  const wantSet = new Set((Array.isArray(wanted) ? wanted : [wanted]).map(normalise));
  const wantList = [...wantSet];
  const one = tree ? (h: string | number | boolean) => wantList.some((w) => inSubtree(normalise(h), w)) : (h: string | number | boolean) => wantSet.has(normalise(h));
  const memo = new Map<string | boolean, boolean>();
  return (have) => {
    if (Array.isArray(have)) return have.some(one);
    let result = memo.get(have);
    if (result === undefined) {
      result = one(have);
      if (memo.size < MEMO_LIMIT) memo.set(have, result);
    }
    return result;
  };
}

/** Without case, in Unicode NFC: a `where:` value typed composed matches a decomposed one (model/nfc.ts). */
function normalise(v: string | number | boolean): string {
  return nfc(String(v)).toLowerCase();
}
