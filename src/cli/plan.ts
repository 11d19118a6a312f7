import { resolve } from "node:path";
import { DEFAULT_RETRY, realTiming, retryingReads } from "../apply/retry.js";
import { compile } from "../compile.js";
import { formatDiagnostic } from "../config/diagnostic.js";
import { filesAtRevision } from "../config/git-files.js";
import { workingTree } from "../config/repo-files.js";
import { ScopesyncError } from "../model/errors.js";
import { redact } from "../model/redact.js";
import { renderJson, renderJsonPieces } from "../plan/render/json.js";
import { renderMarkdown } from "../plan/render/markdown.js";
import { renderSarif } from "../plan/render/sarif.js";
import { renderText } from "../plan/render/text.js";
import { loadRepo } from "../config/load-repo.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import type { Plan } from "../plan/plan.js";
import { readTargetsLive } from "../targets/read-targets.js";
import { closeConnectors, openConnectors } from "./connectors.js";
import { colourWanted } from "./colour.js";
import { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";
import { parseNow } from "../model/now.js";
import { withHeartbeat } from "./progress.js";
import { batched, checkOutputPath, writeOutputFile } from "./write-out.js";

export const PLAN_FORMATS = ["text", "markdown", "json", "sarif"] as const;

export interface PlanOptions {
  repo: string;
  format?: string;
  out?: string;
  base?: string;
  now?: string;
  detailedExitcode?: boolean;
  fromSnapshots?: boolean;
  artifactUrl?: string;
  /** Read targets through their connectors instead of saved state files. */
  live?: boolean;
}

/** `scopesync plan`: read-only by construction; prints or writes the plan, exits per docs/formats.md "Exit codes". */
export async function planCommand(options: PlanOptions, io: Io): Promise<number> {
  const format = options.format ?? "text";
  if (!(PLAN_FORMATS as readonly string[]).includes(format)) {
    throw new ScopesyncError(`unknown format "${format}"`, `valid formats: ${PLAN_FORMATS.join(", ")}`);
  }
  const now = parseNow(options.now);
  if (options.out) checkOutputPath(resolve(io.cwd, options.out), options.out);
  // --live reads targets through their connectors; planning still gets only their read side.
  const connectors = options.live ? openConnectors(loadedConfig(options.repo), options.repo, io.env, () => now) : undefined;
  let result;
  try {
    const compiling = compile({
      ...(connectors ? { readTargets: () => readTargetsLive(retryingReads(connectors, DEFAULT_RETRY, realTiming)) } : {}),
      repoDir: options.repo,
      files: workingTree(options.repo),
      env: io.env,
      now,
      ...(options.fromSnapshots ? { fromSnapshots: true } : {}),
      ...(options.base ? { baseFiles: { ref: options.base, files: await filesAtRevision(options.repo, options.base) } } : {}),
    });
    result = await (connectors ? withHeartbeat(io, "plan: reading the targets live", compiling) : compiling);
  } finally {
    if (connectors) await closeConnectors(connectors);
  }
  if (!result.ok) {
    for (const d of result.diagnostics) io.err(formatDiagnostic(d));
    io.err(`\n${result.diagnostics.length} problem${result.diagnostics.length === 1 ? "" : "s"} found; nothing was planned.`);
    return ExitCode.invalid;
  }
  const { plan } = result.value;
  if (options.out && format === "json") {
    // Written a batch of changes at a time: a large plan's JSON does not fit in one string.
    writeOutputFile(resolve(io.cwd, options.out), batched(renderJsonPieces(plan), redact), options.out);
    io.err(written(options.out, plan));
    return exitCode(plan, options);
  }
  const text =
    format === "json" ? renderJson(plan) : format === "sarif" ? renderSarif(plan) : format === "markdown" ? renderMarkdown(plan, options.artifactUrl ? { artifactUrl: options.artifactUrl } : {}) : renderText(plan, { color: !options.out && colourWanted(io.env, io.isTTY) });
  if (options.out) {
    writeOutputFile(resolve(io.cwd, options.out), redact(text), options.out);
    io.err(written(options.out, plan));
  } else {
    io.out(text);
  }
  return exitCode(plan, options);
}

function written(out: string, plan: Plan): string {
  return `plan written to ${out} (${plan.changes.length} changes, ${plan.blocked ? "blocked" : "not blocked"}, ${plan.fingerprint})`;
}

function exitCode(plan: Plan, options: PlanOptions): number {
  if (plan.blocked) return ExitCode.blocked;
  return options.detailedExitcode && plan.changes.length > 0 ? ExitCode.changes : ExitCode.ok;
}

/** The repository for building connectors; an invalid one is reported by compile() right after. */
function loadedConfig(repoDir: string): PolicyRepo {
  const loaded = loadRepo(workingTree(repoDir));
  if (!loaded.repo) throw new ScopesyncError("the repository is invalid; run scopesync validate", "fix the problems validate reports");
  return loaded.repo;
}
