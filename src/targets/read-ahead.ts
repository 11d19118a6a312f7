import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ProjectConfig } from "../model/documents.js";
import { ScopesyncError } from "../model/errors.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { readTargets, stateNamedAt, type TargetRead } from "./read-targets.js";
import { stateFromColumns } from "./state-columns.js";
import { cannotReadState, statePath } from "./state-file.js";
import type { StateReadRequest, StateReadResult } from "./state-read-messages.js";

/** The worker's script beside this module's compiled form (dist/targets/). */
const WORKER = new URL("./state-worker.js", import.meta.url);

/**
 * Reads the target state files of a plan on a second thread, ahead of the planning thread: the
 * batches asked for with start(), in order, while the planning thread reads the sources, resolves
 * the identities or plans an earlier batch. Parsing a million people's state files took the
 * planning thread as long as its diff, on a core that sat idle; it now only makes views of the
 * accounts the thread hands over as columns (state-columns.ts).
 *
 * What the planner gets is what readTargets gives, error for error, in the same order. Where no
 * worker can be started (its script is not beside this module, as when the sources run
 * untranspiled) or one fails, the batch is read on the planning thread instead.
 */
export class StateReadAhead {
  private readonly pending = new Map<number, Map<string, Promise<StateReadResult>>>();
  private readonly waiting = new Map<string, { resolve: (r: StateReadResult) => void; reject: (e: Error) => void }>();
  /** The thread reading for this plan, made with the first batch; undefined before, and once it failed or was closed. */
  private worker: Worker | undefined;
  private failed = false;
  /** Batches taken so far. */
  private taken = 0;

  constructor(
    private readonly repoDir: string,
    private readonly config: ProjectConfig,
    private readonly batches: readonly (readonly string[])[],
    private readonly script: URL = WORKER,
  ) {}

  /** Starts reading batch `i` (once), when a worker can read it. */
  start(i: number): void {
    const batch = this.batches[i];
    if (!batch || this.pending.has(i) || this.failed) return;
    const files = [...batch].sort().flatMap((name) => {
      const target = this.config.targets[name];
      // A file target without a path is refused by take(), as readTargets refuses it.
      return target && !(target.type === "file" && !target.path) ? [{ name, path: statePath(name, target) }] : [];
    });
    if (files.length === 0) return;
    const worker = this.worker ?? this.spawn();
    if (!worker) return;
    const results = new Map<string, Promise<StateReadResult>>();
    for (const f of files) {
      const result = new Promise<StateReadResult>((resolve, reject) => this.waiting.set(f.name, { resolve, reject }));
      // The planner may never take this batch (an earlier one failed), or take it after the worker failed: either is handled there.
      result.catch(() => undefined);
      results.set(f.name, result);
    }
    const request: StateReadRequest = { repoDir: this.repoDir, files, last: i === this.batches.length - 1 };
    worker.postMessage(request);
    this.pending.set(i, results);
  }

  private spawn(): Worker | undefined {
    if (!existsSync(fileURLToPath(this.script))) {
      this.failed = true;
      return undefined;
    }
    let worker: Worker;
    try {
      worker = new Worker(this.script);
    } catch {
      this.failed = true;
      return undefined;
    }
    const failAll = (e: Error): void => {
      this.failed = true;
      this.worker = undefined;
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    };
    worker.on("message", (m: StateReadResult) => {
      this.waiting.get(m.name)?.resolve(m);
      this.waiting.delete(m.name);
      // Every batch asked for is read: the thread's memory goes back before the diffs need it.
      if (this.waiting.size === 0 && this.pending.size + this.taken === this.batches.length) void this.close();
    });
    worker.on("error", failAll);
    worker.on("exit", (code) => failAll(new Error(`the state reading thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  /**
   * Batch `i`'s target states, as readTargets(repo, repoDir, batch) gives them, and the next
   * batch's read started. Read here when no worker read them (or read other targets).
   */
  async take(repo: PolicyRepo, i: number, batch: readonly string[]): Promise<Map<string, TargetRead>> {
    const results = sameNames(this.batches[i] ?? [], batch) ? this.pending.get(i) : undefined;
    if (this.pending.delete(i)) this.taken++;
    this.start(i + 1);
    if (!results) return readTargets(repo, this.repoDir, batch);
    const out = new Map<string, TargetRead>();
    try {
      for (const name of [...batch].sort()) {
        const target = repo.config.value.targets[name];
        const result = results.get(name);
        // Whatever the worker was not given, readTargets words (a file target without a path).
        if (!target || !result) return readTargets(repo, this.repoDir, batch);
        const path = statePath(name, target);
        const r = await result;
        if ("columns" in r) {
          out.set(name, { state: stateFromColumns(r.columns), readFrom: path });
          continue;
        }
        const f = r.failure;
        if (f.kind === "read") throw cannotReadState(path, name, f, stateNamedAt(repo, name));
        if (f.kind === "state") throw new ScopesyncError(f.message, f.hint);
        return readTargets(repo, this.repoDir, batch);
      }
    } catch (e) {
      if (e instanceof ScopesyncError) throw e;
      // The worker failed (it ran out of its memory, or stopped): read the batch here, as without one.
      return readTargets(repo, this.repoDir, batch);
    }
    return out;
  }

  /** Stops the worker (after the last batch, or a plan that failed before taking every batch). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failed = true;
    await worker?.terminate();
  }
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, k) => name === b[k]);
}
