// Deleted users in a Google users export. users.list returns them only with showDeleted=true,
// each with an output-only deletionTime; the docs suggest merging that listing with the users
// list, so that a deletion reads as a leaver. Two cases need more than "terminated":
// - the deleted listing alone: everyone still there would be missing and read as having left;
// - a deleted user whose address Google has already given to a new account (it may, and then the
//   deleted one can no longer be restored): two records with one login and address, which would
//   block every plan on a duplicate nobody can edit away.
import type { SourceRecord } from "../../model/source-record.js";
import { SourceError } from "../../model/errors.js";
import type { SourceContext } from "../source.js";

const isDeleted = (record: SourceRecord): boolean => record.raw["deletionTime"] !== undefined;

/** Refuses an export in which every user is deleted: that is the deleted-users listing alone. */
export function refuseDeletedOnly(context: SourceContext, records: readonly SourceRecord[]): void {
  if (records.length === 0 || records.some((record) => !isDeleted(record))) return;
  throw new SourceError(
    context.name,
    `every one of the ${records.length} users in the export has a deletionTime: this is the deleted users listing (users.list?showDeleted=true), not the users list`,
    "Export users.list?customer=my_customer&projection=full without showDeleted: scopesync needs every current user; deleted users may be added beside them and are read as terminated.",
  );
}

/**
 * The records without deleted users whose login or address a current user has now: the address
 * was given to a new account, and the deleted one is gone for good. Each left out is said (an info
 * finding); accounts marked with its anchor are then offboarded as no longer in the source.
 */
export function withoutReplacedDeleted(context: SourceContext, records: readonly SourceRecord[]): SourceRecord[] {
  const current = new Set<string>();
  for (const record of records) {
    if (isDeleted(record)) continue;
    current.add(record.userName.toLowerCase());
    for (const email of record.emails) current.add(email.toLowerCase());
  }
  return records.filter((record) => {
    if (!isDeleted(record)) return true;
    const taken = [record.userName, ...record.emails].find((key) => current.has(key.toLowerCase()));
    if (taken === undefined) return true;
    context.warn?.({
      rule: "source-deleted-replaced",
      severity: "info",
      message: `source "${context.name}": ${record.position}: the deleted user ${record.externalId} (deleted ${String(record.raw["deletionTime"])}) has "${taken}", which a current user has now: Google gave the address to a new account, so the deleted one is not read (accounts marked with its anchor are offboarded as no longer in the source)`,
      remediation: "nothing to do: a deleted user whose address is someone else's can no longer be restored; to keep the listing shorter, export deleted users only within the restore window you care about",
    });
    return false;
  });
}
