// `plan --base REF`: the sync workflow commits the day's exports into the policy repository, so an
// ordinary pull request can edit one (a person's own title, a leaver set back to Active). The
// base's desired state must then be made from REF's copy of the export, not the pull request's:
// made from the pull request's, every change the edit causes would read as the source's doing
// (origin `source`, "mover") and a leaver's offboarding it cancels would vanish unnamed. This
// tells which of a source's export files differ between REF and the checkout, and reads the
// source from REF's bytes.
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { dirname, join, posix, resolve } from "node:path";
import { workingTree, type Revision } from "../config/repo-files.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import type { SourceConfig } from "../model/documents.js";
import { pathOutsideRepo } from "../model/repo-path.js";
import { sourcePathOptions } from "../model/source-path-options.js";
import { snapshotPath } from "./snapshot.js";
import { isPartFileName } from "./snapshot-parts.js";

/** A source whose export files the checkout has otherwise than REF. */
export interface ExportEdit {
  source: string;
  /** The files that differ (edited, added or removed), sorted. */
  files: string[];
  /** Every file of the source's exports that REF has in git: what the base reads. */
  atBase: string[];
}

/**
 * The repository paths a source reads as its export: `path` and the options that name export
 * files (an IAM source's `roles`), or with --from-snapshots its snapshot, which is then the export.
 * Paths outside the repository are not git's: they are read from disk for the base as for the PR.
 */
function exportPaths(name: string, source: SourceConfig, fromSnapshots: boolean): string[] {
  const options: Record<string, unknown> = source.options ?? {};
  const configured = fromSnapshots ? [snapshotPath(name, source)] : [source.path, ...sourcePathOptions(source.type).map((key) => options[key])];
  const paths = configured.filter((p): p is string => typeof p === "string" && p !== "" && !pathOutsideRepo(p));
  return [...new Set(paths.map((p) => posix.normalize(p.replaceAll("\\", "/")).replace(/\/+$/, "")))].sort();
}

/**
 * The files of one configured path: the file, or every file under the folder, and beside an
 * export page its saved response headers (`users.json` → `users.headers`, which the Okta source
 * reads to prove the export whole).
 */
function withHeaders(path: string, files: string[]): string[] {
  return files.length === 1 && files[0] === path && /\.json$/i.test(path) ? [path, path.replace(/\.json$/i, ".headers")] : files;
}

/**
 * The source's export files that differ between REF and the checkout, and the files REF has for
 * the base to read; undefined when none differs, or when REF has none of them in git (an export the
 * repository does not commit, or one this pull request adds: nothing to read at REF). Only
 * regular files count at REF (Revision.files): a symbolic link there is git's text, not the export.
 */
export async function exportEdit(name: string, source: SourceConfig, o: { repoDir: string; revision: Revision; fromSnapshots: boolean }): Promise<ExportEdit | undefined> {
  const tree = workingTree(o.repoDir);
  const atRef = new Map<string, string>();
  const inTree = new Set<string>();
  for (const path of exportPaths(name, source, o.fromSnapshots)) {
    const listed = await o.revision.files(path);
    for (const file of withHeaders(path, [...listed.keys()])) {
      const id = listed.get(file) ?? (await o.revision.files(file)).get(file);
      if (id !== undefined) atRef.set(file, id);
    }
    for (const file of withHeaders(path, tree.exists(path) ? [path] : tree.list(path))) if (tree.exists(file)) inTree.add(file);
  }
  // A parted snapshot is its head and the parts beside it (snapshot-parts.ts), at REF as in the checkout.
  for (const head of o.fromSnapshots ? exportPaths(name, source, true) : []) {
    const folder = posix.dirname(head);
    const isPart = (file: string) => posix.dirname(file) === folder && isPartFileName(posix.basename(head), posix.basename(file));
    for (const [file, id] of await o.revision.files(folder)) if (isPart(file)) atRef.set(file, id);
    for (const file of tree.list(folder)) if (isPart(file)) inTree.add(file);
  }
  if (atRef.size === 0) return undefined;
  // Compared by git's object id: REF's bytes are read only when the export differs.
  const files = [...new Set([...atRef.keys(), ...inTree])].sort().filter((file) => !inTree.has(file) || atRef.get(file) !== blobId(tree.read(file), atRef.get(file)?.length ?? 40));
  return files.length === 0 ? undefined : { source: name, files, atBase: [...atRef.keys()] };
}

/** git's object id of a blob: SHA-1, or SHA-256 in a repository that uses it (a 64-digit id). */
function blobId(bytes: Uint8Array, digits: number): string {
  return createHash(digits === 64 ? "sha256" : "sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/**
 * Runs `read` on a folder that holds REF's copy of the source's exports at their repository paths
 * (removed afterwards), with `repo`'s entry for the source pointing any path outside the
 * repository at the checkout's folder. Each file keeps the checkout's modification time (an
 * export without `exportedAt` is as old as its file), or `now` where the checkout has none.
 */
export async function withBaseExports<T>(edit: ExportEdit, revision: Revision, repo: PolicyRepo, repoDir: string, now: number, read: (repo: PolicyRepo, dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "scopesync-base-export-"));
  try {
    // One file's bytes at a time: an export can be hundreds of megabytes.
    for (const file of edit.atBase) {
      const to = join(dir, file);
      mkdirSync(dirname(to), { recursive: true });
      writeFileSync(to, (await revision.blob(file)) ?? new Uint8Array());
      const time = mtimeOf(resolve(repoDir, file)) ?? new Date(now);
      utimesSync(to, time, time);
    }
    return await read(anchoredOutside(repo, edit.source, repoDir), dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function mtimeOf(path: string): Date | undefined {
  try {
    return statSync(path).mtime;
  } catch {
    return undefined;
  }
}

/** `repo` with the source's paths outside the repository made absolute: read from another folder, they still name the same files. */
function anchoredOutside(repo: PolicyRepo, name: string, repoDir: string): PolicyRepo {
  const source = repo.config.value.sources[name]!;
  const outside = (p: unknown): p is string => typeof p === "string" && p !== "" && pathOutsideRepo(p);
  const keys = sourcePathOptions(source.type).filter((key) => outside(source.options?.[key]));
  if (!outside(source.path) && !outside(source.snapshot) && keys.length === 0) return repo;
  const options = { ...source.options, ...Object.fromEntries(keys.map((key) => [key, resolve(repoDir, source.options![key] as string)])) };
  const patched: SourceConfig = { ...source, ...(outside(source.path) ? { path: resolve(repoDir, source.path) } : {}), ...(outside(source.snapshot) ? { snapshot: resolve(repoDir, source.snapshot) } : {}), ...(source.options ? { options } : {}) };
  const value = { ...repo.config.value, sources: { ...repo.config.value.sources, [name]: patched } };
  return { ...repo, config: { ...repo.config, value } };
}
