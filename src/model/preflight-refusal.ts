import type { Change } from "./change.js";

/**
 * Planned changes a target's credentials visibly cannot make, found before apply starts (a classic
 * token without the scope, a personal token where only a GitHub App can, a personal token whose
 * user is not an owner). Only these are refused, each reported failed with `message` and `hint`:
 * the rest of the plan still applies, so one change the token cannot make never keeps a leaver's
 * removal waiting (src/apply/preflight.ts). Neither text holds a secret.
 */
export interface PreflightRefusal {
  changes: readonly Change[];
  /** What is missing, for which changes (no `target "x": ` prefix: the runner's results add the target). */
  message: string;
  /** How to fix it. */
  hint: string;
}
