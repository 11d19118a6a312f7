import type { AppPolicyDoc } from "../config/documents.js";
import type { Identity } from "../model/identity.js";
import type { TargetAccount } from "../targets/target-state.js";
import type { AttributeChange } from "./change.js";

/** The login an identity has in an app: `accounts.login` names the identity attribute (default userName). */
export function loginFor(identity: Identity, policy: AppPolicyDoc): string | undefined {
  const v = identity.attributes[policy.accounts?.login ?? "userName"];
  const text = Array.isArray(v) ? v[0] : v === undefined ? undefined : String(v);
  return text === "" ? undefined : text;
}

function valueOf(identity: Identity, from: string): string | null {
  const v = identity.attributes[from];
  if (v === undefined) return null;
  return Array.isArray(v) ? (v[0] ?? null) : String(v);
}

/** Attribute values for a new account: every mapping applies on create, whatever its strength. */
export function attributesOnCreate(identity: Identity, policy: AppPolicyDoc): Record<string, AttributeChange> {
  const out: Record<string, AttributeChange> = {};
  for (const [name, mapping] of Object.entries(policy.accounts?.attributes ?? {})) {
    const to = valueOf(identity, mapping.from);
    if (to !== null) out[name] = { from: null, to };
  }
  return out;
}

/**
 * Attribute updates for an existing account by strength: `always` enforces the value, `ifEmpty`
 * fills only a blank, `onCreate` never touches an existing account.
 */
export function attributeUpdates(identity: Identity, policy: AppPolicyDoc, account: TargetAccount): Record<string, AttributeChange> {
  const out: Record<string, AttributeChange> = {};
  for (const [name, mapping] of Object.entries(policy.accounts?.attributes ?? {})) {
    const strength = mapping.strength ?? "always";
    if (strength === "onCreate") continue;
    const to = valueOf(identity, mapping.from);
    const from = account.attributes[name] ?? null;
    if (to === null || from === to) continue;
    if (strength === "ifEmpty" && from !== null && from !== "") continue;
    out[name] = { from, to };
  }
  return out;
}
