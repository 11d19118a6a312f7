// When a plan's view of a target is no evidence of what the target holds now: a saved state read
// longer ago than the target's `maxStateAge` (the plan's own `stale-target-state` finding), or one
// with no `readAt`, so no one knows when. A leaver's "no account" there may be an account created
// since; `report leavers` showed it done while the plan itself warned the state was stale. A live
// read or a `file` target is the target now (state-current.ts), never stale.
import type { Finding } from "../model/finding.js";
import type { TargetStateFacts } from "../model/target-state-facts.js";
import { staleTargetsOf, statePullCommand } from "./state-age.js";
import { stateIsCurrent } from "./state-current.js";

/** Why the view of one target is stale: where and when it was read, the limit it is older than, and the command that reads it now. */
export interface StaleView {
  readFrom: string;
  /** Absent: the state has no readAt. */
  readAt?: string;
  /** The target's maxStateAge the state is older than; absent for a state with no readAt. */
  maxStateAge?: string;
  /** `scopesync state pull --target <name>`. */
  fix: string;
}

/** The target's view when it is stale, else undefined. `findings`: the plan's; a stale-target-state one naming no target counts for every target (fail-closed, as apply reads it). */
export function staleView(target: string, config: { type: string; maxStateAge?: string } | undefined, facts: TargetStateFacts | undefined, findings: readonly Finding[]): StaleView | undefined {
  if (!facts || stateIsCurrent(config?.type, facts.readFrom)) return undefined;
  const old = facts.readAt !== undefined && staleTargetsOf(findings).some((s) => s.target === undefined || s.target === target);
  if (facts.readAt !== undefined && !old) return undefined;
  return { readFrom: facts.readFrom, ...(facts.readAt !== undefined ? { readAt: facts.readAt } : {}), ...(facts.readAt !== undefined && config?.maxStateAge !== undefined ? { maxStateAge: config.maxStateAge } : {}), fix: statePullCommand(target) };
}

/** "the state in state/crm.json was read at …, longer ago than its maxStateAge 7d": `text` escapes each value for the output it goes to. */
export function staleViewText(v: StaleView, text: (s: string) => string): string {
  const when = v.readAt === undefined ? "has no readAt, so when it was read is unknown" : `was read at ${text(v.readAt)}, longer ago than ${v.maxStateAge !== undefined ? `its maxStateAge ${text(v.maxStateAge)}` : "its maxStateAge"}`;
  return `the state in ${text(v.readFrom)} ${when}: it is no evidence of what the target holds now (${text(v.fix)} reads it now)`;
}
