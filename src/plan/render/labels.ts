import type { Action } from "../../model/change.js";

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
