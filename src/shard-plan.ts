// Planning beyond one machine: `resolve` writes the identities once, `plan --target NAME` plans one
// target from them in its own job, `plan merge` finishes the plan from every target's shard. The
// per-target part and the plan-wide steps are the functions a one-process plan runs
// (planTargets, finishPlan), so the merged plan is the one-process plan, byte for byte.
import { desiredStateDiff } from "./config/desired-state-diff.js";
import { loadRepo } from "./config/load-repo.js";
import { repoDigest } from "./config/repo-digest.js";
import type { RepoFiles } from "./config/repo-files.js";
import { maskPlanMessages, prepare, resolveAtBase, targetLocation, weigh, withBaseLogins, type CompileOptions, type Loaded } from "./compile.js";
import type { MemoryJob } from "./memory-budget.js";
import type { Finding } from "./model/finding.js";
import { sealSnapshot, type IdentitiesSnapshot } from "./identities-snapshot.js";
import { withPullRequestReasons } from "./plan/pr-reasons.js";
import { ScopesyncError } from "./model/errors.js";
import type { PolicyRepo } from "./model/policy-repo.js";
import { sourceStatusOf, type SourceStatus } from "./model/source-status.js";
import { registerReferencedSecrets } from "./model/redact.js";
import { MergedAfter, RecordingAfter } from "./plan/after-facts.js";
import { finishPlan, planTargets, planWide, type PlanInputs } from "./plan/build-plan.js";
import type { Plan } from "./plan/plan.js";
import { markPrOrigins } from "./plan/pr-origins.js";
import { cancelledRevocations } from "./plan/cancelled-revocations.js";
import { controlFindings } from "./plan/control-findings.js";
import { controlChanges } from "./config/control-changes.js";
import { ruleSeverity } from "./policy/rules/rule-severity.js";
import type { ControlChange } from "./model/control-change.js";
import { attributeOrderOf, checkShards, SHARD_FORMAT_VERSION, SHARD_KIND, type RemovedTargetShard, type ShardFile } from "./plan/shard.js";
import { baseOwnTargets, readBaseTargets } from "./targets/base-target-reads.js";
import { baseReadsOfRenamed, targetRenames } from "./targets/renamed-targets.js";
import { targetRenameFindings, underNewNames } from "./plan/renamed-targets.js";
import type { TargetRename } from "./model/base-target-change.js";
import { compareFindings, maskFindings } from "./model/finding.js";
import { StateAfterPlan } from "./policy/rules/context.js";
import { readTargets, type TargetRead } from "./targets/read-targets.js";
import { liveReads, type LoginLookups } from "./live-reads.js";
import { departedAtBase } from "./resolve/base-logins.js";
import { planJournal, type PlanJournal } from "./targets/journal-offboardings.js";
import { journalSeen } from "./targets/journal-digest.js";
import { journalFile, type JournalSeen } from "./model/journal-record.js";
import { appLoginAttributes } from "./resolve/snapshot-logins.js";

/**
 * load + ingest + gates + correlation, as `plan` does, kept as a snapshot (with the base's
 * identities for --base). Weighed as `job` reads: no target state for `resolve --out`, one
 * target's for a shard that resolves its identities itself.
 */
export async function resolveSnapshot(options: CompileOptions, job: MemoryJob = "resolve"): Promise<Loaded<IdentitiesSnapshot>> {
  const prepared = await prepare(options, weigh(options, job));
  if (!prepared.ok) return prepared;
  const p = prepared.value;
  let base: IdentitiesSnapshot["base"];
  let baseFindings: Finding[] = [];
  if (options.baseFiles) {
    const loaded = loadRepo(options.baseFiles.files);
    // prepare keeps the records when there is a base: the base reads them its own way and resolves them with its YAML.
    const atBase = loaded.repo ? await resolveAtBase(loaded.repo, p, options, options.baseFiles.ref) : undefined;
    const resolved = atBase?.resolved;
    if (atBase && atBase.findings.length > 0) baseFindings = atBase.findings;
    // As in one process (compile.ts): a target renamed in scopesync.yaml is said, and refused without formerNames.
    if (loaded.repo) baseFindings = [...baseFindings, ...targetRenameFindings(targetRenames(loaded.repo.config.value, p.repo.config.value), options.baseFiles.ref, (target) => targetLocation(p.repo, target))];
    base = {
      ref: options.baseFiles.ref,
      repo: loaded.repo ? repoDigest(options.baseFiles.files) : null,
      identities: resolved?.identities ?? [],
      ...(resolved?.prior ? { prior: resolved.prior } : {}),
      // The base's own: the shards plan the base with it, as compile.ts plans it with baseResolved's.
      ...(resolved ? sourceStatusOf(resolved) : { sourcesRead: [], sourcesFailingGates: [] }),
      desiredStateDiff: desiredStateDiff(options.baseFiles.files, options.files),
      // As in one process (compile.ts): the changes of the controls, said by `plan merge`.
      ...(loaded.repo ? nonEmpty(controlChanges(loaded.repo, p.repo)) : {}),
      // A target the base has and this change does not is planned in a shard of its own (planRemovedShard).
      ...removedTargets(loaded.repo, p.repo),
    };
  }
  return {
    ok: true,
    value: sealSnapshot({
      inputs: { repo: repoDigest(options.files), now: new Date(options.now).toISOString(), fromSnapshots: options.fromSnapshots === true },
      identities: p.identities,
      ...(p.prior ? { prior: p.prior } : {}),
      findings: base ? withBaseLogins({ ...p, findings: [...p.findings, ...baseFindings] }, base.identities, base.ref).findings : p.findings,
      ...sourceStatusOf(p),
      ...(base ? { base } : {}),
    }),
  };
}

function nonEmpty(controls: ControlChange[]): { controls?: ControlChange[] } {
  return controls.length > 0 ? { controls } : {};
}

/** The base's targets this pull request removes (or renamed away), for the snapshot: absent when none. */
function removedTargets(base: PolicyRepo | undefined, pr: PolicyRepo): { removedTargets?: string[] } {
  if (!base) return {};
  const removed = [...baseOwnTargets(base.config.value, pr.config.value)].filter(([, change]) => change === "removed").map(([name]) => name);
  return removed.length > 0 ? { removedTargets: removed } : {};
}

/**
 * Every shard a plan from this snapshot needs, in name order: one per target of scopesync.yaml and,
 * with --base, one per target this pull request removes (the Action's matrix plans them all; the merge
 * refuses to go without any of them). `said` is the sentence that names them.
 */
export function shardTargets(config: { targets: Record<string, unknown> }, snapshot: Pick<IdentitiesSnapshot, "base">): { targets: string[]; said: string } {
  const configured = Object.keys(config.targets).sort();
  const removed = snapshot.base?.removedTargets ?? [];
  const more = removed.length === 0 ? "" : `; and ${removed.join(", ")}, which this pull request removes (${removed.length === 1 ? "its shard names" : "their shards name"} what ${snapshot.base!.ref} revokes there)`;
  return { targets: [...configured, ...removed].sort(), said: `targets to plan, one shard each: ${configured.join(", ")}${more}` };
}

export interface ShardOptions {
  repoDir: string;
  files: RepoFiles;
  env: Record<string, string | undefined>;
  snapshot: IdentitiesSnapshot;
  /** Where the snapshot came from, for errors ("identities.snapshot"). */
  shown: string;
  /** The base revision's files, when the snapshot was resolved with --base. */
  baseFiles?: RepoFiles;
  /** How the target is read; default its state file (offline). */
  readTarget?: (repo: PolicyRepo, target: string) => Promise<Map<string, TargetRead>>;
  /** With readTarget: the connector that can say who holds a login now, as compile's lookUpLogins. */
  lookUpLogins?: LoginLookups;
  /**
   * The apply journal (`--journal`), as compile's journalPath: the shard decides from it as one
   * process does (returns, undone offboardings, used-up overrides, a report's lag, an unmanaged
   * account's grace), and the merge checks every shard read the same. Default: the configured one.
   */
  journalPath?: string;
}

/** The repository, checked to be the one the snapshot was resolved from. */
function repoOf(options: Pick<ShardOptions, "files" | "env" | "snapshot" | "shown">): Loaded<PolicyRepo> {
  const loaded = loadRepo(options.files);
  if (!loaded.repo) return { ok: false, diagnostics: loaded.diagnostics };
  const digest = repoDigest(options.files);
  if (digest !== options.snapshot.inputs.repo) {
    throw new ScopesyncError(`${options.shown} was resolved from other policy files (${options.snapshot.inputs.repo}) than this repository's (${digest})`, "resolve again in this checkout (scopesync resolve --out identities.snapshot), then plan every shard from the new snapshot");
  }
  registerReferencedSecrets(loaded.repo.config.value, options.env);
  return { ok: true, value: loaded.repo };
}

/** This change's plan inputs: its identities, findings and source status, from the snapshot; what the journal says, as in one process. */
function inputsFor(repo: PolicyRepo, snapshot: IdentitiesSnapshot, targets: Map<string, TargetRead>, journal: PlanJournal, departed?: PlanInputs["departedAtBase"]): PlanInputs {
  return { ...revisionInputs(repo, snapshot, snapshot, targets, journal), findings: snapshot.findings, ...(departed ? { departedAtBase: departed } : {}) };
}

/**
 * The base's plan inputs, as compile.ts plans the base: the base's identities and its own source
 * status (a source this change retires is read there; a gate this change's `accept` passes fails
 * there), and no findings (the base's plan gives only the changes this change's are compared with).
 */
function baseInputsFor(repo: PolicyRepo, snapshot: IdentitiesSnapshot, base: NonNullable<IdentitiesSnapshot["base"]>, targets: Map<string, TargetRead>, journal: PlanJournal): PlanInputs {
  return { ...revisionInputs(repo, snapshot, base, targets, journal), findings: [] };
}

function revisionInputs(repo: PolicyRepo, snapshot: IdentitiesSnapshot, at: SourceStatus & Pick<IdentitiesSnapshot, "identities" | "prior">, targets: Map<string, TargetRead>, journal: PlanJournal): Omit<PlanInputs, "findings"> {
  return { repo, identities: at.identities, ...(at.prior ? { prior: at.prior } : {}), targets, sourcesRead: new Set(at.sourcesRead), sourcesFailingGates: new Set(at.sourcesFailingGates), sourcesUnproven: new Set(at.sourcesUnproven ?? []), now: Date.parse(snapshot.inputs.now), ...(journal.offboardings ? { offboardings: journal.offboardings } : {}) };
}

/**
 * The journal a shard reads, as compile.ts reads it for the one-process plan (planJournal: with
 * a base, a renamed target's records under its old name for the base's plan too), and which one
 * it was, for the merge to compare.
 */
function shardJournal(options: Pick<ShardOptions, "repoDir" | "journalPath">, repo: PolicyRepo, renames: ReadonlyMap<string, TargetRename>): { journal: PlanJournal; seen: { journal?: JournalSeen } } {
  const journal = planJournal(options.repoDir, repo.config.value, renames, options.journalPath);
  const seen = journalSeen(options.repoDir, journal.path);
  return { journal, seen: seen ? { journal: seen } : {} };
}

/** The base's files, checked to be those the snapshot was resolved against; undefined when the base does not load. */
function baseRepoOf(options: ShardOptions, base: NonNullable<IdentitiesSnapshot["base"]>): PolicyRepo | undefined {
  if (!options.baseFiles) throw new ScopesyncError(`${options.shown} marks this PR's changes against ${base.ref}, but the base's files were not given`, `plan the shard with --base ${base.ref}`);
  const repo = base.repo === null ? undefined : loadRepo(options.baseFiles).repo;
  if (base.repo !== null && (!repo || repoDigest(options.baseFiles) !== base.repo)) {
    throw new ScopesyncError(`the files at ${base.ref} are not those ${options.shown} was resolved against`, "resolve and plan the shards at the same base revision");
  }
  return repo;
}

/**
 * One target's shard: its part of the plan, and what its identities hold after it for the rules.
 * A target only the base has (this change removed it) gets the shard of what that cancels.
 */
export async function planShard(target: string, options: ShardOptions): Promise<Loaded<ShardFile>> {
  const loaded = repoOf(options);
  if (!loaded.ok) return loaded;
  const repo = loaded.value;
  const names = Object.keys(repo.config.value.targets).sort();
  const { snapshot } = options;
  const removed = snapshot.base?.removedTargets ?? [];
  if (!names.includes(target)) {
    if (snapshot.base && removed.includes(target)) return { ok: true, value: await planRemovedShard(target, options, snapshot.base, repo) };
    throw new ScopesyncError(`unknown target "${target}"`, `targets in scopesync.yaml: ${names.join(", ")}${removed.length > 0 ? `; and ${removed.join(", ")}, which this pull request removes (planned from ${snapshot.base!.ref}'s entry)` : ""}`);
  }
  const base = snapshot.base ? baseRepoOf(options, snapshot.base) : undefined;
  const renames = base ? targetRenames(base.config.value, repo.config.value) : new Map<string, TargetRename>();
  const { journal, seen } = shardJournal(options, repo, renames);
  // A live read gets what one process gives its live reads (live-reads.ts): the same plan, merged.
  const targets = options.readTarget ? await liveReads(repo, options.repoDir, await options.readTarget(repo, target), options.lookUpLogins ?? new Map(), journal.path) : await readTargets(repo, options.repoDir, target);
  // As in one process: NHIs the base's files defined and these do not (their accounts are no one's).
  const departed = snapshot.base ? departedAtBase(snapshot.identities, snapshot.base.identities, appLoginAttributes(repo), snapshot.base.ref) : undefined;
  // As in one process: a change needs the base's required reviewers too.
  const planned = planTargets({ ...inputsFor(repo, snapshot, targets, journal, departed), ...(base ? { baseRuleSets: base.ruleSets } : {}) });
  const part = planned.parts[0]!;
  if (snapshot.base) {
    // As in one process (compile.ts): a target whose entry reads another state or system here is
    // planned for the base over the base's own reading of it, not over this change's.
    const change = base ? baseOwnTargets(base.config.value, repo.config.value, renames).get(target) : undefined;
    const own = new Map(change ? [[target, change]] : []);
    // A target renamed with its system unchanged: the base plans it under its old name over this read (renamed-targets.ts).
    const renamedFrom = baseReadsOfRenamed(targets, renames);
    const baseTargets = base && change ? await readBaseTargets(base, options.repoDir, own, options.baseFiles!.revision, snapshot.base.ref) : renamedFrom.size > 0 ? renamedFrom : targets;
    // As in one process: a base that does not load counts as empty desired state.
    const baseChanges = base ? underNewNames(planTargets(baseInputsFor(base, snapshot, snapshot.base, baseTargets, journal)).changes, renames) : [];
    part.changes = markPrOrigins(part.changes, baseChanges);
    for (const f of cancelledRevocations(part.changes, baseChanges, snapshot.base.ref, own)) part.findings.push(f);
    if (base) part.changes = withPullRequestReasons(part.changes, { base, here: repo, identities: snapshot.identities, baseIdentities: snapshot.base.identities, ref: snapshot.base.ref, now: Date.parse(snapshot.inputs.now) });
  }
  // The rules run here only to learn whom they ask about; `plan merge` runs them on the whole plan.
  const after = new RecordingAfter(new StateAfterPlan(repo, planned.wide.identities, planned.holdings, part.changes, planned.wide.memberships.positions));
  finishPlan(planned.wide, [part], after);
  const attributeOrder = attributeOrderOf(part.changes);
  // The file goes to another job: it holds no secret-shaped id, since identities hold none from resolution on (model/secret-free-identities.ts).
  return { ok: true, value: { kind: SHARD_KIND, formatVersion: SHARD_FORMAT_VERSION, identities: snapshot.fingerprint, now: snapshot.inputs.now, ...(snapshot.base ? { base: snapshot.base.ref } : {}), ...seen, part, after: after.facts(), ...(attributeOrder ? { attributeOrder } : {}) } };
}

/**
 * The shard of a target this pull request removes: the base's desired state planned over the base's
 * own state of it (its file here, or at the base revision where this change deleted it: never a
 * live read, as in one process), and the revocations that cancels, which a one-process plan names.
 * None of this change's changes can be on a target it does not configure, so every one counts.
 */
async function planRemovedShard(target: string, options: ShardOptions, base: NonNullable<IdentitiesSnapshot["base"]>, pr: PolicyRepo): Promise<RemovedTargetShard> {
  const repo = baseRepoOf(options, base);
  // resolve records removed targets only from a base that loads (removedTargets).
  if (!repo) throw new ScopesyncError(`${options.shown} names target "${target}" as removed, but ${base.ref}'s files do not load`, "resolve and plan the shards at the same base revision");
  const own = new Map([[target, "removed" as const]]);
  const reads = await readBaseTargets(repo, options.repoDir, own, options.baseFiles!.revision, base.ref);
  // The journal as this change's checkout reads it, as one process reads it once for both plans.
  const { journal, seen } = shardJournal(options, pr, targetRenames(repo.config.value, pr.config.value));
  const baseChanges = planTargets(baseInputsFor(repo, options.snapshot, base, reads, journal)).changes;
  const findings = maskFindings(cancelledRevocations([], baseChanges, base.ref, own));
  return { kind: SHARD_KIND, formatVersion: SHARD_FORMAT_VERSION, identities: options.snapshot.fingerprint, now: options.snapshot.inputs.now, base: base.ref, ...seen, removed: { target, findings } };
}

/**
 * The plan from every target's shard: refused unless they are one per target, from these
 * identities, each planned with the apply journal this checkout's one process would read (the merge
 * decides nothing from it: every decision the journal makes is a target's, in its shard).
 */
export function mergeShards(shards: ReadonlyArray<{ file: string; shard: ShardFile }>, options: Omit<ShardOptions, "baseFiles" | "readTarget" | "lookUpLogins">): Loaded<Plan> {
  const loaded = repoOf(options);
  if (!loaded.ok) return loaded;
  const repo = loaded.value;
  const { snapshot } = options;
  const journal = journalSeen(options.repoDir, journalFile(options.repoDir, repo.config.value, options.journalPath));
  const ordered = checkShards(shards, { identities: snapshot.fingerprint, shown: options.shown, now: snapshot.inputs.now, ...(snapshot.base ? { base: snapshot.base.ref } : {}), ...(journal ? { journal } : {}), targets: Object.keys(repo.config.value.targets).sort(), removed: snapshot.base?.removedTargets ?? [] });
  const wide = planWide(repo, snapshot.identities, snapshot.prior, snapshot.findings, [...snapshot.sourcesFailingGates].sort(), Date.parse(snapshot.inputs.now), [...(snapshot.sourcesUnproven ?? [])].sort());
  const parts = ordered.parts;
  let plan = finishPlan(wide, parts.map((s) => s.part), new MergedAfter(parts.map((s) => s.after)));
  // A removed target has no part (no changes, no targets entry): its findings join the plan's as
  // one process adds pr-cancels-revocations, after the plan is finished, in the findings' order.
  const cancelled = ordered.removed.flatMap((s) => s.removed.findings);
  // The changes of the controls, as one process says them once the plan is finished (compile.ts).
  const controls = snapshot.base?.controls ? controlFindings(snapshot.base.controls, plan.exceptions, snapshot.base.ref, (rule) => ruleSeverity(repo, rule)) : [];
  const more = [...cancelled, ...controls];
  if (more.length > 0) plan = { ...plan, findings: [...plan.findings, ...more].sort(compareFindings) };
  return { ok: true, value: maskPlanMessages(snapshot.base ? { ...plan, base: snapshot.base.ref, desiredStateDiff: snapshot.base.desiredStateDiff } : plan) };
}

