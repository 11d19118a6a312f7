import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { getHeapStatistics } from "node:v8";
import { POLICY_DIRS } from "./config/load-repo.js";
import type { RepoFiles } from "./config/repo-files.js";
import { ScopesyncError } from "./model/errors.js";
import type { ProjectConfig } from "./model/documents.js";
import { statePath } from "./targets/state-file.js";

// Planning holds the whole organisation in memory (DESIGN.md "Scale"). An organisation too large
// for the heap used to run for minutes and then die in a V8 fatal error with a native stack. The
// input files' sizes tell beforehand, closely enough, how much heap the plan will need: this
// refuses, before any source or target is read, a run that cannot fit, and says what to do.

/**
 * Bytes of live heap per byte of input, measured with the synthetic organisations of
 * bench/synthetic-org.mjs (100k and 300k people, and 10k people with 90k NHIs; README
 * "Performance"), heap after a full collection at the end of planning:
 * - yaml: identities/ and policies/ (the documents, their positions, the NHI identities), 11-12x;
 * - sources: export files (the records, and the person identities resolved from them), 15-16x;
 * - states: target state files (their accounts; JSON is already compact), 1.4-1.5x.
 * Each factor is the largest measured, rounded up.
 */
export const HEAP_PER_INPUT_BYTE = { yaml: 12, sources: 16, states: 1.5 } as const;
/** Garbage between collections and the plan's own output come on top of what stays live. */
export const HEADROOM = 1.25;

export interface InputSizes {
  yaml: number;
  sources: number;
  states: number;
}

/** The heap, in bytes, a plan over inputs of these sizes needs. */
export function heapNeeded(sizes: InputSizes): number {
  return HEADROOM * (sizes.yaml * HEAP_PER_INPUT_BYTE.yaml + sizes.sources * HEAP_PER_INPUT_BYTE.sources + sizes.states * HEAP_PER_INPUT_BYTE.states);
}

/** The heap this process may grow to (`--max-old-space-size`, or V8's default for the machine). */
export function heapLimit(): number {
  return getHeapStatistics().heap_size_limit;
}

/**
 * Throws, with how much is needed and how to get it, when the inputs need more heap than `limit`.
 */
export function checkMemory(sizes: InputSizes, limit = heapLimit()): void {
  const needed = heapNeeded(sizes);
  if (needed <= limit) return;
  const mib = Math.ceil(needed / 2 ** 20 / 512) * 512;
  const parts = [
    sizes.states > 0 ? `${size(sizes.states)} of target state` : "",
    sizes.sources > 0 ? `${size(sizes.sources)} of source exports` : "",
    sizes.yaml > 0 ? `${size(sizes.yaml)} of YAML` : "",
  ].filter(Boolean);
  throw new ScopesyncError(
    `this organisation needs about ${size(needed)} of memory to plan (${parts.join(", ")}), more than the ${size(limit)} this Node.js process may use; nothing was read or planned`,
    `raise the limit, e.g. NODE_OPTIONS=--max-old-space-size=${mib} (on a machine with that much memory free), or plan one target per job with scopesync plan --target NAME and combine the shards with scopesync plan merge`,
  );
}

/** Bytes of the YAML that loadRepo will parse: everything under identities/ and policies/. */
export function yamlBytes(repoDir: string, files: RepoFiles): number {
  let total = 0;
  for (const dir of POLICY_DIRS) for (const file of files.list(dir)) total += fileSize(resolve(repoDir, file));
  return total;
}

/** Bytes of the source exports and target state files scopesync.yaml names (live sources count 0). */
export function inputSizes(config: ProjectConfig, repoDir: string, yaml: number): InputSizes {
  let sources = 0;
  for (const source of Object.values(config.sources)) {
    const options = source.options ?? {};
    for (const path of [source.path, source.snapshot, options.groups, options.groupMembers]) {
      if (typeof path === "string" && path !== "") sources += treeSize(resolve(repoDir, path));
    }
  }
  let states = 0;
  for (const [name, target] of Object.entries(config.targets)) states += fileSize(resolve(repoDir, statePath(name, target)));
  return { yaml, sources, states };
}

function fileSize(path: string): number {
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

function size(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GB` : `${Math.ceil(bytes / 2 ** 20)} MB`;
}
