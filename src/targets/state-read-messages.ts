import type { StateColumns } from "./state-columns.js";

// What read-ahead.ts and its worker thread (state-worker.ts) say to each other.

/** A request to the worker: the state files of one batch, in the order the planner takes them. */
export interface StateReadRequest {
  repoDir: string;
  files: { name: string; path: string }[];
  /**
   * The plan's last batch: nothing more will be asked, and the worker ends once it has answered,
   * so that its heap goes back while the planning thread still works (not when it next listens).
   */
  last: boolean;
}

/**
 * One file's outcome, posted as soon as it is known. `read`: the file system refused it (the
 * planning thread words it, naming where scopesync.yaml names the file); `state`: its JSON or its
 * shape is wrong (the error as readStateFile words it); `unexpected`: anything else.
 */
export type StateReadResult = { name: string; columns: StateColumns } | { name: string; failure: { kind: "read"; code?: string | undefined; message: string } | { kind: "state"; message: string; hint?: string } | { kind: "unexpected"; message: string } };
