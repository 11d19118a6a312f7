import type { Action, Change } from "../../model/change.js";

/** Short verbs for counts and tables, in the action order (ACTIONS: revocations first). */
export const ACTION_LABELS: Record<Action, string> = {
  "revoke-credential": "revoke credential",
  revoke: "revoke",
  "disable-account": "disable",
  "delete-account": "delete",
  "create-account": "create",
  "enable-account": "enable",
  "update-account": "update",
  grant: "grant",
};

export const ORIGIN_LABELS = { pr: "this PR", source: "source", drift: "drift", policy: "policy" } as const;

/**
 * The app's login, where it is not the identity's id (a GitHub login, a CRM's own user name): the
 * reviewer approves what happens to that account, so it is named.
 */
export function loginShown(c: Change): boolean {
  return c.login !== undefined && c.login !== c.identity && c.identity !== `account:${c.login}`;
}
