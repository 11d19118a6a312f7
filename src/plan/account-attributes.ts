import type { AppPolicyDoc, AttributeMapping } from "../model/documents.js";
import { loginOf, type Identity } from "../model/identity.js";
import type { TargetAccount } from "../model/target-state.js";
import type { AttributeChange } from "../model/change.js";
import { attributeCaseExact, sameAttributeValue } from "../model/attribute-values.js";
import type { TargetCapabilities } from "../model/target-types.js";
import { unwritableShape } from "../model/unwritable-value.js";
import type { CaseOnlyDifferences } from "./case-only-differences.js";

/** The identity attribute an app's logins come from: `accounts.login`, default userName. */
export function loginAttribute(policy: AppPolicyDoc): string {
  return policy.accounts.login;
}

/** The login an identity has in an app: `accounts.login` names the identity attribute (default userName). */
export function loginFor(identity: Identity, policy: AppPolicyDoc): string | undefined {
  return loginOf(identity, loginAttribute(policy));
}

/** The value a mapping takes from an identity attribute: its first value, as text; null when absent. */
export function mappedValue(identity: Identity, from: string): string | null {
  const v = identity.attributes[from];
  if (v === undefined) return null;
  return Array.isArray(v) ? (v[0] ?? null) : String(v);
}

type Mapping = { name: string } & AttributeMapping;

function mappingsOf(policy: AppPolicyDoc): Mapping[] {
  return Object.entries(policy.accounts.attributes ?? {}).map(([name, mapping]) => ({ name, ...mapping }));
}

/** The identity attributes a policy's account attributes are mapped from. */
export function mappedAttributes(policy: AppPolicyDoc): string[] {
  return mappingsOf(policy).map((m) => m.from);
}

/**
 * A mapping that applies to existing accounts (`always` or `ifEmpty`), with its source
 * attribute's value for every identity, by position: attributeUpdates runs for each of ~400k
 * accounts in a large organisation, and reading the values from the scattered identity objects
 * was most of its time.
 */
export interface UpdateMapping {
  name: string;
  from: string;
  ifEmpty: boolean;
  /** Whether the target compares this attribute's values exactly (model/attribute-values.ts). */
  caseExact: boolean;
  values: readonly (string | null)[];
}

/**
 * A mapped value the planner did not write because it looks like a secret, or is the text a
 * snapshot holds in place of one (unwritableShape: plan --from-snapshots):
 * the account attribute, the identity attribute it comes from, and the secret's kind, never the
 * value. Every output of a plan shows the attributes it writes, and the target would hold it.
 */
export interface WithheldValue { attribute: string; from: string; shape: string }

/**
 * The policy's mappings for existing accounts, in policy order; `valuesOf` gives an attribute's
 * values, `traits` how the target compares them (a SCIM app's values ignore case) and `declared`
 * what the target itself declares per attribute (TargetState.attributeCaseExact: a SCIM app's /Schemas).
 */
export function updateMappings(policy: AppPolicyDoc, valuesOf: (attribute: string) => readonly (string | null)[], traits: Pick<TargetCapabilities, "attributeValuesIgnoreCase">, declared?: Readonly<Record<string, boolean>>): UpdateMapping[] {
  return mappingsOf(policy)
    .filter((m) => (m.strength ?? "always") !== "onCreate")
    .map((m) => ({ name: m.name, from: m.from, ifEmpty: m.strength === "ifEmpty", caseExact: attributeCaseExact(traits, m.name, declared), values: valuesOf(m.from) }));
}

/**
 * Attribute values for a new account: every mapping applies on create, whatever its strength. A
 * secret-shaped value is left out (the account is made without it) and added to `withheld`.
 */
export function attributesOnCreate(identity: Identity, policy: AppPolicyDoc, withheld: WithheldValue[]): Record<string, AttributeChange> {
  const out: Record<string, AttributeChange> = {};
  for (const { name, from } of mappingsOf(policy)) {
    const to = mappedValue(identity, from);
    if (to === null) continue;
    const shape = unwritableShape(to);
    if (shape === undefined) out[name] = { from: null, to };
    else withheld.push({ attribute: name, from, shape });
  }
  return out;
}

/**
 * Attribute updates for the account of the identity at position `i`, by strength: `always`
 * enforces the value, `ifEmpty` fills only a blank (`onCreate` mappings never touch an existing
 * account and are not in `mappings`). Undefined when nothing differs, as for most accounts: no
 * empty object for each of them. A secret-shaped value is not planned (the account keeps what it
 * holds) and is added to `withheld`; only a value that would be written is looked at, so the
 * accounts already as they should be, nearly all of them, cost nothing more.
 */
export function attributeUpdates(mappings: readonly UpdateMapping[], i: number, account: TargetAccount, withheld: WithheldValue[], caseOnly: CaseOnlyDifferences): Record<string, AttributeChange> | undefined {
  let out: Record<string, AttributeChange> | undefined;
  // Read once: an account read through columns makes its attributes when they are asked for (targets/state-columns.ts).
  const attributes = account.attributes;
  let noted = false;
  for (const mapping of mappings) {
    const { name, ifEmpty, caseExact, values } = mapping;
    const to = values[i]!;
    const from = attributes[name] ?? null;
    // A value the app holds in its own form (NFD; where values ignore case, lower-cased or
    // trimmed) is the value: sending it again would change nothing and come back on every run.
    // The same rule judges the app's answer to a write (model/attribute-values.ts). A case
    // correction is then not sent, and the plan says so (case-only-differences.ts); an `ifEmpty`
    // mapping would send nothing to a filled value anyway.
    if (to === null) continue;
    if (from !== null && sameAttributeValue(from, to, caseExact)) {
      if (!caseExact && !ifEmpty) noted = caseOnly.note(account.login, name, from, to, noted);
      continue;
    }
    if (ifEmpty && from !== null && from !== "") continue;
    const shape = unwritableShape(to);
    if (shape === undefined) (out ??= {})[name] = { from, to };
    else withheld.push({ attribute: name, from: mapping.from, shape });
  }
  return out;
}
