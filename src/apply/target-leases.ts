import { hostname } from "node:os";
import { join, resolve } from "node:path";
import type { TargetConfig } from "../model/documents.js";
import { acquireLease, processAlive, type Lease, type LeaseHolder, type LeaseOptions } from "./lease.js";

/** Where the CLI keeps the leases of remote targets: beside the journal, in the repository's state directory. */
export const LEASE_DIR = ".scopesync/leases";

/**
 * The lease file of one target. A `file` target's lock sits beside its data file, so that every
 * checkout and tool writing that file meets it; a remote target's lease is the CLI's, in the
 * repository it is applied from (for runs on different machines, the workflow's concurrency group
 * serialises them).
 */
export function leasePath(repoDir: string, name: string, config: TargetConfig): string {
  if (config.type === "file" && config.path) return `${resolve(repoDir, config.path)}.lock`;
  return join(repoDir, LEASE_DIR, `${encodeURIComponent(name)}.lease`);
}

export interface TargetLeases { release(): void }

/**
 * Takes the lease of every target this apply will touch, in name order (two runs wanting the same
 * targets then never hold one each and wait for the other). If one cannot be had, those already
 * taken are released and the refusal is thrown.
 */
export async function acquireTargetLeases(repoDir: string, targets: ReadonlyArray<readonly [string, TargetConfig]>, run: string, options: Omit<LeaseOptions, "alive"> & { alive?: (pid: number) => boolean; started?: string }): Promise<TargetLeases> {
  const holder: LeaseHolder = { run, pid: process.pid, host: hostname(), started: options.started ?? new Date(options.clock()).toISOString() };
  const leases: Lease[] = [];
  const release = () => {
    for (const lease of leases.splice(0).reverse()) lease.release();
  };
  try {
    for (const [name, config] of [...targets].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      leases.push(await acquireLease(leasePath(repoDir, name, config), name, holder, { alive: processAlive, ...options }));
    }
  } catch (e) {
    release();
    throw e;
  }
  return { release };
}
