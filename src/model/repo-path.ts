import { posix, relative, sep, isAbsolute } from "node:path";

// Paths written in scopesync.yaml are reviewed text, but a pull request can write any: `../` or an
// absolute path would make a PR's plan run read (or apply write) files on the runner. They must
// stay inside the repository unless scopesync.yaml lists the exception (allowPathsOutsideRepo).

/** Is `path` (absolute) the folder `root` (absolute) or below it? */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!isAbsolute(rel) && rel.split(sep)[0] !== "..");
}

const ROOT = "/repository";

/**
 * Where a configured path points, judged by its text alone (forward slashes; `\` counts as one):
 * inside the repository, or outside it. An absolute path counts as outside even when it names the
 * repository's own folder: the checkout's location differs between machines. `allowed` are the
 * reviewed exceptions, each a file or a folder (relative to the repository, or absolute) that
 * configured paths may name or point into.
 */
export function pathOutsideRepo(configured: string, allowed: readonly string[] = []): boolean {
  const at = anchored(configured);
  if (at === `rel:${ROOT}` || at.startsWith(`rel:${ROOT}/`)) return false;
  return !allowed.some((entry) => {
    const base = anchored(entry);
    return at === base || at.startsWith(base.endsWith("/") ? base : `${base}/`);
  });
}

/** Relative paths against a stand-in root, absolute ones as they are: never compared across. */
function anchored(path: string): string {
  const text = path.replace(/\\/g, "/");
  return /^(?:\/|[A-Za-z]:\/)/.test(text) ? `abs:${posix.resolve(text.replace(/^[A-Za-z]:/, ""))}` : `rel:${posix.resolve(ROOT, text)}`;
}
