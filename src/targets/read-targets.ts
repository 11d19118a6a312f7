import type { PolicyRepo } from "../config/load-repo.js";
import { ScopesyncError } from "../model/errors.js";
import { readStateFile } from "./state-file.js";
import type { TargetState } from "./target-state.js";

export interface TargetRead { state: TargetState; readFrom: string }

/**
 * The read side only: planning never gets a connector that can write. The `file` target is read
 * from its store; live targets are read from their saved `state:` file when planning offline.
 */
export async function readTargets(repo: PolicyRepo, repoDir: string): Promise<Map<string, TargetRead>> {
  const out = new Map<string, TargetRead>();
  for (const [name, target] of Object.entries(repo.config.value.targets).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const path = target.type === "file" ? target.path : target.state;
    if (!path) {
      throw new ScopesyncError(`target "${name}" (${target.type}) has no ${target.type === "file" ? "path" : "state file"} to read`, target.type === "file" ? "set targets." + name + ".path in scopesync.yaml" : `set targets.${name}.state to a saved state file for offline planning`);
    }
    out.set(name, { state: readStateFile(repoDir, path, name), readFrom: path });
  }
  return out;
}
