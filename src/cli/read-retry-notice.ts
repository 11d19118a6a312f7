import type { ReadRetryNotice } from "../apply/retry.js";
import type { Io } from "./io.js";

/**
 * A line on standard error before each wait of a retried live read: a rate limit can ask for
 * minutes (GitHub's primary limit resets within the hour), and a command that waits must say so
 * rather than look hung. The error's text passes the Io's redaction like any other line.
 */
export function readRetryNotice(io: Io): ReadRetryNotice {
  return (target, attempt, error, waitMs) => {
    const seconds = waitMs >= 10_000 ? Math.round(waitMs / 1000) : Math.round(waitMs / 100) / 10;
    const prefix = `target "${target}": `;
    const why = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
    io.err(`${target}: attempt ${attempt} to read failed (${why}); reading again in ${seconds} s`);
  };
}
