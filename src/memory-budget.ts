import { readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { POLICY_DIRS } from "./config/load-repo.js";
import { heapLimit } from "./heap-limit.js";
import type { RepoFiles } from "./config/repo-files.js";
import { ScopesyncError } from "./model/errors.js";
import type { ProjectConfig } from "./model/documents.js";
import { pathOutsideRepo } from "./model/repo-path.js";
import { sourcePathOptions } from "./model/source-path-options.js";
import { credentialReportCensus, type ReportCensus } from "./sources/aws-iam/report-census.js";
import { snapshotPath } from "./sources/snapshot.js";
import { listedPartFiles } from "./sources/snapshot-parts.js";
import { statePath } from "./targets/state-file.js";

// Planning holds the organisation's identities in memory (docs/architecture.md). An organisation too large
// for the heap used to run for minutes and then die in a V8 fatal error with a native stack. The
// input files' sizes tell beforehand, closely enough, how much heap the plan will need: this
// refuses, before any source or target is read, a run that cannot fit, and says what to do.

/**
 * Bytes of live heap per byte of input, measured (heap after a full collection) with the
 * synthetic organisations of bench/synthetic-org.mjs at 100k and 300k people and at 5k people
 * with 45k NHIs (README "Benchmarks"), each the largest measured, rounded up:
 * - yaml: identities/ and policies/: the documents with their positions 5.4-5.5x (3.6x since
 *   positions are packed, not refitted: the budget errs on the side of refusing), and the NHI
 *   identities made from them about 3x more: 9;
 * - sources: export files, while identities are resolved: the records 7.5-8x and the person
 *   identities made from them 10-13x: 18 (once resolved, see PLANNING_PER_SOURCE_BYTE);
 * - states: target state files while their targets are planned: 1.3-1.55x, 1.5 (once planned,
 *   see HOLDINGS_PER_STATE_BYTE).
 */
export const HEAP_PER_INPUT_BYTE = { yaml: 9, sources: 18, states: 1.5 } as const;
/**
 * What a base revision (`plan --base`, `resolve --base`, apply measured against a merged commit's
 * parent) adds, per byte of input: its documents (yaml, 5.5x as above: 6), and, per byte of source
 * exports, the records kept for its resolve (7.5-8x: 8) and the identities it resolves from them
 * (10-13x: 13). On the 100k-people synthetic organisation the least heap that planned was 250 to
 * 300 MB without a base and 450 to 550 MB with one; this weighs the base at 318 MB there.
 */
export const BASE_HEAP_PER_INPUT_BYTE = { yaml: 6, records: 8, identities: 13 } as const;
/**
 * Heap an IAM credential report needs while it is planned, by what it holds (report-census.ts):
 * mostly the findings on its active credentials, which the file's size cannot tell (a report of
 * fresh keys and one of old unused keys can have the same size). Each active credential is
 * counted with every finding it can draw whatever the policies' limits: an access key
 * credential-max-age, credential-expiry-required and credential-unused (and nhi-long-lived-key
 * where the source reads the account's roles), a certificate the first two; a row nhi-undeclared,
 * and nhi-undeclared-interactive when it has a password. Each finding names its user, some twice:
 * `name` is per byte of the user's name per finding. Fitted so that the least heap the budget
 * accepts (LEAST_HEADROOM times the whole live estimate, the report's part and the rest) was
 * enough to plan 50,000-row reports (beside a 1,000-person organisation) of seven shapes, found
 * by bisection of --max-old-space-size (docs/performance.md, 2026-12-03 early afternoon): no credentials, the
 * benchmarks' rows, and every credential active, old and never used, each with 13- and
 * 64-character user names, and the last also used long ago. Weighing the findings' heap
 * once planned instead (what test/memory-budget-report.test.ts measures) let through reports that
 * then ran out of heap while the rules' hits and the findings made from them were both alive.
 * Not in the weight: custom rules' findings, and what a target plans for each key.
 */
export const REPORT_HEAP = { row: 700, byte: 2, finding: 330, name: 4, activeCredential: 200, inactiveCredential: 150 } as const;
/** What is known of a credential report before it is read: its census, and whether its roles are read too. */
export interface ReportWeight extends ReportCensus {
  federation: boolean;
}
/**
 * Heap per byte of a source's accepted snapshot (the records of its last reviewed export, as
 * 2-space JSON: about four times the bytes of the CSV they came from), while identities are
 * resolved against it and once they are. Weighed as an export (18 a byte), a committed snapshot
 * made the budget ask 349 MB of a 20k-person organisation that planned in 96 (rv115). Measured by
 * bisection of --max-old-space-size (docs/performance.md, 2026-12-08 night): at 20k people a
 * 10.5 MB snapshot (of a 2.5 MB export; records stored without positions, snapshot-records.ts)
 * raised the least heap of `resolve --out` from 67 to 97 MB (2.9 a byte) and of the plan from 78
 * to 103 (2.4), its peak being while it resolves; the 12.4 MB it was with positions needed the
 * same heap. What the planner keeps of it once resolved was not measured apart: 1 a byte, in case
 * it keeps it all.
 */
export const SNAPSHOT_HEAP_PER_BYTE = { resolving: 3, planning: 1 } as const;

/**
 * Heap per byte of a source export while `scopesync snapshot` reads it: its records, and the
 * snapshot's text made from them, a part of at most snapshotPartSize at a time
 * (sources/snapshot-parts.ts). While a snapshot was one text (2-space JSON, five times the
 * export's bytes) it needed more than resolving: bisected, 78 to 80 MB at 20k people, 114 to 115 at
 * 35k and 394 to 396 at 100k, and it was weighed at 24 a byte. Written in parts it ran at the least
 * heap the resolving weight accepts (docs/performance.md, 2026-12-08): at 20k, 35k and 100k people,
 * a first snapshot and the next day's (the last one read beside), and at 100k at 310 MB.
 */
export const SNAPSHOT_COMMAND_PER_SOURCE_BYTE = HEAP_PER_INPUT_BYTE.sources;

/** Of a source export's bytes, what planning holds once the records are let go: the identities and the planner's index over them. */
export const PLANNING_PER_SOURCE_BYTE = 12;
/**
 * The heap limit over the live heap at which planning still runs at speed. At 300k people planned
 * a target at a time the live heap peaked at 1.05 GB; a limit of 1.6 GB (1.5x) took a third more
 * CPU than an ample one, 1.3 GB (1.25x) 80% more, as V8 collected again and again near its limit.
 */
export const HEADROOM = 1.5;
/**
 * The least head room with which a plan still runs, slowly, a target at a time: below it the plan
 * is refused. The factors above are already the largest measured, rounded up (the 1M organisation,
 * estimated at 3.2 GB while resolving, planned within the default 4 GB heap in ten batches), so
 * this is a margin for shapes not measured, not for speed.
 */
export const LEAST_HEADROOM = 1.2;

export interface InputSizes {
  yaml: number;
  sources: number;
  /** The sources' accepted snapshots (state/sources/NAME.json), weighed apart from the exports (SNAPSHOT_HEAP_PER_BYTE). */
  snapshots?: number;
  /** Of `sources`, exports weighed by what they hold, not by their bytes: IAM credential reports. */
  reports?: ReportWeight[];
  states: number;
  /** Each target's state bytes (they add up to `states`); absent: one target holds them all. */
  targets?: Record<string, number>;
  /** Planned against a base revision: its documents and identities, and the records kept for them (BASE_HEAP_PER_INPUT_BYTE). */
  base?: boolean;
  /**
   * With a base: bytes of the exports the base reads with another scopesync.yaml entry than this
   * change (src/sources/base-ingest.ts reads them a second time), weighed as records again.
   */
  rereadAtBase?: number;
  /** `apply`: what it holds beside its re-plan (APPLY_HEAP_PER_BYTE). */
  apply?: ApplySizes;
}

/** Bytes apply holds beside its re-plan. */
export interface ApplySizes {
  /** The reviewed plan's file: parsed before the re-plan and held until the last change. */
  reviewedPlan: number;
  /** The state files of the file targets it applies to, read again into the store their changes are written from. */
  written: number;
}

/**
 * Heap per byte of what apply holds beside its re-plan (ApplySizes), measured by bisection of
 * --max-old-space-size against `drift` on the same organisation (docs/performance.md, 2026-12-07
 * afternoon), least heap that applied against least that drifted: at 20k people with four file
 * apps (a 5.2 MB reviewed plan of 3,507 changes, 11 MB of state) 119 against 92 MB, and 86 against
 * 78 with --target on its 1 MB app; at 35k people with two (8.4 MB, 4,934 changes, 15.6 MB) 169
 * against 135, and 161 against 120 with --target on its 4.9 MB app. A reviewed plan parsed holds
 * 1.1 heap bytes a byte (2.1 while its text is alive). The budget then accepts 147, 103, 220 and
 * 172 MB, each above what applied.
 */
export const APPLY_HEAP_PER_BYTE = { reviewedPlan: 1.2, written: 2 } as const;

/**
 * Of a target state's bytes, what planning keeps once the target is planned and its state let go:
 * who owns each account, whether it is active, its entitlement list (plan/holdings): 0.22 to 0.46x
 * measured at 100k and 300k people and at 5k people with 45k NHIs.
 */
export const HOLDINGS_PER_STATE_BYTE = 0.5;

/** What the CLI holds before it reads any input (its code's objects, the schema validators): 10 to 16 MB measured. */
export const CLI_HEAP = 16 * 2 ** 20;
/**
 * What the connectors' code holds (the GitHub, SCIM, AWS and Entra clients), loaded only by a job
 * that reads a target live: 6.1 MB measured. Without it, `drift --target` and `import` died of
 * heap at the least heap accepted on organisations of 3k and 5k people, where it is a larger share
 * (rv116).
 */
export const CONNECTORS_HEAP = 6 * 2 ** 20;

/** The heap, in bytes, a plan over inputs of these sizes needs. */
export function heapNeeded(sizes: InputSizes): number {
  return HEADROOM * (CLI_HEAP + sizes.yaml * HEAP_PER_INPUT_BYTE.yaml + sourcesHeap(sizes, HEAP_PER_INPUT_BYTE.sources) + snapshotsHeap(sizes, "resolving") + sizes.states * HEAP_PER_INPUT_BYTE.states + baseHeap(sizes, true) + applyHeap(sizes));
}

/** The accepted snapshots' heap in a phase; with a base, the base revision's are read too. */
function snapshotsHeap(sizes: InputSizes, phase: keyof typeof SNAPSHOT_HEAP_PER_BYTE): number {
  return (sizes.snapshots ?? 0) * SNAPSHOT_HEAP_PER_BYTE[phase] * (sizes.base ? 2 : 1);
}

/** What apply holds beside its re-plan, from before it resolves until its last change (nothing for a plan). */
function applyHeap(sizes: InputSizes): number {
  return sizes.apply ? sizes.apply.reviewedPlan * APPLY_HEAP_PER_BYTE.reviewedPlan + sizes.apply.written * APPLY_HEAP_PER_BYTE.written : 0;
}

/**
 * What a base revision holds (nothing without one): its documents and identities, and, once this
 * change's identities are resolved (`kept`), the records they were resolved from, kept for the
 * base's resolve. Its identities are weighed as the sources' bytes, as PLANNING_PER_SOURCE_BYTE.
 * Exports the base reads again with its own scopesync.yaml entry (rereadAtBase) count as records
 * once more, in every phase: a pull request that changes how a source is read is rare enough.
 */
function baseHeap(sizes: InputSizes, kept: boolean): number {
  if (!sizes.base) return 0;
  // A source the base reads its own way holds a second set of records while the base resolves.
  return sizes.yaml * BASE_HEAP_PER_INPUT_BYTE.yaml + sizes.sources * (BASE_HEAP_PER_INPUT_BYTE.identities + (kept ? BASE_HEAP_PER_INPUT_BYTE.records : 0)) + (sizes.rereadAtBase ?? 0) * BASE_HEAP_PER_INPUT_BYTE.records;
}

/** The heap the source exports need: credential reports by what they hold (REPORT_HEAP), the rest by `common` a byte. */
function sourcesHeap(sizes: InputSizes, common: number): number {
  let bytes = sizes.sources;
  let heap = 0;
  for (const report of sizes.reports ?? []) {
    bytes -= report.bytes;
    heap += reportHeap(report);
  }
  return heap + Math.max(0, bytes) * common;
}

/** REPORT_HEAP applied to one report: each row and each credential with every finding it can draw. */
export function reportHeap(report: ReportWeight): number {
  const keyFindings = report.federation ? 4 : 3;
  const findings = report.rows + report.passwords + report.activeKeys * keyFindings + report.activeCertificates * 2;
  const names = report.userBytes.rows + report.userBytes.passwords + report.userBytes.activeKeys * keyFindings + report.userBytes.activeCertificates * 2;
  return report.rows * REPORT_HEAP.row + report.bytes * REPORT_HEAP.byte + findings * REPORT_HEAP.finding + names * REPORT_HEAP.name + (report.activeKeys + report.activeCertificates) * REPORT_HEAP.activeCredential + report.inactiveCredentials * REPORT_HEAP.inactiveCredential;
}

/**
 * Throws, with how much is needed and how to get it, when the inputs need more heap than `limit`
 * even with the targets planned one at a time.
 */
export function checkMemory(sizes: InputSizes, limit = heapLimit()): void {
  memoryPlan(sizes, limit);
}

/** The targets to read and plan together, in name order (see memoryPlan). */
export function targetBatches(sizes: InputSizes, limit = heapLimit()): string[][] {
  return memoryPlan(sizes, limit).batches;
}

export interface MemoryPlan {
  /** The targets to read and plan together, in name order. */
  batches: string[][];
  /** Set when the plan fits only near the heap limit, where it runs slower: what to tell the user. */
  tight?: ScopesyncError;
}

/**
 * Heap per byte of saved target state for a target read live (`drift`, `plan --live`, `apply`):
 * the connectors' accounts as objects, not the columns a state file is read into. Measured with
 * `drift` on the synthetic organisations (bisection of --max-old-space-size, docs/performance.md,
 * 2026-12-07 midday): 20k people with four apps (11 MB of state) planned with 106 MB and ran out
 * of heap with 104, 1.9 a byte beside the rest; 35k people with two apps (13 MB) with 111 and 109,
 * 1.4 a byte. Rounded up.
 */
export const LIVE_HEAP_PER_STATE_BYTE = 2.5;

/**
 * What a process does with the inputs: the whole plan; the whole plan from live reads of every
 * target (`drift`, `plan --live`, `apply`), which are read all at once, not in batches (their
 * size weighed as the saved states'); only the identities (`resolve --out`, which reads no target
 * state); or one target's plan from identities it resolves itself (`plan --target NAME` without
 * --identities), which reads that target's state alone. `liveTarget`: one target read live
 * (`drift --target`, `apply --target`); `imported`: the one target `import` reads live and writes
 * as desired state.
 */
export type MemoryJob = "plan" | "live" | { liveTarget: string } | "resolve" | "validate" | "snapshot" | { target: string } | { imported: string };

/**
 * What `import` holds beside reading its one target live, per byte of that target's saved state:
 * the files it writes (the state file, the people's overlays, the link proposals: 11 MB for an
 * 11 MB state) and the links it makes to write them. Measured by bisection of
 * --max-old-space-size on the synthetic organisations (docs/performance.md, 2026-12-07 afternoon):
 * importing the largest app (5.8 MB of state at 20k people, 10.7 MB at 35k) needed 105 and 166 MB,
 * where weighed as a live read alone it was accepted from 96 and 156; 1.3 and 0.8 a byte more,
 * rounded up.
 */
export const IMPORT_HEAP_PER_STATE_BYTE = 2;

/** The inputs a job reads: every target's state, in batches or all at once, none, or one target's. */
function jobSizes(sizes: InputSizes, job: MemoryJob): InputSizes {
  if (job === "plan") return sizes;
  // rv115: live reads planned as one batch died of heap where the budget had counted on batches.
  if (job === "live") return { ...sizes, targets: { "": sizes.states } };
  // validate resolves the identities to check the references to people, and reads no target;
  // snapshot reads every source and the accepted snapshots it replaces (needing less than resolving:
  // at 20k people it died of heap at 70 MB and ran at 80, where resolving is accepted from 93).
  if (job === "resolve" || job === "validate" || job === "snapshot") return { ...sizes, states: 0, targets: {} };
  if ("liveTarget" in job) return jobSizes(sizes, { target: job.liveTarget });
  if ("imported" in job) return jobSizes(sizes, { target: job.imported });
  const state = sizes.targets?.[job.target] ?? 0;
  return { ...sizes, states: state, targets: { [job.target]: state } };
}

/**
 * How to plan within `limit`. One batch when everything fits beside everything else. Otherwise
 * batches whose states fit beside the identities and what the targets planned before keep
 * (HOLDINGS_PER_STATE_BYTE); each batch's states are let go once it is planned. When that needs
 * more than the limit with HEADROOM but not with LEAST_HEADROOM, the plan still runs, in smaller
 * batches and slower, and `tight` says how to make it fast. Throws when even that does not fit.
 * `job`: what the process does (MemoryJob); its refusal says so, and advises only what can help.
 */
export function memoryPlan(given: InputSizes, limit = heapLimit(), job: MemoryJob = "plan"): MemoryPlan {
  const sizes = jobSizes(given, job);
  const targets = sizes.targets ?? { "": sizes.states };
  const names = Object.keys(targets).sort();
  const importing = typeof job === "object" && "imported" in job;
  const readLive = job === "live" || importing || (typeof job === "object" && "liveTarget" in job);
  if (!readLive && heapNeeded(sizes) <= limit) return { batches: [names] };
  // Resolving holds the records and the identities; planning the identities, a batch of states and
  // what the targets planned before keep of theirs.
  // With a base, its identities are resolved while the records and this change's identities are
  // held (HEAP_PER_INPUT_BYTE.sources counts both), and the records stay for as long as it plans.
  // A live read loads the connectors' code beside the CLI's.
  const fixed = CLI_HEAP + (readLive ? CONNECTORS_HEAP : 0);
  const resolving = fixed + sizes.yaml * HEAP_PER_INPUT_BYTE.yaml + sourcesHeap(sizes, job === "snapshot" ? SNAPSHOT_COMMAND_PER_SOURCE_BYTE : HEAP_PER_INPUT_BYTE.sources) + snapshotsHeap(sizes, "resolving") + baseHeap(sizes, false) + applyHeap(sizes);
  const others = fixed + sizes.yaml * HEAP_PER_INPUT_BYTE.yaml + sourcesHeap(sizes, PLANNING_PER_SOURCE_BYTE) + snapshotsHeap(sizes, "planning") + sizes.states * HOLDINGS_PER_STATE_BYTE + baseHeap(sizes, true) + applyHeap(sizes);
  const largest = names.reduce((most, n) => Math.max(most, targets[n]!), 0);
  const live = Math.max(resolving, others + largest * (readLive ? LIVE_HEAP_PER_STATE_BYTE : HEAP_PER_INPUT_BYTE.states) + (importing ? largest * IMPORT_HEAP_PER_STATE_BYTE : 0));
  // Sharding is not advised: every shard job and the merge hold every identity (read back from the
  // snapshot, HEAP_PER_SNAPSHOT_BYTE), and measured from 20k to 1M people they needed as much heap
  // as the one process or more (rv114, rv115: the advice led to refusals at the same heap).
  const words = jobWords(job, sizes);
  if (LEAST_HEADROOM * live > limit) refuse(sizes, words, HEADROOM * live, LEAST_HEADROOM * live, limit, raiseLimit(HEADROOM * live));
  const headroom = HEADROOM * live <= limit ? HEADROOM : LEAST_HEADROOM;
  const batches = packBatches(names, targets, limit / headroom - others);
  if (headroom === HEADROOM) return { batches };
  return { batches, tight: new ScopesyncError(`this organisation needs about ${needSize(HEADROOM * live)} of memory ${words.doing} at full speed (${inputsText(sizes)}), more than the ${limitSize(limit)} this Node.js process may use: ${words.slower(batches.length)}, which is slower`, raiseLimit(HEADROOM * live)) };
}

/** How the messages name what the process does: the words of a refusal, and what it does slower near the limit. */
interface JobWords {
  doing: string;
  done: string;
  slower: (batches: number) => string;
}

function jobWords(job: MemoryJob, sizes: InputSizes): JobWords {
  if (job === "resolve") return { doing: "to resolve its identities", done: "resolved", slower: () => "resolving them near that limit" };
  if (job === "snapshot") return { doing: "to read its sources for their snapshots", done: "snapshotted", slower: () => "reading them near that limit" };
  if (job === "validate") return { doing: "to resolve its identities for validate", done: "validated", slower: () => "validating it near that limit" };
  if (sizes.apply) return { doing: "to re-plan and apply", done: "applied", slower: () => "re-planning and applying near that limit" };
  if (typeof job === "object" && "imported" in job) return { doing: "to import its target", done: "imported", slower: () => "importing it near that limit" };
  return { doing: "to plan", done: "planned", slower: (batches) => `planning it ${batches > 1 ? `in ${batches} batches ` : ""}near that limit` };
}

/**
 * Heap per byte of an identities snapshot while a shard is planned from it (`plan --target
 * --identities`) or the shards are merged (`plan merge`): the identities it holds (with --base, the
 * base's too) parsed back, and the planning over them; SHARD_FIXED_HEAP beside it. Fitted so that
 * the least heap the budget accepts (LEAST_HEADROOM times the whole live estimate) is above the
 * least heap that planned the largest target's shard and the merge of the synthetic
 * organisations, found by bisection of --max-old-space-size (docs/performance.md, 2026-12-07
 * midday), each "least that planned; least accepted", in MB: at 35k people with 500 NHIs and two
 * apps (a 57 MB snapshot) the shard 141; 164 and the merge 141; 153; at 35k with 7,000 NHIs
 * (65 MB) 164; 214, with --base (130 MB) 285; 324; at 100k (186 MB) the shard 415; 524 and the
 * merge 444; 549, with --base (373 MB) 751; 838; at 1M (1,896 MB) the shard 3,965; 4,871 and the
 * merge 4,250; 5,110. The weight of 2 it replaces, without the fixed part, was the least heap
 * that planned a shard at 35k, a byte, rounded up, on which the budget put its head room again:
 * at 1M it refused below 6.1 GB a shard that plans in 3.9 GB.
 */
export const HEAP_PER_SNAPSHOT_BYTE = 1.4;
/** What a shard or a merge needs beside the snapshot whatever its size (see HEAP_PER_SNAPSHOT_BYTE): the smaller the organisation, the larger its share. */
export const SHARD_FIXED_HEAP = 24 * 2 ** 20;
/** Heap per byte of the shard files `plan merge` reads (parsed JSON, every target's changes and facts), rounded up. */
export const HEAP_PER_SHARD_BYTE = 3;
/**
 * Heap per byte of the apply journal a shard reads (targets/journal-offboardings.ts: what each
 * identity's offboardings took, per target, kept while the target is planned; the journal itself
 * is streamed). Measured on 300k-line journals as apply writes them (a `start` line before each
 * `done`): 0.38 a byte with apply's reasons and a mix of actions, 0.90 where every line takes
 * something from a different identity and has no reason; rounded up. `plan merge` only hashes it.
 */
export const HEAP_PER_JOURNAL_BYTE = 1;

/**
 * Bytes a shard is planned from (the identities snapshot, its one target's state, the YAML, the
 * apply journal), or `plan merge` merges (the snapshot, every shard file, the YAML).
 */
export interface ShardSizes {
  snapshot: number;
  state: number;
  yaml: number;
  shards?: number;
  journal?: number;
}

/**
 * `plan --target NAME --identities FILE` (or `plan merge`) within `limit`: the shard reads the
 * whole snapshot and plans its one target, so it cannot be split further. Throws when it cannot fit even with the
 * least head room; returns the warning to give when it fits only near the limit.
 */
export function shardMemory(sizes: ShardSizes, limit = heapLimit()): ScopesyncError | undefined {
  const journal = sizes.journal ?? 0;
  const live = CLI_HEAP + SHARD_FIXED_HEAP + sizes.snapshot * HEAP_PER_SNAPSHOT_BYTE + sizes.state * HEAP_PER_INPUT_BYTE.states + (sizes.shards ?? 0) * HEAP_PER_SHARD_BYTE + sizes.yaml * HEAP_PER_INPUT_BYTE.yaml + journal * HEAP_PER_JOURNAL_BYTE;
  const inputs = `${size(sizes.snapshot)} of identities snapshot, ${sizes.shards !== undefined ? `${size(sizes.shards)} of shards` : `${size(sizes.state)} of target state`}, ${size(sizes.yaml)} of YAML${journal > 0 ? `, ${size(journal)} of apply journal` : ""}`;
  const what = sizes.shards !== undefined ? "this merge" : "this shard";
  if (LEAST_HEADROOM * live > limit) {
    throw new ScopesyncError(`${what} needs about ${needSize(HEADROOM * live)} of memory to plan (${inputs}), more than the ${limitSize(limit)} this Node.js process may use, and cannot be planned in less than ${needSize(LEAST_HEADROOM * live)}; nothing was read or planned`, raiseLimit(HEADROOM * live));
  }
  if (HEADROOM * live > limit) return new ScopesyncError(`${what} needs about ${needSize(HEADROOM * live)} of memory to plan at full speed (${inputs}), more than the ${limitSize(limit)} this Node.js process may use: planning it near that limit, which is slower`, raiseLimit(HEADROOM * live));
  return undefined;
}

/** Targets in name order, as many to a batch as `room` holds of their states (at least one each). */
function packBatches(names: string[], targets: Record<string, number>, room: number): string[][] {
  const batches: string[][] = [];
  let batch: string[] = [];
  let held = 0;
  for (const name of names) {
    const need = targets[name]! * HEAP_PER_INPUT_BYTE.states;
    if (batch.length > 0 && held + need > room) {
      batches.push(batch);
      batch = [];
      held = 0;
    }
    batch.push(name);
    held += need;
  }
  batches.push(batch);
  return batches;
}

function refuse(sizes: InputSizes, { doing, done }: JobWords, needed: number, least: number, limit: number, advice: string): never {
  throw new ScopesyncError(`this organisation needs about ${needSize(needed)} of memory ${doing} (${inputsText(sizes)}), more than the ${limitSize(limit)} this Node.js process may use, and cannot be ${done} in less than ${needSize(least)}; nothing was read or ${done}`, advice);
}

function inputsText(sizes: InputSizes): string {
  return [
    sizes.states > 0 ? `${size(sizes.states)} of target state` : "",
    sizes.sources > 0 ? `${size(sizes.sources)} of source exports` : "",
    sizes.snapshots ? `${size(sizes.snapshots)} of accepted source snapshots` : "",
    sizes.yaml > 0 ? `${size(sizes.yaml)} of YAML` : "",
    sizes.apply && sizes.apply.reviewedPlan > 0 ? `${size(sizes.apply.reviewedPlan)} of reviewed plan` : "",
    sizes.base ? "resolved a second time with the base revision's files" : "",
    sizes.base && sizes.rereadAtBase ? `${size(sizes.rereadAtBase)} of them read again as the base's scopesync.yaml reads them` : "",
  ]
    .filter(Boolean)
    .join(", ");
}

/** How to give the process `needed` bytes of heap, in 512 MiB steps. */
function raiseLimit(needed: number): string {
  return `raise the limit, e.g. NODE_OPTIONS=--max-old-space-size=${Math.ceil(needed / 2 ** 20 / 512) * 512} (on a machine with that much memory free)`;
}

/** Bytes of the YAML that loadRepo will parse: everything under identities/ and policies/. */
export function yamlBytes(repoDir: string, files: RepoFiles): number {
  let total = 0;
  for (const dir of POLICY_DIRS) for (const file of files.list(dir)) total += fileSize(resolve(repoDir, file));
  return total;
}

/**
 * Bytes of the source exports and target state files scopesync.yaml names (live sources count 0):
 * each source's `path`, its last snapshot (read to compare with, counted apart), and every option its type names
 * export files with (an IAM source's `roles`, a GitHub source's `deployKeys`, Okta's
 * `groupMembers`), each file once. A path outside the repository is not weighed: the config checks
 * refuse it (unless allowPathsOutsideRepo lists it), and `roles: /` must not walk the disk first.
 * Without `census`, a credential report is weighed by its size alone, not read (for a first look).
 */
export function inputSizes(config: ProjectConfig, repoDir: string, yaml: number, census = true): InputSizes {
  const allowed = (config.allowPathsOutsideRepo ?? []).map((a) => a.path);
  let sources = 0;
  const reports: ReportWeight[] = [];
  /** Where a configured path is on disk, when it is one to weigh. */
  const weighed = (path: unknown): string | undefined => (typeof path === "string" && path !== "" && !pathOutsideRepo(path, allowed) ? resolve(repoDir, path) : undefined);
  let snapshots = 0;
  for (const [name, source] of Object.entries(config.sources)) {
    const options: Record<string, unknown> = source.options ?? {};
    const main = weighed(source.path);
    const snapshot = weighed(snapshotPath(name, source));
    const paths = new Set<string>();
    for (const path of [main, snapshot, ...sourcePathOptions(source.type).map((key) => weighed(options[key]))]) {
      if (path === undefined || paths.has(path)) continue;
      paths.add(path);
      // The snapshot is JSON of the records, not an export: weighed by its own measure.
      if (path === snapshot && path !== main) {
        // A parted snapshot (sources/snapshot-parts.ts) is its head and the parts it lists.
        snapshots += listedPartFiles(path).reduce((sum, part) => sum + fileSize(resolve(dirname(path), part)), fileSize(path));
        continue;
      }
      const counted = census && path === main && source.type === "aws-iam" ? credentialReportCensus(path) : undefined;
      if (counted) reports.push({ ...counted, federation: weighed(options["roles"]) !== undefined });
      sources += counted ? counted.bytes : treeSize(path);
    }
  }
  let states = 0;
  const targets: Record<string, number> = {};
  for (const [name, target] of Object.entries(config.targets)) {
    targets[name] = fileSize(resolve(repoDir, statePath(name, target)));
    states += targets[name];
  }
  return { yaml, sources, ...(snapshots > 0 ? { snapshots } : {}), ...(reports.length > 0 ? { reports } : {}), states, targets };
}

/** A file's bytes, 0 when it is missing or unreadable. */
export function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // missing or unreadable: the stage that reads it says so, with the right message
  }
}

/** A file's size, or the sum of the files under a folder (an export written as pages). */
function treeSize(root: string): number {
  let total = 0;
  const pending = [root];
  // A list, not recursion: the depth of a folder tree must not decide whether this runs.
  while (pending.length > 0) {
    const path = pending.pop()!;
    let stat;
    try {
      stat = statSync(path);
    } catch {
      continue;
    }
    if (!stat.isDirectory()) {
      total += stat.size;
      continue;
    }
    try {
      for (const entry of readdirSync(path)) pending.push(join(path, entry));
    } catch {
      continue;
    }
  }
  return total;
}

/** An input's size, to the nearest tenth of a gigabyte above one, else rounded up to the megabyte. */
function size(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GB` : `${Math.ceil(bytes / 2 ** 20)} MB`;
}

/**
 * A need, rounded up: to the megabyte, or above a gigabyte to a tenth of one. Rounded to the
 * nearest, a limit a megabyte short of the least and the least both read "7.4 GB" in one refusal.
 */
function needSize(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(Math.ceil((bytes / 2 ** 30) * 10) / 10).toFixed(1)} GB` : `${Math.ceil(bytes / 2 ** 20)} MB`;
}

/** The heap limit, rounded down as needSize() rounds needs up: a limit below a need never reads as large as it. */
function limitSize(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(Math.floor((bytes / 2 ** 30) * 10) / 10).toFixed(1)} GB` : `${Math.floor(bytes / 2 ** 20)} MB`;
}
