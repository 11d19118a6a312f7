// `apply --plan --now` near the wall clock, or at the reviewed plan's own time (rv83 finding 2).
// `--now` exists so that a plan can be reproduced; applying a reviewed plan must not judge real
// access by an invented date: a year ahead, an unexpired grant (`until` next month) and a leaver
// whose last day is still to come were revoked for real, as unreviewed revocations. A --now at the
// reviewed plan's generatedAt judges every date as the reviewer saw it, which is what --now is
// for; anything else needs --allow-any-now (tests that step time between plan and apply). The
// Action's apply holds its `now` input to the same rule (github/action-now.ts), in its own words.
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

/** Refuses `now` that is neither within NOW_SKEW_MS of `wall` nor of the reviewed plan's time (`reviewedAt`, its generatedAt). */
export function checkApplyNow(now: number, wall: number, reviewedAt: string, setting: NowSetting = CLI_NOW): void {
  if (Math.abs(now - wall) <= NOW_SKEW_MS) return;
  const reviewed = parseDate(reviewedAt);
  if (Math.abs(now - reviewed) <= NOW_SKEW_MS) return;
  const iso = (t: number) => new Date(t).toISOString();
  throw new ScopesyncError(
    `${setting.name} ${iso(now)} is ${describe(now - wall)} the wall clock (${iso(wall)}), and ${describe(now - reviewed)} the reviewed plan's time (its generatedAt, ${reviewedAt}): apply would judge every expiry and last day by it and act on the live targets; nothing was read or applied`,
    `leave ${setting.name} out (apply then judges dates by the clock), or pass the reviewed plan's own time (${setting.pass(reviewedAt)}); to apply at another time on purpose (tests), ${setting.allow}`,
  );
}

function describe(ms: number): string {
  const days = Math.abs(ms) / 86_400_000;
  const size = days >= 1 ? `${Math.round(days)} day${Math.round(days) === 1 ? "" : "s"}` : `${Math.round(Math.abs(ms) / 60_000)} min`;
  return `${size} ${ms > 0 ? "ahead of" : "behind"}`;
}
