// How the CLI ends when its standard output or standard error cannot be written. A plan sent to a
// file on a full disk (`scopesync plan --format json > plan.json`) used to end in a Node.js stack
// trace and a cut-off file, or, when write(2) took only part of it, in exit 0 and a cut-off file;
// the README promises one line with a fix, and exit code 1, as `--out` on a full disk says it.
import { ScopesyncError } from "../model/errors.js";
import { fileFailure } from "../model/file-failure.js";
import { ExitCode } from "./exit-codes.js";

export type StandardStream = "standard output" | "standard error";

/** A failed write to standard output in words (model/file-failure.ts), with a fix. */
export function stdoutError(e: unknown): ScopesyncError {
  const failure = fileFailure(e);
  const { code, message } = (e ?? {}) as NodeJS.ErrnoException;
  return new ScopesyncError(`cannot write standard output: ${failure?.reason ?? code ?? message}; the output is cut off`, failure?.hint ?? "check where standard output goes, then run it again");
}

/**
 * The exit code and the lines to say on standard error, for a failure the stream reports after
 * the write call returned, or undefined when the command goes on without the stream:
 * - EPIPE: the reader closed the pipe (`scopesync identities | head`) and has what it wanted:
 *   nothing said, and the command ends with its own exit code. It ended at once with 0: a plan that
 *   failed, piped `2>&1 | head -1` under `set -o pipefail` (a GitHub Actions step's shell), passed,
 *   and an apply whose log's reader left stopped between two changes (rv117);
 * - standard error failing: there is nowhere to say it; exit 1;
 * - standard output failing otherwise (ENOSPC, EDQUOT, EFBIG, EIO...): what was written is not the
 *   whole output, so exit 1 with the failure in words and a fix.
 */
export function streamFailure(e: NodeJS.ErrnoException, name: StandardStream): { code: number; lines: string[] } | undefined {
  if (e.code === "EPIPE") return undefined;
  if (name === "standard error") return { code: ExitCode.invalid, lines: [] };
  const error = stdoutError(e);
  return { code: ExitCode.invalid, lines: [`error: ${error.message}`, `  fix: ${error.hint}`] };
}
