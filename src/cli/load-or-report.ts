import type { Loaded } from "../compile.js";
import { formatDiagnostic } from "../config/diagnostic.js";
import type { ScopesyncError } from "../model/errors.js";
import type { Io } from "./io.js";

/** Prints validation problems the way `validate` does; returns the value when there were none. */
export function valueOrReport<T>(loaded: Loaded<T>, io: Io): T | undefined {
  if (loaded.ok) return loaded.value;
  for (const d of loaded.diagnostics) io.err(formatDiagnostic(d));
  io.err(`\n${loaded.diagnostics.length} problem${loaded.diagnostics.length === 1 ? "" : "s"} found; nothing was planned.`);
  return undefined;
}

/**
 * compile()/prepare()'s `onMemoryWarning` for a command: the organisation fits the heap only near
 * its limit, so it will plan slower; said before the work starts, with how to make it fast.
 */
export function warnOnStderr(io: Io): (warning: ScopesyncError) => void {
  return (w) => io.err(`warning: ${w.message}${w.hint ? `\n  fix: ${w.hint}` : ""}`);
}
