// Each reason that blocks a plan, with what it holds back (model/blocked-reason.ts): the plan's
// `blockedReasons` are these texts, deduplicated, in this order (error findings, then each target's
// safety limits and lockout guards, then break-glass), so the plan JSON is what it always was.
import type { BlockedReason, BlockScope } from "../model/blocked-reason.js";
import type { Change } from "../model/change.js";
import type { Finding } from "../model/finding.js";
import { loginOf, type Identity } from "../model/identity.js";
import { normaliseLogin } from "../model/keys.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { errorHoldOf, PLANNER_ERROR_HOLDS } from "../model/rule-catalog.js";
import { offboardedEverywhere } from "../policy/lifecycle.js";
import { appLoginAttributes } from "../resolve/snapshot-logins.js";
import type { TargetPart } from "./target-part.js";

export interface ScopeInputs {
  repo: PolicyRepo;
  byId: ReadonlyMap<string, Identity>;
  prior: ReadonlyMap<string, Identity> | undefined;
  changes: readonly Change[];
  /** The plan's time: whether an NHI is past `expiresAt`, so offboarded. */
  now: number;
}

/**
 * The blocked reasons of a plan, each with its scope, and their texts for the plan's
 * `blockedReasons`: one per error finding, then the safety limits, lockout guards and break-glass
 * (`breakGlass`, from plan/break-glass.ts) each once, as the plan JSON has always listed them.
 */
export function scopedBlockedReasons(errors: readonly Finding[], parts: readonly TargetPart[], breakGlass: readonly BlockedReason[], inputs: ScopeInputs): { blocks: BlockedReason[]; texts: string[] } {
  const scope = findingScope(inputs);
  const found: BlockedReason[] = errors.map((f) => ({ text: `${f.rule}${f.identity ? ` (${f.identity})` : ""}: ${f.message}`, holds: scope(f) }));
  // A target's limits and guards (safety.ts) count that target's changes: they hold that target,
  // and a safety limit over holds the identities it counted in every target too (a mass change).
  const guards: BlockedReason[] = [];
  for (const p of parts) {
    for (const text of p.limits.blockedReasons) {
      const counted = p.limits.counted?.[text];
      guards.push({ text, holds: counted ? { kind: "limit", target: p.target, identities: new Set(counted) } : { kind: "target", target: p.target } });
    }
  }
  for (const r of breakGlass) guards.push(r);
  return { blocks: [...found, ...guards], texts: [...found.map((r) => r.text), ...new Set(guards.map((r) => r.text))] };
}

/**
 * An error finding about an identity holds what its rule's hold says (model/rule-catalog.ts,
 * ErrorHold): `account`, that identity and the accounts under its logins; `changes`, the same
 * unless the plan offboards the identity everywhere, then only what gives access; `gives`, only
 * what gives access. One about no identity holds what gives access when its declared hold is
 * `gives`, else its target when one target's part found it; anything else, the plan. An identity
 * the plan knows neither as a person or NHI of today, of the accepted snapshot, nor as the identity of a change cannot be tied to the changes it is about: it
 * holds the plan, whatever its rule.
 */
function findingScope(inputs: ScopeInputs): (f: Finding) => BlockScope {
  const attributes = appLoginAttributes(inputs.repo);
  const custom = new Set(inputs.repo.ruleSets.flatMap((set) => (set.value.rules ?? []).map((r) => r.id)));
  let changed: Set<string> | undefined;
  const known = (id: string): boolean => inputs.byId.has(id) || (inputs.prior?.has(id) ?? false) || (changed ??= new Set(inputs.changes.map((c) => c.identity))).has(id);
  const offboarded = (id: string): boolean => {
    const today = inputs.byId.get(id);
    return today !== undefined && offboardedEverywhere(today, inputs.byId, inputs.now);
  };
  return (f) => {
    if (f.identity !== undefined && known(f.identity)) {
      const hold = errorHoldOf(f.rule, custom.has(f.rule));
      if (hold === "gives" || (hold === "changes" && offboarded(f.identity))) return { kind: "gives" };
      return { kind: "identity", identity: f.identity, logins: loginsOf(f.identity, inputs, attributes) };
    }
    // A planner finding declared `gives` doubts policy, not whose accounts are whose: a rule that names
    // nothing must not hold a leaver's offboarding in its target, nor the plan's.
    if (f.identity === undefined && PLANNER_ERROR_HOLDS[f.rule] === "gives") return { kind: "gives" };
    if (f.identity === undefined && f.target !== undefined) return { kind: "target", target: f.target };
    return { kind: "plan" };
  };
}

/**
 * The logins an identity's reason holds, normalised and sorted: its id (a person's userName), its
 * app logins today, earlier and at the base, and those the accepted snapshot gave whoever had its
 * id then (login-reused: the leaver whose login a new hire was given, whose accounts are in doubt).
 */
function loginsOf(id: string, inputs: ScopeInputs, attributes: readonly string[]): string[] {
  const logins = new Set<string>([normaliseLogin(id)]);
  for (const identity of [inputs.byId.get(id), inputs.prior?.get(id)]) {
    if (!identity) continue;
    for (const attribute of attributes) {
      const login = loginOf(identity, attribute);
      if (login !== undefined) logins.add(normaliseLogin(login));
    }
    for (const login of Object.values(identity.earlierLogins ?? {})) logins.add(normaliseLogin(login));
    for (const login of Object.values(identity.loginsAtBase?.logins ?? {})) logins.add(normaliseLogin(login));
  }
  return [...logins].sort();
}
