// `apply --plan --now` near the wall clock, or at the reviewed plan's own time (rv83 finding 2).
// `--now` exists so that a plan can be reproduced; applying a reviewed plan must not judge real
// access by an invented date: a year ahead, an unexpired grant (`until` next month) and a leaver
// whose last day is still to come were revoked for real, as unreviewed revocations. A --now at the
// reviewed plan's generatedAt judges every date as the reviewer saw it, which is what --now is
// for; anything else needs --allow-any-now (tests that step time between plan and apply). The
// Action's apply holds its `now` input to the same rule (github/action-now.ts), in its own words,
// and so does the Action's daily sync against the clock alone: it revokes at its `now` for real.
// `apply --auto-approve` (local use, nothing reviewed) plans and applies at its --now as `plan`
// would: there is no reviewed time to hold it to, and scripts set up test targets with it.
import { ScopesyncError } from "../model/errors.js";
import { parseDate } from "../model/time.js";

/** How far --now may be from the wall clock, or from the reviewed plan's generatedAt: clocks of two machines, and minutes between plan and apply in one script. */
export const NOW_SKEW_MS = 5 * 60_000;

/** How the caller's user sets the time and lifts the check: the CLI's flags, or the Action's inputs. */
export interface NowSetting {
  /** The setting as named in the error ("--now", `input "now"`). */
  name: string;
  /** How to give it a value, as the user writes it. */
  pass: (value: string) => string;
  /** How to accept a time far from both, as the user writes it. */
  allow: string;
}

export const CLI_NOW: NowSetting = { name: "--now", pass: (v) => `--now ${v}`, allow: "add --allow-any-now" };

/**
 * What runs at the time checked: `apply` (a reviewed plan, whose time is the other one accepted), or
 * the daily sync, which plans and applies revocations at one time with nothing reviewed (only the
 * clock is accepted: its plan is made at that very time, so its own time would accept anything).
 */
export interface NowRun {
  /** Who judges the dates, as the sentence says it ("apply", "the sync"). */
  who: string;
  /** The reviewed plan's time (its generatedAt); undefined: nothing reviewed, only the clock counts. */
  reviewedAt?: string;
}

/** Refuses `now` that is neither within NOW_SKEW_MS of `wall` nor, when `run` has one, of its reviewed plan's time. */
export function checkNow(now: number, wall: number, setting: NowSetting, run: NowRun): void {
  if (Math.abs(now - wall) <= NOW_SKEW_MS) return;
  const { who, reviewedAt } = run;
  const reviewed = reviewedAt === undefined ? undefined : parseDate(reviewedAt);
  if (reviewed !== undefined && Math.abs(now - reviewed) <= NOW_SKEW_MS) return;
  const iso = (t: number) => new Date(t).toISOString();
  const fromClock = `${setting.name} ${iso(now)} is ${describe(now - wall)} the wall clock (${iso(wall)})`;
  const fromReviewed = reviewed === undefined ? "" : `, and ${describe(now - reviewed)} the reviewed plan's time (its generatedAt, ${reviewedAt})`;
  const orReviewed = reviewedAt === undefined ? "" : `, or pass the reviewed plan's own time (${setting.pass(reviewedAt)})`;
  throw new ScopesyncError(
    `${fromClock}${fromReviewed}: ${who} would judge every expiry and last day by it and act on the live targets; nothing was read or applied`,
    `leave ${setting.name} out (${who} then judges dates by the clock)${orReviewed}; to ${reviewedAt === undefined ? "run" : "apply"} at another time on purpose (tests), ${setting.allow}`,
  );
}

function describe(ms: number): string {
  const days = Math.abs(ms) / 86_400_000;
  const size = days >= 1 ? `${Math.round(days)} day${Math.round(days) === 1 ? "" : "s"}` : `${Math.round(Math.abs(ms) / 60_000)} min`;
  return `${size} ${ms > 0 ? "ahead of" : "behind"}`;
}
