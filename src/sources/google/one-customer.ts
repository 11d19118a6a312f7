// A users.list export is of one Google Workspace customer: the request names it (`customer=` an id,
// or `my_customer` for the caller's own), and each user carries it as `customerId` ("The customer
// ID to retrieve all account users", output only: Admin SDK Directory API, users resource). Page
// files of two customers (a reseller's two accounts, a page saved from another tenant) read as one
// directory would decide who left one customer by the other's users. Mixed pages are caught here,
// before any record is made; a whole export of another customer than the accepted snapshot's or
// gates.account by source-gate-account (export-account.ts), on the attribute googleCustomerId.
import { SourceError } from "../../model/errors.js";
import type { SourceContext } from "../source.js";
import { isObject } from "../common/json.js";
import { joined } from "../../model/joined.js";

/** Refuses users of two `customerId`s, naming each one's first user. A user without `customerId` (an export with `fields=`) says nothing. */
export function refuseTwoCustomers(context: SourceContext, pages: ReadonlyArray<{ file: { path: string }; users: readonly unknown[] }>): void {
  let first: { id: string; at: string } | undefined;
  for (const { file, users } of pages) {
    for (let i = 0; i < users.length; i++) {
      const user = users[i];
      const id = isObject(user) ? user["customerId"] : undefined;
      if (typeof id !== "string" || id === "") continue;
      if (first === undefined) first = { id, at: joined(file.path, " entry ", i + 1) };
      else if (id !== first.id) {
        throw new SourceError(
          context.name,
          `${joined(file.path, " entry ", i + 1)} is a user of customer ${JSON.stringify(id)}, and ${first.at} of customer ${JSON.stringify(first.id)}: the pages are of two Google Workspace customers`,
          "Export every page of one customer (users.list with customer=my_customer, or that customer's id, following nextPageToken); a second customer is a source of its own.",
        );
      }
    }
  }
}
