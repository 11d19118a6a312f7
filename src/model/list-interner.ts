import { interner } from "./interner.js";

/**
 * A function that gives one frozen list for each distinct list of strings it is given (same values,
 * same order, each taken as a string), and shares the strings too. A target's accounts hold a few
 * hundred distinct entitlement lists between them ("group:everyone, group:dept-sales"), each
 * account its own copy as JSON.parse made it: at a million people, 3.9 million lists of about 64
 * bytes each, kept to the end of the plan (policy/rules/holdings.ts). The lists are frozen because they are shared: code that
 * changes an account's entitlements must give it a new list (the file target does), and one that
 * changed a shared list in place would throw instead of changing every account that holds it.
 *
 * Lists are found through a tree of their values, so no key is built per list. Past `maxLists`
 * distinct lists (a target where every account's list differs, such as per-person repository
 * grants) the tree stops growing and each further new list is kept as given, its strings shared.
 */
export function listInterner(maxLists = 10_000): (list: readonly unknown[]) => readonly string[] {
  interface Node { list?: readonly string[]; next?: Map<string, Node> }
  const root: Node = { list: Object.freeze([]) };
  const value = interner();
  let lists = 0;
  return (given) => {
    let node: Node | undefined = root;
    for (let k = 0; k < given.length && node; k++) node = node.next?.get(String(given[k]));
    if (node?.list) return node.list;
    const shared = Object.freeze(given.map((v) => value(String(v))));
    if (lists >= maxLists) return shared;
    lists++;
    node = root;
    for (const v of shared) {
      node.next ??= new Map();
      let child = node.next.get(v);
      if (!child) node.next.set(v, (child = {}));
      node = child;
    }
    node.list = shared;
    return shared;
  };
}
