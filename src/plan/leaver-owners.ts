// Whose offboarding a journal line records, for the leavers report: the line's `identity` is the
// name the plan gave the account's holder *then*. Since then HR may have renamed them (bob is now
// robert) or given the login to a new hire (jsmith is now W9, and the old jsmith's account u5 is
// still marked hr:W5). Read by that name alone, the report split a renamed leaver in two (one with
// no steps, one "gone" with them) and filed an old leaver's failed disable under the new hire as
// "returned", owing nothing (rv96 M1, M3). As `explain --history` reads it, the account decides:
// a line that names an account the plan links to someone now (their decision, or a change of the
// plan for that account) is that someone's; else a line under an earlier login (formerIds) is the
// renamed person's; else it is the name it was written under.
import type { Identity } from "../model/identity.js";
import type { JournalRecord } from "../model/journal-record.js";
import { shownIdentity } from "../model/shown-identity.js";
import type { Change } from "../model/change.js";
import type { AppDecision } from "./decision.js";
import { accountKey } from "./render/explain-history.js";
import { targetNow, type ExplainJournal } from "./render/explain-journal.js";

/** A journal line → the name the report lists its leaver under. */
export type LineOwner = (r: Partial<JournalRecord>) => string | undefined;

/** The journal's own names, as before the plan was made (compile's `explain` hook has no plan yet). */
export const asRecorded: LineOwner = (r) => (typeof r.identity === "string" ? r.identity : undefined);

export function lineOwners(identities: readonly Identity[], decisions: readonly AppDecision[], changes: readonly Change[], journal: ExplainJournal): LineOwner {
  const shown = new Map(identities.map((i) => [i.id, shownIdentity(i.id, i.anchor)]));
  const current = new Set(shown.values());
  const accounts = new Map<string, string>();
  // A decision is about the identity the plan links the account to now: it outranks a change's name.
  // An unmanaged account (account:LOGIN) is no one's: a line naming it stays under its own name.
  for (const d of decisions) if (d.account && d.earlierLogin === undefined && !d.identity.startsWith("account:")) accounts.set(accountKey(d.target, d.account.id), shown.get(d.identity) ?? d.identity);
  for (const c of changes) {
    const key = c.account !== undefined ? accountKey(c.target, c.account) : undefined;
    if (key !== undefined && !accounts.has(key) && !c.identity.startsWith("account:")) accounts.set(key, c.identity);
  }
  // An earlier login that is nobody's login now is the renamed person's.
  const former = new Map<string, string>();
  for (const i of identities) for (const f of i.formerIds ?? []) if (!current.has(f)) former.set(f, shownIdentity(i.id, i.anchor));
  return (r) => {
    const owner = typeof r.account === "string" ? accounts.get(accountKey(targetNow(r, journal), r.account)) : undefined;
    if (owner !== undefined) return owner;
    return typeof r.identity === "string" ? (former.get(r.identity) ?? r.identity) : undefined;
  };
}
