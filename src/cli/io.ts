import { redact } from "../model/redact.js";
import { maskSecretShapes } from "../model/secret-shapes.js";

/** Where a command writes. Injected so tests run commands in-process and read what a person sees. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Colour and progress lines only on a terminal. */
  isTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
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
  endQuietlyWhenReaderCloses(process.stdout);
  endQuietlyWhenReaderCloses(process.stderr);
  return {
    out: (t) => process.stdout.write(t.endsWith("\n") ? t : `${t}\n`),
    err: (t) => process.stderr.write(t.endsWith("\n") ? t : `${t}\n`),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
}

/**
 * `scopesync identities | head` (or `2>&1 | head`) closes the pipe early: the reader has what it
 * wanted, so stop quietly (exit 0) instead of an unhandled EPIPE stack trace. Other write errors
 * stay errors.
 */
function endQuietlyWhenReaderCloses(stream: NodeJS.WriteStream): void {
  if (stream.listenerCount("error") > 0) return;
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
}
