// An offboarding someone undid outside scopesync: the apply journal records the account disabled
// (or removed), or an entitlement revoked, and the target shows it active, or held, again, with no
// scopesync apply since that gave it back. The plan takes it away again all the same (the account
// is active, so the leaver's disable is planned as on the first day); this says why, loudly: a
// leaver re-enabled by hand is the access drift an auditor asks about, and a reviewer reading a
// plain "disable" would take it for the first offboarding, or for a journal that lies.
import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import { journalOffboardingOf, removedAccountKey, type JournalOffboarding, type JournalStep } from "../model/journal-offboarding.js";
import type { TargetAccount } from "../model/target-state.js";
import { parseDate } from "../model/time.js";
import type { TargetContext } from "./target-context.js";

/** What the journal records taken from an account that the target shows given back. */
export interface UndoneOffboarding {
  /** The disable-account or delete-account applied, when the account is active again. */
  disabled?: Removed;
  /** Entitlement → its revoke applied, for each the account holds again. */
  revoked: ReadonlyMap<string, JournalStep>;
}

/** A removal the journal records: its line's action says whether the account was disabled (on GitHub, removed) or deleted. */
type Removed = NonNullable<JournalOffboarding["removed"]>;

/**
 * What of `account`'s offboarding (the journal's, under the name it gives `name` anchored at
 * `anchor` on ctx's target: journalIdentity) the state shows undone; undefined when nothing is. Only a state read after the journal's line counts: a state
 * file pulled before the apply still shows the account as it was then, which is no undoing
 * (TargetContext.stateIsCurrent; otherwise its readAt against the line's wall-clock `at`). Nor
 * does a step older than `identity`'s latest employment (rehiredSince): the rehire gave the
 * account back, whatever the journal (restored from an older copy) lacks of it.
 */
export function undoneOffboarding(ctx: TargetContext, name: string, anchor: string | undefined, account: TargetAccount, identity?: Identity): UndoneOffboarding | undefined {
  const off = journalOffboardingOf(ctx.offboardings, ctx.target, name, anchor);
  if (!off) return undefined;
  const readAt = ctx.state.readAt ? parseDate(ctx.state.readAt) : Number.NaN;
  const counts = (step: JournalStep): boolean => (ctx.stateIsCurrent === true || parseDate(step.at) < readAt) && !rehiredSince(identity, step);
  // Another account id than the one removed is another account (made again by hand): it is
  // offboarded as any is, but nothing says it is the one scopesync disabled.
  const disabled = account.active && off.removed && (off.removed.account === undefined || off.removed.account === account.id) && counts(off.removed) ? off.removed : undefined;
  const revoked = new Map<string, JournalStep>();
  for (const entitlement of account.entitlements) {
    const step = off.revoked.get(entitlement);
    if (step && counts(step)) revoked.set(entitlement, step);
  }
  return disabled || revoked.size > 0 ? { ...(disabled ? { disabled } : {}), revoked } : undefined;
}

/**
 * The sources date a hire, or a leaving, after the plan that made `step`: the person was employed
 * again since (and given the account back then), so the account being active is no undoing. The
 * journal lacks the return's lines only when it was restored from an older copy; accusing someone
 * of a re-enable by hand on that would be unfounded (rv86 L1).
 */
function rehiredSince(identity: Identity | undefined, step: JournalStep): boolean {
  if (!identity) return false;
  const made = parseDate(step.planTime ?? step.at);
  const later = (date: unknown) => typeof date === "string" && parseDate(date) > made;
  return later(identity.attributes.hireDate) || later(identity.attributes.terminationDate);
}

/**
 * The identity the apply journal records scopesync last took `account` away from on ctx's target,
 * found by the account (its id, or its login where the journal line gives no id), when that is
 * still the identity's last removal there (no return since). An account a leaver gets back after
 * the last accepted snapshot let them go matches no identity: without this it was "unmanaged", and
 * never taken away again (rv86 H1).
 */
export function journalOwner(ctx: TargetContext, account: TargetAccount): string | undefined {
  const index = ctx.offboardings?.byAccount?.get(ctx.target);
  if (!index) return undefined;
  const name = index.get(removedAccountKey({ id: account.id })!) ?? index.get(removedAccountKey({ login: account.login })!);
  const removed = name !== undefined ? ctx.offboardings!.byTarget.get(ctx.target)?.get(name)?.removed : undefined;
  if (!removed) return undefined;
  const same = removed.account !== undefined ? removed.account === account.id : removedAccountKey({ login: removed.login ?? "" }) === removedAccountKey({ login: account.login });
  return same ? name : undefined;
}

/** "deleted" (a delete-account line), "removed" (a disable that removes: GitHub), or "disabled". */
export function removedWord(step: Removed, removes: boolean): string {
  return step.action === "delete-account" ? "deleted" : removes ? "removed" : "disabled";
}

/** What the account is now that it is back: a member again (GitHub), or active again. */
function backWord(step: Removed, removes: boolean): string {
  return step.action === "delete-account" ? "back" : removes ? "a member again" : "active again";
}

/** For the disable's reason: when scopesync took the account away, and that it is back. */
export function disableUndoneWords(step: Removed, removes: boolean): string {
  return `scopesync ${removedWord(step, removes)} it at ${step.at} (${step.line}) and it is ${backWord(step, removes)}: given back outside scopesync`;
}

/** For a revoke's reason: when scopesync revoked the entitlement, and that it is held again. */
export function revokeUndoneWords(step: JournalStep): string {
  return `scopesync revoked it at ${step.at} (${step.line}) and it is held again: given back outside scopesync`;
}

/** The finding a plan carries for an undone offboarding, once per account; `name`: the identity as the plan shows it (journalIdentity). */
export function offboardingUndone(ctx: TargetContext, name: string, account: TargetAccount, undone: UndoneOffboarding, location: string): Finding {
  const app = ctx.policy.value.id;
  const removes = ctx.traits.disableRemoves === true;
  const parts: string[] = [];
  if (undone.disabled) parts.push(`scopesync ${removedWord(undone.disabled, removes)} it at ${undone.disabled.at} (${undone.disabled.line}) and it is ${backWord(undone.disabled, removes)}`);
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
