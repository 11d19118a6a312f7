// Which files of the policy repository a plan is made from, for one scopesync.yaml: the
// repository itself (scopesync.yaml, identities/, policies/) and every path the config names
// (config/config-paths.ts, the list the path checks use), with the places the snapshot and the
// state file are read from when the config names none. A commit that changes none of them leaves
// every plan as it was; apply and sync use that to tell a branch that moved from one whose desired
// state moved (inputs-since.ts).
import { CONFIG_FILE, POLICY_DIRS } from "../config/load-repo.js";
import { configuredPaths } from "../config/config-paths.js";
import type { ProjectConfig } from "../model/documents.js";
import { snapshotPath } from "../sources/snapshot.js";
import { statePath } from "../targets/state-file.js";

/** The repository paths a plan of `config` reads, files or folders, each once and sorted. */
export function planInputPaths(config: ProjectConfig): string[] {
  const paths = new Set<string>([CONFIG_FILE, ...POLICY_DIRS]);
  for (const [, path] of configuredPaths(config)) paths.add(path);
  // Where a source's snapshot and a target's state file are when scopesync.yaml names no path. A
  // snapshot in parts is named by its head, which lists each part's SHA-256: a commit that changes
  // a part changes the head, or leaves a snapshot every plan refuses (sources/snapshot-part-reader.ts).
  for (const [name, source] of Object.entries(config.sources)) paths.add(snapshotPath(name, source));
  for (const [name, target] of Object.entries(config.targets)) paths.add(statePath(name, target));
  return [...paths].sort();
}
