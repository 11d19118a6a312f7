import type { Loaded } from "../compile.js";
import { formatDiagnostic } from "../config/diagnostic.js";
import type { Io } from "./io.js";

/** Prints validation problems the way `validate` does; returns the value when there were none. */
export function valueOrReport<T>(loaded: Loaded<T>, io: Io): T | undefined {
  if (loaded.ok) return loaded.value;
  for (const d of loaded.diagnostics) io.err(formatDiagnostic(d));
  io.err(`\n${loaded.diagnostics.length} problem${loaded.diagnostics.length === 1 ? "" : "s"} found; nothing was planned.`);
  return undefined;
}
