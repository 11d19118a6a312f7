// An offboarding someone undid outside scopesync: the apply journal records the account disabled
// (or removed), or an entitlement revoked, and the target shows it active, or held, again, with no
// scopesync apply since that gave it back. The plan takes it away again all the same (the account
// is active, so the leaver's disable is planned as on the first day); this says why, loudly: a
// leaver re-enabled by hand is the access drift an auditor asks about, and a reviewer reading a
// plain "disable" would take it for the first offboarding, or for a journal that lies.
import type { Finding } from "../model/finding.js";
import type { JournalStep } from "../model/journal-offboarding.js";
import type { TargetAccount } from "../model/target-state.js";
import { parseDate } from "../model/time.js";
import type { TargetContext } from "./target-context.js";

/** What the journal records taken from an account that the target shows given back. */
export interface UndoneOffboarding {
  /** The disable-account or delete-account applied, when the account is active again. */
  disabled?: JournalStep;
  /** Entitlement → its revoke applied, for each the account holds again. */
  revoked: ReadonlyMap<string, JournalStep>;
}

/**
 * What of `account`'s offboarding (the journal's, under `name` on ctx's target) the state shows
 * undone; undefined when nothing is. Only a state read after the journal's line counts: a state
 * file pulled before the apply still shows the account as it was then, which is no undoing
 * (TargetContext.stateIsCurrent; otherwise its readAt against the line's wall-clock `at`).
 */
export function undoneOffboarding(ctx: TargetContext, name: string, account: TargetAccount): UndoneOffboarding | undefined {
  const off = ctx.offboardings?.byTarget.get(ctx.target)?.get(name);
  if (!off) return undefined;
  const readAt = ctx.state.readAt ? parseDate(ctx.state.readAt) : Number.NaN;
  const readSince = (step: JournalStep): boolean => ctx.stateIsCurrent === true || parseDate(step.at) < readAt;
  // Another account id than the one removed is another account (made again by hand): it is
  // offboarded as any is, but nothing says it is the one scopesync disabled.
  const disabled = account.active && off.removed && (off.removed.account === undefined || off.removed.account === account.id) && readSince(off.removed) ? off.removed : undefined;
  const revoked = new Map<string, JournalStep>();
  for (const entitlement of account.entitlements) {
    const step = off.revoked.get(entitlement);
    if (step && readSince(step)) revoked.set(entitlement, step);
  }
  return disabled || revoked.size > 0 ? { ...(disabled ? { disabled } : {}), revoked } : undefined;
}

/** For the disable's reason: when scopesync took the account away, and that it is back. */
export function disableUndoneWords(step: JournalStep, removes: boolean): string {
  return `scopesync ${removes ? "removed" : "disabled"} it at ${step.at} (${step.line}) and it is ${removes ? "a member" : "active"} again: given back outside scopesync`;
}

/** For a revoke's reason: when scopesync revoked the entitlement, and that it is held again. */
export function revokeUndoneWords(step: JournalStep): string {
  return `scopesync revoked it at ${step.at} (${step.line}) and it is held again: given back outside scopesync`;
}

/** The finding a plan carries for an undone offboarding, once per account. */
export function offboardingUndone(ctx: TargetContext, name: string, account: TargetAccount, undone: UndoneOffboarding, location: string): Finding {
  const app = ctx.policy.value.id;
  const removes = ctx.traits.disableRemoves === true;
  const parts: string[] = [];
  if (undone.disabled) parts.push(`scopesync ${removes ? "removed" : "disabled"} it at ${undone.disabled.at} (${undone.disabled.line}) and it is ${removes ? "a member" : "active"} again`);
  const revoked = [...undone.revoked].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (revoked.length > 0) parts.push(`it holds again ${revoked.map(([e, s]) => `${e} (revoked at ${s.at}, ${s.line})`).join(", ")}`);
  return {
    rule: "offboarding-undone",
    severity: "warning",
    identity: name,
    message: `${name}'s ${app} account "${account.login}" was offboarded by scopesync and given back outside it: ${parts.join("; ")}; no scopesync apply since gave it back, so someone re-enabled it by hand, or another system did; this plan takes it away again`,
    remediation: `find who gave it back in ${app}'s own audit log and why; if ${name} should have access, that is decided in the sources and the policy repository, not in ${app} (a re-enable by hand is undone by every plan)`,
    location,
    controls: ["NIST-SP800-53-AC-2(3)", "NIST-SP800-53-PS-4"],
  };
}
