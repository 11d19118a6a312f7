import { fstatSync, writeSync } from "node:fs";
import { writeAllSync } from "../model/whole-file.js";
import { redact } from "../model/redact.js";
import { stdoutError, streamFailure, type StandardStream } from "./stream-failure.js";
import { maskSecretShapes } from "../model/secret-shapes.js";

/** Where a command writes. Injected so tests run commands in-process and read what a person sees. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Colour and progress lines only on a terminal. */
  isTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
  /**
   * Resolves once standard output has taken what was printed. Node queues what a pipe's reader
   * has not read yet in memory, all of it (a write to a pipe returns before the reader takes it):
   * a large output printed faster than it was read was held whole, and `identities` of a million
   * people died of heap printing it into `| wc -c`. Absent where nothing waits (tests, files).
   * False once the reader has closed the pipe: nothing more is printed, so none need be made.
   */
  drained?(): Promise<boolean>;
  /** Set by processIo only: these are the process's own streams; a redirected standard output file the planning thread writes itself (plan-thread.ts). */
  processStreams?: { stdoutIsFile: boolean };
}

/**
 * The same Io with every secret the process knows scrubbed from what it writes (see model/redact).
 * Standard error carries errors, warnings and progress, never data another tool reads: a value
 * there shaped like a secret is not shown either (maskSecretShapes).
 */
export function redactingIo(io: Io): Io {
  return { ...io, out: (t) => io.out(redact(t)), err: (t) => io.err(maskSecretShapes(redact(t))) };
}

export function processIo(): Io {
  // A stream whose reader closed the pipe is written no more (streamFailure).
  const gone = { out: false, err: false };
  endOnWriteError(process.stdout, "standard output", stopProcess, () => (gone.out = true));
  endOnWriteError(process.stderr, "standard error", stopProcess, () => (gone.err = true));
  const toFile = stdoutIsFile();
  const out = toFile ? writeToStdoutFile : (t: string) => void process.stdout.write(t);
  return {
    out: (t) => gone.out || out(t.endsWith("\n") ? t : `${t}\n`),
    err: (t) => gone.err || process.stderr.write(t.endsWith("\n") ? t : `${t}\n`),
    ...(toFile ? {} : { drained: async () => !gone.out && (await drained(process.stdout), !gone.out) }),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
    processStreams: { stdoutIsFile: toFile },
  };
}

/**
 * Standard output redirected to a file (`plan > plan.json`): Node writes it with one write(2) per
 * call and drops what a short write did not take, which is what write(2) does first when the disk
 * fills ("the number of bytes written may be less than count", write(2)): the plan was cut off and
 * the run ended 0. Written here until every byte is taken; the write that then fails stops the
 * command with its one-line error, before anything claims success.
 */
function writeToStdoutFile(text: string): void {
  try {
    writeAllSync(1, text);
  } catch (e) {
    throw stdoutError(e);
  }
}

function stdoutIsFile(): boolean {
  try {
    return fstatSync(1).isFile();
  } catch {
    return false;
  }
}

/**
 * A write to standard output or error fails after the write call has returned: Node reports it as
 * the stream's "error" event, which without a listener is an uncaught exception (a stack trace).
 * The first failure ends the process as streamFailure says, or, where the reader closed the pipe,
 * calls `gone` and the command goes on without the stream; later ones (the stream is destroyed by
 * then) are the same failure and say nothing more.
 */
export function endOnWriteError(stream: NodeJS.EventEmitter, name: StandardStream, stop: (code: number, lines: string[]) => void, gone: () => void): void {
  if (stream.listenerCount("error") > 0) return;
  let stopped = false;
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (stopped) return;
    stopped = true;
    const failure = streamFailure(e, name);
    if (failure) stop(failure.code, failure.lines);
    else gone();
  });
}

/** Once `stream` has written what it holds, or at once when it holds less than its high-water mark. */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (!stream.writableNeedDrain) return Promise.resolve();
  // A stream that fails is destroyed, and closes: it never drains (endOnWriteError says why it failed).
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off("drain", done);
      stream.off("close", done);
      resolve();
    };
    stream.on("drain", done);
    stream.on("close", done);
  });
}

/** Said straight to file descriptor 2: process.stderr may be the stream that failed, or be buffered. */
function stopProcess(code: number, lines: string[]): never {
  for (const line of lines) {
    try {
      writeSync(2, `${line}\n`);
    } catch {
      break; // standard error cannot be written either: the exit code is all that is left
    }
  }
  process.exit(code);
}
