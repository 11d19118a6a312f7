// What switches an offboarded NHI off, and what stays working: one answer for every reason it is
// offboarded (its owner gone, past `expiresAt`, `status: disabled`, quarantined as undeclared), so
// that no finding calls an NHI quarantined, disabled or its credentials revoked while something of
// it keeps working. The plan switches off what its targets hold (accounts, the credentials a target
// can revoke); it cannot switch off a system no target is of, a trust the NHI signs in through with
// no secret (kept-sign-ins.ts: an IAM role, an Entra federated credential, a GitHub App
// installation), nor a key its file lists on a target that cannot revoke keys, or with no target at
// all (unrevocable-keys.ts).
import { entraFederatedHandled } from "./entra-federated-handled.js";
import type { Identity } from "../../../model/identity.js";
import { isTargetType } from "../../../model/target-types.js";
import type { RuleContext } from "../rule.js";
import { keptSignIn, offInItsSystem, type KeptSignIn } from "./kept-sign-ins.js";
import { reportLag } from "./report-lag.js";
import { unrevocableFix, unrevocableKeys, unrevocableSystem, unrevocableWhat } from "./unrevocable-keys.js";
import type { StillWorking } from "../../../model/still-working.js";

/** How the finding that asks names the offboarding. */
export interface OffboardedAs {
  /** The finding's opening words: "agent-coder expired on 2026-11-15", "x has lost its owner: …". */
  head: string;
  /** What the plan does to what the targets hold: "quarantines" (owner gone) or "offboards". */
  verb: "quarantines" | "offboards";
  /** The step after switching it off by hand, if any: "assign a new owner in the identity's file". */
  next?: string;
}

/** Something kept working, with the system it works in (model/still-working.ts). */
export type Kept = KeptSignIn & { system: string };

/** What keeps the NHI working though it is offboarded: the trust it signs in through, then each key no target can revoke. */
export function keptWorking(identity: Identity, ctx: RuleContext): Kept[] {
  // Federated credentials an entra-apps target lists are revoked by the plan or named with their command.
  const trust = entraFederatedHandled(identity, ctx) ? undefined : keptSignIn(identity);
  const keys = unrevocableKeys(identity, ctx.repo.config.value, ctx.now).map((k) => ({ what: unrevocableWhat(k), fix: unrevocableFix(k), credential: `${k.credential.type} ${k.credential.id}`, system: unrevocableSystem(k) }));
  return trust ? [{ ...trust, system: reportedBy(identity, ctx) }, ...keys] : keys;
}

/** The systems that reported it, each with its source: "github (source gh-org)". */
export function reportedBy(identity: Identity, ctx: RuleContext): string {
  const sources = ctx.repo.config.value.sources;
  return (identity.discoveredBy ?? []).map((s) => `${(sources[s]?.type as string | undefined) ?? s} (source ${s})`).join(", ");
}

/** Each kept thing as the findings' data: what, where, and the step. */
function stillWorking(identity: Identity, kept: readonly Kept[]): StillWorking[] {
  return kept.map((k) => ({ nhi: identity.id, credential: k.credential, system: k.system, step: k.fix }));
}

/**
 * Why offboarding does not switch the NHI off, in the finding's words, or undefined when it does
 * (as far as anything tells): no target is of the type of a system that reports it; no target holds
 * anything of it; or something keeps working whatever the targets revoke (keptWorking).
 */
export function notSwitchedOff(identity: Identity, ctx: RuleContext, as: OffboardedAs): { message: string; remediation: string; stillWorking?: StillWorking[] } | undefined {
  const kept = keptWorking(identity, ctx);
  const what = kept.map((k) => k.what).join("; and ");
  const fix = kept.map((k) => k.fix).join("; ");
  const then = (s: string): string => (as.next ? `${s}; and ${as.next}` : s);
  const named = { stillWorking: stillWorking(identity, kept) };
  // Switched off in its own system already (disabled there, a suspended installation): nothing
  // of that system is left to switch off; only a key on another target may still work.
  const discovered = (identity.discoveredBy?.length ?? 0) > 0 && !offInItsSystem(identity);
  const systems = discovered ? ungoverned(identity, ctx) : undefined;
  // No target is the system that holds it: offboarding would switch nothing off there. Say so.
  if (systems) {
    const remediation = kept.length > 0 ? then(`switch it off in ${systems} by hand: ${fix}`) : `switch it off in ${systems} by hand${configurable(identity, ctx, as.verb)}${as.next ? `, and ${as.next}` : ""}`;
    return {
      message: `${as.head}; no target in scopesync.yaml is the system that holds it (${systems}), so it is not switched off there: only accounts of it in the targets, if it has any, are offboarded${kept.length > 0 ? `; and ${what}` : ""}`,
      remediation,
      ...(kept.length > 0 ? named : itself(identity, ctx, remediation)),
    };
  }
  // A target of the type exists but holds nothing of it (another tenant's service principal, an
  // application the target's tenant does not have, a role, an App installation): nothing is switched off.
  if ((discovered || kept.length > 0) && !heldByTargets(identity, ctx)) {
    if (kept.length > 0) return { message: `${as.head}; no target holds an active account or credential of it, and ${what}: this plan switches nothing off`, remediation: then(fix), ...named };
    const remediation = `switch it off in ${reportingSystems(identity, ctx)} by hand (nhi-offboarded-credential-active gives the command for each credential)${as.next ? `, and ${as.next}` : ""}${identity.definedAt === undefined ? ", or declare the NHI in identities/ with `owner:`" : ""}`;
    return {
      message: `${as.head}; no target holds an active account or credential of it, so this plan switches nothing off (nhi-offboarded-credential-active names each credential still active)`,
      remediation,
      ...itself(identity, ctx, remediation),
    };
  }
  // The targets' accounts and credentials are switched off, but something else is not.
  if (kept.length > 0) return { message: `${as.head}; this plan ${as.verb} what the targets hold of it, but ${what}, so it is not switched off`, remediation: then(fix), ...named };
  return undefined;
}

/**
 * The NHI itself, enabled in the system that reports it, which no target switches off: outstanding
 * on its own, for revoking its keys (each nhi-offboarded-credential-active's) leaves it signing in
 * by whatever else that system allows (a GCP service account a workload identity pool impersonates).
 */
function itself(identity: Identity, ctx: RuleContext, step: string): { stillWorking: StillWorking[] } {
  return { stillWorking: [{ nhi: identity.id, credential: `${identity.kind} ${identity.id} itself, enabled there`, system: reportedBy(identity, ctx), step }] };
}

/**
 * The types of the systems that reported a discovered NHI (its discovery sources'), when no target
 * of scopesync.yaml is of any of them: then no plan can switch it off. Undefined when one is.
 */
function ungoverned(identity: Identity, ctx: RuleContext): string | undefined {
  const targetTypes = new Set(Object.values(ctx.repo.config.value.targets).map((t) => t.type as string));
  const types = systemTypes(identity, ctx);
  return types.some((t) => targetTypes.has(t)) ? undefined : types.join(", ");
}

/**
 * " (or configure a target of type aws-iam, which the plan then quarantines it in)" for the systems
 * that reported it whose type is also a target type; "" when none is (gcp-iam, kubernetes).
 */
function configurable(identity: Identity, ctx: RuleContext, verb: OffboardedAs["verb"]): string {
  const types = systemTypes(identity, ctx).filter(isTargetType);
  return types.length === 0 ? "" : ` (or configure a target of type ${types.join(" or ")}, which the plan then ${verb} it in)`;
}

/** The types of the systems that reported a discovered NHI, e.g. "entra-apps". */
function reportingSystems(identity: Identity, ctx: RuleContext): string {
  return systemTypes(identity, ctx).join(", ");
}

/** The types of its discovery sources, sorted, each once (a source's name where it has no type). */
function systemTypes(identity: Identity, ctx: RuleContext): string[] {
  const sources = ctx.repo.config.value.sources;
  return [...new Set((identity.discoveredBy ?? []).map((s) => sources[s]?.type ?? s))].sort();
}

/** Identities this plan changes anything for, per plan (a set once, not a scan of the plan per NHI). */
const changedBy = new WeakMap<RuleContext["changes"], ReadonlySet<string>>();

/**
 * Whether offboarding switches anything off for the NHI: this plan changes something of it, a
 * target holds an active account or credential of it (which the plan keeps switched off), or an
 * aws-iam target switched off a key of it that a lagging credential report still lists. The
 * state after the plan is asked first, whatever the plan says: `plan merge` answers only what
 * every shard was asked (plan/after-facts.ts).
 */
function heldByTargets(identity: Identity, ctx: RuleContext): boolean {
  const held = ctx.after.accounts(identity.id).size > 0 || ctx.after.credentials(identity.id).size > 0;
  let changed = changedBy.get(ctx.changes);
  if (!changed) changedBy.set(ctx.changes, (changed = new Set(ctx.changes.map((c) => c.identity))));
  // A key an aws-iam target switched off already, which an older credential report still lists active (report-lag.ts).
  return held || changed.has(identity.id) || (identity.credentials ?? []).some((c) => c.status !== "inactive" && c.status !== "disabled" && reportLag(c, ctx)?.lagging === true);
}
