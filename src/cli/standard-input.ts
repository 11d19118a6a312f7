/**
 * Whether a file argument names this process's standard input: `-`, or `/dev/stdin` and its
 * aliases. Those are read from the process's standard input stream rather than opened by name:
 * Linux opens `/dev/stdin` through /proc, which refuses a socket (ENXIO), and a Node.js parent,
 * many CI runners and `ssh` give their child a socket where a shell gives a pipe.
 */
export function namesStandardInput(given: string, path: string): boolean {
  return given === "-" || path === "/dev/stdin" || path === "/dev/fd/0" || path === "/proc/self/fd/0";
}

/**
 * All of standard input, as bytes (outside the JavaScript heap, so that the memory budget weighs
 * them before they are decoded). Read as a stream, which waits for a reader that is slow, a pipe
 * set non-blocking (where reading file descriptor 0 directly fails EAGAIN) or a socket; a terminal
 * is read until end of input (Ctrl-D).
 */
export async function readStandardInput(input: NodeJS.ReadableStream = process.stdin): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : (chunk as Buffer));
  return Buffer.concat(chunks);
}
