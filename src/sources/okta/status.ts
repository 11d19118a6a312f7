// Okta user lifecycle states → record status.
// STAGED, PROVISIONED (activation pending), RECOVERY, LOCKED_OUT and PASSWORD_EXPIRED are all
// accounts the organisation still entitles: they are waiting for a first login or a password reset,
// or were locked by failed logins. LOCKED_OUT is a state the user gets into, not a decision by an
// administrator, so it must not start offboarding. SUSPENDED is an administrator's decision and
// DEPROVISIONED is Okta's leaver state.
import type { RecordStatus, SourceRecord } from "../../model/source-record.js";
import { statusAccess } from "../../model/status-access.js";

export const OKTA_STATUS: Readonly<Record<string, RecordStatus>> = {
  STAGED: "active",
  PROVISIONED: "active",
  ACTIVE: "active",
  RECOVERY: "active",
  LOCKED_OUT: "active",
  PASSWORD_EXPIRED: "active",
  SUSPENDED: "suspended",
  DEPROVISIONED: "terminated",
};

/**
 * The status of a user whose status Okta is still changing: `transitioningToStatus` is "the target
 * status of an in-progress asynchronous status transition", returned only while it runs (Okta
 * Management API, User object). Okta documents three: DEPROVISIONED while a deactivation runs
 * ("The user's transitioningToStatus property is DEPROVISIONED during deactivation […] The user's
 * status is DEPROVISIONED when the deactivation process is complete",
 * https://developer.okta.com/docs/api/openapi/okta-management/management/tags/userlifecycle/other/deactivateuser),
 * and ACTIVE or PROVISIONED while an activation runs (activateUser, on a STAGED or DEPROVISIONED
 * user). Deactivation "runs as a background task, and depending on the number of affected users,
 * can take significant time to complete" (https://help.okta.com/en-us/Content/Topics/users-groups-profiles/usgp-deactivate-user-account.htm),
 * so an export taken during a bulk deactivation shows leavers as ACTIVE.
 *
 * Whichever of the two leaves less access counts. A deactivation under way is an administrator's
 * decision that the user leaves, already made: waiting for Okta to finish keeps a leaver's access
 * until the next export. An activation under way is not finished: a DEPROVISIONED user Okta is
 * reactivating gets access back from the export that shows them ACTIVE, not before (fail closed).
 * A STAGED user being activated is active either way.
 */
export function oktaStatusWhileTransitioning(current: RecordStatus, target: RecordStatus): RecordStatus {
  return statusAccess(target) < statusAccess(current) ? target : current;
}

/**
 * Okta's words for a user it has shut out ("Okta status DEPROVISIONED", "Okta status ACTIVE,
 * transitioningToStatus DEPROVISIONED"): SUSPENDED or DEPROVISIONED, or a deactivation under way.
 * Undefined for a user who can still sign in, and for a record that no longer carries Okta's
 * status (a leaver a snapshot keeps).
 */
export function oktaShutOutWords(record: SourceRecord): string | undefined {
  const status = record.raw.status;
  if (record.status === "active" || typeof status !== "string") return undefined;
  const to = record.attributes?.transitioningToStatus;
  return `Okta status ${status}${typeof to === "string" ? `, transitioningToStatus ${to}` : ""}`;
}
