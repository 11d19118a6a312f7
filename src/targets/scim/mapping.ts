// How scopesync's flat account attributes map onto SCIM 2.0 User resources (RFC 7643 §4.1 and
// the enterprise extension §4.3), both ways: read (User → strings) and write (values → a create
// body or PATCH operations).
//
// Attribute names outside ATTRIBUTES are put nowhere: SCIM core has no place for them, and a
// custom extension schema differs per app. They are skipped on write and never read back, so a
// policy that maps one would show as drift on every plan; `unsupportedAttributes` names them so
// the caller can say so.
import { attributeCaseExact, sameAttributeValue } from "../../model/attribute-values.js";
import type { AttributeChange } from "../../model/change.js";
import { TARGET_CAPABILITIES } from "../../model/target-types.js";

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export type Slot =
  | { kind: "core"; path: [string] | [string, string] }
  | { kind: "enterprise"; key: string }
  | { kind: "email" };

/** scopesync attribute name → where it lives in a SCIM User. */
export const ATTRIBUTES: Readonly<Record<string, Slot>> = {
  displayName: { kind: "core", path: ["displayName"] },
  givenName: { kind: "core", path: ["name", "givenName"] },
  familyName: { kind: "core", path: ["name", "familyName"] },
  formattedName: { kind: "core", path: ["name", "formatted"] },
  nickName: { kind: "core", path: ["nickName"] },
  title: { kind: "core", path: ["title"] },
  userType: { kind: "core", path: ["userType"] },
  preferredLanguage: { kind: "core", path: ["preferredLanguage"] },
  locale: { kind: "core", path: ["locale"] },
  timezone: { kind: "core", path: ["timezone"] },
  profileUrl: { kind: "core", path: ["profileUrl"] },
  email: { kind: "email" },
  department: { kind: "enterprise", key: "department" },
  employeeNumber: { kind: "enterprise", key: "employeeNumber" },
  costCenter: { kind: "enterprise", key: "costCenter" },
  organization: { kind: "enterprise", key: "organization" },
  division: { kind: "enterprise", key: "division" },
};

/** Attribute names with their own handling: the account's userName and externalId. */
const SPECIAL = new Set(["login", "externalId"]);

/**
 * A user's `active` as the app gives it: a boolean, or "true"/"false" written as text (some apps
 * do); undefined when it gives none or something else. Read and apply take it the same way.
 */
export function activeOf(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === "true";
  return undefined;
}

export interface ScimEmail { value?: unknown; primary?: unknown; type?: unknown }
export interface ScimUser {
  id: string;
  userName: string;
  externalId?: string;
  /** A boolean by RFC 7643; some apps write it as text (activeOf). */
  active?: boolean | string;
  emails?: ScimEmail[];
  meta?: { version?: string; lastModified?: string };
  [key: string]: unknown;
}

export interface ScimGroup {
  id: string;
  displayName: string;
  members?: Array<{ value?: unknown; type?: unknown }>;
  meta?: { version?: string };
}

export function unsupportedAttributes(attributes: Record<string, AttributeChange> = {}): string[] {
  return Object.keys(attributes).filter((name) => !SPECIAL.has(name) && !(name in ATTRIBUTES)).sort();
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The primary email, else the first one (RFC 7643: at most one is primary). */
export function primaryEmail(user: ScimUser): string | undefined {
  const emails = Array.isArray(user.emails) ? user.emails : [];
  return text((emails.find((e) => e?.primary === true) ?? emails[0])?.value);
}

function readSlot(user: ScimUser, slot: Slot): string | undefined {
  switch (slot.kind) {
    case "core": {
      const [head, leaf] = slot.path;
      const top = user[head];
      return leaf === undefined ? text(top) : text((top as Record<string, unknown> | undefined)?.[leaf]);
    }
    case "enterprise":
      return text((user[ENTERPRISE] as Record<string, unknown> | undefined)?.[slot.key]);
    case "email":
      return primaryEmail(user);
  }
}

/** The account attributes scopesync compares: every mapped attribute the user has, as strings. */
export function readAttributes(user: ScimUser): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, slot] of Object.entries(ATTRIBUTES)) {
    const value = readSlot(user, slot);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** A POST /Users body: userName, externalId, active and every mapped attribute with a value. */
export function createBody(login: string, externalId: string, attributes: Record<string, AttributeChange> = {}): Record<string, unknown> {
  const body: Record<string, unknown> = { schemas: [USER_SCHEMA], userName: login, externalId, active: true };
  for (const [name, change] of Object.entries(attributes)) {
    const slot = ATTRIBUTES[name];
    if (!slot || change.to === null) continue;
    switch (slot.kind) {
      case "core": {
        const [head, leaf] = slot.path;
        if (leaf === undefined) body[head] = change.to;
        else body[head] = { ...(body[head] as object | undefined), [leaf]: change.to };
        break;
      }
      case "enterprise":
        body[ENTERPRISE] = { ...(body[ENTERPRISE] as object | undefined), [slot.key]: change.to };
        if (!(body.schemas as string[]).includes(ENTERPRISE)) (body.schemas as string[]).push(ENTERPRISE);
        break;
      case "email":
        body.emails = [{ value: change.to, type: "work", primary: true }];
        break;
    }
  }
  return body;
}

export interface PatchOperation { op: "add" | "replace" | "remove"; path: string; value?: unknown }

/**
 * The value of a scopesync attribute (`login`, `externalId` or a mapped one) as `user` holds it;
 * undefined when it holds none, or the name maps nowhere.
 */
export function heldValue(user: ScimUser, name: string): string | undefined {
  if (name === "login") return text(user.userName);
  if (name === "externalId") return text(user.externalId);
  const slot = ATTRIBUTES[name];
  return slot ? readSlot(user, slot) : undefined;
}

/** The `caseExact` the app's /Schemas declares per mapped attribute (case-exact.ts); undefined: none. */
export type DeclaredCaseExact = Readonly<Record<string, boolean>> | undefined;

/**
 * Whether the app holds `wanted` as the value of `name`, by the rule the planner compares with
 * (model/attribute-values.ts): RFC 7643 §8.7.1 makes every User string scopesync writes
 * `"caseExact": false` but externalId, so "Ada@Corp.example" stored as "ada@corp.example" is held,
 * unless the app's own /Schemas (`declared`) makes the attribute case-exact.
 */
export function heldAs(held: string, name: string, wanted: string, declared: DeclaredCaseExact): boolean {
  return sameAttributeValue(held, wanted, attributeCaseExact(TARGET_CAPABILITIES.scim, name, declared));
}

/**
 * Whether `user` holds what `change` sets, as the plan will compare it: its `to` value (in the
 * app's own case or form, heldAs), or none where it removes one. `login` and `externalId` are never
 * removed (a null `to` leaves them); a name that maps nowhere is never written, so nothing is
 * missing there.
 */
export function holds(user: ScimUser, name: string, change: AttributeChange, declared: DeclaredCaseExact): boolean {
  const to = change.to === "" ? null : change.to;
  const special = name === "login" || name === "externalId";
  if (!special && !(name in ATTRIBUTES)) return true;
  if (to === null) return special || heldValue(user, name) === undefined;
  const held = heldValue(user, name);
  return held !== undefined && heldAs(held, name, to, declared);
}

/**
 * PATCH operations that bring `user` to the `to` values of `attributes` (plus `login` and
 * `externalId`). Values that already match give no operation, so an empty list means "unchanged".
 */
export function userOperations(user: ScimUser, attributes: Record<string, AttributeChange>, declared: DeclaredCaseExact): PatchOperation[] {
  const ops: PatchOperation[] = [];
  for (const [name, change] of Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (holds(user, name, change, declared)) continue;
    const to = change.to === "" ? null : change.to;
    if (name === "login" || name === "externalId") {
      ops.push({ op: "replace", path: name === "login" ? "userName" : "externalId", value: to });
      continue;
    }
    const slot = ATTRIBUTES[name]!;
    if (slot.kind === "email") {
      ops.push(emailOperation(user, to));
      continue;
    }
    const path = slot.kind === "core" ? slot.path.join(".") : `${ENTERPRISE}:${slot.key}`;
    ops.push(to === null ? { op: "remove", path } : { op: "replace", path, value: to });
  }
  return ops;
}

/**
 * The primary email changes by replacing the emails list with the new primary first and the
 * other addresses kept: a filtered path (`emails[primary eq true].value`) has no target on a
 * user without emails, and servers differ on creating one. If-Match guards the read-modify-write.
 */
function emailOperation(user: ScimUser, to: string | null): PatchOperation {
  const current = Array.isArray(user.emails) ? user.emails : [];
  const primary = primaryEmail(user);
  const others = current
    .filter((e) => text(e?.value) !== undefined && e.value !== primary && e.value !== to)
    .map((e) => ({ ...e, primary: false }));
  if (to === null) return others.length > 0 ? { op: "replace", path: "emails", value: others } : { op: "remove", path: "emails" };
  return { op: "replace", path: "emails", value: [{ value: to, type: "work", primary: true }, ...others] };
}

export function patchBody(operations: PatchOperation[]): Record<string, unknown> {
  return { schemas: [PATCH_SCHEMA], Operations: operations };
}

/** A SCIM filter string literal: quotes and backslashes escaped (RFC 7644 §3.4.2.2, JSON string rules). */
export function filterValue(value: string): string {
  return JSON.stringify(value);
}
