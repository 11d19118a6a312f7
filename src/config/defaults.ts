// Defaults of the documents, applied once when the repository loads, so that no later stage
// writes `?? "disable"` (and no two stages can disagree on a default). docs/formats.md lists them.
import type { AppPolicyDoc } from "../model/documents.js";

/** What an AppPolicy means when a key is left out. */
export const APP_POLICY_DEFAULTS = {
  onLeaveScope: "disable",
  deleteGracePeriod: "30d",
  unmanagedAccounts: "report",
  accounts: { login: "userName", onSuspended: "disable", preStart: "0" },
  credentials: { unknown: "report" },
} as const;

/** An AppPolicy as written (after schema validation), before its defaults are applied. */
export type WrittenAppPolicy = Omit<AppPolicyDoc, "onLeaveScope" | "deleteGracePeriod" | "unmanagedAccounts" | "accounts" | "credentials"> &
  Partial<Pick<AppPolicyDoc, "onLeaveScope" | "deleteGracePeriod" | "unmanagedAccounts">> & { accounts?: Partial<AppPolicyDoc["accounts"]>; credentials?: Partial<NonNullable<AppPolicyDoc["credentials"]>> };

/** The policy with every defaulted key set; keys that were written keep their value. */
export function withAppPolicyDefaults(written: WrittenAppPolicy): AppPolicyDoc {
  const d = APP_POLICY_DEFAULTS;
  const { credentials, ...rest } = written;
  return {
    ...rest,
    accounts: { ...written.accounts, login: written.accounts?.login ?? d.accounts.login, onSuspended: written.accounts?.onSuspended ?? d.accounts.onSuspended, preStart: written.accounts?.preStart ?? d.accounts.preStart },
    onLeaveScope: written.onLeaveScope ?? d.onLeaveScope,
    deleteGracePeriod: written.deleteGracePeriod ?? d.deleteGracePeriod,
    unmanagedAccounts: written.unmanagedAccounts ?? d.unmanagedAccounts,
    // A written `credentials:` block gets its defaults; none written means none governed.
    ...(credentials ? { credentials: { ...credentials, unknown: credentials.unknown ?? d.credentials.unknown } } : {}),
  };
}
