// The records of one source that a reviewed `links` entry (identities/links.yaml) says are one
// person: a contractor converted to an employee under a new worker id, a rehire. The churn gate
// reads a gone record and an added one joined so as one person re-keyed, not a leaver and a joiner
// (quality-gates.ts measureChurn), and the unique gate lets the two share an address or a login
// (an old record HR keeps beside the new): the links entry is the reviewed word that they are the same.
import type { LinksDoc } from "../model/documents.js";
import type { Located } from "../model/located.js";
import { sourceOfRef } from "../model/keys.js";

/** Each externalId of `source` that a `links` entry joins to others of the same source: those others, in the file's order. */
export type LinkedRecords = ReadonlyMap<string, readonly string[]>;

export function linkedRecords(source: string, links: ReadonlyArray<Pick<Located<LinksDoc>, "value">>): LinkedRecords {
  const out = new Map<string, string[]>();
  for (const doc of links) {
    for (const decision of doc.value.links ?? []) {
      const ids = decision.records.filter((ref) => sourceOfRef(ref) === source).map((ref) => ref.slice(source.length + 1));
      if (ids.length < 2) continue;
      for (const id of ids) {
        const others = out.get(id) ?? out.set(id, []).get(id)!;
        for (const other of ids) if (other !== id && !others.includes(other)) others.push(other);
      }
    }
  }
  return out;
}

/**
 * Whether a `links` entry joins the two records (by externalId) as one person: the unique gate
 * lets them share an address or a login, as the old and the new worker record of one person do.
 */
export function joinedByLinks(linked: LinkedRecords | undefined, a: { externalId: string }, b: { externalId: string }): boolean {
  return linked?.get(a.externalId)?.includes(b.externalId) === true;
}
