// Which snapshot of a source is the accepted one, the baseline of churn, movers, joiners and
// leavers. A snapshot is accepted once merged: with `--base REF` (a pull request's plan, the daily
// sync, apply of a merged commit) it is the one at REF, and the one the working tree carries is
// what the change proposes. Against its own snapshot, a change's churn would always be nil.
import { readFileSync, statSync } from "node:fs";
import { posix, resolve } from "node:path";
import { parse } from "yaml";
import { CONFIG_FILE } from "../config/load-repo.js";
import type { Revision } from "../config/repo-files.js";
import type { SourceConfig } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import { checkSnapshotParts, readSnapshot, snapshotPath, storedSnapshot, type SourceSnapshot } from "./snapshot.js";
import { refuseLinkedSnapshot } from "./snapshot-link.js";

/** A source's snapshots: the one the working tree has, and the accepted one. */
export interface SourceSnapshots {
  own: SourceSnapshot | undefined;
  accepted: SourceSnapshot | undefined;
}

/** Without an accepted revision, the working tree's snapshot is the accepted one. */
export function sameSnapshot(snapshot: SourceSnapshot | undefined): SourceSnapshots {
  return { own: snapshot, accepted: snapshot };
}

/**
 * Both snapshots of a source, with an accepted revision: the accepted one at the revision (where
 * its scopesync.yaml keeps it), the working tree's still read (unless it is the same file), so
 * that a corrupt one cannot be merged; `snapshot-not-at-base` where the accepted one cannot be read.
 */
export async function snapshotsAt(revision: Revision, basePaths: ReadonlyMap<string, string>, s: { repoDir: string; name: string; path: string; use: SnapshotUse | undefined; warn: (f: Omit<Finding, "location">) => void }): Promise<SourceSnapshots> {
  // Before the bytes are compared (sameFile reads through a link): a link the base will not read is refused here.
  refuseLinkedSnapshot(s.repoDir, s.path, s.name);
  const atBase = basePaths.get(s.name) ?? s.path;
  const accepted = await acceptedSnapshot(revision, atBase, s.name, s.repoDir, s.warn);
  // Outside the repository (no bytes from git) the accepted one was read from disk: it is the same.
  const same = accepted !== undefined && (accepted.bytes === undefined ? atBase === s.path : sameFile(s.repoDir, s.path, accepted.bytes));
  // The same head lists the same parts by their SHA-256: the working tree's are checked against it.
  if (same && accepted.parted) checkSnapshotParts(s.repoDir, s.path, s.name);
  const own = same ? accepted.snapshot : readSnapshot(s.repoDir, s.path, s.name);
  if (!accepted && own && s.use?.churn) s.warn(churnUnchecked(s.name, revision.ref, atBase));
  else if (!accepted && s.use) s.warn(noSnapshot(s.name, s.path, s.use));
  return { own, accepted: accepted?.snapshot };
}

/**
 * Each source's snapshot path in scopesync.yaml at the accepted revision: a pull request that
 * moves a snapshot is measured against the file where the base keeps it. Empty when the base has
 * no scopesync.yaml that parses (the working tree's paths are used then).
 */
export async function snapshotPathsAt(revision: Revision): Promise<Map<string, string>> {
  const paths = new Map<string, string>();
  const bytes = await revision.blob(CONFIG_FILE);
  let doc: unknown;
  try {
    doc = bytes ? parse(new TextDecoder().decode(bytes)) : undefined;
  } catch {
    return paths;
  }
  const sources = (doc as { sources?: unknown } | undefined)?.sources;
  if (!sources || typeof sources !== "object") return paths;
  for (const [name, source] of Object.entries(sources as Record<string, unknown>)) {
    const snapshot = (source as { snapshot?: unknown } | null)?.snapshot;
    paths.set(name, snapshotPath(name, typeof snapshot === "string" ? { type: "", snapshot } : { type: "" }));
  }
  return paths;
}

/**
 * The source's snapshot at the accepted revision, with its bytes. A path outside the repository
 * is not in git: the working tree's is read, and a finding says that the baseline is not the
 * accepted one. Undefined when the revision has no snapshot for it (none accepted yet).
 */
async function acceptedSnapshot(revision: Revision, path: string, source: string, repoDir: string, warn: (f: Omit<Finding, "location">) => void): Promise<{ snapshot: SourceSnapshot; bytes?: Uint8Array; parted?: true } | undefined> {
  const inRepo = posix.normalize(path.replaceAll("\\", "/"));
  if (posix.isAbsolute(inRepo) || inRepo.split("/")[0] === "..") {
    warn({ rule: "snapshot-not-at-base", severity: "warning", message: `source "${source}": its snapshot ${path} is outside the repository, so the one ${revision.ref} accepted cannot be read; churn, movers and leavers are measured against the one on disk`, remediation: `keep the snapshot in the repository (sources.${source}.snapshot), so that a pull request that carries a new one is measured against the one ${revision.ref} accepted` });
    const snapshot = readSnapshot(repoDir, path, source);
    return snapshot ? { snapshot } : undefined;
  }
  const bytes = await revision.blob(inRepo);
  if (!bytes) return undefined;
  const stored = storedSnapshot(bytes, path, source, revision.ref);
  if ("whole" in stored) return { snapshot: stored.whole, bytes };
  // A parted snapshot's parts at the same revision, beside its head; its head's bytes (which list
  // each part's SHA-256) are what tells it from the working tree's.
  for (const part of stored.parted.parts) stored.parted.add(await revision.blob(posix.normalize(part.replaceAll("\\", "/"))));
  return { snapshot: stored.parted.finish(), bytes, parted: true };
}

/**
 * What a source's accepted snapshot is the baseline of, where a missing one changes the plan: the
 * `maxChurn` gate, and the movers of a source that decides status or department (a person is a
 * mover by the difference from the snapshot).
 */
export interface SnapshotUse {
  churn: boolean;
  /** The attributes it decides among status and department (`authoritative:`), for the finding's words. */
  decides: string[];
}

/** What the source's snapshot is used for; undefined for a source neither concerns (no finding when it has none). */
export function snapshotUse(source: SourceConfig): SnapshotUse | undefined {
  const decides = ["status", "department"].filter((a) => source.authoritative?.includes(a));
  const churn = source.gates?.maxChurn !== undefined;
  return churn || decides.length > 0 ? { churn, decides } : undefined;
}

/**
 * A source with no snapshot anywhere: an adoption that planned before its first `scopesync
 * snapshot` was accepted. No one is a mover (nothing to compare with): what a move changes is
 * planned all the same, as drift (the access the old department gave is revoked as "granted by no
 * group" or "no longer in the scope"), and an explicit privileged membership the mover keeps raises
 * no privilege-after-move. A reorganisation then reads as drift in the comment's origins, so this
 * is said for every source that decides status or department (info). With `maxChurn` its gate
 * cannot be measured either, so a truncated export is held back only by the safety limits: a
 * warning. The leavers' reasons still say the export passed its gates, which it did.
 */
export function noSnapshot(source: string, path: string, use: SnapshotUse): Omit<Finding, "location"> {
  const moves = "no mover is detected: movers are planned as drift (what their old department or title gave is revoked and what the new one gives is granted, both as drift, and an explicit privileged membership they keep raises no privilege-after-move)";
  return {
    rule: "source-no-snapshot",
    severity: use.churn ? "warning" : "info",
    message: use.churn
      ? `source "${source}" has no accepted snapshot (${path}): its maxChurn gate cannot be measured, so a truncated export is stopped only by the safety limits, and ${moves}`
      : `source "${source}" decides ${use.decides.join(" and ")} and has no accepted snapshot (${path}): ${moves}`,
    remediation: `run scopesync snapshot and commit ${path} in a reviewed pull request of its own; with the daily sync, merge its first pull request, which carries the snapshot`,
  };
}

function churnUnchecked(source: string, ref: string, path: string): Omit<Finding, "location"> {
  return { rule: "snapshot-not-at-base", severity: "warning", message: `source "${source}" has no accepted snapshot at ${ref} (${path}): maxChurn was not checked, and no mover, joiner or leaver is measured against an accepted baseline`, remediation: "merge the pull request that adds the source's first snapshot on its own, before one that changes who is in the export" };
}

/** Is the working tree's file at `path` these bytes? (Most pull requests do not touch the snapshot.) */
function sameFile(repoDir: string, path: string, bytes: Uint8Array): boolean {
  const abs = resolve(repoDir, path);
  try {
    return statSync(abs).size === bytes.length && readFileSync(abs).equals(bytes);
  } catch {
    return false;
  }
}
