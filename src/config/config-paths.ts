import type { ProjectConfig } from "../model/documents.js";
import type { Located, PathSegment } from "../model/located.js";
import type { Diagnostic } from "./diagnostic.js";
import { posix } from "node:path";
import { inGitDir, type RepoFiles } from "./repo-files.js";
import { pathOutsideRepo } from "../model/repo-path.js";
import { showValue } from "../model/display.js";
import { sourcePathOptions } from "../model/source-path-options.js";

/**
 * Every path scopesync.yaml configures (export files, options naming export files, snapshots,
 * target state files) must stay in the repository: a pull request's plan run must not read the
 * runner's files, nor apply write them. Deliberate exceptions are listed, with a reason, under
 * allowPathsOutsideRepo, where a reviewer sees them. A path whose text stays inside but that a
 * symbolic link carries out counts as outside too.
 */
export function checkConfigPaths(config: Located<ProjectConfig>, files: RepoFiles): Diagnostic[] {
  const allowed = (config.value.allowPathsOutsideRepo ?? []).map((a) => a.path);
  const out: Diagnostic[] = [];
  for (const [path, value] of configuredPaths(config.value)) {
    const name = path.join(".");
    if (pathOutsideRepo(value, allowed)) {
      out.push({
        file: config.file,
        ...config.locate(path),
        message: `${name} ${showValue(value)} points outside the repository`,
        hint: "use a path inside the repository (no leading / and no ../ past its root), or list it under allowPathsOutsideRepo with a reason",
      });
    } else if (inGitDir(posix.normalize(value.replaceAll("\\", "/")))) {
      out.push({
        file: config.file,
        ...config.locate(path),
        message: `${name} ${showValue(value)} points into .git, git's own files (they can hold the checkout's credentials)`,
        hint: "use a path in the repository outside .git",
      });
    } else if (!pathOutsideRepo(value) && files.linksOutside?.(value)) {
      out.push({
        file: config.file,
        ...config.locate(path),
        message: `${name} ${showValue(value)} leads outside the repository through a symbolic link`,
        hint: "point it at the file itself inside the repository, or list the link under allowPathsOutsideRepo with a reason",
      });
    }
  }
  return out;
}

/**
 * Every path scopesync.yaml names that a plan reads (exports and the options naming export files,
 * snapshots, an LDAP CA bundle, target files and state files, the apply journal), with where it is written. The one
 * list: the checks above keep each inside the repository, and apply asks git whether the commits
 * after its own changed any (github/plan-inputs.ts).
 */
export function configuredPaths(config: ProjectConfig): Array<[PathSegment[], string]> {
  const out: Array<[PathSegment[], string]> = [];
  for (const [name, source] of Object.entries(config.sources)) {
    if (typeof source.path === "string") out.push([["sources", name, "path"], source.path]);
    if (typeof source.snapshot === "string") out.push([["sources", name, "snapshot"], source.snapshot]);
    // The other exports a source reads (an IAM source's roles, Okta's group files) too.
    const options: Record<string, unknown> = source.options ?? {};
    for (const key of sourcePathOptions(source.type)) {
      const value = options[key];
      if (typeof value === "string") out.push([["sources", name, "options", key], value]);
    }
    // An LDAP source's CA bundle is read from disk like an export, so it obeys the same rule.
    const caFile = (source.options as { tls?: { caFile?: unknown } } | undefined)?.tls?.caFile;
    if (typeof caFile === "string") out.push([["sources", name, "options", "tls", "caFile"], caFile]);
  }
  for (const [name, target] of Object.entries(config.targets)) {
    if (typeof target.path === "string") out.push([["targets", name, "path"], target.path]);
    if (typeof target.state === "string") out.push([["targets", name, "state"], target.state]);
  }
  // The apply journal: plans read it (returns, former logins, cancelled invitations), apply writes it.
  if (typeof config.apply?.journal === "string") out.push([["apply", "journal"], config.apply.journal]);
  return out;
}
