// A leaving a source states as a date rather than a status: Entra's employeeLeaveDateTime ("the
// date and time when the user left or will leave the organization", learn.microsoft.com/graph/api/
// resources/user) and Active Directory's accountExpires ("the date when the account expires",
// learn.microsoft.com/windows/win32/adschema/a-accountexpires). Neither source has a "terminated"
// status: a reviewer who looks the user up sees an enabled account. So the record names the date
// that made it terminated in the attribute `terminatedBy`, and the plan's reason says that date
// decided ("employeeLeaveDateTime in entra has passed"), not a status the source never gave.
import type { Identity } from "./identity.js";

/** The record attribute that names the source's date that made the record terminated ("employeeLeaveDateTime"). */
export const TERMINATED_BY = "terminatedBy";

/**
 * The source and the name of its date, when the identity's status rests on that date: only when
 * the source that decided the status is the one whose date passed (an HR status decides by itself).
 */
export function datedLeaving(identity: Pick<Identity, "attributes" | "provenance">): { source: string; date: string } | undefined {
  const date = identity.attributes[TERMINATED_BY];
  const from = identity.provenance[TERMINATED_BY]?.source;
  const status = identity.provenance.status?.source;
  if (typeof date !== "string" || from === undefined || from !== status) return undefined;
  return { source: from, date };
}

/** "employeeLeaveDateTime in entra has passed": the words of the reason that rests on it. */
export function datedLeavingWords(leaving: { source: string; date: string }): string {
  return `${leaving.date} in ${leaving.source} has passed`;
}
