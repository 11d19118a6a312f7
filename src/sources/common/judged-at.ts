// The moments a source's own dates are judged at, deterministic from --now, never the wall clock.
//
// A leaving date that a source sets ahead (AD accountExpires, Entra employeeLeaveDateTime) is
// enforced by the system at that time with no further edit, so an export taken before it says
// nothing about a plan made after it: an export of the 1st read by a plan on the 5th is a leaver's
// for a date of the 3rd. It is judged at the later of the export's time and the plan's clock, but
// never after the plan's clock: an export time after it (a typo in options.exportedAt, a file time
// from a host whose clock runs ahead) would make a leave date between the two pass before it has
// come, and offboard today a person leaving next quarter. Such an export fails its gate
// (sources/export-time.ts); within the clock skew that gate allows, the plan's clock still decides.

/** Milliseconds since the epoch a leaving date is judged at: the plan's clock `now` (ms), which an export can only precede; the export's time without a clock. */
export function judgedAt(exportedAt: string, now: number | undefined): number {
  // The later of the clock and an export time no later than it is the clock itself.
  return now === undefined || Number.isNaN(now) ? Date.parse(exportedAt) : now;
}

/**
 * The export's time, never after the plan's clock (ms): what a record showed "at the export" (a
 * user blocked before its hire date) is known only up to the plan's time, whatever the export's
 * time claims.
 */
export function exportedBy(exportedAt: string, now: number | undefined): number {
  const exported = Date.parse(exportedAt);
  return now === undefined || Number.isNaN(now) ? exported : Math.min(exported, now);
}
