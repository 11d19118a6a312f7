// A key of an offboarded NHI last used after its owner left is the strongest sign a reviewer gets
// that something (or someone, perhaps the leaver) still runs it: the finding says how long after.
// So is a console password signed in with after that (the leaver is the one most likely to know
// it), and an application's sign-in while a federated credential still trusts an outside workload.
import type { CredentialDoc } from "../../../model/documents.js";
import type { Identity } from "../../../model/identity.js";
import { DAY, isExportedDate, parseDate } from "../../../model/time.js";
import { terminationPassedAt } from "../../rehire-gap.js";

/**
 * The owners terminated with a termination date: the file's owner, or the people among the owners
 * the system names; a former owner no source exports any more has no date to compare with.
 */
function leftOwners(identity: Identity, byId: ReadonlyMap<string, Identity>): Array<{ id: string; left: string; leftAt: number }> {
  const ids = identity.systemOwners !== undefined ? identity.systemOwners.filter((o) => o.match === "person").map((o) => o.id!) : identity.owner !== undefined ? [identity.owner] : [];
  const out: Array<{ id: string; left: string; leftAt: number }> = [];
  for (const id of ids) {
    const person = byId.get(id);
    const left = person?.attributes.terminationDate;
    // The leaving is over at the end of the last day where HR gives a day (in its offset, for a
    // Workday date), at the instant where it gives one: what termination-date-passed judges by.
    if (person?.kind === "person" && person.status === "terminated" && typeof left === "string" && isExportedDate(left)) out.push({ id, left: left.slice(0, 10), leftAt: terminationPassedAt(left) });
  }
  return out;
}

/** A use after the (last) owner's leaving date passed: who left, the date, and on which day after it the use was. */
export interface AfterLeaving { owner: string; left: string; days: number }

/**
 * When `lastUsedAt` is after the (last) owner's leaving date has passed: for a key, a console password
 * (the credential report's password_last_used) and an application's sign-in through its federated
 * credentials alike. Undefined when it is not, or no owner left with a date.
 */
export function usedAfterLeaving(lastUsedAt: string, identity: Identity, byId: ReadonlyMap<string, Identity>): AfterLeaving | undefined {
  // Of several owners, the one who left last: before that someone answered for the key.
  const last = leftOwners(identity, byId).sort((a, b) => b.leftAt - a.leftAt)[0];
  const used = parseDate(lastUsedAt);
  if (last === undefined || !(used >= last.leftAt)) return undefined;
  // Counted in whole days from the end of the last day, the first day after it being day 1: for a
  // bare date the same count as the calendar days between the leaving date and the use.
  return { owner: last.id, left: last.left, days: Math.floor((used - last.leftAt) / DAY) + 1 };
}

/** ", 5 days after its owner grace.hopper left (2026-11-20)", or "". */
export function afterLeavingWords(after: AfterLeaving | undefined): string {
  return after ? `, ${after.days} ${after.days === 1 ? "day" : "days"} after its owner ${after.owner} left (${after.left})` : "";
}

/**
 * ", last used 2026-11-25T17:32:00.000Z, 5 days after its owner grace.hopper left (2026-11-20)", or
 * ", last used …" alone when the use is not after the (last) owner's leaving date, or "" unused.
 */
export function lastUsedWords(c: CredentialDoc, identity: Identity, byId: ReadonlyMap<string, Identity>): string {
  if (c.lastUsedAt === undefined) return "";
  return `, last used ${c.lastUsedAt}${afterLeavingWords(usedAfterLeaving(c.lastUsedAt, identity, byId))}`;
}
