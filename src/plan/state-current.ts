// Whether a plan's view of a target is the target as it is now, the one rule the plan, `explain`
// and `report leavers` judge the apply journal's later lines by. A `file` target's file is the app
// (a restore from backup is copying the file back, with its old readAt), and a live read is now; a
// saved state file shows only what happened before its readAt. Judged apart, the plan said a
// restored leaver's account was active again while the report called the journal's disable done
// and counted nothing outstanding (rv86 M1).

/** True when the state read from `readFrom` for a target of `type` is the target now. */
export function stateIsCurrent(type: string | undefined, readFrom: string): boolean {
  return type === "file" || readFrom.startsWith("live");
}
