import { relative, resolve } from "node:path";
import { compile } from "../compile.js";
import { workingTree } from "../config/repo-files.js";
import { canonicalJson } from "../model/canonical-json.js";
import { ScopesyncError } from "../model/errors.js";
import { DEFAULT_JOURNAL_PATH } from "../model/journal-record.js";
import { maskTexts } from "../model/mask-texts.js";
import { parseNow } from "../model/now.js";
import { DAY, isDateOnly, isValidDate, parseDate } from "../model/time.js";
import { leaverNames, leaversReport } from "../plan/leavers-report.js";
import { renderLeaversMarkdown } from "../plan/render/leavers-report.js";
import { journalEnds } from "../targets/journal-ends.js";
import { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";
import { valueOrReport, warnOnStderr } from "./load-or-report.js";

export interface ReportOptions { repo: string; report?: string; since?: string; until?: string; format?: string; now?: string; journal?: string }

/**
 * `scopesync report leavers --since DATE [--until DATE]`: every person who left in the period, from
 * the apply journal and the plan's view of the targets (plan/leavers-report.ts). Exits 2 when
 * something is outstanding (drift's contract: what the targets hold differs from what the policy
 * says), 0 when every leaver's offboarding is done.
 */
export async function reportCommand(options: ReportOptions, io: Io): Promise<number> {
  if (options.report !== "leavers") throw new ScopesyncError(`unknown report "${options.report ?? ""}"`, "reports: leavers (scopesync report leavers --since 2026-11-01)");
  const format = options.format ?? "markdown";
  if (format !== "markdown" && format !== "json") throw new ScopesyncError(`unknown format "${format}"`, "valid formats: markdown, json");
  const now = parseNow(options.now);
  if (options.since === undefined) throw new ScopesyncError("report leavers needs --since DATE", "give the period's first day, e.g. --since 2026-11-01 (and --until 2026-11-30; default: --now)");
  const since = periodBound("--since", options.since, false);
  const until = options.until === undefined ? now : periodBound("--until", options.until, true);
  if (!(since < until)) throw new ScopesyncError(`--since ${options.since} is not before --until ${options.until ?? new Date(now).toISOString()}`, "give a --since before --until");
  const journalPath = resolve(options.repo, options.journal ?? DEFAULT_JOURNAL_PATH);
  const journal = { from: relative(options.repo, journalPath) || journalPath, lines: journalEnds(journalPath) };
  const compiled = valueOrReport(await compile({ repoDir: options.repo, files: workingTree(options.repo), env: io.env, now, onMemoryWarning: warnOnStderr(io), journalPath, explain: (identities) => leaverNames(identities, journal.lines) }), io);
  if (!compiled) return ExitCode.invalid;
  // Reasons and errors quote exports and targets: masked once, whole, for both formats.
  const report = maskTexts(leaversReport({ since, until, now, identities: compiled.identities, plan: compiled.plan, decisions: compiled.decisions?.apps ?? [], journal }));
  io.out(format === "json" ? `${canonicalJson(report)}\n` : renderLeaversMarkdown(report));
  return report.outstanding > 0 ? ExitCode.changes : ExitCode.ok;
}

/** A period's bound: an RFC 3339 date-time, or a date (its first instant; for --until, the day included). */
function periodBound(flag: string, value: string, endOfDay: boolean): number {
  if (!isValidDate(value)) throw new ScopesyncError(`${flag} "${value}" is not a date`, "use a date such as 2026-11-01, or an RFC 3339 date-time such as 2026-11-01T00:00:00Z");
  const at = parseDate(value);
  return endOfDay && isDateOnly(value) ? at + DAY : at;
}
