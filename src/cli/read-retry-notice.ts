import { readRetryLine, type ReadRetryNotice } from "../apply/retry.js";
import type { Io } from "./io.js";

/** Each wait of a retried live read said on standard error (readRetryLine), which the Io redacts. */
export function readRetryNotice(io: Io): ReadRetryNotice {
  return (target, attempt, error, waitMs) => io.err(readRetryLine(target, attempt, error, waitMs));
}
