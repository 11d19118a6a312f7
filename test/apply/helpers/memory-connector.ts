// A TargetConnector in memory for the runner's unit tests: records every call (in order, with how
// many were in flight), answers from a script, and can hold calls until the test releases them.
import type { Action, Change } from "../../../src/model/change.js";
import { changeId } from "../../../src/model/change.js";
import type { ApplyOutcome, TargetConnector } from "../../../src/targets/connector.js";
import type { TargetState } from "../../../src/model/target-state.js";

export type Script = (change: Change, attempt: number) => ApplyOutcome | Error | Promise<ApplyOutcome | Error>;

export interface MemoryConnector extends TargetConnector {
  /** Every call: "action identity[ entitlement]" with the account the change carried. */
  calls: Array<{ line: string; account?: string; inFlight: number }>;
  maxInFlight: number;
  /** Calls held by `hold`, released one by one or all at once. */
  held: Array<() => void>;
  hold: boolean;
  releaseAll(): void;
}

export function memoryConnector(name = "app", options: { maxConcurrency?: number; script?: Script } = {}): MemoryConnector {
  const attempts = new Map<string, number>();
  let inFlight = 0;
  const connector: MemoryConnector = {
    type: "memory",
    name,
    capabilities: { storesExternalId: true, updatesAccounts: true, supportsDelete: true, supportsCredentials: true, groupNamesIgnoreCase: false, supportsBulk: false, maxConcurrency: options.maxConcurrency ?? 64 },
    calls: [],
    maxInFlight: 0,
    held: [],
    hold: false,
    releaseAll() {
      for (const release of this.held.splice(0)) release();
    },
    async read(): Promise<TargetState> {
      return { formatVersion: 1, target: name, readAt: "2026-11-26T09:00:00Z", accounts: [], credentials: [] };
    },
    async apply(change) {
      inFlight++;
      connector.maxInFlight = Math.max(connector.maxInFlight, inFlight);
      connector.calls.push({ line: lineOf(change), ...(change.account ? { account: change.account } : {}), inFlight });
      try {
        if (connector.hold) await new Promise<void>((resolve) => connector.held.push(resolve));
        const n = (attempts.get(change.id) ?? 0) + 1;
        attempts.set(change.id, n);
        const answer = options.script ? await options.script(change, n) : { status: "applied" as const };
        if (answer instanceof Error) throw answer;
        return answer;
      } finally {
        inFlight--;
      }
    },
  };
  return connector;
}

export function lineOf(change: Pick<Change, "action" | "identity" | "entitlement" | "credential">): string {
  return `${change.action} ${change.identity}${change.entitlement ? ` ${change.entitlement}` : ""}${change.credential ? ` ${change.credential}` : ""}`;
}

export function mk(action: Action, identity: string, extra: Partial<Change> = {}, target = "app"): Change {
  return {
    id: changeId(target, action, identity, extra.entitlement ?? extra.credential ?? ""),
    target,
    action,
    identity,
    login: identity,
    anchor: `hr:${identity}`,
    privileged: false,
    origin: "source",
    reason: "test",
    evidence: [],
    ...extra,
  };
}

/** Lets every pending promise callback run (no timers involved). */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
