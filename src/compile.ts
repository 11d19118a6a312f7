import { maskDiagnostics, sortDiagnostics, type Diagnostic } from "./config/diagnostic.js";
import { desiredStateDiff } from "./config/desired-state-diff.js";
import { loadConfigOnly, loadRepo } from "./config/load-repo.js";
import { filesAtRevision } from "./config/git-files.js";
import type { PolicyRepo } from "./model/policy-repo.js";
import type { RepoFiles, Revision } from "./config/repo-files.js";
import { maskChangeIdentities } from "./plan/masked-change-identities.js";
import { secretFreeIdentities, secretFreeResolved } from "./model/secret-free-identities.js";
import { renamedTo, type RenamedSecretIds } from "./model/renamed-secret-ids.js";
import { compareFindings, maskFindings, type Finding } from "./model/finding.js";
import { maskSecretShapes } from "./model/secret-shapes.js";
import { maskTexts } from "./model/mask-texts.js";
import { registerReferencedSecrets } from "./model/redact.js";
import type { Identity } from "./model/identity.js";
import type { BlockedReason } from "./model/blocked-reason.js";
import { addBatch, emptyPlanned, finishPlanned, fingerprint, planBatch, planSetup, type Decisions, type PlanInputs } from "./plan/build-plan.js";
import { append } from "./model/append.js";
import type { Plan } from "./plan/plan.js";
import { markPrOrigins } from "./plan/pr-origins.js";
import { cancelledRevocations } from "./plan/cancelled-revocations.js";
import { controlFindings } from "./plan/control-findings.js";
import { controlChanges } from "./config/control-changes.js";
import { ruleSeverity } from "./policy/rules/rule-severity.js";
import { resolveIdentities } from "./resolve/resolve-identities.js";
import { appLoginReuse, baseLoginReuse, loginReuse } from "./resolve/login-reuse.js";
import { departedAtBase, giveBaseLogins } from "./resolve/base-logins.js";
import { repoDigest } from "./config/repo-digest.js";
import { appLoginAttributes } from "./resolve/snapshot-logins.js";
import { ingestSources, type IngestOptions, type IngestResult } from "./sources/ingest.js";
import { ingestAtBase } from "./sources/base-ingest.js";
import { sameSourceEntry } from "./config/source-config-changes.js";
import type { ProjectConfig } from "./model/documents.js";
import { withPullRequestReasons } from "./plan/pr-reasons.js";
import { restoreHidden } from "./sources/snapshot.js";
import { readTargets, type TargetRead } from "./targets/read-targets.js";
import { markedAccounts } from "./targets/marked-accounts.js";
import { decidesStatus } from "./model/export-checks.js";
import { liveReads, type LoginLookups } from "./live-reads.js";
import { planJournal } from "./targets/journal-offboardings.js";
import type { ReviewedOverride } from "./model/override-binding.js";
import { baseOwnTargets, readBaseTargets } from "./targets/base-target-reads.js";
import type { BaseTargetChange, TargetRename } from "./model/base-target-change.js";
import { baseReadsOfRenamed, targetRenames } from "./targets/renamed-targets.js";
import { targetRenameFindings, underNewNames } from "./plan/renamed-targets.js";
import { checkPeopleReferences } from "./unknown-people.js";
import { formerIdsOf } from "./resolve/renames.js";
import { memoryPlan, inputSizes, yamlBytes, type InputSizes, type MemoryJob, type MemoryPlan } from "./memory-budget.js";
import { StateReadAhead } from "./targets/read-ahead.js";
import { ScopesyncError } from "./model/errors.js";
import { absenceUnknownSources } from "./model/unknown-absence.js";

export interface CompileOptions {
  repoDir: string;
  files: RepoFiles;
  env: Record<string, string | undefined>;
  now: number;
  fromSnapshots?: boolean;
  /**
   * The desired state at the PR's base: changes it would not make are this PR's (origin "pr"). At
   * a git revision, its source snapshots are the accepted ones (churn, movers, joiners, leavers).
   */
  baseFiles?: { ref: string; files: RepoFiles };
  /**
   * With baseFiles: the exports that differ from the base revision's were fetched from the sources
   * (the daily sync's plan and its pull request), so the changes they cause are the sources'. By
   * default an export the change edits is read for the base from the base revision's copy, and
   * what the edit changes is the change's own (origin "pr").
   */
  fetchedExports?: boolean;
  /** The revision whose source snapshots are the accepted ones; default: baseFiles' revision, else the working tree's. */
  acceptedAt?: Revision;
  /**
   * The revision whose files' app logins (githubLogin) count as earlier ones (identity.loginsAtBase:
   * the accounts under them are offboarded); default: baseFiles. Apply passes a merged commit's
   * parent, so that it plans the login changes its pull request's plan showed.
   */
  loginsAt?: { ref: string; files: RepoFiles };
  /** How targets are read; default: state files (offline). `apply`, `drift` and `plan --live` read live. */
  readTargets?: (repo: PolicyRepo) => Promise<Map<string, TargetRead>>;
  /**
   * With readTargets: the connectors that can say who holds a login now (GitHub's), asked before a
   * renamed account is followed by its remembered id (targets/remembered-login-holders.ts). Without
   * them, such a rename is not followed, and the plan says so (account-id-conflict).
   */
  lookUpLogins?: LoginLookups;
  /**
   * The apply journal: with readTargets, whose cancellations of e-mail invitations are never taken
   * for acceptances (targets/cancelled-invitations.ts); for every plan, what earlier offboardings
   * took that a return does not give back (targets/journal-offboardings.ts). Default: the
   * configured one (scopesync.yaml's apply.journal, else .scopesync/journal.jsonl: journalFile).
   * Apply passes the one it writes (`--journal`, or the Action's checkout's).
   */
  journalPath?: string;
  /**
   * Apply's re-plan: the overrides the reviewed plan used (plan/safety.ts reviewedOverrides). An
   * override then lets through only what the reviewed plan used it for, or fewer of the same.
   */
  reviewedOverrides?: readonly ReviewedOverride[];
  /**
   * Apply's re-plan: the gates the reviewed plan passed by an acceptance (sources/gate-accept.ts
   * reviewedAcceptances). An acceptance naming no export then waives only those.
   */
  reviewedAccepted?: ReadonlySet<string>;
  /**
   * For `explain`: given the resolved identities, the names whose planner decisions to keep. With
   * scopesync.yaml, for a caller that must read what it configures first (the leavers report reads
   * the journal `apply.journal` names to know whom to ask for), and `renamed`: the name an id that
   * looks like a secret is shown under (its anchor), asked by that id as an export holds it.
   */
  explain?: (identities: readonly Identity[], config: ProjectConfig, renamed: (asked: string) => string | undefined) => ReadonlySet<string>;
  /** The heap the memory budget plans for (default: this process's limit). */
  heapLimit?: number;
  /** With readTargets: the one target they read (`drift --target`, `apply --target`); absent: every target. */
  liveTarget?: string;
  /** Apply's re-plan: the bytes of the reviewed plan it holds beside it, for the memory budget (memory-budget.ts ApplySizes). */
  applying?: { reviewedPlan: number };
  /** Targets to plan together, overriding the memory budget's batches (tests and benchmarks). */
  targetBatches?: string[][];
  /**
   * Told, before any input is read, when the organisation fits this process's heap only near its
   * limit, where planning is slower (for standard error: never the plan, the heap is not an input).
   */
  onMemoryWarning?: (warning: ScopesyncError) => void;
}

/**
 * The options of `--base REF` (and `--fetched-exports`): the desired state at REF. Fetched exports
 * say how the exports differ from REF's, so they mean nothing without it.
 */
export async function baseOptions(repoDir: string, ref: string | undefined, fetchedExports = false): Promise<Pick<CompileOptions, "baseFiles" | "fetchedExports">> {
  if (ref === undefined) {
    if (fetchedExports) throw new ScopesyncError("--fetched-exports says how the exports differ from the base's: it needs --base REF", "add --base REF (the branch the pull request merges into), or leave --fetched-exports out");
    return {};
  }
  return { baseFiles: { ref, files: await filesAtRevision(repoDir, ref) }, ...(fetchedExports ? { fetchedExports } : {}) };
}

/** Everything the pipeline knows before it diffs: for `plan`, `explain` and `identities`. */
export interface Prepared {
  repo: PolicyRepo;
  /**
   * The sources' records, kept only where they are read again (`plan --base` resolves them with
   * the base's YAML). Elsewhere they are let go once resolved: a million records are a gigabyte of
   * heap that planning, which reads the identities, does not need.
   */
  ingest?: IngestResult;
  /** The sources that were read, and those of them that failed a quality gate. */
  sourcesRead: ReadonlySet<string>;
  sourcesFailingGates: ReadonlySet<string>;
  /** The sources read whose export cannot be proven complete (source-unproven-export): like failing ones, their absences decide nothing. */
  sourcesUnproven: ReadonlySet<string>;
  /** Each source's export time, where it was read here (not from a shard's identities): the leavers report cites it. */
  sourcesExportedAt?: ReadonlyMap<string, string>;
  identities: Identity[];
  /** The ids renamed because they look like secrets, kept by digest only (model/renamed-secret-ids.ts); absent when none was. */
  renamedIds?: RenamedSecretIds;
  /** Identities as the last accepted snapshots gave them: the "before" of movers and joiners. */
  prior?: Identity[];
  /** Quality-gate and correlation findings. */
  findings: Finding[];
  /** Targets to read and plan together, in name order: one batch when they all fit in memory. */
  targetBatches?: string[][];
}

export type Loaded<T> = { ok: true; value: T } | { ok: false; diagnostics: Diagnostic[] };

/** load + validate → ingest + quality gates → correlate and resolve identities. */
export async function prepare(options: CompileOptions, budget = weigh(options), onLoaded?: (repo: PolicyRepo) => void): Promise<Loaded<Prepared>> {
  const { memory } = budget;
  if (memory.tight) options.onMemoryWarning?.(memory.tight);
  const loaded = loadRepo(options.files);
  if (!loaded.repo) return { ok: false, diagnostics: maskDiagnostics(loaded.diagnostics) };
  const repo = loaded.repo;
  onLoaded?.(repo);
  registerReferencedSecrets(repo.config.value, options.env);
  const ingest = await ingestSources(repo, ingestOptions(options));
  const prepared = resolve(repo, ingest, (options.baseFiles ?? options.loginsAt) !== undefined, options.repoDir);
  // Owners, members and approvers should be people the sources export; one who no longer is warns.
  const people = new Set(prepared.identities.filter((i) => i.kind === "person").map((i) => i.id));
  const references = checkPeopleReferences(repo, people, { renamed: formerIdsOf(prepared.identities), gatesFailed: prepared.sourcesFailingGates.size > 0, unproven: prepared.sourcesUnproven.size > 0 });
  if (references.errors.length > 0) return { ok: false, diagnostics: maskDiagnostics(sortDiagnostics(references.errors)) };
  // Findings quote values from the exports: a secret-shaped one is not shown in any of them.
  return { ok: true, value: { ...prepared, findings: maskFindings([...prepared.findings, ...references.findings]), ...(memory.batches.length > 1 ? { targetBatches: memory.batches } : {}) } };
}

/** How the sources are read: the same for this change and, where its entries differ, the base (ingestAtBase). */
function ingestOptions(options: CompileOptions): IngestOptions {
  const acceptedAt = options.acceptedAt ?? options.baseFiles?.files.revision;
  return { repoDir: options.repoDir, env: options.env, now: options.now, ...(options.fromSnapshots ? { fromSnapshots: true } : {}), ...(acceptedAt ? { acceptedAt } : {}), ...(options.reviewedAccepted ? { reviewedAccepted: options.reviewedAccepted } : {}) };
}

/** The memory budget of the inputs scopesync.yaml names. */
export interface Budget {
  memory: MemoryPlan;
}

/**
 * An organisation too large for the heap is refused before the work, not by a V8 fatal error
 * after it. scopesync.yaml alone names the sources and states to weigh; when it is invalid only
 * the YAML is weighed, and loadRepo says what is wrong with it. `job`: the whole plan, or only
 * what resolving the identities (and planning one target from them) reads.
 */
export function weigh(options: WeighOptions, job: MemoryJob = "plan"): Budget {
  const yaml = yamlBytes(options.repoDir, options.files);
  const config = loadConfigOnly(options.files);
  const base = (options.baseFiles ?? options.loginsAt) !== undefined;
  const read = config ? inputSizes(config, options.repoDir, yaml) : { yaml, sources: 0, states: 0 };
  const sizes = options.applying ? { ...read, apply: { reviewedPlan: options.applying.reviewedPlan, written: config ? writtenStates(config, read, options.liveTarget) : 0 } } : read;
  const reread = config && base ? rereadAtBase(config, options) : 0;
  return { memory: memoryPlan(base ? { ...sizes, base, ...(reread > 0 ? { rereadAtBase: reread } : {}) } : sizes, options.heapLimit, job === "plan" && options.readTargets ? liveJob(options) : job) };
}

/**
 * Refuses a run that reads the targets live (`drift`, `plan --live`, `explain --live`, `apply`;
 * with liveTarget, that one) when it cannot fit the heap, before it loads the policy files to open
 * the connectors: compile weighs again, and warns when it fits only near the limit.
 */
export function weighLive(options: WeighOptions): void {
  weigh(options, liveJob(options));
}

/** Reading every target live, or the one liveTarget names. */
function liveJob(options: WeighOptions): MemoryJob {
  return options.liveTarget !== undefined ? { liveTarget: options.liveTarget } : "live";
}

/** What weigh reads of the options: where the inputs are, and what the job reads besides them. */
export type WeighOptions = Pick<CompileOptions, "repoDir" | "files" | "baseFiles" | "loginsAt" | "heapLimit" | "readTargets" | "liveTarget" | "applying">;

/** Bytes of the state files of the file targets apply writes (all, or `only`): each is read again into the store it is written from. */
function writtenStates(config: ProjectConfig, sizes: InputSizes, only: string | undefined): number {
  let bytes = 0;
  for (const [name, target] of Object.entries(config.targets)) if (target.type === "file" && (only === undefined || only === name)) bytes += sizes.targets?.[name] ?? 0;
  return bytes;
}

/** Bytes of the exports the base reads with another entry than this change (ingestAtBase reads them again). */
function rereadAtBase(config: ProjectConfig, options: WeighOptions): number {
  const baseConfig = loadConfigOnly((options.baseFiles ?? options.loginsAt)!.files);
  if (!baseConfig) return 0;
  const sources = Object.fromEntries(Object.entries(baseConfig.sources).filter(([name]) => !sameSourceEntry(baseConfig, config, name)));
  return Object.keys(sources).length === 0 ? 0 : inputSizes({ ...baseConfig, sources, targets: {} }, options.repoDir, 0).sources;
}

/**
 * Identities from the sources' records; `keepRecords` keeps the records on the result (for `--base`).
 * `repoDir`: where the targets' state files are, whose marks say whom a deciding source without
 * an accepted snapshot governed (marked-accounts.ts); read only when there is such a source.
 */
export function resolve(repo: PolicyRepo, ingest: IngestResult, keepRecords: boolean, repoDir?: string): Prepared {
  // Where a source has an accepted snapshot, the identities it gave are "before": movers, joiners and renames.
  const priorRecords = new Map([...ingest.records].map(([k, v]) => [k, restoreHidden(ingest.snapshots.get(k)?.records ?? v, v)]));
  // Planning from the snapshots themselves: "before" is "now"; resolving the same records again gives the same identities.
  const priorIsNow = [...priorRecords].every(([k, v]) => v === ingest.records.get(k));
  // A source that failed its gates, or whose export cannot be proven complete, decides nothing about who left.
  // (`unproven` words the findings: a source that also failed a gate is named by the gate.)
  const unreliable = new Set(absenceUnknownSources(ingest.gatesFailed, ingest.unproven));
  const unproven = new Set([...ingest.unproven].filter((s) => !ingest.gatesFailed.has(s)));
  const before = ingest.snapshots.size === 0 || priorIsNow ? undefined : resolveIdentities(repo, priorRecords, unreliable, undefined, unproven).identities;
  // Which group a group name means: the accepted snapshots bind each name to one group (group-names.ts).
  const unsnapshotted = new Set([...ingest.records.keys()].filter((s) => !ingest.snapshots.has(s) && !unreliable.has(s) && decidesStatus(repo.config.value.sources[s])));
  const marked = repoDir === undefined || unsnapshotted.size === 0 ? undefined : () => markedAccounts(repo, repoDir, unsnapshotted);
  const resolved = resolveIdentities(repo, ingest.records, unreliable, before, unproven, ingest.snapshots, marked);
  // No secret-shaped value from here on (model/secret-free-identities.ts): the identities snapshot
  // every shard plans from holds these, and one process plans from the same, so the merge is its plan.
  const { identities, renamedIds } = secretFreeResolved(resolved.identities);
  const prior = ingest.snapshots.size === 0 ? undefined : before ? secretFreeIdentities(before) : identities;
  const sources = { sourcesRead: new Set(ingest.records.keys()), sourcesFailingGates: ingest.gatesFailed, sourcesUnproven: ingest.unproven, sourcesExportedAt: ingest.exportedAt };
  // A login the snapshot gave one person and the export another is blocked until a person decides.
  // Decided on the logins as exported: two different keys pasted as one person's login are a reuse, though both are hidden alike.
  const reused = before ? [...loginReuse(resolved.identities, before), ...appLoginReuse(resolved.identities, before, appLoginAttributes(repo))] : [];
  return { repo, ...(keepRecords ? { ingest } : {}), ...sources, identities, ...(renamedIds.size > 0 ? { renamedIds } : {}), ...(prior ? { prior } : {}), findings: [...ingest.findings, ...resolved.findings, ...reused] };
}

/** The base's identities, and what this change's plan says about reading the sources at the base. */
export interface ResolvedAtBase {
  resolved: Prepared;
  /** source-added-in-pr, source-unread-at-base: for this change's plan, not the base's. */
  findings: Finding[];
}

/**
 * The base revision's identities: the sources read with the base's scopesync.yaml entries (this
 * change's records where an entry is the same, read again where it differs: ingestAtBase), then
 * resolved with the base's files. Resolving this change's records with the base's files would
 * credit the sources with what this change's source configuration does.
 */
export async function resolveAtBase(base: PolicyRepo, prepared: Prepared, options: CompileOptions, ref: string): Promise<ResolvedAtBase | undefined> {
  if (!prepared.ingest) return undefined;
  registerReferencedSecrets(base.config.value, options.env);
  // Only a pull request's base (--base) reads its own exports: apply's earlier logins (loginsAt) are the merged commit's parent, whose exports were reviewed with it.
  const revision = options.baseFiles?.files.revision;
  const read = await ingestAtBase(base, prepared.repo, prepared.ingest, ingestOptions(options), ref, revision ? { revision, fetched: options.fetchedExports === true } : undefined);
  return { resolved: resolve(base, read.ingest, false, options.repoDir), findings: maskFindings(read.findings) };
}

export interface Compiled extends Prepared {
  plan: Plan;
  /**
   * The plan's blocked reasons (masked as its `blockedReasons` are), each with what it holds back:
   * apply's unreviewed revocations and the daily sync apply those no reason holds (model/blocked-reason.ts).
   */
  blocks: BlockedReason[];
  /** With `explain`: what the planner decided for those names while it made this plan. */
  decisions?: Decisions;
}

/**
 * The whole pipeline: prepare → read targets → policies → diff → safety → plan. Targets are read
 * and diffed in the batches the memory budget allows (all at once when they fit); each batch's
 * states are let go once it is planned, so only one batch of target states is ever in memory as
 * accounts (the batches read ahead wait as columns, read-ahead.ts).
 */
export async function compile(given: CompileOptions): Promise<Loaded<Compiled>> {
  const options = withoutIdleLoginsAt(given);
  const budget = weigh(options);
  const reads: { ahead?: StateReadAhead } = {};
  try {
    return await compileWith(options, budget, reads);
  } finally {
    await reads.ahead?.close();
  }
}

/**
 * `loginsAt` whose policy files are today's (a merged commit that changed only snapshots or
 * states, the daily sync against its base branch) gives no login a change: it is dropped, and
 * with it the second resolve and the records kept for it.
 */
function withoutIdleLoginsAt(options: CompileOptions): CompileOptions {
  if (!options.loginsAt || repoDigest(options.loginsAt.files) !== repoDigest(options.files)) return options;
  const { loginsAt: _idle, ...rest } = options;
  return rest;
}

/**
 * The state files are read on a second thread (read-ahead.ts) once the repository has loaded (its
 * checks refuse a path outside it before anything reads it): every batch then, while the sources
 * are read and resolved; where memory is tight, one batch at a time, each while the one before is
 * planned (the columns of batches not yet planned would sit beside the identities).
 */
function readAhead(options: CompileOptions, budget: Budget, repo: PolicyRepo): StateReadAhead | undefined {
  if (options.readTargets) return undefined;
  const batches = options.targetBatches ?? budget.memory.batches;
  const ahead = new StateReadAhead(options.repoDir, repo.config.value, batches);
  for (let i = 0; i < (budget.memory.tight ? 1 : batches.length); i++) ahead.start(i);
  return ahead;
}

async function compileWith(options: CompileOptions, budget: Budget, reads: { ahead?: StateReadAhead }): Promise<Loaded<Compiled>> {
  const prepared = await prepare(options, budget, (repo) => {
    reads.ahead = readAhead(options, budget, repo);
  });
  const { ahead } = reads;
  if (!prepared.ok) return prepared;
  // --base: the base's desired state is planned over the same states, batch by batch.
  const before = options.baseFiles ?? options.loginsAt;
  const base = before ? loadRepo(before.files) : undefined;
  // A base that does not load (new repository, or broken at base) counts as empty desired state.
  const atBase = base?.repo && before ? await resolveAtBase(base.repo, prepared.value, options, before.ref) : undefined;
  const baseResolved = atBase?.resolved;
  // A target renamed in scopesync.yaml is said, and refused without formerNames, before planning: an error blocks the plan.
  const renames = baseResolved && options.baseFiles ? targetRenames(baseResolved.repo.config.value, prepared.value.repo.config.value) : new Map<string, TargetRename>();
  const renamed = options.baseFiles ? targetRenameFindings(renames, options.baseFiles.ref, (target) => targetLocation(prepared.value.repo, target)) : [];
  const baseFindings = [...(atBase?.findings ?? []), ...renamed];
  const p = withBaseLogins(baseFindings.length > 0 ? { ...prepared.value, findings: [...prepared.value.findings, ...baseFindings] } : prepared.value, baseResolved?.identities, before?.ref);
  const explain = options.explain?.(p.identities, p.repo.config.value, (asked) => (p.renamedIds ? renamedTo(p.renamedIds, asked) : undefined));
  const names = Object.keys(p.repo.config.value.targets).sort();
  const departed = baseResolved && before ? departedAtBase(p.identities, baseResolved.identities, appLoginAttributes(p.repo), before.ref) : undefined;
  // The journal, read once for this change's plan and the base's alike (as each shard reads it: shard-plan.ts).
  const { path: journal, offboardings } = planJournal(options.repoDir, p.repo.config.value, renames, options.journalPath);
  // A pull request's changes need the base's required reviewers too: it cannot remove its own gate.
  const reviewedAlsoBy = options.baseFiles && base?.repo ? { baseRuleSets: base.repo.ruleSets } : {};
  const setup = planSetup({ ...planInputs(p, options.now, explain, departed, offboardings), ...(options.reviewedOverrides ? { reviewedOverrides: options.reviewedOverrides } : {}), ...reviewedAlsoBy }, names);
  const planned = emptyPlanned(setup);
  // The base is planned over its own targets: where this change reads a target as the base does,
  // over the same state; where it removed the target or reads another state under its name, over
  // the base's own (base-target-reads.ts), so that what the base revokes there is not lost. A
  // target renamed with its system unchanged is planned over this change's read of it under the
  // new name (renamed-targets.ts).
  const own = baseResolved && options.baseFiles ? baseOwnTargets(baseResolved.repo.config.value, p.repo.config.value, renames) : new Map<string, BaseTargetChange>();
  const baseSetup = baseResolved && options.baseFiles ? planSetup(planInputs({ ...baseResolved, findings: [] }, options.now, undefined, undefined, offboardings), Object.keys(baseResolved.repo.config.value.targets).sort()) : undefined;
  const baseChanges: Plan["changes"] = [];
  const batches = options.readTargets ? [names] : (options.targetBatches ?? p.targetBatches ?? [names]);
  for (let i = 0; i < batches.length; i++) {
    const targets = options.readTargets ? await liveReads(p.repo, options.repoDir, await options.readTargets(p.repo), options.lookUpLogins ?? new Map(), journal) : ahead ? await ahead.take(p.repo, i, batches[i]!) : await readTargets(p.repo, options.repoDir, batches[i]!);
    addBatch(planned, planBatch(setup, targets));
    if (baseSetup) append(baseChanges, underNewNames(planBatch(baseSetup, new Map([...[...targets].filter(([name]) => !own.has(name)), ...baseReadsOfRenamed(targets, renames)])).changes, renames));
  }
  if (baseSetup && own.size > 0) append(baseChanges, planBatch(baseSetup, await readBaseTargets(baseResolved!.repo, options.repoDir, own, options.baseFiles!.files.revision, options.baseFiles!.ref)).changes);
  const made = finishPlanned(planned);
  let plan = made.plan;
  if (options.baseFiles) {
    const ref = options.baseFiles.ref;
    // Why a change is this pull request's: its source configuration, its scope edits (a joiner's reason otherwise), a mapping it adds, or what it takes away.
    const explainSources = (changes: Plan["changes"]) => (base?.repo && baseResolved ? withPullRequestReasons(changes, { base: base.repo, here: p.repo, identities: p.identities, baseIdentities: baseResolved.identities, ref, now: options.now }) : changes);
    plan = { ...markPrChanges(plan, baseChanges, ref, explainSources), desiredStateDiff: desiredStateDiff(options.baseFiles.files, options.files) };
    // The revocations it cancels, and the changes it makes to the controls themselves.
    const controls = base?.repo ? controlFindings(controlChanges(base.repo, p.repo), plan.exceptions, ref, (rule) => ruleSeverity(p.repo, rule)) : [];
    const more = [...cancelledRevocations(plan.changes, baseChanges, ref, own), ...controls];
    if (more.length > 0) plan = { ...plan, findings: [...plan.findings, ...more].sort(compareFindings) };
  }
  const blocks = made.blocks.map((b) => ({ ...b, text: maskSecretShapes(b.text) }));
  return { ok: true, value: { ...p, plan: maskPlanMessages(plan), blocks, ...(explain ? { decisions: made.decisions } : {}) } };
}

/** file:line of a target's entry in scopesync.yaml. */
export function targetLocation(repo: PolicyRepo, target: string): string {
  return `${repo.config.file}:${repo.config.locate(["targets", target]).line}`;
}

/**
 * The plan with no secret-shaped value in its findings or blocked reasons (maskSecretShapes): the
 * text, markdown, JSON and SARIF plans all show them. The changes are data that apply carries out
 * (an access key id to revoke) and are left as they are, but for an identity id or login that is
 * itself a secret (a leaver's key pasted into HR's UserID: plan/masked-change-identities.ts).
 */
export function maskPlanMessages(plan: Plan): Plan {
  const findings = maskFindings(plan.findings);
  const blockedReasons = plan.blockedReasons.map(maskSecretShapes);
  const changes = maskChangeIdentities(plan.changes);
  // A waived finding's message and what it named as still working are the finding's texts, set aside.
  const exceptions = maskTexts(plan.exceptions);
  const same = findings === plan.findings && changes === plan.changes && exceptions === plan.exceptions && blockedReasons.every((r, i) => r === plan.blockedReasons[i]);
  if (same) return plan;
  // The fingerprint is made again over the changes as written, masked: the reviewed file is all
  // apply has of them, and it checks the fingerprint against that file's changes (apply/reviewed.ts);
  // masking is a function of the text alone, so the same inputs still give the same fingerprint.
  // Nor does a hash over the key itself go out with the plan. Every decision was made before, on
  // the ids as they are (change ids among them, so two masked leavers keep their own ids).
  return { ...plan, findings, exceptions, blockedReasons, ...(changes === plan.changes ? {} : { changes, fingerprint: fingerprint(changes) }) };
}

function planInputs(p: Prepared, now: number, explain?: ReadonlySet<string>, departed?: PlanInputs["departedAtBase"], offboardings?: PlanInputs["offboardings"]): Omit<PlanInputs, "targets"> {
  return { repo: p.repo, identities: p.identities, ...(p.prior ? { prior: p.prior } : {}), findings: p.findings, sourcesRead: p.sourcesRead, sourcesFailingGates: p.sourcesFailingGates, sourcesUnproven: p.sourcesUnproven, now, ...(explain ? { explain } : {}), ...(departed ? { departedAtBase: departed } : {}), ...(offboardings ? { offboardings } : {}) };
}

/**
 * With the base's identities: an app login the base gives one identity and this change another
 * blocks (baseLoginReuse), and one the base gave an identity that has another now is its earlier
 * login (giveBaseLogins: the account under it is offboarded).
 */
export function withBaseLogins<T extends { repo: PolicyRepo; identities: Identity[]; findings: Finding[] }>(p: T, base: readonly Identity[] | undefined, ref: string | undefined): T {
  if (!base || ref === undefined) return p;
  const attributes = appLoginAttributes(p.repo);
  const unaccepted = giveBaseLogins(p.identities, base, attributes, ref);
  const reused = [...unaccepted, ...baseLoginReuse(p.identities, base, attributes, ref, p.findings)];
  return reused.length === 0 ? p : { ...p, findings: [...p.findings, ...reused] };
}

/**
 * Changes the base would not make, or would make differently, are this pull request's own; those
 * its source configuration causes say so in their reason (`explainSources`).
 */
function markPrChanges(plan: Plan, baseChanges: Plan["changes"], ref: string, explainSources: (changes: Plan["changes"]) => Plan["changes"]): Plan {
  const changes = explainSources(markPrOrigins(plan.changes, baseChanges));
  return { ...plan, changes, fingerprint: fingerprint(changes), base: ref };
}
