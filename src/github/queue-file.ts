// What the queue job hands to the apply and report jobs, as files in one artifact of the same run:
// queue.json (the commits in order, each with its reviewed plan's facts) and plans/<sha>.json (the
// reviewed plan each commit is applied with). The apply jobs then ask GitHub one thing only: the
// default branch's tip (branch-tip.ts), with `contents: read`.
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ScopesyncError } from "../model/errors.js";
import { writeWholeFile } from "../model/whole-file.js";
import { canonicalJsonFilePieces } from "../model/canonical-json.js";
import { readFileBytes } from "../model/file-bytes.js";
import { parseJsonBytes } from "../model/large-json.js";
import type { Plan } from "../plan/plan.js";
import type { ApplyPhase, ApplyReviewedResult } from "./apply-reviewed.js";

export const QUEUE_FILE = "queue.json";

export interface QueueItem {
  sha: string;
  /** The merged pull request, when the commit came from one. */
  pr?: number;
  /** A reviewed plan was found and trusted; false: nothing reviewed (revocations only). */
  reviewed: boolean;
  fingerprint: string;
  /** The plan file, relative to the queue directory. */
  planFile: string;
  /** Reviewed changes that give access (they wait for the approval of the grants job). */
  grants: number;
  revocations: number;
  /** Why nothing counts as reviewed, when so. */
  note?: string;
}

export interface QueueFile {
  formatVersion: 1;
  head: string;
  lastApplied?: string;
  /**
   * The branch's tip when the commits after `head` up to it change what the plan reads (or that
   * cannot be told): the queue is empty, a newer commit's run applies (branch-tip.ts).
   */
  supersededBy?: string;
  organisation: string;
  targets: string[];
  items: QueueItem[];
}

/** One target's results for every queued commit, in order, for one phase. */
export interface CommitResult extends Omit<ApplyReviewedResult, "status"> {
  sha: string;
  pr?: number;
  /**
   * `waiting`: not tried, an earlier commit of this target did not apply; `error`: apply stopped
   * with an error; `superseded`: not tried, commits after the queue's head that change what the
   * plan reads were on the default branch when the job started (branch-tip.ts), so the newer
   * commit's run applies it; `tip-unread`: not tried, the job could not read the default branch's
   * tip from GitHub, so whether this run is still the newest could not be told.
   */
  status: ApplyReviewedResult["status"] | "waiting" | "error" | "superseded" | "tip-unread";
}
export interface ResultFile { formatVersion: 1; target: string; phase: ApplyPhase; commits: CommitResult[] }

/** Whole or not at all (model/whole-file.ts): a reader never sees half a file, and a full disk names it. */
export function writeJsonFile(path: string, value: unknown): string {
  mkdirSync(dirname(path), { recursive: true });
  writeWholeFile({ path, shown: path, pieces: [`${JSON.stringify(value, null, 2)}\n`] });
  return path;
}

/**
 * A queued plan, written a change at a time (canonical JSON, as `plan --format json` writes it):
 * a reviewed plan can be longer than a string, and JSON.stringify of it failed.
 */
export function writePlanFile(path: string, plan: Plan): string {
  mkdirSync(dirname(path), { recursive: true });
  writeWholeFile({ path, shown: path, pieces: canonicalJsonFilePieces(plan) });
  return path;
}

/** A queued plan read back, of any length (model/large-json.ts), or the same error readJsonFile gives. */
export function readPlanFile(path: string, what: string): Plan {
  let bytes: Buffer;
  try {
    bytes = readFileBytes(path);
  } catch (e) {
    throw queueFileError(path, what, (e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
  const read = parseJsonBytes(bytes);
  if (!read.ok) throw queueFileError(path, what, read.problem);
  return read.value as Plan;
}

function queueFileError(path: string, what: string, why: string): ScopesyncError {
  return new ScopesyncError(`cannot read ${what} (${path}): ${why}`, "download the queue job's artifact \"scopesync-queue\" into the queue-dir path first");
}

export function readJsonFile<T>(path: string, what: string): T {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch (e) {
    throw queueFileError(path, what, (e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
}

export function readQueue(dir: string): QueueFile {
  const queue = readJsonFile<QueueFile>(join(dir, QUEUE_FILE), "the apply queue");
  if (queue.formatVersion !== 1 || !Array.isArray(queue.items)) throw new ScopesyncError(`${join(dir, QUEUE_FILE)} is not an apply queue of this scopesync`);
  return queue;
}
