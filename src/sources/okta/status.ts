// Okta user lifecycle states → record status.
// STAGED, PROVISIONED (activation pending), RECOVERY, LOCKED_OUT and PASSWORD_EXPIRED are all
// accounts the organisation still entitles: they are waiting for a first login or a password reset,
// or were locked by failed logins. LOCKED_OUT is a state the user gets into, not a decision by an
// administrator, so it must not start offboarding. SUSPENDED is an administrator's decision and
// DEPROVISIONED is Okta's leaver state.
import type { RecordStatus } from "../../model/source-record.js";

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
