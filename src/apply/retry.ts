import type { TargetReader } from "../targets/connector.js";
import { TargetError } from "../targets/target-error.js";

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
  /**
   * The longest wait a target may ask for (Retry-After, a rate limit's reset) that is waited out;
   * a longer one fails the attempt at once, saying when to try again. Default MAX_WAIT_MS.
   */
  maxWaitMs?: number;
}

/**
 * An hour and five minutes: GitHub's primary rate limit resets within the hour it counts (the
 * connector waits a second past the reset), so every wait GitHub asks for fits. A target that asks
 * for more (a SCIM app under maintenance answering 503 with a Retry-After of a day) would
 * otherwise hold an apply, and the lease on its targets, that long.
 */
export const MAX_WAIT_MS = 65 * 60_000;

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseMs: 250, maxMs: 15_000, maxWaitMs: MAX_WAIT_MS };

/** Injected so tests run without waiting and with a seeded random. */
export interface Timing {
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const realTiming: Timing = { sleep: (ms) => new Promise((r) => setTimeout(r, ms)), random: Math.random };

/**
 * Runs `fn`, retrying a retryable TargetError (429, 5xx, resets, timeouts) with exponential backoff
 * and full jitter, never sooner than the target's Retry-After. Anything else fails at once, and so
 * does a retryable error whose Retry-After is longer than `maxWaitMs` (tooLongToWait).
 * `maxAttempts` counts the attempts since the last one that made progress (a resumable read that
 * got further before it failed): a read of 500 pages meets more faults in all than one change may,
 * and must still stop when it no longer gets anywhere.
 */
export async function withRetry<T>(fn: () => Promise<T>, policy: RetryPolicy, timing: Timing, onRetry?: (attempt: number, error: TargetError, waitMs: number) => void): Promise<{ value: T; attempts: number }> {
  let stuck = 0; // attempts in a row that got no further
  let waited = 0; // what those attempts waited for, in all
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await fn(), attempts: attempt };
    } catch (e) {
      if (!(e instanceof TargetError) || !e.retryable) throw e;
      if (e.details.progressed) waited = 0;
      stuck = e.details.progressed ? 1 : stuck + 1;
      if (stuck >= policy.maxAttempts) throw e;
      const maxWait = policy.maxWaitMs ?? MAX_WAIT_MS;
      if ((e.details.retryAfterMs ?? 0) > maxWait) throw tooLongToWait(e, maxWait);
      // A limit spent again right after its wait (another job spending the same token's hour) would
      // have every attempt wait as long again: up to maxAttempts hours. What the attempts since the
      // last progress wait for is one budget, maxWaitMs.
      if (waited > 0 && waited + (e.details.retryAfterMs ?? 0) > maxWait) throw spentAgain(e, waited, maxWait);
      const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** (stuck - 1));
      const wait = Math.max(e.details.retryAfterMs ?? 0, Math.floor(timing.random() * cap));
      onRetry?.(attempt, e, wait);
      await timing.sleep(wait);
      waited += wait;
    }
  }
}

/**
 * The read side of connectors, each read retried like a change: a live read is safe to repeat,
 * and an app that answers one page of a large read with 429 or 503 must not fail the whole apply
 * (or drift) at once when a change meeting the same answer would be retried. A read that still
 * fails is fatal as before, never "no accounts". A retried read is asked to resume, so a rate
 * limit on page N of a large list costs the wait and page N again, not pages 1 to N.
 */
export function retryingReads<R extends Pick<TargetReader, "read" | "type">>(readers: ReadonlyMap<string, R>, policy: RetryPolicy, timing: Timing, onRetry?: ReadRetryNotice): Map<string, Pick<TargetReader, "read" | "type">> {
  // A retry resumes: the connector may go on from the page where the last attempt stopped.
  const read = async (name: string, r: R): Promise<Awaited<ReturnType<R["read"]>>> => {
    let attempt = 0;
    const notice = onRetry && ((n: number, error: TargetError, waitMs: number) => onRetry(name, n, error, waitMs));
    try {
      return (await withRetry(() => r.read(attempt++ > 0 ? { resume: true } : undefined), policy, timing, notice)).value as Awaited<ReturnType<R["read"]>>;
    } catch (e) {
      // The last answer alone ("503") reads like one failed request; say that it was the last of many.
      if (e instanceof TargetError && e.retryable && attempt > 1) throw gaveUp(e, attempt);
      throw e;
    }
  };
  return new Map([...readers].map(([name, r]) => [name, { type: r.type, read: () => read(name, r) }]));
}

/**
 * A retryable error whose asked-for wait is longer than scopesync waits: not retryable any more,
 * and its message says how long the target asked for and when a new run may succeed.
 */
function tooLongToWait(error: TargetError, maxWaitMs: number): TargetError {
  const why = error.bare;
  const asked = error.details.retryAfterMs!;
  return new TargetError(error.target, `${why} (it asked to wait ${duration(asked)} before trying again, longer than the ${duration(maxWaitMs)} scopesync waits)`, {
    ...error.details,
    retryable: false,
    hint: `run the command again in ${duration(asked)} or later`,
  });
}

/**
 * A retryable error met again after waiting `waited` for it, asking for more than the rest of the
 * budget: not retryable any more, saying what was waited and when a new run may succeed.
 */
function spentAgain(error: TargetError, waited: number, maxWaitMs: number): TargetError {
  const asked = error.details.retryAfterMs!;
  return new TargetError(error.target, `${error.bare} (met again after scopesync waited ${duration(waited)} for it; another ${duration(asked)} would pass the ${duration(maxWaitMs)} scopesync waits in all)`, {
    ...error.details,
    retryable: false,
    hint: `run the command again in ${duration(asked)} or later; a limit spent again after its reset is often spent by another job using the same token: give scopesync a token of its own`,
  });
}

/** "45 s", "12 min", "3 h 5 min": a wait as a person reads it, rounded up to what it says. */
export function duration(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

/** The last error of a read that was retried until it stopped getting anywhere, with how many attempts it made. */
function gaveUp(error: TargetError, attempts: number): TargetError {
  return new TargetError(error.target, `${error.bare} (the read gave up after ${attempts} attempts)`, { ...error.details, hint: error.details.hint ?? "the target kept failing the read: run the command again later" });
}

/** Told before each wait of a retried read: the target, the attempt that failed, why, and the wait. */
export type ReadRetryNotice = (target: string, attempt: number, error: TargetError, waitMs: number) => void;

/**
 * The line a command shows before each wait of a retried read: a rate limit can ask for minutes
 * (GitHub's primary limit resets within the hour), and a command that waits must say so rather
 * than look hung. Shown through the caller's redaction like any other line.
 */
export function readRetryLine(target: string, attempt: number, error: TargetError, waitMs: number): string {
  const seconds = waitMs >= 10_000 ? Math.round(waitMs / 1000) : Math.round(waitMs / 100) / 10;
  return `${target}: attempt ${attempt} to read failed (${error.bare}); reading again in ${seconds} s`;
}
