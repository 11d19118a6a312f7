import { DEFAULT_RETRY, realTiming, retryingReads, type Timing } from "../apply/retry.js";
import { compile, weighLive } from "../compile.js";
import { loadRepo } from "../config/load-repo.js";
import { workingTree } from "../config/repo-files.js";
import { ScopesyncError } from "../model/errors.js";
import { renderJsonPieces } from "../plan/render/json.js";
import { renderTextPieces } from "../plan/render/text.js";
import { readTargetsLive } from "../targets/read-targets.js";
import { colourWanted } from "./colour.js";
import { closeConnectors, openConnectors } from "../connectors.js";
import { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";
import { jsonLines, printPieces } from "./print-pieces.js";
import { valueOrReport, warnOnStderr } from "./load-or-report.js";
import { parseNow } from "../model/now.js";
import { withHeartbeat } from "./progress.js";
import { readRetryNotice } from "./read-retry-notice.js";

export interface DriftOptions {
  repo: string;
  now?: string;
  format?: string;
  target?: string;
  /** Tests inject timing so read retries do not wait (as for apply). */
  timing?: Timing;
}

/**
 * `scopesync drift`: reads every target live and plans against the desired state. Any change is
 * drift: the target differs from what the repository and the sources say it should hold. Exit 2,
 * and also when the plan is blocked by an error finding (see below).
 * Reads are retried on 429/5xx/resets like apply's; one that still fails exits 1, never "no drift".
 */
export async function driftCommand(options: DriftOptions, io: Io): Promise<number> {
  const format = options.format ?? "text";
  if (format !== "text" && format !== "json") throw new ScopesyncError(`unknown format "${format}"`, "valid formats: text, json");
  const now = parseNow(options.now);
  weighLive({ repoDir: options.repo, files: workingTree(options.repo), ...(options.target !== undefined ? { liveTarget: options.target } : {}) });
  const loaded = loadRepo(workingTree(options.repo));
  if (!loaded.repo) return valueOrReport({ ok: false, diagnostics: loaded.diagnostics }, io) ?? ExitCode.invalid;
  const connectors = openConnectors(loaded.repo, options.repo, io.env, () => now, options.target);
  try {
    const compiled = valueOrReport(await withHeartbeat(io, "drift: reading the targets", compile({ repoDir: options.repo, files: workingTree(options.repo), env: io.env, now, onMemoryWarning: warnOnStderr(io), ...(options.target !== undefined ? { liveTarget: options.target } : {}), readTargets: () => readTargetsLive(retryingReads(connectors, DEFAULT_RETRY, options.timing ?? realTiming, readRetryNotice(io))), lookUpLogins: connectors })), io);
    if (!compiled) return ExitCode.invalid;
    const { plan } = compiled;
    // A change at a time: a large drift report does not fit in one string (print-pieces.ts).
    await printPieces(io, format === "json" ? jsonLines(renderJsonPieces(plan)) : renderTextPieces(plan, { color: colourWanted(io.env, io.isTTY), drift: true }));
    // A blocked plan with no changes is not "no drift": what blocks it (two accounts claiming one
    // person, a source that failed its gates) is exactly what someone must look at.
    const errors = plan.findings.filter((f) => f.severity === "error").length;
    if (plan.blocked) io.err(`drift: the plan is blocked by ${errors} error finding(s)${plan.changes.length > 0 ? ` and has ${plan.changes.length} difference(s)` : ""}; see the findings above`);
    else io.err(plan.changes.length === 0 ? "no drift: every target matches the desired state" : `drift: ${plan.changes.length} difference(s) between the targets and the desired state`);
    return plan.changes.length > 0 || plan.blocked ? ExitCode.changes : ExitCode.ok;
  } finally {
    await closeConnectors(connectors);
  }
}
