// When a leaver's leaving began, for the delete grace period. The grace counted from the day the
// account was disabled, which is right for a leaver disabled the day they left. A person on leave
// is disabled when the leave begins (onSuspended: disable) and never deleted while on leave; when
// they then leave (HR marks them terminated, or drops them from the export), the account had been
// disabled for months, so it was deleted the same day: no grace at all, and no word of the leave.
// The grace now counts from the later of the disable and the leaving, where the plan can tell when
// that was: the latest of the termination date, the day a snapshot first had them terminated
// (`terminatedSeen`, so that a termination backdated to the day the leave began is not taken at its
// word) and the day a snapshot first kept them as gone (`departed`); or this plan itself when the
// last accepted snapshot still had them on leave (until a snapshot that says when is accepted).
// The daily sync disables a person the day the leave begins, and the snapshot that says so is
// accepted only when someone merges the sync's pull request: a snapshot that still had them active
// said nothing of the leave, and the leave's disable started the grace, so the account was deleted
// the day the leaving was seen (rv112 H1). The account's own history decides then (EarlierDisable):
// disabled for a leave, as the apply journal records, is as good as a snapshot that had them on
// leave; disabled for no reason anything records (by hand, by an older scopesync, or where no
// journal is kept) is not deleted by the plan that first sees the leaving either. Only a disable
// the journal records as a leaving's (or another offboarding's) starts the grace itself, so that a
// snapshot not accepted for weeks never holds back the delete of a leaver scopesync disabled.
import type { Identity } from "../model/identity.js";
import { parseDate } from "../model/time.js";
import { priorOf } from "../resolve/renames.js";

export interface LeftOn {
  /** Milliseconds since the epoch. */
  at: number;
  /** The leaving in words, for the delete's reason. */
  why: string;
  /** The last accepted snapshot had them on leave, or the journal's disable was a leave's: this plan is the first to see them go. */
  wasOnLeave: boolean;
  /** The journal line of the leave's disable, where that (not the snapshot) says they were on leave. */
  leaveLine?: string;
  /** What came before the leaving, in words, where it was not a leave: "disabled first, …". */
  first?: string;
}

/**
 * Why an account already disabled before the plan was disabled, where its date must not start the
 * grace: `leave`, the apply journal's line says for a leave (that line); `unknown`, nothing says
 * (no journal, no line of it: by hand; or a line an older scopesync wrote without `why`).
 */
export type EarlierDisable = { leave: string } | { unknown: true };

/**
 * When the leaving of a person began: `identity` when the sources still export them (terminated),
 * else the person of the last accepted snapshot whose anchor the account carries. Undefined when
 * nothing says (the disable's date is all there is).
 */
export function leftOn(identity: Identity | undefined, anchor: string | undefined, prior: ReadonlyMap<string, Identity> | undefined, priorByAnchor: ReadonlyMap<string, string>, now: number, earlier?: EarlierDisable): LeftOn | undefined {
  if (identity) {
    if (identity.kind !== "person" || identity.status !== "terminated") return undefined;
    // Still exported (terminated, or by another source while the one deciding status dropped them,
    // departed.ts): the latest of the termination date and what the snapshot says.
    return latest(byDate(identity), fromPrior(priorOf(identity, prior), now, earlier));
  }
  const id = anchor === undefined ? undefined : priorByAnchor.get(anchor);
  return fromPrior(id === undefined ? undefined : prior?.get(id), now, earlier);
}

/**
 * What the last accepted snapshot says of when the person left: not yet if it had them on leave
 * (this plan is the first to see them go, and a person on leave is never deleted: until a snapshot
 * that says when is accepted, the account waits, disabled), else the latest of the day it first
 * kept them as gone (`departed`), the day it first had them terminated (`terminatedSeen`) and
 * their termination date. An active person's account is disabled by this plan (the grace counts
 * from that disable), or was disabled by their leaving (the journal says so): the disable's date
 * counts. One disabled before for a leave, or for no recorded reason (`earlier`), is a leaver from
 * this plan, as one the snapshot had on leave, until a snapshot that says when is accepted.
 */
function fromPrior(was: Identity | undefined, now: number, earlier: EarlierDisable | undefined): LeftOn | undefined {
  // No snapshot has them: none is accepted (a source run without snapshots), or the one accepted
  // has let them go (a departed person is kept 90 days) or never had them. The disable's date
  // counts, as it always did. Counting from each plan's own time here, as below, held the delete
  // back for good where no snapshot would ever record the leaving (rv113 H1, M1): below, the next
  // accepted snapshot records it and the date settles.
  if (!was || was.kind !== "person") return undefined;
  if (was.status === "suspended") return onLeaveUntilNow(now);
  if (was.status !== "terminated") return earlier ? disabledBeforeNow(earlier, now) : undefined;
  return latest(latest(day(was.departed, "gone from the source deciding their status since"), day(was.terminatedSeen, "first seen terminated on")), byDate(was));
}

function day(date: string | undefined, words: string): LeftOn | undefined {
  if (date === undefined) return undefined;
  const at = parseDate(date);
  return Number.isNaN(at) ? undefined : { at, why: `${words} ${date}`, wasOnLeave: false };
}

function latest(a: LeftOn | undefined, b: LeftOn | undefined): LeftOn | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.at > a.at ? b : a;
}

function byDate(person: Identity): LeftOn | undefined {
  const date = person.attributes.terminationDate;
  return typeof date === "string" ? day(date, "left on") : undefined;
}

function onLeaveUntilNow(now: number): LeftOn {
  return { at: now, why: "on leave at the last accepted snapshot, a leaver from this plan", wasOnLeave: true };
}

/** Active at the last accepted snapshot (or in none), their account disabled before the leaving (EarlierDisable): a leaver from this plan. */
function disabledBeforeNow(earlier: EarlierDisable, now: number): LeftOn {
  if ("leave" in earlier) return { at: now, why: `on leave when scopesync disabled the account (${earlier.leave}), and no accepted snapshot says when they left: a leaver from this plan`, wasOnLeave: true, leaveLine: earlier.leave };
  const first = "disabled first, for no reason the apply journal records: by hand, by an older scopesync, or with no journal";
  return { at: now, why: `active at the last accepted snapshot, their account ${first}: a leaver from this plan`, wasOnLeave: false, first };
}
