// The search references a live read met (RFC 4511 §4.5.3), judged as the ldif source judges those
// in an export (common/directory/search-references.ts), so that the same directory reads the same
// either way: a reference to an Active Directory partition that holds no people is noted; any other
// (a child domain, another server) leaves the read without the people there, so it cannot be proven
// complete (source-unproven-export) and no one is taken as a leaver for being absent from it. It used
// to stop the read, which stopped every plan, other sources' leavers included, on an AD groups
// search from the domain's root.
import type { SourceContext } from "../source.js";
import { UNPROVEN_EXPORT_RULE } from "../../model/unknown-absence.js";
import { cmp } from "../../model/finding.js";
import {
  elsewhereFix,
  PARTITION_REFERENCES_FIX,
  partitionNames,
  referenceName,
  type SearchReference,
} from "../common/directory/search-references.js";

/** A reference, with the search that met it. */
export interface ReadReference {
  what: "people" | "groups";
  baseDN: string;
  reference: SearchReference;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : `${n} ${many}`);

/** Reports the references of a whole read: a note for AD partitions, source-unproven-export for any other. */
export function noteReferences(context: SourceContext, url: string, references: readonly ReadReference[]): void {
  // Sorted: a server may send them in any order, and the same directory must give the same plan.
  const key = (r: ReadReference) => `${r.what} ${r.reference.uris.join(" ")}`;
  const sorted = [...references].sort((a, b) => cmp(key(a), key(b)));
  const partitions = sorted.filter((r) => r.reference.partition !== undefined);
  const elsewhere = sorted.filter((r) => r.reference.partition === undefined);
  const searches = (list: readonly ReadReference[]) => [...new Set(list.map((r) => `the ${r.what} search under "${r.baseDN}"`))].join(" and ");
  if (elsewhere.length > 0) {
    const named = elsewhere.slice(0, 5).map((r) => r.reference.uris.join(" ")).join("; ") + (elsewhere.length > 5 ? `; and ${elsewhere.length - 5} more` : "");
    const parts = [...new Set(elsewhere.map((r) => `"${referenceName(r.reference)}"`))].slice(0, 5).join(", ");
    context.warn?.({
      rule: UNPROVEN_EXPORT_RULE,
      severity: "warning",
      message:
        `source "${context.name}": ${url}: ${searches(elsewhere)} returned ${plural(elsewhere.length, "a referral", "referrals")} to a part of the directory another server holds (${named}), ` +
        `which scopesync does not follow: the people under ${parts} are not in the read, so it cannot be proven complete and no one is taken as a leaver for being absent from it; the people it lists still count, an explicit disable or expiry too`,
      remediation: `${elsewhereFix(elsewhere.map((r) => r.reference), "live")} Until then, accounts whose people the read lacks are left alone.`,
      location: url,
    });
  }
  if (partitions.length > 0) {
    context.warn?.({
      rule: "source-partition-references",
      severity: "info",
      message: `source "${context.name}": ${url}: ${searches(partitions)} returned ${plural(partitions.length, "a referral", "referrals")} to Active Directory partitions that hold no users or groups of the domain (${partitionNames(partitions.map((r) => r.reference))}): not followed, and no one is missing for them`,
      remediation: PARTITION_REFERENCES_FIX,
      location: url,
    });
  }
}
