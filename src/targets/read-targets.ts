import type { PolicyRepo } from "../model/policy-repo.js";
import { ScopesyncError } from "../model/errors.js";
import type { TargetConnector } from "./connector.js";
import { readStateFile, statePath, type StateNamedAt } from "./state-file.js";
import { TextReader } from "./text-reader.js";
import type { TargetState } from "../model/target-state.js";
import type { RememberedLogins } from "../model/remembered-logins.js";
import type { UnreadableTarget } from "../model/unreadable-target.js";
import { TargetError } from "./target-error.js";

export interface TargetRead {
  state: TargetState;
  readFrom: string;
  /** A live read's accounts: the login each id had in the committed state file or the apply journal (remembered-logins.ts). */
  remembered?: RememberedLogins;
}

/**
 * Offline read side: the `file` target from its store, live targets from their saved `state:`
 * file. Planning never gets a connector that can write.
 */
export async function readTargets(repo: PolicyRepo, repoDir: string, only?: string | readonly string[]): Promise<Map<string, TargetRead>> {
  const out = new Map<string, TargetRead>();
  // One buffer for the files of this read; let go with the reader when the read is done.
  const reader = new TextReader();
  for (const [name, target] of Object.entries(repo.config.value.targets).sort(([a], [b]) => (a < b ? -1 : 1))) {
    // A shard (plan --target) reads its own target only, a batch its own: the others may not fit beside it.
    if (only !== undefined && (typeof only === "string" ? name !== only : !only.includes(name))) continue;
    if (target.type === "file" && !target.path) throw new ScopesyncError(`target "${name}" (file) has no path to read`, `set targets.${name}.path in scopesync.yaml`);
    const path = statePath(name, target);
    out.set(name, { state: readStateFile(repoDir, path, name, reader, stateNamedAt(repo, name)), readFrom: path });
  }
  return out;
}

/** Where scopesync.yaml names target `name`'s state file (or the target, for the default state/NAME.json), for the error a missing file gets. */
export function stateNamedAt(repo: PolicyRepo, name: string): StateNamedAt {
  const target = repo.config.value.targets[name]!;
  const key = target.type === "file" ? "path" : target.state !== undefined ? "state" : undefined;
  const at = key ? repo.config.locate(["targets", name, key]) : repo.config.locateKey(["targets", name]);
  return { at: `${repo.config.file}:${at.line}:${at.col}`, live: target.type === "github" || target.type === "scim" };
}

/**
 * Live read side: each connector's read(), in parallel. A failed read is fatal for the run; it
 * never becomes "no accounts". For what must see every target or say nothing (plan --live, drift,
 * a plan shard); an apply reads each target apart (readTargetsLiveApart).
 */
export async function readTargetsLive(connectors: ReadonlyMap<string, Pick<TargetConnector, "read" | "type">>): Promise<Map<string, TargetRead>> {
  const entries = await Promise.all([...connectors].sort(([a], [b]) => (a < b ? -1 : 1)).map(async ([name, c]) => [name, { state: await c.read(), readFrom: `live ${c.type}` }] as const));
  return new Map(entries);
}

/**
 * Live read side of an apply over several targets (the CLI's apply without --target, the Action's
 * sync and apply): each target is read apart, and one whose read fails (a ScopesyncError: the app
 * answered 500 six times, refused the token, cannot be reached) is left out of the map and added to
 * `unreadable` instead of failing every other target's read. One app's outage must not keep every
 * leaver active in every other app; the caller applies nothing to it and fails the run. A failed
 * read is still never "no accounts": the target is absent, not empty. Anything else (a bug) still
 * fails the run. When no target could be read at all, there is nothing to do apart: the run fails
 * as readTargetsLive's does, with the error (or every target's error).
 */
export async function readTargetsLiveApart(connectors: ReadonlyMap<string, Pick<TargetConnector, "read" | "type">>, unreadable: UnreadableTarget[]): Promise<Map<string, TargetRead>> {
  const sorted = [...connectors].sort(([a], [b]) => (a < b ? -1 : 1));
  const settled = await Promise.allSettled(sorted.map(([, c]) => c.read()));
  const out = new Map<string, TargetRead>();
  const failed: Array<{ name: string; error: ScopesyncError }> = [];
  for (const [i, s] of settled.entries()) {
    const [name, c] = sorted[i]!;
    if (s.status === "fulfilled") out.set(name, { state: s.value, readFrom: `live ${c.type}` });
    else if (s.reason instanceof ScopesyncError) failed.push({ name, error: s.reason });
    else throw s.reason;
  }
  if (out.size === 0 && failed.length === 1) throw failed[0]!.error;
  if (out.size === 0 && failed.length > 1) {
    const hints = failed.flatMap((f) => (f.error.hint ? [`${f.name}: ${f.error.hint}`] : []));
    throw new ScopesyncError(`no target could be read: ${failed.map((f) => f.error.message).join("; ")}`, hints.length > 0 ? hints.join("; ") : undefined);
  }
  for (const { name, error } of failed) unreadable.push({ target: name, error: error instanceof TargetError ? error.bare : error.message, ...(error.hint ? { hint: error.hint } : {}) });
  return out;
}
