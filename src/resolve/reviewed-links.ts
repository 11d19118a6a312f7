// Which records a reviewed `links` entry (identities/links.yaml) names together: a pair it names
// is one person by a reviewer's decision, so what would otherwise ask for that decision (two books
// of record disagreeing on status: employments.ts) is said, not raised.
import type { PolicyRepo } from "../model/policy-repo.js";
import type { LinkedBy } from "./employments.js";

/** Where an entry names both records ("identities/links.yaml:4"), or undefined; built once per resolve. */
export function linkedByEntries(repo: Pick<PolicyRepo, "links">): LinkedBy {
  const entries = new Map<string, string[]>(); // record reference → the entries naming it
  for (const doc of repo.links) {
    (doc.value.links ?? []).forEach((d, i) => {
      const at = `${doc.file}:${doc.locate(["links", i]).line}`;
      for (const r of d.records) (entries.get(r) ?? entries.set(r, []).get(r)!).push(at);
    });
  }
  return (a, b) => {
    const of = entries.get(b);
    return of === undefined ? undefined : entries.get(a)?.find((at) => of.includes(at));
  };
}
