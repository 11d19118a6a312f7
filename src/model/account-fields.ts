import type { TargetAccount } from "./target-state.js";

// A TargetAccount's fields, named once. An account read from a state file on the CLI's path is a
// view into columns (targets/state-columns.ts) whose fields are getters on its prototype: `{ ...a }`
// copies none of them, so a copy that changes one field is made from plainAccount instead.

/** Every field, in the order state files and the file target write them; tsc refuses this object when TargetAccount gains a field it lacks. */
const FIELDS = { id: true, login: true, externalId: true, active: true, attributes: true, entitlements: true, disabledAt: true } satisfies Record<keyof TargetAccount, true>;

/** TargetAccount's fields in the order state files write them. */
export const ACCOUNT_FIELDS = Object.keys(FIELDS) as readonly (keyof TargetAccount)[];

/** The account as a plain object, its fields in ACCOUNT_FIELDS' order, absent optional ones left out: safe to spread. */
export function plainAccount(a: TargetAccount): TargetAccount {
  const plain: Partial<Record<keyof TargetAccount, unknown>> = {};
  for (const field of ACCOUNT_FIELDS) if (a[field] !== undefined) plain[field] = a[field];
  return plain as TargetAccount;
}
