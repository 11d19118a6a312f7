// `plan --target NAME` (one shard) and `plan merge FILE…` (the plan from every target's shard).
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { DEFAULT_RETRY, realTiming, retryingReads } from "../apply/retry.js";
import { formatDiagnostic, type Diagnostic } from "../config/diagnostic.js";
import { filesAtRevision } from "../config/git-files.js";
import { workingTree } from "../config/repo-files.js";
import { loadConfigOnly } from "../config/load-repo.js";
import { shardMemory, yamlBytes } from "../memory-budget.js";
import { statePath } from "../targets/state-file.js";
import { journalFile } from "../model/journal-record.js";
import { warnOnStderr } from "./load-or-report.js";
import { ScopesyncError } from "../model/errors.js";
import { parseShard, shardContents, shardPieces } from "../plan/shard.js";
import { readFileBytes } from "../model/file-bytes.js";
import { jsonLines, printPieces } from "./print-pieces.js";
import { mergeShards, planShard } from "../shard-plan.js";
import { readTargetsLive } from "../targets/read-targets.js";
import { closeConnectors, openConnectors } from "../connectors.js";
import { withLoginOwners } from "../login-owners.js";
import { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";
import { emitPlan, loadedConfig, type PlanOptions } from "./emit-plan.js";
import { identitiesFor } from "./resolve.js";
import { checkOutputPath, writeOutputPieces } from "./write-out.js";
import { readRetryNotice } from "./read-retry-notice.js";

function invalid(diagnostics: Diagnostic[], io: Io): number {
  for (const d of diagnostics) io.err(formatDiagnostic(d));
  io.err(`\n${diagnostics.length} problem${diagnostics.length === 1 ? "" : "s"} found; nothing was planned.`);
  return ExitCode.invalid;
}

/** One target's shard, as JSON: to a file with --out, else standard output. */
export async function planShardCommand(options: PlanOptions, io: Io): Promise<number> {
  const target = options.target!;
  if (options.format !== undefined && options.format !== "json") {
    throw new ScopesyncError(`plan --target writes a shard for plan merge, which is JSON; --format ${options.format} is not available with it`, `scopesync plan --target NAME --identities ${options.identities ?? "identities.snapshot"} --out shards/NAME.json for each target, then scopesync plan merge shards/*.json --identities ${options.identities ?? "identities.snapshot"} --format ${options.format}`);
  }
  if (options.detailedExitcode) throw new ScopesyncError("--detailed-exitcode is for whole plans: a shard does not know whether the plan is blocked", "use it with scopesync plan merge");
  if (options.out) checkOutputPath(resolve(io.cwd, options.out), options.out);
  if (options.identities) weighShard(options.repo, resolve(io.cwd, options.identities), io, options.live ? { live: true, journal: options.journal } : { target, journal: options.journal });
  const snapshot = await identitiesFor(options, io);
  if (typeof snapshot === "number") return snapshot;
  const baseFiles = snapshot.base ? await filesAtRevision(options.repo, snapshot.base.ref) : undefined;
  const files = workingTree(options.repo);
  // --live: only this target's connector is opened and read. A target this pull request removes has
  // none: its shard reads the base's saved state of it, as a one-process plan --live --base does.
  const removed = snapshot.base?.removedTargets?.includes(target) === true;
  const connectors = options.live && !removed ? openConnectors(loadedConfig(options.repo), options.repo, io.env, () => Date.parse(snapshot.inputs.now), target) : undefined;
  let made;
  try {
    made = await planShard(target, {
      repoDir: options.repo,
      files,
      env: io.env,
      snapshot,
      shown: options.identities ?? "the identities resolved here",
      ...journalOption(options),
      ...(baseFiles ? { baseFiles } : {}),
      ...(connectors ? { readTarget: () => readTargetsLive(retryingReads(connectors, DEFAULT_RETRY, realTiming, readRetryNotice(io))), lookUpLogins: connectors } : {}),
    });
    // Live: whom each login to be invited names now, as plan --live records it (login-owners.ts).
    if (connectors && made.ok && "part" in made.value) {
      const owned = await withLoginOwners(made.value.part.changes, connectors);
      made.value.part.changes = owned.changes;
      for (const f of owned.findings) made.value.part.findings.push(f);
    }
  } finally {
    if (connectors) await closeConnectors(connectors);
  }
  if (!made.ok) return invalid(made.diagnostics, io);
  // In pieces: a target's part of a large organisation's plan is longer than one string.
  if (options.out) {
    await writeOutputPieces(resolve(io.cwd, options.out), shardPieces(made.value), options.out);
    io.err(`shard for target ${target} written to ${options.out} (${shardContents(made.value)}); merge every target's shard with scopesync plan merge`);
  } else if (!(await printPieces(io, jsonLines(shardPieces(made.value))))) io.err("shard not all written to standard output: its reader closed it first");
  return ExitCode.ok;
}

/** The plan from the shards: refused unless there is one per target, all from the same identities. */
export async function planMergeCommand(options: PlanOptions, io: Io): Promise<number> {
  if (options.target !== undefined) throw new ScopesyncError("plan merge combines every target's shard; --target does not apply", `leave --target out: scopesync plan merge crm.json github.json … --identities ${options.identities ?? "identities.snapshot"}`);
  if (options.live) throw new ScopesyncError("plan merge reads no target: the shards did", "leave --live out; give it to each plan --target job instead");
  // Resolving again here would read every source a second time (what sharding saves) and give the
  // shards' identities only by luck (same --now, same exports); the shards name the snapshot they
  // were planned from by its fingerprint, so the merge needs that snapshot.
  if (!options.identities) {
    const files = options.shards?.length ? options.shards.join(" ") : "crm.json github.json …";
    throw new ScopesyncError("plan merge needs --identities FILE: the identities snapshot the shards were planned from", `scopesync plan merge ${files} --identities identities.snapshot (the file scopesync resolve --out identities.snapshot wrote, which each plan --target --identities job used)`);
  }
  if (options.out) checkOutputPath(resolve(io.cwd, options.out), options.out);
  weighShard(options.repo, resolve(io.cwd, options.identities), io, { shards: (options.shards ?? []).map((file) => resolve(io.cwd, file)) });
  const shards = (options.shards ?? []).map((file) => ({ file, shard: parseShard(file, readShard(resolve(io.cwd, file), file)) }));
  const snapshot = await identitiesFor(options, io);
  if (typeof snapshot === "number") return snapshot;
  const merged = mergeShards(shards, { repoDir: options.repo, files: workingTree(options.repo), env: io.env, snapshot, shown: options.identities, ...journalOption(options) });
  if (!merged.ok) return invalid(merged.diagnostics, io);
  return emitPlan(merged.value, options, io);
}

/** `--journal FILE`, relative to the repository as `plan` takes it; else the configured journal. */
function journalOption(options: PlanOptions): { journalPath?: string } {
  return options.journal ? { journalPath: resolve(options.repo, options.journal) } : {};
}

function readShard(path: string, file: string): Buffer {
  try {
    return readFileBytes(path);
  } catch (e) {
    throw new ScopesyncError(`${file}: cannot read the shard (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, "pass the files scopesync plan --target NAME --out FILE wrote");
  }
}

/**
 * A shard (or the merge of them) that cannot fit this process's heap is refused before the
 * snapshot is read, not by a V8 fatal error while it is planned; one that fits only near the limit
 * is said to be slower. With --live the state file says nothing of what the live read holds, and
 * is not weighed. A shard reads the apply journal (`journal`: its --journal), which is weighed; the
 * merge only hashes it.
 */
function weighShard(repoDir: string, snapshotPath: string, io: Io, what: { target: string; journal?: string } | { live: true; journal?: string } | { shards: string[] }): void {
  const files = workingTree(repoDir);
  const bytes = (path: string) => {
    try {
      return statSync(path).size;
    } catch {
      return 0; // the reader says what is wrong with it
    }
  };
  const config = loadConfigOnly(files);
  const configured = "target" in what ? config?.targets[what.target] : undefined;
  const state = "target" in what && configured ? bytes(resolve(repoDir, statePath(what.target, configured))) : 0;
  const shards = "shards" in what ? { shards: what.shards.reduce((sum, f) => sum + bytes(f), 0) } : {};
  const journal = "shards" in what ? {} : { journal: bytes(journalFile(repoDir, config, what.journal)) };
  const tight = shardMemory({ snapshot: bytes(snapshotPath), state, yaml: yamlBytes(repoDir, files), ...shards, ...journal });
  if (tight) warnOnStderr(io)(tight);
}
