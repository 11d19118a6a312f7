import { createTwoFilesPatch } from "diff";
import { CONFIG_FILE, POLICY_DIRS } from "./load-repo.js";
import type { RepoFiles } from "./repo-files.js";

/** A patch longer than this is cut: the PR's own diff view has the rest. */
const MAX_PATCH = 20_000;

/**
 * The desired-state files a pull request changes (scopesync.yaml, identities/, policies/), as
 * unified diffs between base and head, for the plan to show next to the changes they cause.
 */
export function desiredStateDiff(base: RepoFiles, head: RepoFiles): Array<{ file: string; patch: string }> {
  const files = (r: RepoFiles) => [CONFIG_FILE, ...POLICY_DIRS.flatMap((d) => r.list(d))].filter((f) => r.exists(f));
  const all = [...new Set([...files(base), ...files(head)])].sort();
  const text = (r: RepoFiles, f: string) => (r.exists(f) ? new TextDecoder().decode(r.read(f)) : "");
  const out: Array<{ file: string; patch: string }> = [];
  for (const file of all) {
    const before = text(base, file);
    const after = text(head, file);
    if (before === after) continue;
    let patch = createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, undefined, undefined, { context: 3 }).split("\n").slice(2).join("\n");
    if (patch.length > MAX_PATCH) patch = `${patch.slice(0, MAX_PATCH)}\n… (cut; see the pull request's diff)`;
    out.push({ file, patch });
  }
  return out;
}
