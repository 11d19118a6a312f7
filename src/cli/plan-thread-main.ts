// The planning thread (plan-thread.ts): `plan` with the options the CLI parsed, on the process's
// own standard streams, failing as the CLI fails. Its exit code is the thread's.
import { workerData } from "node:worker_threads";
import { processIo, redactingIo } from "./io.js";
import { planCommand } from "./plan.js";
import type { PlanThreadData } from "./plan-thread.js";
import { reportError } from "./report-error.js";

const { options, debug, isTTY, heapLimit } = workerData as PlanThreadData;
// The thread's process.stdout is not a terminal even when the CLI's is: the CLI says which it is.
const io = redactingIo({ ...processIo(), isTTY });
let code: number;
try {
  code = await planCommand(options, io, { debug, onThread: { heapLimit } });
} catch (e) {
  code = reportError(e, io, debug, "plan");
}
process.exit(code);
