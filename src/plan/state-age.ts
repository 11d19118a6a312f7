// How old each target's state is when a plan is made from it. A plan made from a state file is
// only as true as the file: reviewers see its age in every output, and a target with
// `maxStateAge` gets a finding when its state is older (apply does not apply what a reviewed plan
// made so gives on that target: src/apply/stale-review.ts).
import type { TargetConfig } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import type { StaleTarget } from "../model/stale-target.js";
import { isValidDate, parseDate, parseDuration } from "../model/time.js";

/** What a plan records per target about the state it was made from. */
export interface StateAge {
  /** When the state was read from the target (a state file's readAt); absent when unknown. */
  readAt?: string;
  /** now − readAt in whole seconds, never negative; absent when readAt is unknown. */
  ageSeconds?: number;
}

export function stateAge(readAt: string, now: number): StateAge {
  // readStateFile refuses a readAt that is not a date; what isValidDate admits parses (never NaN).
  const at = readAt && isValidDate(readAt) ? parseDate(readAt) : Number.NaN;
  if (Number.isNaN(at)) return {};
  return { readAt, ageSeconds: Math.max(0, Math.floor((now - at) / 1000)) };
}

/** "live", "12 min", "3 h", "2 d": how the renderers say it. */
export function describeAge(age: StateAge, readFrom: string): string {
  if (readFrom.startsWith("live")) return "read live";
  if (age.ageSeconds === undefined) return "state of unknown age (no readAt)";
  const s = age.ageSeconds;
  const text = s < 120 ? `${s} s` : s < 7200 ? `${Math.floor(s / 60)} min` : s < 172_800 ? `${Math.floor(s / 3600)} h` : `${Math.floor(s / 86_400)} d`;
  return `state ${text} old`;
}

/** The finding for a target whose saved state is older than its maxStateAge (or of unknown age). */
export function staleStateFinding(target: string, config: TargetConfig | undefined, age: StateAge, readFrom: string): Finding | undefined {
  if (!config?.maxStateAge || readFrom.startsWith("live")) return undefined;
  const limit = parseDuration(config.maxStateAge);
  if (age.ageSeconds !== undefined && age.ageSeconds * 1000 <= limit) return undefined;
  return {
    rule: "stale-target-state",
    severity: "warning",
    message: `target "${target}": the plan was made from ${readFrom}, ${age.readAt ? `read at ${age.readAt}, older than` : "whose age is unknown (no readAt), so not within"} maxStateAge ${config.maxStateAge}; apply holds back the grants, creates, enables and updates of a reviewed plan made from it`,
    remediation: `run ${statePullCommand(target)} (or plan --live) and plan again`,
    location: "scopesync.yaml",
  };
}

/** The command that reads a target's state now: the fix wherever an old state is named (a finding, explain, the leavers report). */
export function statePullCommand(target: string): string {
  return `scopesync state pull --target ${target}`;
}

const PREFIX = /^target "([^"]+)":/;

/**
 * The targets a reviewed plan was made from stale states of, among those an apply works on (all,
 * or `only`). The target is the finding's `target` field, or the `target "x":` its message starts
 * with (plans made before findings carried the field). A finding that names neither is kept, with
 * no target: it then stands for every target, since an apply cannot tell which facts were old.
 */
export function staleTargetsOf(findings: readonly Finding[], only?: string): StaleTarget[] {
  const out: StaleTarget[] = [];
  for (const f of findings) {
    if (f.rule !== "stale-target-state") continue;
    const target = f.target ?? PREFIX.exec(f.message)?.[1];
    if (only !== undefined && target !== undefined && target !== only) continue;
    const hint = `${f.remediation ?? "read a fresh state of the target and plan again"}, and have that plan reviewed`;
    out.push({ ...(target === undefined ? {} : { target }), message: f.message, hint });
  }
  return out;
}
