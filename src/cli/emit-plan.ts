import { resolve } from "node:path";
import { loadRepo } from "../config/load-repo.js";
import { workingTree } from "../config/repo-files.js";
import { ScopesyncError } from "../model/errors.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { redact } from "../model/redact.js";
import type { Plan } from "../plan/plan.js";
import { renderJsonPieces } from "../plan/render/json.js";
import { renderMarkdown } from "../plan/render/markdown.js";
import { sarifFile } from "../plan/render/sarif.js";
import { omissionText } from "../plan/render/sarif-omitted.js";
import { renderTextPieces } from "../plan/render/text.js";
import { colourWanted } from "./colour.js";
import { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";
import { eachPiece, writeOutputPieces } from "./write-out.js";
import { jsonLines, printPieces } from "./print-pieces.js";

export interface PlanOptions {
  repo: string;
  format?: string;
  out?: string;
  base?: string;
  now?: string;
  detailedExitcode?: boolean;
  fromSnapshots?: boolean;
  /** With base: the exports were fetched from the sources (the sync's own pull request), so they count as the sources'. */
  fetchedExports?: boolean;
  artifactUrl?: string;
  /** Read targets through their connectors instead of saved state files. */
  live?: boolean;
  /** Apply's journal (--journal), relative to the repository; when absent, scopesync.yaml's apply.journal, else .scopesync/journal.jsonl. */
  journal?: string;
  /** Plan only this target: a shard for `plan merge`. */
  target?: string;
  /** The identities snapshot (`scopesync resolve --out`) a shard or merge plans from. */
  identities?: string;
  /** `plan merge`: the shard files. */
  action?: string;
  shards?: string[];
}

/** Prints or writes the plan in the chosen format; the exit code says whether it is blocked or has changes. */
export async function emitPlan(plan: Plan, options: PlanOptions, io: Io): Promise<number> {
  const format = options.format ?? "text";
  const sarif = format === "sarif" ? sarifFile(plan) : undefined;
  // The SARIF says what it left out; so does standard error, where a person running it looks.
  if (sarif?.omission) io.err(`SARIF: ${omissionText(sarif.omission)}`);
  // The JSON and the text a change at a time: a large plan's do not fit in one string. The
  // Markdown and the SARIF are cut to a size of their own.
  const pieces =
    format === "json"
      ? renderJsonPieces(plan)
      : sarif
        ? [sarif.text]
        : format === "markdown"
          ? [renderMarkdown(plan, options.artifactUrl ? { artifactUrl: options.artifactUrl } : {})]
          : renderTextPieces(plan, { color: !options.out && colourWanted(io.env, io.isTTY) });
  if (options.out) {
    await writeOutputPieces(resolve(io.cwd, options.out), eachPiece(pieces, redact), options.out);
    io.err(written(options.out, plan));
  } else {
    await printPieces(io, format === "json" ? jsonLines(pieces) : pieces);
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
export function loadedConfig(repoDir: string): PolicyRepo {
  const loaded = loadRepo(workingTree(repoDir));
  if (!loaded.repo) throw new ScopesyncError("the repository is invalid; run scopesync validate", "fix the problems validate reports");
  return loaded.repo;
}
