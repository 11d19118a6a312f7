import { resolve } from "node:path";
import { parentPort } from "node:worker_threads";
import { ScopesyncError } from "../model/errors.js";
import { readStateColumns } from "./state-stream.js";
import { TextReader } from "./text-reader.js";
import type { StateReadResult, StateReadRequest } from "./state-read-messages.js";

// The worker thread of read-ahead.ts: reads and parses the state files it is asked for, one after
// another, on the machine's other core, and hands each over as columns (state-columns.ts), whose
// buffers move to the planning thread without a copy. One thread reads every batch of a plan, so
// the memory it parsed the first batch in is the memory it parses the next in: on virtual
// machines that back memory only when it is first written, fresh memory costs seconds a gigabyte.

const reader = new TextReader();
parentPort!.on("message", (request: StateReadRequest) => {
  for (const file of request.files) {
    let bytes: Buffer;
    try {
      bytes = reader.readBytes(resolve(request.repoDir, file.path));
    } catch (e) {
      post({ name: file.name, failure: { kind: "read", code: (e as NodeJS.ErrnoException).code, message: (e as Error).message } });
      continue;
    }
    try {
      const columns = readStateColumns(bytes, file.path, file.name);
      post({ name: file.name, columns }, [columns.text, columns.starts.buffer as ArrayBuffer, columns.fields.buffer as ArrayBuffer]);
    } catch (e) {
      // Anything but the state's own error (out of memory in this thread) is the planning thread's to report as it would its own.
      post({ name: file.name, failure: e instanceof ScopesyncError ? { kind: "state", message: e.message, ...(e.hint !== undefined ? { hint: e.hint } : {}) } : { kind: "unexpected", message: (e as Error).message } });
    }
  }
  // Every answer posted before the thread ends reaches the planning thread before its 'exit' event.
  // Ending here gives the thread's heap back at once: the planning thread would end it only when
  // it next waits for a batch, after its own peak (1M people: a peak RSS of 4.57 GB, 4.24 this way).
  if (request.last) process.exit(0);
});

function post(result: StateReadResult, transfer: ArrayBuffer[] = []): void {
  parentPort!.postMessage(result, transfer);
}
