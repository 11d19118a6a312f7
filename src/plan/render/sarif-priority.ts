// The order in which findings claim room in a SARIF upload too large for GitHub code scanning
// (sarif-budget.ts): what blocks the plan, then what this pull request changes, then what grants
// or takes privilege, then the rest. A reviewer who sees only part of the findings sees these.
import type { Finding } from "../../model/finding.js";
import type { Plan } from "../plan.js";

/**
 * The plan's findings in tiers (their positions in plan.findings, so that a finding listed twice
 * is counted twice), highest priority first, each tier in plan order: errors; then
 * warnings and notes about this pull request's own changes (an identity a change of origin `pr`
 * is about, or a line of a desired-state file the PR edits); then those about an identity with a
 * privileged change; then the other warnings; then the other notes. Within a PR or privileged
 * tier, warnings come before notes.
 */
export function sarifTiers(plan: Plan): number[][] {
  const fromPr = new Set<string>();
  const privileged = new Set<string>();
  for (const c of plan.changes) {
    if (c.origin === "pr") fromPr.add(c.identity);
    if (c.privileged) privileged.add(c.identity);
  }
  const editedFiles = new Set((plan.desiredStateDiff ?? []).map((d) => d.file));
  const tiers: number[][] = [[], [], [], [], [], [], []];
  plan.findings.forEach((f, k) => tiers[tierOf(f, fromPr, privileged, editedFiles)]!.push(k));
  return tiers.filter((t) => t.length > 0);
}

function tierOf(f: Finding, fromPr: ReadonlySet<string>, privileged: ReadonlySet<string>, editedFiles: ReadonlySet<string>): number {
  if (f.severity === "error") return 0;
  const note = f.severity === "info" ? 1 : 0;
  const id = f.identity;
  if ((id !== undefined && fromPr.has(id)) || editedFiles.has(locationFile(f.location))) return 1 + note;
  if (id !== undefined && privileged.has(id)) return 3 + note;
  return 5 + note;
}

/** "identities/x.yaml:14" → "identities/x.yaml"; a source record's position or nothing → "". */
function locationFile(where: string | undefined): string {
  return (where && /^([^\s:]+):\d+/.exec(where)?.[1]) ?? "";
}
