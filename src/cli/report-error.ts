import { CommanderError } from "commander";
import { ScopesyncError, stackFrames } from "../model/errors.js";
import { fileFailure } from "../model/file-failure.js";
import { termMessage } from "../plan/render/escape.js";
import { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";

/**
 * What a command that failed says, in one or two lines, and its exit code: never a stack trace
 * unless --debug. Shared by the CLI's entry and the planning thread (plan-thread.ts), which runs
 * `plan` on a thread of its own and must fail as the CLI does.
 */
export function reportError(e: unknown, io: Io, debug: boolean, command: string | undefined): number {
  if (e instanceof CommanderError) {
    // Help and version end parsing the same way errors do; they already printed what was asked.
    if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return ExitCode.ok;
    // Commander's own message, in one line: "error: unknown command 'plna' (did you mean plan?)".
    const message = e.message.replace(/^error: /, "").replace(/\n\(Did you mean (.*)\?\)$/, " (did you mean $1?)").replace(/\n/g, " ");
    io.err(`error: ${termMessage(message)}`);
    io.err(`  fix: see scopesync ${command ? `${command} ` : ""}--help`);
    return ExitCode.invalid;
  }
  // A message can quote a server (a target's error answer): one line each, nothing in it obeyed.
  if (e instanceof ScopesyncError) {
    io.err(`error: ${termMessage(e.message)}`);
    if (e.hint) io.err(`  fix: ${termMessage(e.hint)}`);
  } else if (fileFailure(e)) {
    // A full disk or a refused folder is the machine's, not a bug: said as such, with the file when
    // the system call names one (a write(2) names none; --debug shows where it was).
    const { reason, hint } = fileFailure(e)!;
    const { syscall, path } = e as NodeJS.ErrnoException;
    io.err(`error: ${path ? `${syscall ?? "access"} ${termMessage(path)}` : `a file ${syscall ?? "access"}`} failed: ${reason}`);
    io.err(`  fix: ${hint}${path ? "" : " (--debug shows which file)"}`);
  } else {
    io.err(`error: unexpected failure: ${termMessage(e instanceof Error ? e.message : String(e))}`);
    io.err("  fix: this is a bug in scopesync; run again with --debug and report the output");
  }
  if (debug && e instanceof Error && e.stack) io.err(stackFrames(e));
  return ExitCode.invalid;
}
