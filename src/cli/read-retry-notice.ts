import { readRetryLine, type ReadRetryNotice } from "../apply/retry.js";
import { termMessage } from "../plan/render/escape.js";
import type { Io } from "./io.js";

/** Each wait of a retried live read said on standard error (readRetryLine), in one escaped line: it quotes the server. */
export function readRetryNotice(io: Io): ReadRetryNotice {
  return (target, attempt, error, waitMs) => io.err(termMessage(readRetryLine(target, attempt, error, waitMs)));
}
