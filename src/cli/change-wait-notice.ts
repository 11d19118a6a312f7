import { duration } from "../apply/retry.js";
import type { RunOptions } from "../apply/runner.js";
import { termText } from "../plan/render/escape.js";
import type { Io } from "./io.js";

/** Waits shorter than this pass without a line: the backoff between quick retries is seconds. */
export const ANNOUNCED_WAIT_MS = 10_000;

/**
 * The lines `apply` shows on standard error (which the Io redacts) when a target makes a change
 * wait: a rate limit can ask for minutes, and an apply that waits must say so rather than look
 * hung. One line per target and wait, not per lane: sixteen lanes that meet the same rate limit
 * together wait until about the same time, and a wait that ends within a second of one already
 * told is not told again.
 */
export function changeWaitNotice(io: Io, clock: () => number): NonNullable<RunOptions["onWait"]> {
  const toldUntil = new Map<string, number>();
  return (change, attempt, error, waitMs) => {
    if (waitMs < ANNOUNCED_WAIT_MS) return;
    const until = clock() + waitMs;
    if (until <= (toldUntil.get(change.target) ?? -Infinity) + 1000) return;
    toldUntil.set(change.target, until);
    // The connectors' messages name the change ("create-account ada: scim POST /Users: 429 …").
    io.err(`${change.target}: ${termText(error.bare, 300)}; waiting ${duration(waitMs)} as the target asked, then trying again (attempt ${attempt + 1})`);
  };
}
