import { redact } from "../model/redact.js";

/** Where a command writes. Injected so tests run commands in-process and read what a person sees. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Colour and progress lines only on a terminal. */
  isTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** The same Io with every secret the process knows scrubbed from what it writes (see model/redact). */
export function redactingIo(io: Io): Io {
  return { ...io, out: (t) => io.out(redact(t)), err: (t) => io.err(redact(t)) };
}

export function processIo(): Io {
  return {
    out: (t) => process.stdout.write(t.endsWith("\n") ? t : `${t}\n`),
    err: (t) => process.stderr.write(t.endsWith("\n") ? t : `${t}\n`),
    isTTY: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    env: process.env,
    cwd: process.cwd(),
  };
}
