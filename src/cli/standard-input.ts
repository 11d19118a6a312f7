import { readFileSync } from "node:fs";

/**
 * Whether a file argument names this process's standard input: `-`, or `/dev/stdin` and its
 * aliases. Those are read from file descriptor 0 rather than opened by name: Linux opens
 * `/dev/stdin` through /proc, which refuses a socket (ENXIO), and a Node.js parent, many CI
 * runners and `ssh` give their child a socket as standard input where a shell gives a pipe.
 */
export function namesStandardInput(given: string, path: string): boolean {
  return given === "-" || path === "/dev/stdin" || path === "/dev/fd/0" || path === "/proc/self/fd/0";
}

/** All of standard input, as UTF-8; a terminal is read until end of input (Ctrl-D). */
export function readStandardInput(): string {
  return readFileSync(0, "utf8");
}
