// What binds the apply of a commit nobody reviewed (a direct push to main: an HR export, the daily
// sync's own commits; a pull request whose plan cannot be trusted) to the tenants its targets are
// (rv83 finding 1). Its reviewed plan is empty, and apply's revocations there are unreviewed ones:
// with no `targets` in it, a swapped token read another workspace, and every account there was
// disabled as nobody's. The daily sync binds its empty plan to the targets of the plan it made from
// the committed state files (action-sync.ts); the apply queue has no such plan, so it records the
// same facts from the state files committed at that commit (plan/state-facts.ts), and apply refuses
// a live read of another tenant as for any reviewed plan (apply/tenant-binding.ts).
import { filesAtRevision, revisionAt } from "../config/git-files.js";
import { loadConfigOnly } from "../config/load-repo.js";
import { ScopesyncError } from "../model/errors.js";
import type { TargetStateFacts } from "../model/target-state-facts.js";
import { stateFacts } from "../plan/state-facts.js";
import { parseStateText, statePath } from "../targets/state-file.js";
import { stateText } from "../targets/state-text.js";

export interface CommittedBinding {
  /** The empty reviewed plan's `targets`: each live target's committed state, as a plan records it. */
  targets: Record<string, TargetStateFacts>;
  /** Each target that binds nothing at this commit (its state file missing or unreadable), with why. */
  unbound: string[];
}

/**
 * Reads the state files of each commit once per blob: the queue binds up to max-queue commits,
 * which mostly share their state files, and a large tenant's file is many megabytes.
 */
export class CommittedStates {
  private readonly facts = new Map<string, TargetStateFacts>();

  constructor(private readonly repoDir: string, private readonly now: number) {}

  /**
   * The binding of commit `sha`. A scopesync.yaml that does not load there binds nothing: apply at
   * that commit stops on it anyway, with its diagnostics. A file target has no tenant to mistake.
   */
  async at(sha: string): Promise<CommittedBinding> {
    const config = loadConfigOnly(await filesAtRevision(this.repoDir, sha));
    const out: CommittedBinding = { targets: {}, unbound: [] };
    if (!config) return out;
    const revision = await revisionAt(this.repoDir, sha);
    for (const name of Object.keys(config.targets).sort()) {
      const target = config.targets[name]!;
      if (target.type === "file") continue;
      const path = statePath(name, target);
      const readFrom = `${path} at ${sha.slice(0, 12)}`;
      try {
        const blob = (await revision.files(path)).get(path);
        if (blob === undefined) {
          out.unbound.push(`target "${name}": ${path} is not committed at ${sha.slice(0, 12)}, so its revocations there are bound to no tenant`);
          continue;
        }
        const key = `${name}\u0000${target.type}\u0000${blob}`;
        let facts = this.facts.get(key);
        if (!facts) {
          const bytes = (await revision.blob(path))!;
          facts = stateFacts(parseStateText(stateText(bytes, readFrom, name), readFrom, name), readFrom, target, [], this.now);
          this.facts.set(key, facts);
        }
        // The same blob at another commit: its facts, read from there.
        out.targets[name] = { ...facts, readFrom };
      } catch (e) {
        if (!(e instanceof ScopesyncError)) throw e;
        out.unbound.push(`${e.message}; its revocations at ${sha.slice(0, 12)} are bound to no tenant (fix: ${e.hint ?? "restore the state file"})`);
      }
    }
    return out;
  }
}
