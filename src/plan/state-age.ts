// How old each target's state is when a plan is made from it. A plan made from a state file is
// only as true as the file: reviewers see its age in every output, and a target with
// `maxStateAge` gets a finding when its state is older (apply refuses a reviewed plan made so).
import type { TargetConfig } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
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
    message: `target "${target}": the plan was made from ${readFrom}, ${age.readAt ? `read at ${age.readAt}, older than` : "whose age is unknown (no readAt), so not within"} maxStateAge ${config.maxStateAge}; apply refuses a reviewed plan made from it`,
    remediation: `run scopesync state pull --target ${target} (or plan --live) and plan again`,
    location: "scopesync.yaml",
  };
}

/** The stale-state findings of a reviewed plan for the targets an apply works on (all, or one). */
export function staleInReviewedPlan(findings: readonly Finding[], target?: string): Finding[] {
  return findings.filter((f) => f.rule === "stale-target-state" && (!target || f.message.startsWith(`target "${target}":`)));
}
