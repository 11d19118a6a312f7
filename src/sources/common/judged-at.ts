// The moment a source's own leaving date is judged at: the later of the export's time and the
// plan's clock (--now). A date that a source sets ahead (AD accountExpires, Entra
// employeeLeaveDateTime) is enforced by the system at that time with no further edit, so an export
// taken before it says nothing about a plan made after it: an export of the 1st read by a plan on
// the 5th is a leaver's for a date of the 3rd. Deterministic from --now, never the wall clock.

/** Milliseconds since the epoch: the later of `exportedAt` and `now` (ms), or the export's time without a clock. */
export function judgedAt(exportedAt: string, now: number | undefined): number {
  const exported = Date.parse(exportedAt);
  return now === undefined || Number.isNaN(now) ? exported : Math.max(exported, now);
}
