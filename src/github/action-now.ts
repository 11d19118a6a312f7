// The Action's `now` input, held to what `apply --plan --now` is held to (apply/now-skew.ts): a
// workflow that sets it applies every reviewed plan of the queue at that date, so a `now` a year
// ahead revoked unexpired grants and leavers whose last day is still to come, for real. It has to
// be near the wall clock or at the reviewed plan's own time; `allow-any-now: true` lifts that, as
// --allow-any-now does (tests that step time between plan and apply).
import { checkApplyNow, NOW_SKEW_MS, type NowSetting } from "../apply/now-skew.js";
import { parseNow } from "../model/now.js";
import type { ActionContext } from "./action-io.js";

/** The check's words for the Action: its inputs, as a workflow's `with:` sets them. */
export const ACTION_NOW: NowSetting = { name: 'input "now"', pass: (v) => `with: { now: "${v}" }`, allow: "set the input allow-any-now: true" };

/**
 * The `now` input as a time (undefined when not set: the clock decides), refused unless it is near
 * the wall clock or near each of the reviewed plans' times (`reviewedTimes`, read only when the
 * wall clock does not settle it: they are whole plans).
 */
export function applyNowInput(ctx: ActionContext, reviewedTimes: () => Iterable<string>): number | undefined {
  const value = ctx.input("now");
  if (!value) return undefined;
  const now = parseNow(value);
  if (ctx.flag("allow-any-now", false)) return now;
  const wall = Date.now();
  if (Math.abs(now - wall) <= NOW_SKEW_MS) return now;
  for (const reviewedAt of reviewedTimes()) checkApplyNow(now, wall, reviewedAt, ACTION_NOW);
  return now;
}
