// A policy that names an employment type the sources' map rewrites matches nobody. Since every
// source maps Workday's "Contingent Worker" to `contractor` by default (model/employment-types.ts),
// a policy written before, as `exclude: { where: { employmentType: "contingent worker" } }`, stopped
// excluding anyone: the contingent workers it kept out were given accounts, with a warning as the
// only sign (rv105). Such a value is refused when the repository loads, at its line, with the word
// to write (or the map to set to keep the export's word).
import type { Diagnostic } from "./diagnostic.js";
import { employmentTypeKey, sourceEmploymentTypeValues } from "../model/employment-types.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { wheresOf } from "../model/selectors.js";

const KEY = "employmentType";

export function rewrittenEmploymentTypes(repo: PolicyRepo): Diagnostic[] {
  // Export word (as looked up) → what it becomes, and the first source (by name) whose map says so.
  const rewritten = new Map<string, { to: string; source: string; configured: boolean }>();
  for (const name of Object.keys(repo.config.value.sources).sort()) {
    const source = repo.config.value.sources[name];
    const map = sourceEmploymentTypeValues(source);
    if (!map) continue;
    for (const [word, to] of Object.entries(map)) {
      if (typeof to !== "string") continue;
      const [from, into] = [employmentTypeKey(word), employmentTypeKey(to)];
      if (from !== into && !rewritten.has(from)) rewritten.set(from, { to: into, source: name, configured: source?.options?.["employmentTypeValues"] !== undefined });
    }
  }
  if (rewritten.size === 0) return [];
  const out: Diagnostic[] = [];
  for (const { doc, what, path, where } of wheresOf(repo)) {
    const wanted = where[KEY];
    if (wanted === undefined) continue;
    const list = Array.isArray(wanted) ? wanted : [wanted];
    list.forEach((value, i) => {
      const hit = rewritten.get(employmentTypeKey(String(value)));
      if (!hit) return;
      const at = doc.locate(Array.isArray(wanted) ? [...path, KEY, i] : [...path, KEY]);
      const map = hit.configured ? "by its options.employmentTypeValues" : "by default: its options.employmentTypeValues is not set";
      out.push({
        file: doc.file,
        ...at,
        message: `${what} names ${KEY} ${JSON.stringify(String(value))}, which source "${hit.source}" maps to ${JSON.stringify(hit.to)} (${map}): no identity holds ${JSON.stringify(String(value))}, so this value would match nobody`,
        hint: `write ${JSON.stringify(hit.to)} here (the export's ${JSON.stringify(String(value))} is read as it); to keep the export's word instead, set options.employmentTypeValues on source "${hit.source}" without it (docs/formats.md, docs/upgrading.md)`,
      });
    });
  }
  return out;
}
