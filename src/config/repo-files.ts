import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

/**
 * Read access to a policy repository's files: the working tree, or (for `plan --base`) a git
 * revision. Paths are relative, with forward slashes.
 */
export interface RepoFiles {
  /** Every file under `dir`, sorted; empty when the folder does not exist. */
  list(dir: string): string[];
  exists(path: string): boolean;
  read(path: string): Uint8Array;
}

export function workingTree(root: string): RepoFiles {
  return {
    list(dir) {
      const out: string[] = [];
      const walk = (abs: string): void => {
        let entries;
        try {
          entries = readdirSync(abs, { withFileTypes: true });
        } catch {
          return;
        }
        for (const e of entries) {
          const p = join(abs, e.name);
          if (e.isDirectory()) walk(p);
          else if (e.isFile()) out.push(relative(root, p).split(sep).join("/"));
        }
      };
      walk(join(root, dir));
      return out.sort();
    },
    exists(path) {
      try {
        return statSync(join(root, path)).isFile();
      } catch {
        return false;
      }
    },
    read(path) {
      return readFileSync(join(root, path));
    },
  };
}
