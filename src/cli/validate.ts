import { formatDiagnostic, formatWarning, maskDiagnostics, sortDiagnostics } from "../config/diagnostic.js";
import { maskSecretShapes } from "../model/secret-shapes.js";
import { loadRepo } from "../config/load-repo.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { checkReferences, type UnknownPerson } from "../config/references.js";
import { unmappedAdminsWarnings } from "../config/admins-entitlement.js";
import { directoryStatusAuthorityWarnings } from "../config/status-authority-warnings.js";
import { loginSyntaxProblems } from "../config/login-syntax-problems.js";
import type { Diagnostic } from "../config/diagnostic.js";
import { formerIdsOf } from "../resolve/renames.js";
import { isNhi, renamedReference } from "../unknown-people.js";
import { checkGates, holdsNoOne } from "../sources/quality-gates.js";
import { absencesMakeLeavers } from "../model/export-checks.js";
import { linkedRecords } from "../sources/linked-records.js";
import { canonicalJson } from "../model/canonical-json.js";
import { workingTree } from "../config/repo-files.js";
import type { SourceRecord } from "../model/source-record.js";
import { resolveIdentities } from "../resolve/resolve-identities.js";
import { getSourceAdapter, readSource } from "../sources/registry.js";
import { sourceConfigAt } from "../sources/source.js";
import { sourceTimeZone, timeZoneOf, zoneDays } from "../sources/zone-days.js";
import type { ExportTimeOrigin } from "../model/export-time-origin.js";
import { readSnapshot, snapshotExportTime, snapshotPath, type SourceSnapshot } from "../sources/snapshot.js";
import { whereKeyProblems, type WhereKeyProblem } from "../policy/where-attributes.js";
import { whereValueProblems } from "../policy/where-values.js";
import { ExitCode } from "./exit-codes.js";
import { UNPROVEN_EXPORT_RULE } from "../model/unknown-absence.js";
import type { Io } from "./io.js";
import { exceptionDiagnostics } from "../config/exception-diagnostics.js";
import { findIdentity } from "../model/find-identity.js";
import type { Identity } from "../model/identity.js";
import { parseNow } from "../model/now.js";
import { append } from "../model/append.js";
import { ruleNameDiagnostics } from "./validate-rule-names.js";
import { weigh } from "../compile.js";
import { warnOnStderr } from "./load-or-report.js";

export interface ValidateOptions {
  repo: string;
  /** One JSON document on standard output instead of lines for a person. */
  json?: boolean;
  /**
   * `--now`, parsed as `plan --now` is: the time the sources' own leaving dates (an Entra leave
   * date, AD's accountExpires), the gates' time limits and the exceptions' length are judged at,
   * so that validate says what a plan at that time would. Without it the leaving dates are judged
   * at each export's time, the gates that need a clock are not checked, and exceptions run from
   * the wall clock.
   */
  now?: string;
}

/**
 * `scopesync validate`: every problem in one run, each as file:line:col with a fix. References to
 * people (owners, members, approvers) are checked against the people the sources export: export
 * files are read; a live source counts through its committed snapshot, or the check is skipped.
 */
export async function validateCommand(options: ValidateOptions, io: Io): Promise<number> {
  // Parsed before anything is read: a malformed --now is the one problem, said as plan says it.
  const now = options.now === undefined ? undefined : parseNow(options.now);
  const notes: string[] = [];
  const noteIo: Io = { ...io, err: (t) => (options.json ? notes.push(t) : io.err(t)) };
  // An organisation too large for the heap is refused before anything is read, as plan's is: it
  // died in a V8 fatal error (validate resolves the identities, 3.1 GB at a million people).
  const { memory } = weigh({ repoDir: options.repo, files: workingTree(options.repo) }, "validate");
  if (memory.tight) warnOnStderr(noteIo)(memory.tight);
  const result = loadRepo(workingTree(options.repo));
  if (!result.repo) return report(result.diagnostics, io, options.json);
  const repo = result.repo;
  const known = await knownPeople(repo, options.repo, noteIo, now);
  const people = known?.people;
  // An admins guard on an entitlement its policy does not map may count nobody: said before a plan is blocked on it.
  const warnings: Diagnostic[] = unmappedAdminsWarnings(repo);
  // A directory deciding status beside an HR export: precedence, not the most access, decides between them.
  append(warnings, directoryStatusAuthorityWarnings(repo));
  // A login in identities/ that the app's target cannot have: refused by plan (login-invalid), said here at its line.
  const logins = loginSyntaxProblems(repo);
  append(warnings, logins.warnings);
  // A rule's app:entitlement that names nothing (a misspelt SoD control never fires): a likely typo is a problem, as plan blocks on it.
  const ruleNames = await ruleNameDiagnostics(repo, options.repo);
  append(warnings, ruleNames.warnings);
  if (known) {
    // A rename in the sources is no mistake of the pull request: a warning, as plan gives it, not a problem.
    const diagnostics = checkReferences(repo, known.people, { renamed: known.renamed, onRenamed: (u, heir) => warnings.push(renamedWarning(u, heir, isNhi(repo, heir))), leavers: known.leavers, onLeaverOverlay: (d) => warnings.push(d) });
    // A `where:` key no identity has: a likely misspelling is a problem (the plan blocks on it), any other a warning; info is the plan's to say.
    for (const { severity, ...problem } of known.whereKeys) {
      if (severity === "error") diagnostics.push({ ...problem, message: `${problem.message} (finding where-attribute-unknown)` });
      else if (severity === "warning") warnings.push({ ...problem, message: `${problem.message} (finding where-attribute-unknown)` });
    }
    // A `where:` value no identity holds (a misspelt exclude stops excluding): a warning, as plan gives it.
    for (const { severity: _warning, ...problem } of known.whereValues) warnings.push({ ...problem, message: `${problem.message} (finding where-value-unmatched)` });
    append(diagnostics, exceptionDiagnostics(repo, now ?? parseNow(undefined), (name) => findIdentity(known.identities, name)?.id ?? name));
    append(diagnostics, logins.problems);
    append(diagnostics, ruleNames.problems);
    if (diagnostics.length > 0) return report(sortDiagnostics(diagnostics), io, options.json, sortDiagnostics(warnings));
  } else {
    // Sources unread (a live source without a snapshot): the approver is compared as written.
    const diagnostics = exceptionDiagnostics(repo, now ?? parseNow(undefined), (name) => name);
    append(diagnostics, logins.problems);
    append(diagnostics, ruleNames.problems);
    if (diagnostics.length > 0) return report(sortDiagnostics(diagnostics), io, options.json, sortDiagnostics(warnings));
  }
  const sortedWarnings = sortDiagnostics(warnings);
  if (!options.json) for (const w of sortedWarnings) io.err(formatWarning(w));
  const count = repo.people.length + repo.groups.length + repo.nhis.length + repo.links.length + repo.apps.length + repo.ruleSets.length;
  if (options.json) {
    io.out(`${canonicalJson({ valid: true, documents: count, groups: repo.groups.length, nonHumanIdentities: repo.nhis.length, appPolicies: repo.apps.length, ...(people ? { peopleFromSources: people.size } : {}), notes: notes.map(maskSecretShapes), problems: [], warnings: maskDiagnostics(sortedWarnings) })}\n`);
    return ExitCode.ok;
  }
  const n = (k: number, one: string, many: string): string => `${k} ${k === 1 ? one : many}`;
  io.out(`valid: scopesync.yaml and ${n(count, "document", "documents")} (${n(repo.groups.length, "group", "groups")}, ${n(repo.nhis.length, "non-human identity", "non-human identities")}, ${n(repo.apps.length, "app policy", "app policies")})${people ? `; references checked against ${n(people.size, "person", "people")} from the sources` : ""}`);
  return ExitCode.ok;
}

/**
 * What validate says of a name that is a renamed person's earlier login: what plan does with it
 * meanwhile (overlay-login-stale, reference-login-stale), and the line to change.
 */
function renamedWarning(u: UnknownPerson, heir: string, nhi: boolean): Diagnostic {
  const at = { file: u.file, line: u.line, col: u.col };
  if (u.role === "person-file") {
    return { ...at, message: `person "${u.name}" is the earlier login of ${heir}, whom the sources renamed: plan applies this overlay to ${heir} (finding overlay-login-stale)`, hint: `change the overlay to id: ${heir} (and rename its file), and write ${heir} wherever "${u.name}" is named` };
  }
  const { message, remediation } = renamedReference(u.role, u.name, heir, nhi);
  return { ...at, message: `${message} (finding reference-login-stale)`, hint: remediation };
}

/** `--json`: `{ valid: false, problems: [{ file, line, col, message, hint }], warnings }`, still exit 1. */
function report(diagnostics: ReturnType<typeof sortDiagnostics>, io: Io, json = false, warnings: Diagnostic[] = []): number {
  if (json) {
    io.out(`${canonicalJson({ valid: false, problems: maskDiagnostics(diagnostics), warnings: maskDiagnostics(warnings) })}\n`);
    return ExitCode.invalid;
  }
  // Warnings first, so that the count of problems stays the last line.
  for (const w of warnings) io.err(formatWarning(w));
  for (const d of diagnostics) io.err(formatDiagnostic(d));
  io.err(`\n${diagnostics.length} problem${diagnostics.length === 1 ? "" : "s"} found; nothing was planned.`);
  return ExitCode.invalid;
}

/** The people the sources export, the earlier logins of those the sources renamed, and `where:` keys no identity has. */
interface KnownPeople {
  people: Set<string>;
  renamed: Map<string, string>;
  whereKeys: WhereKeyProblem[];
  /** `where:` values no identity holds (policy/where-values.ts); none checked while a source fails its gates (whom it lost is unknown). */
  whereValues: WhereKeyProblem[];
  /** People the last accepted snapshot has whom no source exports now: leavers. */
  leavers: Set<string>;
  /** Every identity resolved: an exception's approver is compared with the identity it waives by who they are. */
  identities: Identity[];
}

/** `now`: --now (ms), the time dates are judged at as plan judges them; undefined: each export's own time, and no gate that needs a clock. */
async function knownPeople(repo: PolicyRepo, repoDir: string, io: Io, now: number | undefined): Promise<KnownPeople | undefined> {
  const records = new Map<string, SourceRecord[]>();
  const prior = new Map<string, SourceRecord[]>();
  const snapshots = new Map<string, SourceSnapshot>();
  const unproven = new Set<string>();
  // An empty export's time, which no record carries: its maxAge is checked by it, as plan checks it.
  const told = new Map<string, string>();
  // Where each export's time came from (the adapter's word, or the snapshot read in its place), which the time gates name.
  const origins = new Map<string, ExportTimeOrigin>();
  for (const [name, config] of Object.entries(repo.config.value.sources)) {
    const snapshot = readSnapshot(repoDir, snapshotPath(name, config), name);
    if (snapshot) snapshots.set(name, snapshot);
    if (getSourceAdapter(config.type).live) {
      if (!snapshot) {
        io.err(`note: source "${name}" is live and has no snapshot; references to people were not checked (run scopesync snapshot)`);
        return undefined;
      }
      records.set(name, zoneDays(snapshot.records, sourceTimeZone(repo.config.value, name)));
      // An empty snapshot's time is the export time it records, as plan --from-snapshots reads it.
      const at = snapshot.records.length === 0 ? snapshotExportTime(snapshot) : undefined;
      if (at !== undefined) told.set(name, at);
      origins.set(name, { kind: "snapshot", path: snapshotPath(name, config) });
    } else {
      records.set(name, await readSource({ name, config, repoDir, env: io.env, ...(now !== undefined ? { now } : {}), ...timeZoneOf(repo.config.value, name), at: sourceConfigAt(repo.config, name), exportTime: (t) => {
          told.set(name, t.at);
          origins.set(name, t.origin);
        }, warn: (f) => {
          if (f.rule === UNPROVEN_EXPORT_RULE) unproven.add(name);
        } }));
    }
    prior.set(name, snapshot?.records ?? records.get(name)!);
  }
  // As plan resolves them: a person renamed since the accepted snapshot, or since the overlay
  // written for their record, is still named by the old login until the repository says the new one;
  // a person an export that fails its gates lost, but another source has, is held as the snapshot
  // had them (no rename to advise). The gates that need a clock (maxAge, an export after the
  // plan's time, an acceptance's expiry) only with --now: without it validate has none.
  const failed = new Set<string>();
  for (const [name, config] of Object.entries(repo.config.value.sources)) {
    const snapshot = snapshots.get(name);
    const list = records.get(name)!;
    if (checkGates({ source: name, records: list, gates: config.gates ?? {}, ...(snapshot && list !== snapshot.records ? { snapshot } : {}), now, configAt: repo.config.file, linked: linkedRecords(name, repo.links), ...(told.has(name) ? { exportTime: told.get(name)! } : {}), ...(origins.has(name) ? { origin: origins.get(name)! } : {}), ...(getSourceAdapter(config.type).live ? { snapshotRead: snapshotPath(name, config) } : {}), absencesMakeLeavers: absencesMakeLeavers(config), acceptedEmpty: holdsNoOne(snapshot) }).some((f) => f.severity === "error")) failed.add(name);
  }
  for (const name of failed) io.err(`note: source "${name}" fails its quality gates (scopesync plan shows which): a name reported as not defined may be one it no longer exports, which is unknown, not gone`);
  for (const name of [...unproven].sort()) {
    if (failed.has(name)) continue;
    io.err(`note: source "${name}" cannot be proven complete (scopesync plan shows why: source-unproven-export): a name reported as not defined may be one it no longer exports, which is unknown, not gone`);
    failed.add(name);
  }
  const changed = [...prior].some(([name, list]) => list !== records.get(name));
  const before = changed ? resolveIdentities(repo, prior, failed).identities : undefined;
  const { identities } = resolveIdentities(repo, records, failed, before);
  const people = new Set(identities.filter((i) => i.kind === "person").map((i) => i.id));
  const leavers = new Set((before ?? []).filter((p) => p.kind === "person" && !people.has(p.id)).map((p) => p.id));
  return { people, renamed: formerIdsOf(identities), whereKeys: whereKeyProblems(repo, identities), whereValues: failed.size > 0 ? [] : whereValueProblems(repo, identities), leavers, identities };
}
