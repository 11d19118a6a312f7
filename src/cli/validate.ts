import { formatDiagnostic } from "../config/diagnostic.js";
import { loadRepo } from "../config/load-repo.js";
import { workingTree } from "../config/repo-files.js";
import { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";

export interface ValidateOptions {
  repo: string;
}

/** `scopesync validate`: every problem in one run, each as file:line:col with a fix. */
export async function validateCommand(options: ValidateOptions, io: Io): Promise<number> {
  const result = loadRepo(workingTree(options.repo));
  if (result.diagnostics.length > 0) {
    for (const d of result.diagnostics) io.err(formatDiagnostic(d));
    io.err(`\n${result.diagnostics.length} problem${result.diagnostics.length === 1 ? "" : "s"} found; nothing was planned.`);
    return ExitCode.invalid;
  }
  const repo = result.repo!;
  const count = repo.people.length + repo.groups.length + repo.nhis.length + repo.links.length + repo.apps.length + repo.ruleSets.length;
  io.out(`valid: scopesync.yaml and ${count} documents (${repo.groups.length} groups, ${repo.nhis.length} non-human identities, ${repo.apps.length} app policies)`);
  return ExitCode.ok;
}
