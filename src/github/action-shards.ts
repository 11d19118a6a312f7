// Sharded planning in the Action (sharding: true): `resolve` writes the identities snapshot and
// lists the targets for the matrix; `plan` with `target` writes one target's shard; `plan` with
// `shards-dir` merges them into the same plan files an unsharded plan job leaves. Like `plan`,
// these run the pull request's own code with no token and make no GitHub call. The trusted publish
// workflow runs the same three steps with the default branch's code over the PR's files (data).
import { mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { filesAtRevision } from "../config/git-files.js";
import { workingTree } from "../config/repo-files.js";
import { readSnapshot, writeSnapshot } from "../identities-snapshot.js";
import { ScopesyncError } from "../model/errors.js";
import { parseShard, shardContents, shardPieces } from "../plan/shard.js";
import { readFileBytes } from "../model/file-bytes.js";
import { writeWholeFile } from "../model/whole-file.js";
import { mergeShards, planShard, resolveSnapshot, shardTargets } from "../shard-plan.js";
import { baseOptions, type Loaded } from "../compile.js";
import { isSyncPullRequest } from "./sync-pr-exports.js";
import type { Plan } from "../plan/plan.js";
import type { ActionContext } from "./action-io.js";
import { annotateDiagnostics, repositoryPath } from "./action-plan.js";
import { mergeIntoBase } from "./planned-tree.js";
import { loadRepo } from "../config/load-repo.js";
import { actionNow } from "./action-now.js";

export const IDENTITIES_FILE = "identities.snapshot";

/**
 * `command: resolve`: whether to shard (input `sharding`: true, false, or `config` for
 * scopesync.yaml's `sharding`), and when so the snapshot every shard plans from and the targets,
 * as JSON, for the matrix. Not sharding costs nothing: the plan job then plans in one process.
 * `base` marks this PR's changes: the commit the plan job's test merge was built on (plan.yml), the
 * same commit verified or the planned PR's base branch (publish.yml, which merged the head into it).
 */
export async function resolveAction(ctx: ActionContext, base: string | undefined): Promise<number> {
  const repo = repositoryPath(ctx);
  const dir = resolve(ctx.io.cwd, ctx.input("plan-dir", "scopesync-identities"));
  const files = workingTree(repo);
  const loaded = loadRepo(files);
  if (!loaded.repo) {
    // The plan job reports the problems (annotations, the publish job's comment): plan in one job.
    ctx.setOutput("sharding", "false");
    ctx.setOutput("targets", "[]");
    ctx.log("the repository does not validate; planning in one job, which reports each problem");
    return 0;
  }
  const setting = ctx.input("sharding", "config");
  if (!["true", "false", "config"].includes(setting)) throw new ScopesyncError(`sharding: "${setting}" is not true, false or config`, "set the input sharding to true, false or config (scopesync.yaml's sharding)");
  const sharding = setting === "config" ? loaded.repo.config.value.sharding === true : setting === "true";
  ctx.setOutput("sharding", String(sharding));
  if (!sharding) {
    ctx.setOutput("targets", "[]");
    ctx.log("sharding is off: the plan job plans every target in one process");
    return 0;
  }
  const made = await resolveSnapshot({ repoDir: repo, files, env: ctx.libraryEnv(), now: actionNow(ctx), ...(await baseOptions(repo, base, base !== undefined && isSyncPullRequest(ctx))) });
  if (!made.ok) {
    annotateDiagnostics(ctx, made.diagnostics);
    return 1;
  }
  const path = join(dir, IDENTITIES_FILE);
  mkdirSync(dir, { recursive: true });
  writeSnapshot(path, made.value);
  ctx.setOutput("identities", path);
  // The matrix: the targets of scopesync.yaml, and those this pull request removes (the base's offboarding
  // there is named in their shards; without them the merge refuses).
  const shards = shardTargets(loaded.repo.config.value, made.value);
  ctx.setOutput("targets", JSON.stringify(shards.targets));
  ctx.log(`identities ${made.value.fingerprint}: ${made.value.identities.length} identities; ${shards.said}`);
  return 0;
}

/** The snapshot the `identities` input names (the resolve job's artifact). */
async function identities(ctx: ActionContext) {
  const file = ctx.required("identities");
  return readSnapshot(resolve(ctx.io.cwd, file), file);
}

/** `command: plan` with `target`: that target's shard, `shard-<target>.json` in plan-dir. */
export async function shardAction(ctx: ActionContext, target: string): Promise<number> {
  const repo = repositoryPath(ctx);
  const dir = resolve(ctx.io.cwd, ctx.input("plan-dir", "scopesync-shards"));
  const snapshot = await identities(ctx);
  // The trusted re-plan's shard plans what its resolve job planned: the head merged into the base.
  if (ctx.event().workflow_run && snapshot.base) await mergeIntoBase(repo, snapshot.base.ref);
  const made = await planShard(target, { repoDir: repo, files: workingTree(repo), env: ctx.libraryEnv(), snapshot, shown: ctx.required("identities"), ...(snapshot.base ? { baseFiles: await filesAtRevision(repo, snapshot.base.ref) } : {}) });
  if (!made.ok) {
    annotateDiagnostics(ctx, made.diagnostics);
    return 1;
  }
  // In pieces, whole or not at all: a target's part of a large organisation's plan is longer than one string.
  const path = join(dir, `shard-${target}.json`);
  mkdirSync(dir, { recursive: true });
  writeWholeFile({ path, shown: path, pieces: shardPieces(made.value) });
  ctx.setOutput("changes", String("part" in made.value ? made.value.part.changes.length : 0));
  ctx.log(`shard ${target}: ${shardContents(made.value)}, written to ${dir}`);
  return 0;
}

/** `command: plan` with `shards-dir`: every `*.json` there, merged; the plan as an unsharded job writes it. */
export async function mergeAction(ctx: ActionContext, shardsDir: string): Promise<Loaded<{ plan: Plan }>> {
  const repo = repositoryPath(ctx);
  const from = resolve(ctx.io.cwd, shardsDir);
  let names: string[];
  try {
    names = readdirSync(from).filter((f) => f.endsWith(".json")).sort();
  } catch (e) {
    throw new ScopesyncError(`shards-dir ${shardsDir}: cannot list it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, "download every shard artifact into that directory first (actions/download-artifact with merge-multiple: true)");
  }
  const shards = names.map((f) => ({ file: `${shardsDir}/${f}`, shard: parseShard(`${shardsDir}/${f}`, readFileBytes(join(from, f))) }));
  const merged = mergeShards(shards, { repoDir: repo, files: workingTree(repo), env: ctx.libraryEnv(), snapshot: await identities(ctx), shown: ctx.required("identities") });
  return merged.ok ? { ok: true, value: { plan: merged.value } } : merged;
}
