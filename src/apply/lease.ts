import { randomUUID } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { ScopesyncError } from "../model/errors.js";
import { parseDate } from "../model/time.js";

/**
 * Who holds an apply lease: enough for the person whose apply waits or is refused to find the
 * other run (which machine, which process, since when) and for a later run to tell a lease that
 * is held from one its holder left behind.
 */
export interface LeaseHolder {
  /** The apply run's id (the journal's `run`): unique even for two runs in one process. */
  run: string;
  pid: number;
  host: string;
  /** When the holder took the lease, ISO. */
  started: string;
}

interface LeaseRecord extends LeaseHolder {
  target: string;
  /** The lease lapses at this time unless its holder renews it first (it does, every ttl/3). */
  expires: string;
}

export interface LeaseOptions {
  /** How long a lease lasts without renewal: a crashed holder blocks others at most this long. */
  ttlMs: number;
  /** How long to wait for a held lease before refusing; 0 refuses at once. */
  waitMs: number;
  /** How often a waiting run looks again. */
  pollMs: number;
  /** The wall clock (leases are about real time, whatever `--now` a plan uses). */
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Is a process of this host alive? A lease of a dead local process is taken over at once. */
  alive: (pid: number) => boolean;
  /** Told once when the lease is held by someone else and this run starts waiting. */
  onWait?: (holder: LeaseRecord, path: string) => void;
}

/** A lease this run holds; renewed in the background until released. */
export interface Lease {
  readonly path: string;
  release(): void;
}

/**
 * Takes the lease at `path` for `target`: an exclusive file holding its owner and expiry. The file
 * appears complete or not at all (written to a unique temp file, then hard-linked into place, which
 * fails if a lease is there), so a reader never sees half of one. A lease past its expiry, or of a
 * process on this host that no longer runs, is taken over; a live one is waited for up to
 * `waitMs`, then the run is refused with the holder named.
 */
export async function acquireLease(path: string, target: string, holder: LeaseHolder, options: LeaseOptions): Promise<Lease> {
  mkdirSync(dirname(path), { recursive: true });
  const deadline = options.clock() + options.waitMs;
  let told = false;
  for (;;) {
    const record: LeaseRecord = { ...holder, target, expires: new Date(options.clock() + options.ttlMs).toISOString() };
    if (tryCreate(path, record)) return held(path, record, options);
    const current = readLease(path);
    if (current === "gone") continue;
    if (isStale(current, holder.host, options)) {
      takeOver(path, current);
      continue;
    }
    if (options.clock() >= deadline) throw refusal(path, target, current);
    if (!told && current !== "unreadable") options.onWait?.(current, path);
    told = true;
    await options.sleep(Math.max(1, Math.min(options.pollMs, deadline - options.clock())));
  }
}

function tryCreate(path: string, record: LeaseRecord): boolean {
  const temp = `${path}.${randomUUID()}.tmp`;
  writeFileSync(temp, `${JSON.stringify(record)}\n`);
  try {
    linkSync(temp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  } finally {
    unlinkSync(temp);
  }
}

type Read = LeaseRecord | "gone" | "unreadable";

function readLease(path: string): Read {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return "gone";
    throw e;
  }
  try {
    const r = JSON.parse(text) as LeaseRecord;
    return typeof r.run === "string" && typeof r.expires === "string" ? r : "unreadable";
  } catch {
    return "unreadable";
  }
}

function isStale(current: Read, host: string, options: LeaseOptions): current is LeaseRecord {
  // A file that is not a lease (edited by hand, or from another tool) is left for a person: refused.
  if (current === "gone" || current === "unreadable") return false;
  // parseDate reads only RFC 3339 with a zone, as this file writes it: a hand-edited expires it
  // cannot read is never stale (NaN), so it waits for a person, whatever the runner's TZ.
  if (parseDate(current.expires) <= options.clock()) return true;
  return current.host === host && !options.alive(current.pid);
}

/**
 * Removes a stale lease, and only that one: it is moved aside first (atomic), and if what was
 * moved is not the stale lease (someone took over in between), it is put back.
 */
function takeOver(path: string, stale: LeaseRecord): void {
  const aside = `${path}.${randomUUID()}.stale`;
  try {
    renameSync(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  const moved = readLease(aside);
  if (typeof moved === "object" && moved.run !== stale.run) {
    try {
      linkSync(aside, path);
    } catch {
      // A third run took the free slot meanwhile; the fresh lease we moved aside has lost its file,
      // and its holder will find that when it renews (renew checks the file is still its own).
    }
  }
  unlinkSync(aside);
}

function held(path: string, record: LeaseRecord, options: LeaseOptions): Lease {
  let released = false;
  const renew = (): void => {
    if (released) return;
    const current = readLease(path);
    // Not ours any more (expired and taken over while this process was stalled): say nothing here;
    // release will not remove the other run's lease.
    if (typeof current !== "object" || current.run !== record.run) return;
    const next = { ...record, expires: new Date(options.clock() + options.ttlMs).toISOString() };
    const temp = `${path}.${randomUUID()}.tmp`;
    writeFileSync(temp, `${JSON.stringify(next)}\n`);
    renameSync(temp, path);
  };
  const timer = setInterval(renew, Math.max(1, Math.floor(options.ttlMs / 3)));
  timer.unref();
  return {
    path,
    release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      const current = readLease(path);
      if (typeof current === "object" && current.run === record.run) unlinkSync(path);
    },
  };
}

function refusal(path: string, target: string, current: Read): ScopesyncError {
  if (typeof current !== "object") {
    return new ScopesyncError(`target "${target}": ${path} exists but is not a scopesync lease; nothing was applied`, `if no other apply of "${target}" runs, remove ${path} and apply again`);
  }
  return new ScopesyncError(
    `target "${target}" is being applied by another run (pid ${current.pid} on ${current.host}, started ${current.started}, run ${current.run}); nothing was applied`,
    `wait for that run to finish and apply again (the re-plan skips what it did); a crashed run's lease lapses at ${current.expires}, or remove ${path} if that process is gone`,
  );
}

/** Is a process of this host alive? (signal 0 checks without signalling; EPERM means it exists.) */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
