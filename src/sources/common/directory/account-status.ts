// The status of one directory user entry: expired (AD accountExpires), disabled or locked (AD
// userAccountControl ACCOUNTDISABLE, AD LDS msDS-UserAccountDisabled, an OpenLDAP administrative
// lock, options.statusAttribute), or active. A disabled account's meaning is the organisation's (options.disabledMeans,
// model/directory-disabled.ts); its words are kept for the plan's texts in `disabled`.
import type { RecordStatus } from "../../../model/source-record.js";
import { quote } from "../text.js";
import { judgedAt } from "../judged-at.js";
import { ACCOUNT_DISABLE, accountExpiry } from "./active-directory.js";
import type { EntryValues } from "./entry-values.js";
import type { DirectorySchema } from "./directory-schema.js";
import type { DirectorySettings } from "./settings.js";

export interface AccountStatus {
  status: RecordStatus;
  /** AD accountExpires, when the account has an expiry. */
  terminationDate?: string;
  /** The directory's words for a disabled account that gave the status ("userAccountControl 514: ACCOUNTDISABLE"). */
  disabled?: string;
  /** The date that made the account terminated ("accountExpires"), for the plan's reason (model/dated-leaving.ts). */
  terminatedBy?: string;
}

export function accountStatus(values: EntryValues, schema: DirectorySchema, settings: DirectorySettings): AccountStatus {
  const own =
    schema === "active-directory" ? adAccount(values, settings)
    : schema === "ad-lds" ? adLdsAccount(values, settings)
    : { status: "active" as const, disabled: openLdapLock(values) };
  if (own.status === "terminated") return own;
  const disabled = own.disabled ?? statusAttributeSays(values, settings.status);
  const result: AccountStatus = { status: disabled === undefined ? "active" : settings.disabledMeans };
  if (own.terminationDate !== undefined) result.terminationDate = own.terminationDate;
  if (disabled !== undefined) result.disabled = disabled;
  return result;
}

/**
 * AD: an account whose accountExpires has passed is a leaver. Microsoft: "The date when the account
 * expires" (learn.microsoft.com/windows/win32/adschema/a-accountexpires); AD refuses the account's
 * logons from then on with no further edit, so the expiry is the status itself. It is judged at
 * the later of the export and the plan's clock (--now), never after that clock (judged-at.ts): an
 * export taken at 06:00 of an account that expires at 08:00 is a leaver's in a plan at 09:00, an
 * export time after the plan's (a typo, a clock ahead) terminates no account before its expiry,
 * and the same inputs give the same plan.
 * (MS-ADA1 2.1 gives 0 and 0x7FFFFFFFFFFFFFFF as "never expires".) ADS_UF_ACCOUNTDISABLE
 * (0x00000002, "The account is disabled": MS-DRSR userAccountControl bits,
 * learn.microsoft.com/openspecs/windows_protocols/ms-drsr/ed5db046-d9f7-4da4-884c-e14b6bcf5471)
 * is a disabled account, read as options.disabledMeans says. LOCKOUT (0x10, "temporarily locked
 * out") is a wrong password's, not a decision: it changes nothing.
 */
function adAccount(values: EntryValues, settings: DirectorySettings): AccountStatus {
  const flags = values.first("userAccountControl");
  if (flags === undefined) {
    throw values.fail(
      "no userAccountControl: cannot tell whether the account is enabled",
      "Include userAccountControl in the export (an AD LDS export: msDS-UserAccountDisabled, which AD LDS has instead).",
    );
  }
  if (!/^\d+$/.test(flags)) throw values.fail(`userAccountControl ${quote(flags)} is not a number`);
  // Every AD account has accountExpires: MS-SAMR 3.1.1.8.1 sets it to 0x7FFFFFFFFFFFFFFF when a
  // user or computer object is created without one. Its absence means the export did not ask for
  // it (an attribute list), and reading that as "never expires" would keep an expired leaver's
  // access: AD does not set ACCOUNTDISABLE when the date passes, so nothing else would show it.
  const expiresText = values.first("accountExpires");
  if (expiresText === undefined) {
    throw values.fail(
      "no accountExpires: cannot tell whether the account has expired",
      "Include accountExpires in the export (every Active Directory account has it; 9223372036854775807 or 0 when it never expires): an export with an attribute list (ldifde -l, ldapsearch ... attributes) must name it.",
    );
  }
  const disabled = (Number(flags) & ACCOUNT_DISABLE) !== 0 ? `userAccountControl ${flags}: ACCOUNTDISABLE` : undefined;
  return expiryOr(values, expiresText, disabled, settings);
}

/**
 * AD LDS: msDS-UserAccountDisabled TRUE is the disabled account (directory-schema.ts), read as
 * options.disabledMeans says; accountExpires, when the entry has it, as in AD. AD LDS runs no SAM
 * (MS-SAMR's rule that every account has accountExpires is AD DS's), so an entry without it is
 * one that never expires.
 */
function adLdsAccount(values: EntryValues, settings: DirectorySettings): AccountStatus {
  const flag = values.first("msDS-UserAccountDisabled") ?? "";
  if (!/^(TRUE|FALSE)$/i.test(flag)) throw values.fail(`msDS-UserAccountDisabled ${quote(flag)} is not TRUE or FALSE`);
  const disabled = flag.toUpperCase() === "TRUE" ? "msDS-UserAccountDisabled TRUE" : undefined;
  return expiryOr(values, values.first("accountExpires"), disabled, settings);
}

/** An expiry that has passed is the leaving itself; otherwise the account is disabled or active. */
function expiryOr(values: EntryValues, expiresText: string | undefined, disabled: string | undefined, settings: DirectorySettings): AccountStatus {
  const expiry = expiresText === undefined ? { date: null, passed: false } : accountExpiry(expiresText, judgedAt(settings.exportedAt, settings.now === undefined ? undefined : Date.parse(settings.now)));
  if (expiry === undefined) throw values.fail(`accountExpires ${quote(expiresText)} is not a Windows FILETIME`);
  const result: AccountStatus = { status: "active" };
  if (expiry.date !== null) result.terminationDate = expiry.date;
  if (expiry.passed) {
    result.status = "terminated";
    result.terminatedBy = "accountExpires";
  } else if (disabled !== undefined) result.disabled = disabled;
  return result;
}

// ppolicy's pwdAccountLockedTime "000001010000Z" is a lock set by an administrator (a decision);
// any other value is a temporary lockout after failed logins, which does not end the entitlement:
// it must not let anyone who can type a wrong password offboard a colleague.
const ADMIN_LOCK = "000001010000Z";

function openLdapLock(values: EntryValues): string | undefined {
  return values.first("pwdAccountLockedTime") === ADMIN_LOCK ? `pwdAccountLockedTime ${ADMIN_LOCK}: locked by an administrator` : undefined;
}

/** options.statusAttribute/disabledValues: the attribute and the value that say disabled, as the entry has them. */
function statusAttributeSays(values: EntryValues, status: DirectorySettings["status"]): string | undefined {
  if (!status) return undefined;
  const value = values.all(status.attribute).find((v) => status.disabledValues.has(v.trim().toLowerCase()));
  return value === undefined ? undefined : `${status.attribute} ${quote(value.trim())}`;
}
