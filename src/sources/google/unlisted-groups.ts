// A member of type GROUP that groups.list does not hold. Its members are unknown, so every person
// in it would silently lose what the parent group grants (rv102 #5). groups.list?domain=… is a
// documented call that leaves out the customer's other domains ("To return all domains for a
// customer account, use the customer query parameter instead"), so a group at one of the
// organisation's own domains missing from the export means the export is incomplete: the read
// stops, as it does for a listed group without its members. A group at another domain can be a
// member too ("This member can be inside or outside of your account's domains": Member resource)
// and cannot be listed by this customer: its members are not read, and a warning names it.
import { SourceError } from "../../model/errors.js";
import type { SourceContext } from "../source.js";

export interface NestedGroup {
  /** The member group's address, lower case. */
  email: string;
  /** The parent group's address. */
  parent: string;
  /** Where the member entry is (`members/01abc.json entry 3`). */
  at: string;
}

const HINT =
  "Export groups.list?customer=my_customer (every domain of the customer, following nextPageToken), not groups.list?domain=…, " +
  "and each group's members.list.";

/** Refuses an unlisted member group at an organisation domain; warns of each one elsewhere. */
export function checkUnlistedGroups(context: SourceContext, nested: readonly NestedGroup[], listed: ReadonlySet<string>, domains: ReadonlySet<string>): void {
  const unlisted = nested.filter((n) => !listed.has(n.email));
  const own = unlisted.find((n) => domains.has(domainOf(n.email)));
  if (own) {
    throw new SourceError(
      context.name,
      `${own.at}: group ${own.parent} has the member group ${own.email}, which the groups export does not list, though ${domainOf(own.email)} is a domain of this organisation: its members would get nothing through ${own.parent}`,
      HINT,
    );
  }
  if (unlisted.length === 0) return;
  const named = unlisted.slice(0, 5).map((n) => `${n.email} (in ${n.parent}, ${n.at})`);
  context.warn?.({
    rule: "source-group-unlisted",
    severity: "warning",
    message: `source "${context.name}": ${unlisted.length} member group(s) at domains outside this organisation are not in the groups export, so their members are not read and get nothing through the groups they are in: ${named.join("; ")}${unlisted.length > 5 ? `; and ${unlisted.length - 5} more` : ""}`,
    remediation: "Add the people to the parent group directly, or remove the outside group from it; a group of another customer cannot be exported with this one.",
  });
}

/** The part of a (normalised) address after its last "@". */
export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1);
}
