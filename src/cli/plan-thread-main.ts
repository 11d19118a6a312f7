// The planning thread (plan-thread.ts): `plan` with the options the CLI parsed, on the process's
// own standard streams, failing as the CLI fails. Its exit code is the thread's.
import { workerData } from "node:worker_threads";
import { processIo, redactingIo } from "./io.js";
import { planCommand } from "./plan.js";
import type { PlanThreadData } from "./plan-thread.js";
import { reportError } from "./report-error.js";

const { options, debug, isTTY, cwd, stdoutIsFile, heapLimit } = workerData as PlanThreadData;
// The thread's own process.stdout and stderr pass what it writes to the CLI's Io (plan-thread.ts),
// except standard output redirected to a file, written here straight to the file, in order.
const own = processIo();
const line = (t: string): string => (t.endsWith("\n") ? t : `${t}\n`);
const io = redactingIo({ ...own, out: stdoutIsFile ? own.out : (t) => void process.stdout.write(line(t)), err: (t) => void process.stderr.write(line(t)), isTTY, cwd });
let code: number;
try {
  code = await planCommand(options, io, { debug, onThread: { heapLimit } });
} catch (e) {
  code = reportError(e, io, debug, "plan");
}
process.exit(code);
