import type { Io } from "../../../src/cli/io.js";

/** An Io for running a command in process: what it writes, collected a line at a time. */
export function captureIo(env: Record<string, string>, cwd: string): Io & { stdout: string; stderr: string } {
  const io = { stdout: "", stderr: "", out: (t: string) => void (io.stdout += `${t}\n`), err: (t: string) => void (io.stderr += `${t}\n`), isTTY: false, env, cwd };
  return io;
}
