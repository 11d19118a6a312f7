/**
 * A target whose saved state a reviewed plan was made from was older than its `maxStateAge` (the
 * plan's `stale-target-state` finding): what the reviewer approved there rests on old facts. Apply
 * holds back what that plan gives on the target and applies its revocations only as unreviewed
 * ones (src/apply/stale-review.ts). `message` and `hint` are the finding's: no secret.
 */
export interface StaleTarget {
  /** The target; absent when the finding names none, and then every target counts as stale (fail-closed). */
  target?: string;
  /** The finding's message: which state, read when, the limit. */
  message: string;
  /** What to do: read a fresh state, plan again, and have that plan reviewed. */
  hint: string;
}
