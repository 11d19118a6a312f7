/**
 * A target whose live read failed (after its retries) in a run over several targets, such as the
 * daily sync's revocations: that target is left out of the run, never read as "no accounts", and
 * the run reports it and fails; the other targets' revocations are still applied
 * (src/apply/unreadable-targets.ts). `error` and `hint` come from a ScopesyncError, which redacts
 * them when it is made: they hold no secret.
 */
export interface UnreadableTarget {
  target: string;
  /** Why the read failed, without the `target "x": ` prefix. */
  error: string;
  /** What to do about it (the target's `fix:`). */
  hint?: string;
  /** Read, but refused: the read is not the tenant the reviewed plan was made from (apply/tenant-binding.ts). */
  refused?: true;
}
