// `plan --base` plans the base's desired state as well as this change's: its changes mark which are
// this pull request's, and the revocations it makes that this change does not are named
// (pr-cancels-revocations). The base was planned only over this change's targets and their states,
// so a pull request that removed or renamed a target, or pointed it at another state file, hid
// every revocation the base makes there: merging it silently dropped a leaver's pending
// offboarding. Like Terraform, which plans the destroy of what a change no longer
// configures from the prior state rather than forgetting it, the base's own entries are read here.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { BaseTargetChange, TargetRename } from "../model/base-target-change.js";
import type { ProjectConfig } from "../model/documents.js";
import { ScopesyncError } from "../model/errors.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { workingTree, type Revision } from "../config/repo-files.js";
import { readTargets, type TargetRead } from "./read-targets.js";
import { parseStateText, statePath } from "./state-file.js";
import { stateText } from "./state-text.js";
import { targetReads, targetRenames } from "./renamed-targets.js";

/**
 * The base's targets whose state this change's read does not give the base: those it no longer
 * configures, and those whose entry says to read another state or system. Keys such as runAs or
 * maxStateAge change how a state is planned (the base plans with its own), not which state it is.
 * A target renamed with its system unchanged (renamed-targets.ts) is read as this change reads it
 * under its new name: it is neither.
 */
export function baseOwnTargets(base: ProjectConfig, pr: ProjectConfig, renames: ReadonlyMap<string, TargetRename> = targetRenames(base, pr)): Map<string, BaseTargetChange> {
  const out = new Map<string, BaseTargetChange>();
  for (const name of Object.keys(base.targets).sort()) {
    const was = base.targets[name]!;
    const now = pr.targets[name];
    if (!now) {
      if (!renames.get(name)?.same) out.set(name, "removed");
    } else if (targetReads(name, was) !== targetReads(name, now)) out.set(name, "re-pointed");
  }
  return out;
}

/**
 * The states of the base's own targets (`names`), from the base's entries: the file in the working
 * tree, as every plan reads it; where this change deleted it (or it is a link out of the
 * repository), the file as the base revision has it. A live target is read from its saved state:
 * this change opens no connector for what it no longer configures. One neither place has stops the
 * plan: the base's revocations there cannot be told, and "none" would hide them.
 */
export async function readBaseTargets(base: PolicyRepo, repoDir: string, names: ReadonlyMap<string, BaseTargetChange>, revision: Revision | undefined, ref: string): Promise<Map<string, TargetRead>> {
  const out = new Map<string, TargetRead>();
  const tree = workingTree(repoDir);
  for (const [name, change] of names) {
    const target = base.config.value.targets[name]!;
    const path = statePath(name, target);
    if (existsSync(resolve(repoDir, path)) && !tree.linksOutside?.(path)) {
      for (const [n, read] of await readTargets(base, repoDir, [name])) out.set(n, read);
      continue;
    }
    const blob = await revision?.blob(path);
    if (!blob) {
      const what = change === "removed" ? "this pull request removes" : "this pull request points elsewhere";
      throw new ScopesyncError(`target "${name}" of ${ref}, which ${what}: its state ${path} is neither in the working tree nor at ${ref}, so the revocations ${ref} makes there cannot be checked`, `restore ${path} (git checkout ${ref} -- ${path}), or for a live target run scopesync state pull on ${ref} first`);
    }
    out.set(name, { state: parseStateText(stateText(blob, `${path} at ${ref}`, name), `${path} at ${ref}`, name), readFrom: `${path} at ${ref}` });
  }
  return out;
}
