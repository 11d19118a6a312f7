// A state file's `credentials`, checked field by field (docs/formats.md, "Target state files").
// Offboarding revokes what is listed here: a credential read as "none" is a revocation the reviewed
// plan leaves out without a word. A credential whose `account` was a JSON number (GitHub's API
// gives ids as numbers, and people paste them) belonged to no account, so a disabled NHI's deploy
// key was not revoked; `credentials` written as a mapping was read as an empty list. Each is
// refused now, at its line and column, as a malformed account is: never dropped, never guessed.
import type { PathSegment } from "../model/located.js";
import type { TargetCredential } from "../model/target-state.js";
import { idAsStringFix, jsonKind, type StateShapeProblem } from "./state-shape.js";

/** Refuses a date field (`what`: where, in words; `at`: its JSON path) that is not a date. */
export type DateCheck = (value: unknown, what: string, at: readonly PathSegment[], fix: string) => void;

/** Where a credential's shape is described, for fixes. */
const SHAPE = '{ "id": "<the target\'s credential id>", "account": "<the account id, or \\"\\">", "type": "<kind>" }';
const PULL = "or pull the state again (scopesync state pull)";

/** Optional fields that are strings when present. */
const OPTIONAL_STRINGS = ["heldBy", "credentialId", "access", "manualRevocation"] as const;
/** Date fields; `null` counts as absent (as `disabledAt`'s does). */
const DATES = ["createdAt", "lastUsedAt"] as const;
const STATUSES = ["active", "inactive"];

/**
 * The file's credentials (`value`: its `credentials` as parsed; absent is none), each checked.
 * `checkDate` refuses a date field that is not one, with the state file's words for dates.
 */
export function checkCredentials(value: unknown, bad: StateShapeProblem, checkDate: DateCheck): TargetCredential[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    const mapping = value !== null && typeof value === "object";
    bad(`credentials must be a list of credentials, not ${jsonKind(value)}`, ["credentials"], mapping ? `write credentials as a list, [${SHAPE}, …], each credential an object with its own id (not keyed by it); ${PULL}` : `write credentials as a list, [] when the target has none; ${PULL}`);
  }
  (value as unknown[]).forEach((c, i) => checkCredential(c, i, bad, checkDate));
  return value as TargetCredential[];
}

function checkCredential(c: unknown, i: number, bad: StateShapeProblem, checkDate: DateCheck): void {
  const at: PathSegment[] = ["credentials", i];
  if (c === null || typeof c !== "object" || Array.isArray(c)) bad(`credentials[${i}] is ${jsonKind(c)}, not a credential`, at, `write it as ${SHAPE}, or remove it from the list`);
  const x = c as Record<string, unknown>;
  const name = typeof x.id === "string" && x.id !== "" ? `credentials[${i}] (${x.id})` : `credentials[${i}]`;
  for (const field of ["id", "account", "type"] as const) {
    const v = x[field];
    if (typeof v === "string" && (v !== "" || field === "account")) continue;
    const what = v === undefined ? `${name} has no ${field}` : v === "" ? `${name}.${field} is empty` : `${name}.${field} is ${jsonKind(v)}, not a string`;
    const fix = idAsStringFix(v) ?? (field === "account" ? `write the id of the account it belongs to as a string, or "" when it belongs to no account the target lists; ${PULL}` : `write its ${field} as a string (${SHAPE}); ${PULL}`);
    bad(what, v === undefined ? at : [...at, field], fix);
  }
  for (const field of OPTIONAL_STRINGS) {
    const v = x[field];
    if (v !== undefined && typeof v !== "string") bad(`${name}.${field} is ${jsonKind(v)}, not a string`, [...at, field], idAsStringFix(v) ?? `write ${field} as a string, or remove it; ${PULL}`);
  }
  // recordsUse decides whether an absent lastUsedAt means "never used" (revokeUnusedAfter): the
  // string "false" is truthy, and would revoke a key whose use was simply not recorded.
  if (x.recordsUse !== undefined && typeof x.recordsUse !== "boolean") bad(`${name}.recordsUse is ${jsonKind(x.recordsUse)}, not true or false`, [...at, "recordsUse"], `write recordsUse as true or false without quotes, or remove it; ${PULL}`);
  // An unknown status ("Inactive", AWS's own spelling) is refused rather than guessed either way.
  if (x.status !== undefined && !(typeof x.status === "string" && STATUSES.includes(x.status))) {
    const lower = typeof x.status === "string" && STATUSES.includes(x.status.toLowerCase()) ? x.status.toLowerCase() : undefined;
    bad(`${name}.status is ${jsonKind(x.status)}, expected "active" or "inactive"`, [...at, "status"], lower ? `write "${lower}" (lower case)` : `write "active" or "inactive", or remove it (absent: active); ${PULL}`);
  }
  if (x.withHolderOnly !== undefined && x.withHolderOnly !== true) bad(`${name}.withHolderOnly is ${jsonKind(x.withHolderOnly)}; it is true or absent`, [...at, "withHolderOnly"], `write withHolderOnly: true, or remove it; ${PULL}`);
  // credentials.revokeUnusedAfter counts from these: one that cannot be read is refused, as readAt is.
  for (const field of DATES) {
    const v = x[field];
    if (v !== undefined && v !== null) checkDate(v, `${name} ${field}`, [...at, field], `write ${field} as an RFC 3339 date-time with a zone such as 2026-10-31T20:00:00Z, ${PULL}`);
  }
}
