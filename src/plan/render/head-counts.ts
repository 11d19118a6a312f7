// The two count lines of the comment's head that say what kind of review a plan needs: where its
// changes come from (this PR, a source, drift, policy) and how many are privileged. The check run's
// summary carries them too: it is what a reviewer sees in the checks list, and a privileged grant
// with no finding has no annotation there to stand for it.
import type { Plan } from "../plan.js";
import { ORIGIN_LABELS } from "./labels.js";

const ORIGINS = ["pr", "source", "drift", "policy"] as const;

/** "Where the changes come from: **1** this PR · **29** source · …", or undefined for a plan with no changes. */
export function originLine(plan: Plan): string | undefined {
  if (plan.changes.length === 0) return undefined;
  const origins = { pr: 0, source: 0, drift: 0, policy: 0 };
  for (const c of plan.changes) origins[c.origin]++;
  // With --base, "this PR" is counted even at 0: left out, a pull request that adds no change read
  // as a plan made without --base, where no change can be the pull request's.
  const shown = ORIGINS.filter((o) => origins[o] > 0 || (o === "pr" && plan.base !== undefined));
  return `Where the changes come from: ${shown.map((o) => `**${origins[o]}** ${ORIGIN_LABELS[o]}`).join(" · ")}`;
}

/** "🔐 **6 privileged changes**: 1 grant(s), 5 revocation(s)", or undefined when none is privileged. */
export function privilegedLine(plan: Plan): string | undefined {
  let privileged = 0;
  let grants = 0;
  let revokes = 0;
  for (const c of plan.changes) {
    if (!c.privileged) continue;
    privileged++;
    if (c.action === "grant") grants++;
    else if (c.action === "revoke") revokes++;
  }
  return privileged > 0 ? `🔐 **${privileged} privileged change${privileged === 1 ? "" : "s"}**: ${grants} grant(s), ${revokes} revocation(s)` : undefined;
}
