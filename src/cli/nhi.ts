import { resolve } from "node:path";
import { prepare, weigh } from "../compile.js";
import { isUntouchedProposal, nhiProposals } from "../adopt/nhi-proposals.js";
import { writeFiles } from "../adopt/write-files.js";
import { workingTree } from "../config/repo-files.js";
import { canonicalJsonFilePieces } from "../model/canonical-json.js";
import { ScopesyncError } from "../model/errors.js";
import { parseNow } from "../model/now.js";
import { termText } from "../plan/render/escape.js";
import { nhiReportMarkdownPieces, nhiTextPieces } from "../plan/render/nhi-report.js";
import { nhiInventory } from "../policy/nhi-inventory.js";
import { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";
import { jsonLines, printPieces } from "./print-pieces.js";
import { valueOrReport, warnOnStderr } from "./load-or-report.js";
import { refuseStdoutFolder } from "./out-destination.js";

export interface NhiOptions { repo: string; action?: string; format?: string; out?: string; now?: string; fromSnapshots?: boolean }

/** `scopesync nhi report | propose`: the NHI inventory, or files declaring the undeclared NHIs. */
export async function nhiCommand(options: NhiOptions, io: Io): Promise<number> {
  const format = options.format ?? "text";
  if (!["text", "json", "markdown"].includes(format)) throw new ScopesyncError(`unknown format "${format}"`, "valid formats: text, json, markdown");
  if (options.action === "propose") refuseStdoutFolder(options.out, "nhi propose");
  if (options.action === "propose" && !options.out) throw new ScopesyncError("nhi propose needs --out DIR", "name the folder for the proposed files, e.g. --out identities/discovered");
  const now = parseNow(options.now);
  const inputs = { repoDir: options.repo, files: workingTree(options.repo), env: io.env, onMemoryWarning: warnOnStderr(io), now, ...(options.fromSnapshots ? { fromSnapshots: true } : {}) };
  // Weighed by what it reads and holds: the identities, never a target's state (memory-budget.ts).
  const prepared = valueOrReport(await prepare(inputs, weigh(inputs, "resolve")), io);
  if (!prepared) return ExitCode.invalid;
  if (options.action === "propose") {
    const proposals = nhiProposals(prepared.identities, now);
    const root = resolve(io.cwd, options.out!);
    const result = writeFiles(root, new Map(proposals.map((p) => [p.file, p.text])), (_path, existing) => isUntouchedProposal(existing), "nhi propose", "choose another --out");
    io.out(`${proposals.length} undeclared NHI${proposals.length === 1 ? "" : "s"}: ${result.written.length} file(s) written, ${result.unchanged.length} unchanged in ${options.out}`);
    for (const p of proposals) {
      if (p.ownerWarning) io.err(`warning: ${termText(p.file)}: ${termText(p.ownerWarning)}; put an active person in its owner before you commit it, or the NHI is quarantined (nhi-owner-active)`);
    }
    return ExitCode.ok;
  }
  const inventory = nhiInventory(prepared.repo, prepared.identities, now, prepared.sourcesFailingGates.size + prepared.sourcesUnproven.size > 0);
  // An NHI at a time: hundreds of thousands of them do not fit in one string (print-pieces.ts).
  if (format === "json") await printPieces(io, jsonLines(canonicalJsonFilePieces(inventory)));
  else await printPieces(io, format === "markdown" ? nhiReportMarkdownPieces(inventory) : nhiTextPieces(inventory));
  return ExitCode.ok;
}
