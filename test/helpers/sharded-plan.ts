// Sharded planning through the CLI, as the workflows run it: `resolve` once, `plan --target NAME`
// per target, `plan merge` of every shard. For the tests that compare it with the one-process plan.
import { join } from "node:path";
import { runCli, type CliResult } from "./run-cli.js";

export interface Sharded {
  /** The merged plan's JSON (standard output of `plan merge --format json`). */
  json: string;
  /** Each step's exit code: resolve, each shard, the merge. */
  codes: number[];
  stderr: string;
  /** The shard files, in target order. */
  files: string[];
  /** The merge again, in another format (or with more options). */
  merge: (format: string, more?: string[]) => Promise<CliResult>;
}

/**
 * resolve (with `resolveArgs`), one shard per target and the merge (each with `planArgs`, such as
 * `--journal FILE`), every file written under `out` with names from `tag`.
 */
export async function shardAndMerge(repo: string, targets: readonly string[], out: string, tag: string, resolveArgs: string[] = [], planArgs: string[] = []): Promise<Sharded> {
  const snapshot = join(out, `${tag}.snapshot`);
  const codes: number[] = [];
  let stderr = "";
  const resolved = await runCli(["resolve", "--repo", repo, "--out", snapshot, ...resolveArgs]);
  codes.push(resolved.code);
  stderr += resolved.stderr;
  const files: string[] = [];
  for (const t of targets) {
    const file = join(out, `${tag}-${t}.json`);
    const r = await runCli(["plan", "--repo", repo, "--target", t, "--identities", snapshot, "--out", file, ...planArgs]);
    codes.push(r.code);
    stderr += r.stderr;
    files.push(file);
  }
  // The shards in another order than the targets': merge orders them itself.
  const merge = (format: string, more: string[] = []) => runCli(["plan", "merge", ...[...files].reverse(), "--repo", repo, "--identities", snapshot, "--format", format, ...planArgs, ...more]);
  const merged = await merge("json");
  codes.push(merged.code);
  return { json: merged.stdout, codes, stderr: stderr + merged.stderr, files, merge };
}
