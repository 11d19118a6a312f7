import { DEFAULT_RETRY, realTiming, retryingReads, type Timing } from "../apply/retry.js";
import { stateJson } from "../adopt/state-json.js";
import { maskedStateWarning, secretFreeState } from "../adopt/state-secrets.js";
import { writeFiles } from "../adopt/write-files.js";
import { loadRepo } from "../config/load-repo.js";
import { workingTree } from "../config/repo-files.js";
import { ScopesyncError } from "../model/errors.js";
import { statePath } from "../targets/state-file.js";
import { targetEndpoint } from "../model/target-endpoint.js";
import { earlierState, withAcceptedInvitations } from "../targets/accepted-invitations.js";
import { cancelledInvitations } from "../targets/cancelled-invitations.js";
import { journalNames } from "../targets/renamed-targets.js";
import { journalFile } from "../model/journal-record.js";
import { closeConnectors, openConnectors } from "../connectors.js";
import { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";
import { parseNow } from "../model/now.js";
import { readRetryNotice } from "./read-retry-notice.js";

export interface StatePullOptions {
  repo: string;
  action?: string;
  target?: string;
  now?: string;
  /** Tests inject timing so read retries do not wait (as for apply and drift). */
  timing?: Timing;
}

/**
 * `scopesync state pull [--target NAME]`: reads each live target through its connector (read side
 * only) and writes state/<target>.json (or the target's `state:` path). Every target is read
 * before anything is written: one failed read writes nothing, nor does a value that looks like a
 * secret where it cannot be masked (adopt/state-secrets.ts). A read that meets a 429, a 5xx or a
 * dropped connection is retried as apply's reads are, resuming at the page it stopped on.
 */
export async function statePullCommand(options: StatePullOptions, io: Io): Promise<number> {
  if (options.action !== "pull") throw new ScopesyncError(options.action ? `unknown state command "${options.action}"` : "state needs a command", "use: scopesync state pull [--target NAME]");
  const loaded = loadRepo(workingTree(options.repo));
  if (!loaded.repo) throw new ScopesyncError("the repository does not validate", "run scopesync validate and fix what it reports");
  const now = parseNow(options.now);
  const targets = loaded.repo.config.value.targets;
  // The file target's state is its own store: there is nothing to pull.
  const live = Object.entries(targets).filter(([name, t]) => t.type !== "file" && (!options.target || name === options.target));
  if (options.target && !targets[options.target]) throw new ScopesyncError(`no target "${options.target}"`, `targets: ${Object.keys(targets).sort().join(", ")}`);
  if (options.target && live.length === 0) throw new ScopesyncError(`target "${options.target}" is a file target: its file is its state`, "pull a live target (github, scim)");
  // Only the target asked for: one job per target holds only that target's token.
  const connectors = openConnectors(loaded.repo, options.repo, io.env, () => now, options.target);
  const readers = retryingReads(new Map(live.map(([name]) => [name, connectors.get(name)!])), DEFAULT_RETRY, options.timing ?? realTiming, readRetryNotice(io));
  const files = new Map<string, string>();
  try {
    for (const [name, config] of live) {
      const state = await readers.get(name)!.read();
      const path = statePath(name, config);
      const readAt = new Date(now).toISOString();
      // The file this pull replaces is the only record of e-mail invitations that were pending:
      // a member who accepted one since is recorded as such (targets/accepted-invitations.ts).
      const earlier = earlierState(options.repo, path, name);
      if (earlier.problem) io.err(`warning: ${earlier.problem}; members who accepted an e-mail invitation since it was written cannot be told, and are not recorded`);
      // One scopesync cancelled (its journal: apply.journal, or the default) was not accepted, whatever the read shows.
      const pulled = withAcceptedInvitations(earlier.state, state, readAt, cancelledInvitations(journalFile(options.repo, loaded.repo.config.value), journalNames(loaded.repo.config.value, name)));
      // The file is committed: what the app holds that looks like a secret is masked, or the pull refused (adopt/state-secrets.ts).
      const clean = secretFreeState(pulled, name, path);
      for (const m of clean.masked) io.err(maskedStateWarning(name, path, m));
      files.set(path, stateJson(clean.state, readAt, targetEndpoint(config)));
    }
  } finally {
    await closeConnectors(connectors);
  }
  const done = writeFiles(options.repo, files, () => true, "state pull");
  for (const [name, config] of live) {
    const path = statePath(name, config);
    io.out(`${name}: ${done.unchanged.includes(path) ? "unchanged" : "wrote"} ${path}`);
  }
  return ExitCode.ok;
}
