import { readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { isInside } from "../model/repo-path.js";

/**
 * Read access to a policy repository's files: the working tree, or (for `plan --base`) a git
 * revision. Paths are relative, with forward slashes.
 */
/** A git revision, resolved once: its ref, and any file's bytes at it (src/config/git-files.ts). */
export interface Revision {
  ref: string;
  /** A file's bytes at the revision, undefined when it has none there; a path under a symbolic link or a folder stops the run. */
  blob(path: string): Promise<Uint8Array | undefined>;
  /**
   * The files git has at the revision at `path` (itself when it is a file, every file under it
   * when it is a folder), each with its blob's object id, in path order; empty when it has none.
   * Symbolic links are not files: they are left out, as blob() refuses them.
   */
  files(path: string): Promise<Map<string, string>>;
}

export interface RepoFiles {
  /**
   * Every readable file under `dir`, sorted; empty when the folder does not exist. A symbolic link
   * that resolves inside the repository is listed under its own path and read through.
   */
  list(dir: string): string[];
  /** Entries under `dir` that cannot be read as files, each with why: never skipped in silence. */
  refused(dir: string): RefusedEntry[];
  exists(path: string): boolean;
  read(path: string): Uint8Array;
  /**
   * Whether a path written in scopesync.yaml (inside the repository by its text) resolves outside
   * it through a symbolic link: the path itself, or its nearest existing parent folder. Only the
   * working tree can tell; a git revision is judged by the text alone.
   */
  linksOutside?(path: string): boolean;
  /**
   * Only on a git revision's files: the revision, and any file at it (not only the policy files),
   * or undefined when it has none there. The accepted source snapshots are read through it.
   */
  revision?: Revision;
}

export interface RefusedEntry {
  path: string;
  problem: string;
  hint: string;
}

export const OUTSIDE_LINK: Omit<RefusedEntry, "path"> = {
  problem: "symbolic link to a file outside the repository; it is not read",
  hint: "copy the file into the repository, or point the link at a file inside it",
};

/**
 * A link into git's own folder: `.git/config` can hold the checkout's credentials (actions/checkout
 * persists an `AUTHORIZATION: basic …` header there), and a policy file's YAML error quotes the
 * text it stopped at. `.git` counts as outside the repository: never read through a link.
 */
export const GIT_DIR_LINK: Omit<RefusedEntry, "path"> = {
  problem: "symbolic link into .git (git's own files, which can hold credentials); it is not read",
  hint: "remove the link; policy files are YAML files of their own in the repository",
};

/** Does the repository-relative path (forward slashes) lie in a `.git` folder, the root's or a nested repository's? */
export function inGitDir(path: string): boolean {
  return path.split("/").some((part) => part.toLowerCase() === ".git");
}

export function workingTree(root: string): RepoFiles {
  const realRoot = realOrUndefined(root) ?? root;
  const inGit = (real: string): boolean => inGitDir(relative(realRoot, real).split(sep).join("/"));
  const inside = (real: string): boolean => isInside(realRoot, real) && !inGit(real);
  const scanned = new Map<string, { files: string[]; refused: RefusedEntry[] }>();
  const scan = (dir: string): { files: string[]; refused: RefusedEntry[] } => {
    const cached = scanned.get(dir);
    if (cached) return cached;
    const files: string[] = [];
    const refused: RefusedEntry[] = [];
    // Real directories already walked: a link back up the tree must not loop.
    const seen = new Set<string>();
    const walk = (abs: string): void => {
      const real = realOrUndefined(abs);
      if (!real || seen.has(real)) return;
      seen.add(real);
      let entries;
      try {
        entries = readdirSync(abs, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const p = join(abs, e.name);
        const shown = relative(root, p).split(sep).join("/");
        // A nested repository's git folder (or a submodule's .git file) is git's, never policy.
        if (inGitDir(e.name)) refused.push({ path: shown, problem: "git's own files (a nested repository's .git); they are not read", hint: "keep other git repositories outside identities/ and policies/" });
        else if (e.isDirectory()) walk(p);
        else if (e.isFile()) files.push(shown);
        else if (e.isSymbolicLink()) {
          const target = realOrUndefined(p);
          if (!target) refused.push({ path: shown, problem: "broken symbolic link (or a link loop); it is not read", hint: "remove the link or point it at an existing file in the repository" });
          else if (isInside(realRoot, target) && inGit(target)) refused.push({ path: shown, ...GIT_DIR_LINK });
          else if (!inside(target)) refused.push({ path: shown, ...OUTSIDE_LINK });
          else if (statSync(target).isDirectory()) walk(p);
          else files.push(shown);
        } else refused.push({ path: shown, problem: "not a regular file; it is not read", hint: "remove it from the repository's policy folders" });
      }
    };
    walk(join(root, dir));
    const result = { files: files.sort(), refused: refused.sort((a, b) => (a.path < b.path ? -1 : 1)) };
    scanned.set(dir, result);
    return result;
  };
  const readable = (path: string): string | undefined => {
    const real = realOrUndefined(join(root, path));
    if (!real || !inside(real)) return undefined;
    try {
      return statSync(real).isFile() ? real : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    list: (dir) => scan(dir).files,
    refused: (dir) => scan(dir).refused,
    exists: (path) => readable(path) !== undefined,
    linksOutside(path) {
      for (let at = join(root, path); ; at = dirname(at)) {
        const real = realOrUndefined(at);
        if (real) return !inside(real);
        if (dirname(at) === at) return false;
      }
    },
    read(path) {
      const real = readable(path);
      if (!real) throw new Error(`${path}: not a readable file inside the repository`);
      return readFileSync(real);
    },
  };
}

function realOrUndefined(path: string): string | undefined {
  try {
    // One system call (the JS realpath lstat()s every component): loading reads 20k+ files.
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}
