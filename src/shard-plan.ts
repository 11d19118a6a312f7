// Planning beyond one machine: `resolve` writes the identities once, `plan --target NAME` plans one
// target from them in its own job, `plan merge` finishes the plan from every target's shard. The
// per-target part and the plan-wide steps are the functions a one-process plan runs
// (planTargets, finishPlan), so the merged plan is the one-process plan, byte for byte.
import { desiredStateDiff } from "./config/desired-state-diff.js";
import { loadRepo } from "./config/load-repo.js";
import { repoDigest } from "./config/repo-digest.js";
import type { RepoFiles } from "./config/repo-files.js";
import { maskPlanMessages, prepare, resolveAtBase, withBaseLogins, type CompileOptions, type Loaded } from "./compile.js";
import { sourceConfigChanges } from "./config/source-config-changes.js";
import type { Finding } from "./model/finding.js";
import { withSourceConfigReasons } from "./plan/source-config-reasons.js";
import { sealSnapshot, type IdentitiesSnapshot } from "./identities-snapshot.js";
import { ScopesyncError } from "./model/errors.js";
import type { PolicyRepo } from "./model/policy-repo.js";
import { registerReferencedSecrets } from "./model/redact.js";
import { MergedAfter, RecordingAfter } from "./plan/after-facts.js";
import { finishPlan, planTargets, planWide, type PlanInputs } from "./plan/build-plan.js";
import type { Plan } from "./plan/plan.js";
import { markPrOrigins } from "./plan/pr-origins.js";
import { cancelledRevocations } from "./plan/cancelled-revocations.js";
import { attributeOrderOf, checkShards, SHARD_FORMAT_VERSION, SHARD_KIND, type PlanShard } from "./plan/shard.js";
import { baseOwnTargets, readBaseTargets } from "./targets/base-target-reads.js";
import { StateAfterPlan } from "./policy/rules/context.js";
import { readTargets, type TargetRead } from "./targets/read-targets.js";
import { departedAtBase } from "./resolve/base-logins.js";
import { appLoginAttributes } from "./resolve/snapshot-logins.js";

/** load + ingest + gates + correlation, as `plan` does, kept as a snapshot (with the base's identities for --base). */
export async function resolveSnapshot(options: CompileOptions): Promise<Loaded<IdentitiesSnapshot>> {
  const prepared = await prepare(options);
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
    base = {
      ref: options.baseFiles.ref,
      repo: loaded.repo ? repoDigest(options.baseFiles.files) : null,
      identities: resolved?.identities ?? [],
      ...(resolved?.prior ? { prior: resolved.prior } : {}),
      desiredStateDiff: desiredStateDiff(options.baseFiles.files, options.files),
    };
  }
  return {
    ok: true,
    value: sealSnapshot({
      inputs: { repo: repoDigest(options.files), now: new Date(options.now).toISOString(), fromSnapshots: options.fromSnapshots === true },
      identities: p.identities,
      ...(p.prior ? { prior: p.prior } : {}),
      findings: base ? withBaseLogins({ ...p, findings: [...p.findings, ...baseFindings] }, base.identities, base.ref).findings : p.findings,
      sourcesRead: [...p.sourcesRead],
      sourcesFailingGates: [...p.sourcesFailingGates].sort(),
      ...(p.sourcesUnproven.size > 0 ? { sourcesUnproven: [...p.sourcesUnproven].sort() } : {}),
      ...(base ? { base } : {}),
    }),
  };
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

function inputsFor(repo: PolicyRepo, snapshot: IdentitiesSnapshot, identities: IdentitiesSnapshot["identities"], prior: IdentitiesSnapshot["prior"], targets: Map<string, TargetRead>, departed?: PlanInputs["departedAtBase"]): PlanInputs {
  return { repo, identities, ...(prior ? { prior } : {}), findings: snapshot.findings, targets, sourcesRead: new Set(snapshot.sourcesRead), sourcesFailingGates: new Set(snapshot.sourcesFailingGates), sourcesUnproven: new Set(snapshot.sourcesUnproven ?? []), now: Date.parse(snapshot.inputs.now), ...(departed ? { departedAtBase: departed } : {}) };
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

/** One target's shard: its part of the plan, and what its identities hold after it for the rules. */
export async function planShard(target: string, options: ShardOptions): Promise<Loaded<PlanShard>> {
  const loaded = repoOf(options);
  if (!loaded.ok) return loaded;
  const repo = loaded.value;
  const names = Object.keys(repo.config.value.targets).sort();
  if (!names.includes(target)) throw new ScopesyncError(`unknown target "${target}"`, `targets in scopesync.yaml: ${names.join(", ")}`);
  const { snapshot } = options;
  const targets = options.readTarget ? await options.readTarget(repo, target) : await readTargets(repo, options.repoDir, target);
  // As in one process: NHIs the base's files defined and these do not (their accounts are no one's).
  const departed = snapshot.base ? departedAtBase(snapshot.identities, snapshot.base.identities, appLoginAttributes(repo), snapshot.base.ref) : undefined;
  const planned = planTargets(inputsFor(repo, snapshot, snapshot.identities, snapshot.prior, targets, departed));
  const part = planned.parts[0]!;
  if (snapshot.base) {
    const base = baseRepoOf(options, snapshot.base);
    // As in one process (compile.ts): a target whose entry reads another state or system here is
    // planned for the base over the base's own reading of it, not over this change's.
    const change = base ? baseOwnTargets(base.config.value, repo.config.value).get(target) : undefined;
    const own = new Map(change ? [[target, change]] : []);
    const baseTargets = base && change ? await readBaseTargets(base, options.repoDir, own, options.baseFiles!.revision, snapshot.base.ref) : targets;
    // As in one process: a base that does not load counts as empty desired state.
    const baseChanges = base ? planTargets(inputsFor(base, snapshot, snapshot.base.identities, snapshot.base.prior, baseTargets)).changes : [];
    part.changes = markPrOrigins(part.changes, baseChanges);
    for (const f of cancelledRevocations(part.changes, baseChanges, snapshot.base.ref, own)) part.findings.push(f);
    if (base) part.changes = withSourceConfigReasons(part.changes, sourceConfigChanges(base.config, repo.config), snapshot.identities, snapshot.base.identities, snapshot.base.ref);
  }
  // The rules run here only to learn whom they ask about; `plan merge` runs them on the whole plan.
  const after = new RecordingAfter(new StateAfterPlan(repo, planned.wide.identities, planned.holdings, part.changes, planned.wide.memberships.positions));
  finishPlan(planned.wide, [part], after);
  const attributeOrder = attributeOrderOf(part.changes);
  return { ok: true, value: { kind: SHARD_KIND, formatVersion: SHARD_FORMAT_VERSION, identities: snapshot.fingerprint, now: snapshot.inputs.now, ...(snapshot.base ? { base: snapshot.base.ref } : {}), part, after: after.facts(), ...(attributeOrder ? { attributeOrder } : {}) } };
}

/** The plan from every target's shard: refused unless they are one per target, from these identities. */
export function mergeShards(shards: ReadonlyArray<{ file: string; shard: PlanShard }>, options: Omit<ShardOptions, "repoDir" | "baseFiles" | "readTarget">): Loaded<Plan> {
  const loaded = repoOf(options);
  if (!loaded.ok) return loaded;
  const repo = loaded.value;
  const { snapshot } = options;
  const ordered = checkShards(shards, { identities: snapshot.fingerprint, now: snapshot.inputs.now, ...(snapshot.base ? { base: snapshot.base.ref } : {}), targets: Object.keys(repo.config.value.targets).sort() });
  const wide = planWide(repo, snapshot.identities, snapshot.prior, snapshot.findings, [...snapshot.sourcesFailingGates].sort(), Date.parse(snapshot.inputs.now), [...(snapshot.sourcesUnproven ?? [])].sort());
  const plan = finishPlan(wide, ordered.map((s) => s.part), new MergedAfter(ordered.map((s) => s.after)));
  return { ok: true, value: maskPlanMessages(snapshot.base ? { ...plan, base: snapshot.base.ref, desiredStateDiff: snapshot.base.desiredStateDiff } : plan) };
}
