/** Where a command writes. Injected so tests run commands in-process and read what a person sees. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Colour and progress lines only on a terminal. */
  isTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
}

export function processIo(): Io {
  return {
    out: (t) => process.stdout.write(t.endsWith("\n") ? t : `${t}\n`),
    err: (t) => process.stderr.write(t.endsWith("\n") ? t : `${t}\n`),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
}
