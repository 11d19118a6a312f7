// A group member of type CUSTOMER: "The member represents all users in a domain. An email address
// is not returned and the ID returned is the customer ID" (Admin SDK Directory API, Member
// resource). It is what Groups' "all users in the organisation" adds, so it means every user of
// that customer. Read as no one (as it once was), a group such as all-staff@ granted nothing and
// every holder of what it gives was revoked (rv102 #2). The users export is of one customer
// (one-customer.ts), so the member is every user of the export when its id is that customer's;
// of another customer, or against an export that names no customer, whom it means cannot be
// decided from what was read, and the read stops rather than guess.
import type { SourceRecord } from "../../model/source-record.js";
import type { JsonEntry } from "../common/json-entry.js";

const HINT =
  "Export users.list?customer=my_customer (with customerId, no fields= mask that leaves it out) and the groups of that same customer; " +
  "a group whose members are another customer's users belongs to that customer's source.";

/**
 * Whom CUSTOMER members stand for, over one users export: the export's customers and its users
 * but the deleted ones are worked out at the first such member and kept, so that a customer
 * member in every group (all-staff@, and each group an admin filled with "all users in the
 * organisation") costs one pass over the users, not one per group.
 */
export class CustomerMembers {
  private customers: ReadonlySet<string> | undefined;
  private anchors: readonly string[] | undefined;

  constructor(private readonly users: readonly SourceRecord[]) {}

  /** The anchors of the users `member` stands for: every user of the export but the deleted ones. */
  of(member: JsonEntry): readonly string[] {
    const id = member.requiredString("id", HINT);
    const customers = (this.customers ??= new Set(this.users.flatMap((u) => (typeof u.attributes?.["googleCustomerId"] === "string" ? [u.attributes["googleCustomerId"]] : []))));
    if (customers.size === 0) {
      throw member.fail(`a member of type CUSTOMER ("${id}": every user of that customer) cannot be resolved: no user in the users export names its customerId`, HINT);
    }
    if (!customers.has(id)) {
      throw member.fail(`a member of type CUSTOMER ("${id}": every user of that customer) is not the customer of the users export (${[...customers].sort().join(", ")}): its users were not read`, HINT);
    }
    // A deleted user (users.list?showDeleted=true, deletionTime set) is no longer a user of the domain.
    return (this.anchors ??= this.users.filter((u) => u.raw["deletionTime"] === undefined).map((u) => u.externalId));
  }
}
