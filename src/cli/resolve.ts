import { mkdirSync } from "node:fs";
import { dirname, resolve as resolvePath } from "node:path";
import { formatDiagnostic } from "../config/diagnostic.js";
import { commitOf } from "../config/git-files.js";
import { baseOptions } from "../compile.js";
import { workingTree } from "../config/repo-files.js";
import { readSnapshot, snapshotLines, writeSnapshot, type IdentitiesSnapshot } from "../identities-snapshot.js";
import { ScopesyncError } from "../model/errors.js";
import { fileError } from "../model/file-failure.js";
import { parseNow } from "../model/now.js";
import { loadConfigOnly } from "../config/load-repo.js";
import { resolveSnapshot, shardTargets } from "../shard-plan.js";
import { ExitCode } from "./exit-codes.js";
import { warnOnStderr } from "./load-or-report.js";
import type { Io } from "./io.js";
import { printPieces } from "./print-pieces.js";
import { checkOutputPath, writeOutputPieces } from "./write-out.js";
import { outDestination, outFile } from "./out-destination.js";

export interface ResolveOptions {
  repo: string;
  out?: string;
  now?: string;
  base?: string;
  fromSnapshots?: boolean;
  /** With base: the exports were fetched from the sources (the sync's own pull request), so they count as the sources'. */
  fetchedExports?: boolean;
}

/** `scopesync resolve --out FILE`: the identities snapshot every shard of a plan starts from. */
export async function resolveCommand(options: ResolveOptions, io: Io): Promise<number> {
  if (!options.out) throw new ScopesyncError("resolve needs --out FILE: where to write the identities snapshot", "scopesync resolve --out identities.snapshot");
  // `-` or /dev/stdout: printed, as plan --out prints it (out-destination.ts).
  const toStdout = outFile(options.out, io.cwd) === undefined;
  const path = resolvePath(io.cwd, options.out);
  if (!toStdout) checkOutputPath(path, options.out);
  const made = await identitiesFor(options, io);
  if (typeof made === "number") return made;
  const whole = await writeSnapshotOut(made, path, options.out, toStdout, io);
  // rv118: `resolve --out - | head` said the snapshot was written.
  if (!whole) io.err("identities not all written to standard output: its reader closed it first");
  else io.err(`identities written to ${toStdout ? "standard output" : options.out} (${made.identities.length} ${made.identities.length === 1 ? "identity" : "identities"}, ${made.findings.length} ${made.findings.length === 1 ? "finding" : "findings"}, ${made.fingerprint})`);
  const config = loadConfigOnly(workingTree(options.repo));
  if (config) io.err(shardTargets(config, made).said);
  return ExitCode.ok;
}

/**
 * The snapshot to where --out says: `-` standard output, a FIFO, a device or /dev/stdout in place,
 * a file (or a link's target file) whole through a temp file beside it (out-destination.ts).
 * False when standard output's reader closed it before the end.
 */
async function writeSnapshotOut(made: IdentitiesSnapshot, path: string, out: string, toStdout: boolean, io: Io): Promise<boolean> {
  if (toStdout) return printPieces(io, snapshotLines(made));
  await writeFileOut(made, path, out);
  return true;
}

/** The snapshot to a file, a FIFO or a device (not standard output). */
async function writeFileOut(made: IdentitiesSnapshot, path: string, out: string): Promise<void> {
  const to = outDestination(path, out);
  if (to.kind === "stdout") throw new Error("unreachable: standard output is printed above");
  if (to.kind === "stream") return writeOutputPieces(path, snapshotLines(made), out);
  // As plan --out does: the folders are made (checkOutputPath has said they can be).
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (e) {
    throw fileError(e, `cannot make the folder of ${out}`);
  }
  writeSnapshot(to.path, made, out);
}

/** Two names of one commit (`HEAD~2` and its hash); the files at it are checked against the snapshot afterwards. */
async function sameCommit(repoDir: string, a: string, b: string | undefined): Promise<boolean> {
  if (b === undefined) return false;
  const [ca, cb] = await Promise.all([commitOf(repoDir, a), commitOf(repoDir, b)]);
  return ca !== undefined && ca === cb;
}

/**
 * The identities a shard or a merge plans from: the snapshot `--identities` names (checked against
 * --now and --base when given), or resolved here from the sources as `resolve` would.
 */
export async function identitiesFor(options: ResolveOptions & { identities?: string; target?: string }, io: Io): Promise<IdentitiesSnapshot | number> {
  if (options.identities === "-") {
    // resolve --out - prints the snapshot; reading one back needs its size first (the memory budget).
    throw new ScopesyncError("--identities -: the identities snapshot is read from a file, not from standard input", "pass the file scopesync resolve --out FILE wrote");
  }
  if (options.identities) {
    const snapshot = await readSnapshot(resolvePath(io.cwd, options.identities), options.identities);
    if (options.now !== undefined && new Date(parseNow(options.now)).toISOString() !== snapshot.inputs.now) {
      throw new ScopesyncError(`--now ${options.now} differs from the time ${options.identities} was resolved for (${snapshot.inputs.now})`, "leave --now out (the snapshot's time is used), or resolve again with this --now");
    }
    if (options.fromSnapshots && !snapshot.inputs.fromSnapshots) {
      throw new ScopesyncError(`--from-snapshots: ${options.identities} was resolved from the sources' exports, not from their committed snapshots`, "leave --from-snapshots out (the snapshot's own reading is used), or resolve again with scopesync resolve --from-snapshots");
    }
    if (options.base !== undefined && options.base !== snapshot.base?.ref && !(await sameCommit(options.repo, options.base, snapshot.base?.ref))) {
      throw new ScopesyncError(`--base ${options.base} differs from the base ${options.identities} was resolved against (${snapshot.base?.ref ?? "none"})`, "resolve again with this --base, or leave --base out");
    }
    return snapshot;
  }
  const now = parseNow(options.now);
  const resolved = await resolveSnapshot({
    repoDir: options.repo,
    files: workingTree(options.repo),
    env: io.env,
    now,
    ...(options.fromSnapshots ? { fromSnapshots: true } : {}),
    ...(await baseOptions(options.repo, options.base, options.fetchedExports)),
    onMemoryWarning: warnOnStderr(io),
  }, options.target !== undefined ? { target: options.target } : "resolve");
  if (!resolved.ok) {
    for (const d of resolved.diagnostics) io.err(formatDiagnostic(d));
    io.err(`\n${resolved.diagnostics.length} problem${resolved.diagnostics.length === 1 ? "" : "s"} found; nothing was resolved.`);
    return ExitCode.invalid;
  }
  return resolved.value;
}
