import type { AppPolicyDoc, AttributeMapping } from "../config/documents.js";
import type { Identity } from "../model/identity.js";
import type { TargetAccount } from "../targets/target-state.js";
import type { AttributeChange } from "./change.js";

/** The identity attribute an app's logins come from: `accounts.login`, default userName. */
export function loginAttribute(policy: AppPolicyDoc): string {
  return policy.accounts?.login ?? "userName";
}

/** The login an identity has in an app: `accounts.login` names the identity attribute (default userName). */
export function loginFor(identity: Identity, policy: AppPolicyDoc): string | undefined {
  return loginOf(identity, loginAttribute(policy));
}

/** The identity's login under one attribute: its first value, undefined when absent or empty. */
export function loginOf(identity: Identity, attribute: string): string | undefined {
  const v = identity.attributes[attribute];
  const text = Array.isArray(v) ? v[0] : v === undefined ? undefined : String(v);
  return text === "" ? undefined : text;
}

function valueOf(identity: Identity, from: string): string | null {
  const v = identity.attributes[from];
  if (v === undefined) return null;
  return Array.isArray(v) ? (v[0] ?? null) : String(v);
}

type Mapping = { name: string } & AttributeMapping;

// attributeUpdates runs for every account in scope of every app (400k times for a large
// organisation): each policy's mappings are listed once, cached by object identity (documents are
// never mutated after load), instead of an Object.entries() per account.
const mappingCache = new WeakMap<AppPolicyDoc, Mapping[]>();

function mappingsOf(policy: AppPolicyDoc): Mapping[] {
  let mappings = mappingCache.get(policy);
  if (!mappings) {
    mappings = Object.entries(policy.accounts?.attributes ?? {}).map(([name, mapping]) => ({ name, ...mapping }));
    mappingCache.set(policy, mappings);
  }
  return mappings;
}

/** Attribute values for a new account: every mapping applies on create, whatever its strength. */
export function attributesOnCreate(identity: Identity, policy: AppPolicyDoc): Record<string, AttributeChange> {
  const out: Record<string, AttributeChange> = {};
  for (const { name, from } of mappingsOf(policy)) {
    const to = valueOf(identity, from);
    if (to !== null) out[name] = { from: null, to };
  }
  return out;
}

/**
 * Attribute updates for an existing account by strength: `always` enforces the value, `ifEmpty`
 * fills only a blank, `onCreate` never touches an existing account. Undefined when nothing
 * differs, as for most accounts: no empty object for each of them.
 */
export function attributeUpdates(identity: Identity, policy: AppPolicyDoc, account: TargetAccount): Record<string, AttributeChange> | undefined {
  let out: Record<string, AttributeChange> | undefined;
  for (const { name, from: attribute, strength = "always" } of mappingsOf(policy)) {
    if (strength === "onCreate") continue;
    const to = valueOf(identity, attribute);
    const from = account.attributes[name] ?? null;
    if (to === null || from === to) continue;
    if (strength === "ifEmpty" && from !== null && from !== "") continue;
    (out ??= {})[name] = { from, to };
  }
  return out;
}
