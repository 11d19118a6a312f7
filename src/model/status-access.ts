// How much access a record's status leaves a person. Two rules rank statuses by it, in opposite
// directions on purpose: Okta's status while a transition runs takes the one with less (an
// administrator's deactivation already decided, sources/okta/status.ts), and two books of record
// that disagree take the one with more (an employment that has not ended, resolve/employments.ts).
import type { RecordStatus } from "./source-record.js";

const ACCESS: Readonly<Record<RecordStatus, number>> = { terminated: 0, suspended: 1, active: 2 };

/** How much access a status leaves: the lower, the less. */
export function statusAccess(status: RecordStatus): number {
  return ACCESS[status];
}
