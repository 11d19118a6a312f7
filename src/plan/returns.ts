// The account of an identity that scopesync itself took away, made again: a return, not a joiner.
// Where the target has no disabled account (GitHub removes the member: TargetCapabilities.
// disableRemoves) the target keeps nothing of it, so the apply journal is what says so
// (targets/journal-offboardings.ts). The reason says it is a return and what it takes (an
// invitation to accept), what comes back because a policy gives it, and what does not (a deploy key
// the offboarding deleted, a team-maintainer role held by hand); return-not-restored names each
// thing that does not come back, with what to do, so that an HR error fixed the next day is not
// taken for undone when production still lacks its key.
import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import type { JournalOffboarding } from "../model/journal-offboarding.js";
import type { TargetContext } from "./target-context.js";

/** Why a return's account is made, in words, and the finding for what it does not give back. */
export interface Return {
  /** Replaces "joiner: … no account yet" / "… has no account yet". */
  reason: string;
  /** Evidence: the journal line that records the removal. */
  evidence: string[];
  finding?: Finding;
}

/**
 * The return of `identity` to the target of `ctx`, whose account the plan makes again (`granted`:
 * what it grants it), or undefined when the journal records no offboarding of it there.
 */
export function returnOf(ctx: TargetContext, identity: Identity, login: string, granted: readonly string[], policyAt: string): Return | undefined {
  // policyAt is the finding's location where the identity has no file; the change's evidence names the policy.
  const off = ctx.offboardings?.byTarget.get(ctx.target)?.get(identity.id);
  if (!off || (!off.removed && off.lost.length === 0)) return undefined;
  const app = ctx.policy.value.id;
  const owner = quarantinedOwner(ctx, identity, off);
  const who = owner !== undefined ? `returns from quarantine: its owner ${owner} is active again` : identity.kind === "person" ? `returns: ${identity.anchor} is in the scope of ${app} again` : `returns: ${identity.kind} ${identity.id} is in the scope of ${app} again`;
  const parts = [who];
  // Kept short: text plans show 400 characters of a reason; the finding has the whole of what is lost.
  if (off.removed) {
    const was = off.removed.login ?? login;
    parts.push(`scopesync removed "${was}" on ${off.removed.at.slice(0, 10)} (${off.removed.line})${ctx.traits.disableRemoves ? ", not suspended" : ""}`);
  }
  const holding = granted.length > 0 ? `holding only ${granted.join(", ")}` : "holding nothing";
  if (ctx.traits.invitesAccounts) parts.push(`the return is a new invitation ${identity.kind === "person" ? `${login} must accept` : `someone must sign in as ${login} to accept`}, ${holding}`);
  else parts.push(`the new account is ${holding}`);
  if (off.lost.length > 0) parts.push(`not given back: ${off.lost.join("; ")}`);
  const evidence = off.removed ? [off.removed.line] : [];
  if (off.lost.length === 0) return { reason: parts.join("; "), evidence };
  return { reason: parts.join("; "), evidence, finding: notRestored(ctx, identity, off, policyAt) };
}

/**
 * The NHI's owner whose offboarding the same apply run applied: the NHI was quarantined because its
 * owner left (policy/lifecycle.ts, nhi-owner-gone), and the owner is back. Undefined otherwise.
 */
function quarantinedOwner(ctx: TargetContext, identity: Identity, off: JournalOffboarding): string | undefined {
  if (identity.kind === "person" || identity.owner === undefined || !off.removed) return undefined;
  return ctx.offboardings?.byRun.get(off.removed.run)?.has(identity.owner) ? identity.owner : undefined;
}

/** return-not-restored: each thing the offboarding took for good, and what to do about each. */
function notRestored(ctx: TargetContext, identity: Identity, off: JournalOffboarding, policyAt: string): Finding {
  // A deleted key cannot be added back (GitHub keeps only its public part, and deletes that): a new one replaces it.
  const keys = off.lost.filter((l) => /^deploy key /.test(l));
  const held = off.lost.filter((l) => !keys.includes(l));
  const fixes = [
    ...keys.map((k) => `add a new deploy key in place of the ${k} (a new key pair: GitHub keeps no copy of a deleted key), then give its private key to whatever used the old one`),
    ...(held.length > 0 ? [`once the invitation is accepted, give back by hand what was held by hand: ${held.map((h) => h.replace(/ \(held by hand\)$/, "")).join(", ")} (a team membership can instead be given by a policy; a team role only by hand)`] : []),
  ];
  const when = off.removed ? ` on ${off.removed.at.slice(0, 10)}` : "";
  return {
    rule: "return-not-restored",
    severity: "warning",
    identity: identity.id,
    message: `${identity.id} returns to ${ctx.policy.value.id}, but what scopesync's offboarding${when} took for good does not come back with this plan: ${off.lost.join("; ")}`,
    remediation: fixes.join("; "),
    location: identity.definedAt ?? policyAt,
  };
}
