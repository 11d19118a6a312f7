// The Action's `now` input, held to what `apply --plan --now` is held to (apply/now-skew.ts): a
// workflow that sets it applies every reviewed plan of the queue at that date, so a `now` a year
// ahead revoked unexpired grants and leavers whose last day is still to come, for real. It has to
// be near the wall clock or at the reviewed plan's own time; `allow-any-now: true` lifts that, as
// --allow-any-now does (tests that step time between plan and apply). The daily sync revokes at
// its `now` too, with nothing reviewed: there only the wall clock is accepted.
//
// Every command reads the input here, so that a malformed one is named as the user set it: the
// input (`with: { now: … }`, or INPUT_NOW in the step's env, which is the same variable to the
// runner), never the CLI's `--now`, which an Action user never typed.
import { checkNow, NOW_SKEW_MS, type NowSetting } from "../apply/now-skew.js";
import { parseNow } from "../model/now.js";
import type { ActionContext } from "./action-io.js";

/** The check's words for the Action: its inputs, as a workflow's `with:` sets them. */
export const ACTION_NOW: NowSetting = { name: 'input "now"', pass: (v) => `with: { now: "${v}" }`, allow: "set the input allow-any-now: true" };

/** The `now` input as a time, or the clock when it is not set (plan, resolve, queue: not checked, as `plan --now` is not). */
export function actionNow(ctx: ActionContext): number {
  return parseNow(ctx.input("now") || undefined, ACTION_NOW.name);
}

/**
 * The `now` input as a time (undefined when not set: the clock decides), refused unless it is near
 * the wall clock or near each of the reviewed plans' times (`reviewedTimes`, read only when the
 * wall clock does not settle it: they are whole plans).
 */
export function applyNowInput(ctx: ActionContext, reviewedTimes: () => Iterable<string>): number | undefined {
  return checkedNowInput(ctx, (now, wall) => {
    for (const reviewedAt of reviewedTimes()) checkNow(now, wall, ACTION_NOW, { who: "apply", reviewedAt });
  });
}

/** The sync's `now` input (undefined when not set), refused unless it is near the wall clock: nothing reviewed was made at it. */
export function syncNowInput(ctx: ActionContext): number | undefined {
  return checkedNowInput(ctx, (now, wall) => checkNow(now, wall, ACTION_NOW, { who: "the sync" }));
}

function checkedNowInput(ctx: ActionContext, check: (now: number, wall: number) => void): number | undefined {
  if (!ctx.input("now")) return undefined;
  const now = actionNow(ctx);
  if (ctx.flag("allow-any-now", false)) return now;
  const wall = Date.now();
  if (Math.abs(now - wall) > NOW_SKEW_MS) check(now, wall);
  return now;
}
