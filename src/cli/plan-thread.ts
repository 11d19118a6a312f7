import { existsSync } from "node:fs";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { getHeapStatistics } from "node:v8";
import { loadConfigOnly } from "../config/load-repo.js";
import { workingTree } from "../config/repo-files.js";
import { heapLimit, sizeFlag, YOUNG_GENERATION } from "../heap-limit.js";
import { inputSizes, yamlBytes } from "../memory-budget.js";
import { ScopesyncError } from "../model/errors.js";
import { termMessage } from "../plan/render/escape.js";
import { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";
import type { PlanOptions } from "./emit-plan.js";

// A large plan runs on a thread of its own whose young generation is sized for it. Planning makes
// millions of objects that live to the end (identities, findings, changes) beside far more garbage,
// and V8 copies each long-lived one through its young generation before it settles: with Node.js
// 20's and 22's 16 MB semi-spaces that copying was most of the collector's time (docs/performance.md).
// A running process cannot enlarge its own young generation (`--max-semi-space-size` is read when
// the heap is made), but a worker thread's heap is made with the limits it is given
// (`resourceLimits.maxYoungGenerationSizeMb`, Node.js's worker_threads documentation). The thread
// also turns running out of heap into an error event instead of a V8 fatal error that ends the
// process with a native stack: said here in one line, with what to do.

const MB = 2 ** 20;
/** The worker's script beside this module's compiled form (dist/cli/). */
const SCRIPT = new URL("./plan-thread-main.js", import.meta.url);
/**
 * Input bytes (YAML, exports, states) from which a plan moves to its thread: about 200,000 people
 * in the benchmarks' shape. Below it a larger young generation cost more than it saved: the
 * 100k-people organisation (130 MB of inputs) planned in 20 to 27 s with 256 MB semi-spaces against
 * 15 to 16 s without, its fresh pages paid for and little of its garbage the longer-lived for it
 * (docs/performance.md, 2026-12-06).
 */
export const PLAN_THREAD_INPUT_BYTES = 256 * MB;
/**
 * The planning thread's semi-space, 8x Node.js 20's and 22's 16 MB and 2x Node.js 24's 64 MB. Measured
 * on the benchmarks' 1M-people and NHI-heavy organisations against 16, 64 and 256 MB: 64 made no
 * difference, 256 the most but with 0.4 to 0.6 GB more peak memory, 128 most of 256's gain within
 * 0.1 to 0.3 GB (docs/performance.md, 2026-12-06).
 */
export const PLAN_THREAD_SEMI_SPACE = 128 * MB;

/** What the planning thread is given: the options, as the CLI parsed them, and where it may grow. */
export interface PlanThreadData {
  options: PlanOptions;
  debug: boolean;
  /** The CLI's Io as it says of itself: the thread's own streams are no terminal, and its directory is the process's. */
  isTTY: boolean;
  cwd: string;
  /** Standard output is the process's, redirected to a file: the thread writes there itself, in order. */
  stdoutIsFile: boolean;
  /** The old generation the memory budget plans for, in bytes: the parent's, as it would have planned. */
  heapLimit: number;
}

/**
 * Whether this plan runs on the planning thread: written to a file (`--out`, or the process's
 * standard output redirected to one, which the thread writes itself; what it writes to standard
 * output otherwise passes through this thread, held in memory while a slow reader reads),
 * large enough, and where the young generation would grow: not when `--max-semi-space-size` was
 * given (the person chose) or V8's default is already as large. SCOPESYNC_PLAN_THREAD=on or off
 * decides instead of the size.
 */
export function planThreadWanted(options: PlanOptions, io: Io): boolean {
  const setting = io.env["SCOPESYNC_PLAN_THREAD"];
  if (setting !== undefined && setting !== "" && setting !== "on" && setting !== "off") {
    throw new ScopesyncError(`SCOPESYNC_PLAN_THREAD is "${setting}": it takes on or off`, "unset it to let the organisation's size decide, or set it to on or off");
  }
  if (setting === "off") return false;
  if (options.out === undefined && !io.processStreams?.stdoutIsFile) return false;
  if (!existsSync(fileURLToPath(SCRIPT))) return false; // running untranspiled: no script to start
  if (setting === "on") return true;
  if (sizeFlag({ execArgv: process.execArgv, nodeOptions: process.env.NODE_OPTIONS }, "max-semi-space-size") !== undefined) return false;
  if (defaultYoungGeneration() >= 3 * PLAN_THREAD_SEMI_SPACE) return false;
  return inputBytes(options.repo) >= PLAN_THREAD_INPUT_BYTES;
}

/**
 * Runs `plan` with these options on the planning thread; its exit code, or 1 with a one-line error
 * when the thread fails. `script` and `limit` are for tests: a thread that runs out of heap.
 */
export async function planOnThread(options: PlanOptions, io: Io, debug: boolean, script: URL = SCRIPT, limit = heapLimit()): Promise<number> {
  const young = 3 * PLAN_THREAD_SEMI_SPACE;
  // Said only with --debug: the plan is the same either way, only its speed and its memory differ.
  if (debug) io.err(`debug: planning on a thread of its own: ${young / MB} MB of young generation (${PLAN_THREAD_SEMI_SPACE / MB} MB semi-spaces), ${Math.floor(limit / MB)} MB of old (SCOPESYNC_PLAN_THREAD=off plans without it)`);
  const data: PlanThreadData = { options, debug, isTTY: io.isTTY, cwd: io.cwd, stdoutIsFile: io.processStreams?.stdoutIsFile ?? false, heapLimit: limit };
  const worker = new Worker(script, {
    workerData: data,
    env: { ...io.env },
    // What the thread writes reaches this Io, line by line: the person's terminal, or a test's.
    stdout: true,
    stderr: true,
    resourceLimits: { maxOldGenerationSizeMb: Math.floor(limit / MB), maxYoungGenerationSizeMb: young / MB },
  });
  const written = Promise.all([relayLines(worker.stdout, io.out), relayLines(worker.stderr, io.err)]);
  let failure: Error | undefined;
  worker.on("error", (e) => (failure = e));
  const code = await new Promise<number>((resolve) => worker.on("exit", resolve));
  await written;
  if (failure === undefined) return code;
  if ((failure as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY") {
    io.err(`error: planning ran out of memory: the ${Math.round(limit / MB)} MB of heap this Node.js process may use were not enough, though the memory budget expected them to be`);
    io.err("  fix: give Node.js more heap (NODE_OPTIONS=--max-old-space-size=MB, about twice as much), or plan one target per job (scopesync resolve --out identities.snapshot; plan --target NAME; plan merge); please report the organisation's size");
  } else {
    io.err(`error: unexpected failure: the planning thread stopped: ${termMessage(failure.message)}`);
    io.err("  fix: this is a bug in scopesync; run again with SCOPESYNC_PLAN_THREAD=off and --debug and report the output");
  }
  return ExitCode.invalid;
}

/** Passes a stream's text on a whole line at a time (an Io writes lines); resolves once the stream ended. */
function relayLines(stream: Readable, write: (line: string) => void): Promise<void> {
  let pending = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop()!;
    for (const line of lines) write(line);
  });
  return new Promise((resolve) =>
    stream.on("end", () => {
      if (pending !== "") write(pending);
      resolve();
    }),
  );
}

/** Bytes of what the plan reads, by the files' sizes alone (nothing parsed); 0 when scopesync.yaml cannot be read. */
function inputBytes(repoDir: string): number {
  const files = workingTree(repoDir);
  const config = loadConfigOnly(files);
  if (!config) return 0;
  const sizes = inputSizes(config, repoDir, yamlBytes(repoDir, files), false);
  return sizes.yaml + sizes.sources + (sizes.snapshots ?? 0) + sizes.states;
}

/** This process's young generation: V8's whole heap limit less the old generation it may grow to. */
function defaultYoungGeneration(): number {
  const young = getHeapStatistics().heap_size_limit - heapLimit();
  return young > 0 ? young : YOUNG_GENERATION.v8Before13;
}
