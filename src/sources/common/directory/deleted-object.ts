// Active Directory keeps a deleted object for a while (a tombstone, or with the Recycle Bin on, a
// deleted object that keeps every attribute, userAccountControl 512 included) in the domain's
// Deleted Objects container, with isDeleted TRUE and its RDN mangled for deletion to
// "<name>\0ADEL:<objectGUID>" (DS_MANGLE_OBJECT_RDN_FOR_DELETION,
// learn.microsoft.com/windows/win32/api/dsparse/ne-dsparse-ds_mangle_for). A search returns such
// objects only with the Show Deleted control (1.2.840.113556.1.4.417), so only an export made with
// it holds them: the person is gone, and reading them as present would keep a leaver's access.
// Both sources leave them out, so that their absence decides, as for anyone the export lacks
// (and as nothing, where the export cannot prove itself whole), and say so in an info.
import { firstRdn } from "../../../model/dn.js";
import type { Finding } from "../../../model/finding.js";
import { showUnseen } from "../../../model/unseen-chars.js";
import { quote } from "../text.js";
import type { EntryValues } from "./entry-values.js";

// The mangled RDN's tail: a line feed, "DEL:" and the object's GUID.
const MANGLED_FOR_DELETION = /\nDEL:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for an AD object that was deleted: isDeleted TRUE, or (an export without isDeleted) a name mangled for deletion. */
export function isDeletedObject(values: EntryValues): boolean {
  if (values.first("isDeleted")?.toUpperCase() === "TRUE") return true;
  let rdn: string | undefined;
  try {
    rdn = firstRdn(values.dn)?.value;
  } catch {
    // Not a DN: the reader that needs it says so.
    return false;
  }
  return rdn !== undefined && MANGLED_FOR_DELETION.test(rdn);
}

const SHOWN = 5;

/** The deleted objects a read left out: counted, the first few kept for the finding. */
export class DeletedObjects {
  private count = 0;
  private readonly shown: string[] = [];
  private location: string | undefined;

  add(values: EntryValues): void {
    this.count += 1;
    this.location ??= values.position;
    if (this.shown.length < SHOWN) {
      const login = values.first("sAMAccountName") ?? values.first("uid");
      // A live read's position is the DN, whose mangled RDN holds a line feed: shown escaped.
      this.shown.push(login === undefined ? showUnseen(values.position) : `${showUnseen(values.position)} (login ${quote(login)})`);
    }
  }

  /** One info for the read, or none. */
  finding(source: string): Finding | undefined {
    if (this.count === 0 || this.location === undefined) return undefined;
    const more = this.count > this.shown.length ? `; and ${this.count - this.shown.length} more` : "";
    return {
      rule: "source-deleted-objects",
      severity: "info",
      message: `source "${source}": ${this.count === 1 ? "1 deleted Active Directory object" : `${this.count} deleted Active Directory objects`} (isDeleted TRUE: read with the Show Deleted control) left out, so that ${this.count === 1 ? "it counts" : "they count"} as absent: ${this.shown.join("; ")}${more}`,
      remediation: "Nothing to fix: a deleted account is gone. To leave deleted objects out of the export, search without the Show Deleted control (1.2.840.113556.1.4.417).",
      location: showUnseen(this.location),
    };
  }
}
