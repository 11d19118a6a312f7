// Is a user the app already holds exactly the account a create-account plans? A create answered
// 409 may meet the very user this change makes (another apply, from another checkout, made it
// meanwhile): then the change is in place. It may also meet a user the plan never saw (a list the
// app cut short, awslabs/ssosync#1; someone's hand-made user carrying the anchor): taking that as
// "already in place" would hide the short read and skip the review of what the account holds.
import type { AttributeChange } from "../../model/change.js";
import { normaliseLogin } from "../../model/keys.js";
import { activeOf, ATTRIBUTES, heldAs, readAttributes, type DeclaredCaseExact, type ScimUser } from "./mapping.js";

/**
 * What of the planned account `user` differs in: `login` (compared as logins are), `externalId`,
 * `active` (a create makes an active user), and each mapped attribute the create sets (compared as
 * the plan compares them, heldAs: an app may store them lower-cased, unless its /Schemas `declared`
 * them case-exact). Empty: it is the planned account.
 */
export function plannedDifferences(user: ScimUser, login: string, anchor: string, attributes: Record<string, AttributeChange> = {}, declared?: DeclaredCaseExact): string[] {
  const out: string[] = [];
  if (normaliseLogin(user.userName) !== normaliseLogin(login)) out.push("login");
  if (user.externalId !== anchor) out.push("externalId");
  if ((activeOf(user.active) ?? true) !== true) out.push("active");
  const held = readAttributes(user);
  for (const [name, change] of Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!(name in ATTRIBUTES)) continue;
    const want = change.to === "" ? null : change.to;
    const have = held[name] ?? null;
    if (have === null || want === null ? have !== want : !heldAs(have, name, want, declared)) out.push(name);
  }
  return out;
}
