// Why roles of one key that an account (or a group) is given have no order, in a role-conflict
// finding's words (exclusive-roles.ts highestRole): a custom role whose base role is not known
// (the org's list of custom repository roles unread, or not naming it), said with why, as
// role-held-higher-unmanaged says it; or custom roles that share the highest base, neither of
// which includes what the other adds to it.
import { baseUnknownWhy } from "./held-higher-roles.js";
import { roleOrder, type Exclusivity } from "./exclusive-roles.js";

/** The words in "these have no order (…)" for `entitlements`, roles of one key that highestRole() does not order. */
export function noOrderWhy(entitlements: readonly string[], traits: Exclusivity): string {
  const orders = entitlements.map((e) => roleOrder(e, traits));
  if (orders.some((o) => o !== undefined && o.rank < 0)) return `a custom role, whose base role could not be read: ${baseUnknownWhy(traits.customRoles)}`;
  const top = orders.reduce((most, o) => Math.max(most, o?.rank ?? -1), -1);
  const base = orders.find((o) => o?.rank === top && o.custom)?.base ?? "";
  return `custom roles based on ${base}, which the org's list of custom repository roles names: neither includes what the other adds to ${base}`;
}
