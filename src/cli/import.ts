import { resolve } from "node:path";
import { importTarget } from "../adopt/import-target.js";
import { ScopesyncError } from "../model/errors.js";
import { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";
import { parseNow } from "../model/now.js";
import { readRetryNotice } from "./read-retry-notice.js";
import { warnOnStderr } from "./load-or-report.js";
import { refuseStdoutFolder } from "./out-destination.js";

export interface ImportCommandOptions {
  repo: string;
  target?: string;
  out?: string;
  now?: string;
}

/** `scopesync import --target NAME [--out DIR] [--now ISO]`: today's access of a live target as desired state. */
export async function importCommand(options: ImportCommandOptions, io: Io): Promise<number> {
  if (!options.target) throw new ScopesyncError("import needs --target NAME", "name the target from scopesync.yaml to import, e.g. scopesync import --target github");
  refuseStdoutFolder(options.out, "import");
  const now = parseNow(options.now);
  const outDir = options.out ? resolve(io.cwd, options.out) : options.repo;
  const report = await importTarget({ repoDir: options.repo, target: options.target, outDir, env: io.env, now, onRetry: readRetryNotice(io), onMemoryWarning: warnOnStderr(io) });
  const c = report.counts;
  for (const path of report.written) io.out(`wrote ${path}`);
  for (const path of report.removed) io.out(`removed ${path}`);
  if (report.unchanged.length > 0) io.out(`unchanged: ${report.unchanged.length} file${report.unchanged.length === 1 ? "" : "s"}`);
  io.out(
    `imported ${options.target}: ${c.linked} account${c.linked === 1 ? "" : "s"} linked to people, ${c.groups} group${c.groups === 1 ? "" : "s"}, ${c.serviceAccounts} non-human identit${c.serviceAccounts === 1 ? "y" : "ies"}; ` +
      `${c.unlinked} account${c.unlinked === 1 ? "" : "s"} to link by hand and ${c.unowned} identit${c.unowned === 1 ? "y" : "ies"} without an owner (${report.proposals})` +
      (c.inactive > 0 ? `; ${c.inactive} disabled account${c.inactive === 1 ? "" : "s"} left unmanaged` : ""),
  );
  if (report.note) io.out(`note: ${report.note}`);
  for (const line of report.invitations) io.out(`note: ${line}`);
  for (const line of report.warnings) io.err(`warning: ${line}`);
  if (c.unowned > 0) io.out(`finding: ${c.unowned} imported non-human identit${c.unowned === 1 ? "y has" : "ies have"} no owner (nhi-owner-required blocks plans until ${report.proposals} names one)`);
  io.out("next: scopesync validate && scopesync plan  (the plan should hold no change for this target)");
  return ExitCode.ok;
}
