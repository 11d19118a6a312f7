import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { compile } from "../compile.js";
import { loadConfigOnly } from "../config/load-repo.js";
import { workingTree } from "../config/repo-files.js";
import { canonicalJsonFilePieces } from "../model/canonical-json.js";
import { ScopesyncError } from "../model/errors.js";
import { GIVING, REVOCATIONS } from "../model/change.js";
import type { ProjectConfig } from "../model/documents.js";
import type { Identity } from "../model/identity.js";
import { journalFile, journalName } from "../model/journal-record.js";
import { unreadableLinesText } from "../model/journal-lines.js";
import { maskTexts } from "../model/mask-texts.js";
import { parseNow } from "../model/now.js";
import { periodBound } from "../model/period-bound.js";
import { isDateOnly, isValidDate } from "../model/time.js";
import { isTimeZone, isUtcZone } from "../model/time-zone.js";
import { leaverNames, leaversReport, terminatedNames } from "../plan/leavers-report.js";
import { termText } from "../plan/render/escape.js";
import type { ExplainJournal } from "../plan/render/explain-journal.js";
import { leaversMarkdownPieces } from "../plan/render/leavers-report.js";
import { journalEnds } from "../targets/journal-ends.js";
import { formerTargetNames } from "../targets/renamed-targets.js";
import { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";
import { jsonLines, printPieces } from "./print-pieces.js";
import { valueOrReport, warnOnStderr } from "./load-or-report.js";

export interface ReportOptions { repo: string; report?: string; since?: string; until?: string; format?: string; now?: string; journal?: string; withoutJournal?: boolean }

/**
 * `scopesync report leavers --since DATE [--until DATE]`: every person who left in the period, from
 * the apply journal and the plan's view of the targets (plan/leavers-report.ts). Exits 2 when
 * something is outstanding (drift's contract: what the targets hold differs from what the policy
 * says), still works by an exception, or is unverified (an export no longer shows an NHI they
 * owned), or a source failed its quality gates (what it lost is not in the report), or there is no
 * journal to show a leaver's offboarding by (unless --without-journal says none is kept), 0 only when
 * every leaver's offboarding is done: none of those is.
 */
export async function reportCommand(options: ReportOptions, io: Io): Promise<number> {
  if (options.report !== "leavers") throw new ScopesyncError(`unknown report "${options.report ?? ""}"`, "reports: leavers (scopesync report leavers --since 2026-11-01)");
  const format = options.format ?? "markdown";
  if (format !== "markdown" && format !== "json") throw new ScopesyncError(`unknown format "${format}"`, "valid formats: markdown, json");
  const now = parseNow(options.now);
  if (options.since === undefined) throw new ScopesyncError("report leavers needs --since DATE", "give the period's first day, e.g. --since 2026-11-01 (and --until 2026-11-30; default: --now)");
  if (options.withoutJournal && options.journal !== undefined) throw new ScopesyncError("--without-journal and --journal name no journal and one", "give --journal FILE to read the journal apply writes there, or --without-journal when the installation keeps none");
  checkBound("--since", options.since);
  if (options.until !== undefined) checkBound("--until", options.until);
  // A bare date is a day of the organisation's zone, as its sources' bare dates are. scopesync.yaml
  // is read alone first, so that a period that is none is refused before the sources are read; an
  // invalid one, or a zone Intl does not know, is compile's to report (config/time-zones.ts): until
  // then the days are UTC's, never a NaN read as "no period".
  const files = workingTree(options.repo);
  const named = loadConfigOnly(files)?.timeZone;
  const zone = named !== undefined && isTimeZone(named) ? named : undefined;
  const since = periodBound(options.since, zone, false);
  const until = options.until === undefined ? now : periodBound(options.until, zone, true);
  if (!(since < until)) throw new ScopesyncError(`--since ${options.since} is not before --until ${options.until ?? new Date(now).toISOString()}`, "give a --since before --until");
  const zoned = zone !== undefined && !isUtcZone(zone) && [options.since, options.until].some((b) => b !== undefined && isDateOnly(b));
  // The journal apply writes: --journal, else scopesync.yaml's apply.journal, else the default
  // (journalFile), as plan, explain and apply read it. It is read once compile has the config, and
  // only its offboarding lines are kept (a year of journal is a million lines), and what it records
  // given (an account created, a grant) to a person the sources call terminated: a state read
  // before that shows "no account", which is no evidence the access is gone (rv96 M2).
  const got: { journal?: ExplainJournal; missing: boolean; whence: string } = { missing: false, whence: "" };
  const readJournal = (identities: readonly Identity[], config: ProjectConfig) => {
    const path = journalFile(options.repo, config, options.journal);
    got.missing = !existsSync(path);
    // An installation that keeps no journal has none to show; one at the path says otherwise, and
    // reading past it would hide every step it records: refused, with where it is.
    if (options.withoutJournal && !got.missing) throw new ScopesyncError(`--without-journal says the installation keeps no apply journal, and there is one at ${termText(journalName(options.repo, path))}`, "drop --without-journal so the report shows the steps it records");
    got.whence = options.journal !== undefined ? "--journal" : config.apply?.journal !== undefined ? "scopesync.yaml's apply.journal" : "the default; scopesync.yaml's apply.journal sets another";
    const left = terminatedNames(identities);
    const { lines, unreadable } = journalEnds(path, (r) => r.action !== undefined && (REVOCATIONS.has(r.action) || (GIVING.has(r.action) && r.phase === "done" && typeof r.identity === "string" && left.has(r.identity))));
    const formerNames = formerTargetNames(config);
    got.journal = { from: journalName(options.repo, path), lines, ...(formerNames.size > 0 ? { formerNames } : {}), ...(unreadable.length > 0 ? { unreadable } : {}) };
    return leaverNames(identities, lines);
  };
  const compiled = valueOrReport(await compile({ repoDir: options.repo, files, env: io.env, now, onMemoryWarning: warnOnStderr(io), ...(options.journal ? { journalPath: resolve(options.repo, options.journal) } : {}), explain: readJournal }), io);
  const journal = got.journal;
  if (!compiled || !journal) return ExitCode.invalid;
  // Said, not read as "nothing happened": a typo in --journal, or a journal kept elsewhere, would
  // otherwise show every done offboarding as outstanding and leave out those only the journal knows.
  if (got.missing && !options.withoutJournal) io.err(`warning: ${missingJournalText(journal.from, got.whence)}`);
  if (journal.unreadable) io.err(`warning: ${unreadableLinesText(journal.from, journal.unreadable, termText)}`);
  // Reasons and errors quote exports and targets: masked once, whole, for both formats.
  const targets = new Map(Object.entries(compiled.repo.config.value.targets).map(([name, t]) => [name, { type: t.type, ...(t.maxStateAge !== undefined ? { maxStateAge: t.maxStateAge } : {}) }]));
  const report = maskTexts(leaversReport({ since, until, ...(zoned ? { timeZone: zone } : {}), now, identities: compiled.identities, ...(compiled.prior ? { prior: compiled.prior } : {}), plan: compiled.plan, decisions: compiled.decisions?.apps ?? [], journal, journalMissing: got.missing, ...(options.withoutJournal ? { withoutJournal: true } : {}), targets, missingUnknown: compiled.sourcesFailingGates.size + compiled.sourcesUnproven.size > 0, failingGates: compiled.sourcesFailingGates, unproven: compiled.sourcesUnproven, ...(compiled.sourcesExportedAt ? { exportedAt: compiled.sourcesExportedAt } : {}) }));
  // An entry at a time: a large organisation's report does not fit in one string (print-pieces.ts).
  if (format === "json") await printPieces(io, jsonLines(canonicalJsonFilePieces(report)));
  else await printPieces(io, leaversMarkdownPieces(report));
  // A source that failed its gates could hide what a leaver still holds: the report is not complete.
  // So could a missing journal: what it records is the only evidence of when, and by whose approval, access went.
  return report.outstanding + report.waived + report.unverified > 0 || report.sourcesFailingGates || report.journalNeeded ? ExitCode.changes : ExitCode.ok;
}

/** A period's bound is an RFC 3339 date-time or a date (periodBound reads it once the organisation's zone is known). */
function checkBound(flag: string, value: string): void {
  if (!isValidDate(value)) throw new ScopesyncError(`${flag} "${value}" is not a date`, "use a date such as 2026-11-01 (a day of scopesync.yaml's timeZone, else a UTC day), or an RFC 3339 date-time such as 2026-11-01T00:00:00Z");
}

/** No journal where the report looked: every step apply recorded would be missing from it, so it says where it looked and why there. */
function missingJournalText(from: string, whence: string): string {
  return `there is no apply journal at ${termText(from)} (${whence}), so this report shows no step apply recorded; if apply wrote one elsewhere, name it with --journal FILE`;
}
