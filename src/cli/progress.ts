import type { Io } from "./io.js";

/**
 * Progress of long work on standard error, as lines that a CI log keeps: at most one every
 * `everyMs` (5 s off a terminal, 1 s on one), and none at all for work that ends sooner. The
 * clock is injected so tests can step through time.
 */
export class Progress {
  private last: number;
  private readonly everyMs: number;

  constructor(
    private readonly io: Io,
    private readonly label: string,
    private readonly clock: () => number = Date.now,
    everyMs?: number,
  ) {
    this.last = clock();
    this.everyMs = everyMs ?? (io.isTTY ? 1_000 : 5_000);
  }

  /** Reports `done` of `total` when the interval has passed since the last line. */
  update(done: number, total: number, detail?: string): void {
    if (done >= total) return; // the command's own summary follows
    const now = this.clock();
    if (now - this.last < this.everyMs) return;
    this.last = now;
    this.io.err(`${this.label}: ${done}/${total} done${detail ? `; last: ${detail}` : ""}`);
  }
}

/**
 * For work with no count to report (reading every target live, which pages through GitHub or a
 * SCIM app for minutes): a line every `everyMs` while `work` runs, none when it ends sooner.
 */
export async function withHeartbeat<T>(io: Io, label: string, work: Promise<T>, everyMs = io.isTTY ? 1_000 : 5_000): Promise<T> {
  const started = Date.now();
  const timer = setInterval(() => io.err(`${label}: still working (${Math.round((Date.now() - started) / 1000)} s)`), everyMs);
  timer.unref();
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}
