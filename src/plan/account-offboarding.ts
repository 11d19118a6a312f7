import type { AppPolicyDoc } from "../model/documents.js";
import type { Identity } from "../model/identity.js";
import type { TargetAccount } from "../model/target-state.js";
import type { AttributeChange, Change } from "../model/change.js";
import { journalIdentity, journalOffboardingOf } from "../model/journal-offboarding.js";
import { sourceOfRef } from "../model/keys.js";
import { nonMemberKind } from "../model/non-member-accounts.js";
import { parseDate, parseDuration } from "../model/time.js";
import type { Offboarding } from "../policy/lifecycle.js";
import { recordEvidence } from "./change-fields.js";
import type { DiffIndex } from "./diff-index.js";
import type { DiffOutput } from "./diff-output.js";
import type { EntitlementTable } from "./entitlement-table.js";
import { lifecycleField } from "../model/leaving-cause.js";
import { leftOn, type EarlierDisable } from "./leaving-since.js";
import { offboardReason } from "./non-member-accounts.js";
import { accountLostForGood, removalLoses } from "./lost-for-good.js";
import type { TargetContext } from "./target-context.js";
import type { TargetCredentials } from "./target-credentials.js";
import { disableUndoneWords, offboardingUndone, revokeUndoneWords, undoneOffboarding, type UndoneOffboarding } from "./undone-offboardings.js";

/**
 * When the account's leaving began, for the delete's grace period: when, in words, the file:line
 * that says so, and, for an account disabled before it (on leave first), how the count is said.
 */
interface GraceStart { at: number; words: string; evidence?: string; countedFrom: (disabledAt: string, grace: string) => string }

/** How an account is offboarded, and why: `Offboarding` with the attributes of a mover's move. */
export type AccountOff = Offboarding & { move?: Record<string, AttributeChange> };

/**
 * Taking one target's account away, in the leaver order every decision shares (an identity's
 * account, a gone person's, an NHI's removed from identities/, an invitation to a leaver's
 * address, an account no one's that unmanagedAccounts: disable removes): revoke credentials,
 * revoke entitlements, disable; delete after the grace period. Kept
 * in one place so that no path forgets a step or does them in another order.
 */
export class AccountOffboarding {
  private externalGroups: Set<string> | undefined;

  constructor(
    private readonly ctx: TargetContext,
    private readonly app: AppPolicyDoc,
    private readonly policyAt: string,
    private readonly index: DiffIndex,
    private readonly table: EntitlementTable,
    private readonly out: DiffOutput,
    private readonly credentials: TargetCredentials,
  ) {}

  /**
   * Offboards `account` under `name`. `identity`: whose it is, where an identity has it.
   * `goneAnchor`: the account is a person's whom no source exports any more, this anchor's.
   * Returns what becomes of the account after this plan's steps, in words, for `explain`: when it
   * is deleted, or why it is not (a leaver past the grace period who was on leave first, a policy
   * or a target that never deletes).
   */
  offboard(name: string, account: TargetAccount, off: AccountOff, base: Partial<Change>, identity: Identity | undefined, goneAnchor?: string): string {
    const { ctx } = this;
    const left = identity || goneAnchor !== undefined ? leftOn(identity, goneAnchor, ctx.prior, this.index.priorByAnchor, ctx.now, this.earlierDisable(name, account, base.anchor)) : undefined;
    if (left?.wasOnLeave && !identity) this.goneWhileOnLeave(name, goneAnchor!, left.leaveLine);
    if (off.move) base = { ...base, move: off.move };
    const evidence = identity ? [...(identity.definedAt ? [identity.definedAt] : []), ...recordEvidence(identity)] : [];
    const leaving = left ? new Date(left.at).toISOString() : "";
    const since: GraceStart | undefined = left
      ? { at: left.at, words: `a leaver since ${leaving} (${left.why})`, ...(left.leaveLine ? { evidence: left.leaveLine } : {}), countedFrom: (disabledAt, grace) => `disabled since ${disabledAt}, before the leaving (${left.first ?? "on leave first"}), so the ${grace} grace period counts from the leaving, ${leaving}` }
      : undefined;
    return this.takeAway(name, account, off, base, evidence, identity, since);
  }

  /**
   * Why the account, disabled before this plan, was disabled, where its date must not start a
   * leaver's grace (leaving-since.ts EarlierDisable): for a leave, as the apply journal's line
   * says, or for nothing anything records. Undefined for an active account, and for one the
   * journal records disabled by its leaving or another offboarding: its disable starts the grace.
   */
  private earlierDisable(name: string, account: TargetAccount, anchor: string | undefined): EarlierDisable | undefined {
    if (account.active) return undefined;
    const removed = journalOffboardingOf(this.ctx.offboardings, this.ctx.target, name, anchor)?.removed;
    if (removed?.grounds === "leave") return { leave: removed.line };
    return !removed || removed.grounds === "unstated" ? { unknown: true } : undefined;
  }

  /**
   * An account no identity has, taken away because its policy says unmanagedAccounts: disable (or
   * a target option opts a non-member in). It is a leaver's offboarding in every step the target
   * can take: its credentials revoked (a key or token keeps working after the disable), what
   * the policy manages revoked by name (an org owner's role:admin marked privileged, and counted
   * as such), the disable naming what it takes for good, and the delete after the grace period.
   * Only the disable was planned once, and an account disabled stayed so for ever. The grace counts
   * from the later of the target's disable date and the disable the apply journal records
   * (`account:<login>` on this target), as a leaver's counts from the later of the disable and the
   * leaving: this is the account's leaving.
   */
  removeUnmanaged(name: string, account: TargetAccount, base: Partial<Change>, reason: string, evidence: string[]): void {
    const removed = journalOffboardingOf(this.ctx.offboardings, this.ctx.target, name, base.anchor)?.removed;
    const at = removed ? parseDate(removed.at) : NaN;
    const since: GraceStart | undefined =
      removed && !Number.isNaN(at)
        ? { at, words: `disabled by scopesync's apply on ${removed.at} (${removed.line})`, evidence: removed.line, countedFrom: (disabledAt, grace) => `disabled since ${disabledAt}, and by scopesync's apply on ${removed.at} (${removed.line}): the ${grace} grace period counts from that` }
        : undefined;
    this.takeAway(name, account, { why: "leaver", origin: "policy", reason }, base, evidence, undefined, since);
  }

  /**
   * The leaver order itself: revoke credentials, revoke what the policy manages, disable; once
   * disabled, delete after the grace period counted from the later of the disable and `since`.
   * Returns what becomes of the account after this plan's steps, in words, for `explain`.
   */
  private takeAway(name: string, account: TargetAccount, off: AccountOff, base: Partial<Change>, evidence: string[], identity: Identity | undefined, since: GraceStart | undefined): string {
    const { ctx, app, policyAt } = this;
    // A leaving is said in a field of each change, for the journal and the leavers report (model/leaving-cause.ts).
    base = { ...base, ...lifecycleField(off.lifecycle) };
    // Taken away before and given back outside scopesync: said in the finding and in each change
    // that takes it again, with the journal line as evidence (plan/undone-offboardings.ts).
    const undone = undoneOffboarding(ctx, name, base.anchor, account, identity);
    // Named as the changes and the journal name them: a secret-shaped id by its anchor (journalIdentity).
    if (undone) this.out.findings.push(offboardingUndone(ctx, journalIdentity(name, base.anchor), account, undone, identity?.definedAt ?? policyAt));
    // A target that cannot revoke credentials (SCIM) still names those its state lists: each is a
    // finding for a person (TargetCredentials.revoke), never dropped while the account is disabled.
    this.credentials.revokeAll(name, account, base, (c) => ({ origin: off.origin, reason: ctx.traits.supportsCredentials ? `${off.reason}: ${this.credentials.words(c, "stops working first")}` : off.reason }), evidence);
    // Accounts another system owns (an Entra application, an IAM user) keep living; their keys do not.
    if (ctx.traits.credentialsOnly) return "the account is another system's: only its credentials are scopesync's to revoke";
    this.revokeManaged(name, account, base, off, evidence, undone?.revoked);
    const never = this.neverDeleted(off, identity);
    if (account.active) {
      this.disable(name, account, base, off, evidence, undone?.disabled);
      if (never) return `never deleted: ${never}`;
      // No grace at all ("0"): the delete is due the moment the disable is made, so it is planned
      // beside it, after it in the run (ACTION_ORDER), as docs/formats.md says; it waited for the
      // next plan, a day's grace nobody configured. An apply cut off between the two leaves the
      // account disabled, and the next plan deletes it.
      if (parseDuration(app.deleteGracePeriod) === 0) {
        this.out.add("delete-account", name, { ...base, origin: "policy", reason: `${off.reason}; ${policyAt} gives no grace period (deleteGracePeriod "0"): deleted in the plan that disables it`, evidence });
        return `deleted in this plan, after the disable: the grace period is "0" (${policyAt})`;
      }
      return `deleted once the ${app.deleteGracePeriod} grace period counted from the disable has passed (${policyAt})`;
    }
    if (never) return `the account is already disabled; not deleted: ${never}`;
    const grace = parseDuration(app.deleteGracePeriod);
    if (!account.disabledAt) {
      this.out.findings.push({ rule: "delete-grace-unknown", severity: "info", identity: name, message: `${app.id} account "${account.login}" is disabled but its disable date is unknown, so the ${app.deleteGracePeriod} grace period cannot be counted; it is not deleted`, location: policyAt });
      return "the account is already disabled; not deleted: its disable date is unknown, so the grace period cannot be counted (finding delete-grace-unknown)";
    }
    const disabled = parseDate(account.disabledAt);
    // State files and connectors give only dates parseDate reads (state-file.ts refuses others);
    // should one get through, the delete waits and the plan says why, never a NaN compared with now.
    if (Number.isNaN(disabled)) {
      this.out.findings.push({ rule: "delete-grace-unknown", severity: "info", identity: name, message: `${app.id} account "${account.login}" is disabled but its disable date ${JSON.stringify(account.disabledAt)} is not a date, so the ${app.deleteGracePeriod} grace period cannot be counted; it is not deleted`, location: policyAt });
      return "the account is already disabled; not deleted: its disable date is not a date, so the grace period cannot be counted (finding delete-grace-unknown)";
    }
    // Disabled before they left (on leave): the grace counts from the leaving.
    const later = since !== undefined && since.at > disabled;
    const from = later ? `${since.words}, disabled since ${account.disabledAt}` : `disabled since ${account.disabledAt}`;
    const due = Math.max(disabled, since?.at ?? disabled) + grace;
    if (due <= ctx.now) {
      this.out.add("delete-account", name, { ...base, origin: "policy", reason: `${off.reason}; ${from}, past the ${app.deleteGracePeriod} grace period of ${policyAt}`, evidence: later && since.evidence ? [...evidence, since.evidence] : evidence });
      return `the account is already disabled; deleted: ${from}, past the ${app.deleteGracePeriod} grace period (${policyAt})`;
    }
    // The case a reviewer asks about: disabled longer ago than the grace period, yet not deleted.
    const counted = later ? since.countedFrom(account.disabledAt, app.deleteGracePeriod) : `disabled since ${account.disabledAt}, and the ${app.deleteGracePeriod} grace period counts from then`;
    return `the account is already disabled; not deleted yet: ${counted}; the delete is planned from ${new Date(due).toISOString()} (${policyAt})`;
  }

  /** Why the account is never deleted here, whatever the time; undefined where the grace period decides. */
  private neverDeleted(off: AccountOff, identity: Identity | undefined): string | undefined {
    const { ctx, app, policyAt } = this;
    // A target without delete (GitHub: removing the member is the disable) has nothing further to do.
    if (!ctx.traits.supportsDelete) return ctx.traits.disableRemoves ? "the disable removes the account from the target, so nothing is left to delete" : "this target cannot delete accounts";
    if (app.onLeaveScope !== "delete") return `${policyAt} says onLeaveScope: ${app.onLeaveScope}, not delete: its accounts are never deleted`;
    // Quarantine is not offboarding: an NHI whose owner left waits, disabled, for a new owner, and
    // one declared in no file (undeclared: quarantine) waits for a reviewed file.
    if (off.why === "nhi-owner-gone") return "quarantined, not offboarded: it waits, disabled, for a new owner";
    if (identity?.undeclared === "quarantine") return "quarantined, not offboarded: it waits, disabled, for a reviewed file that declares it";
    // A person on leave is coming back: however long the leave, the account waits, disabled.
    if (identity?.status === "suspended") return "on leave (status suspended): however long the leave, the account waits, disabled, and the grace period counts only from the leaving";
    return undefined;
  }

  /** Revokes, by name, each entitlement the account holds that the policy manages. */
  private revokeManaged(name: string, account: TargetAccount, base: Partial<Change>, off: Pick<AccountOff, "origin" | "reason">, evidence: string[], undone?: UndoneOffboarding["revoked"]): void {
    for (const entitlement of [...account.entitlements].sort()) {
      const slot = this.table.slotOf(entitlement);
      if (slot === undefined) continue;
      const again = undone?.get(entitlement);
      this.out.add("revoke", name, { ...base, entitlement, privileged: this.table.privileged[slot]!, origin: off.origin, reason: again ? `${off.reason}; ${revokeUndoneWords(again)}` : off.reason, evidence: again ? [...evidence, again.line] : evidence });
    }
  }

  /** Disables the (active) account, naming what the removal takes for good where there is no disabled account. */
  private disable(name: string, account: TargetAccount, base: Partial<Change>, off: Pick<AccountOff, "origin" | "reason">, evidence: string[], undone?: UndoneOffboarding["disabled"]): void {
    const { ctx } = this;
    if (undone) {
      off = { ...off, reason: `${off.reason}; ${disableUndoneWords(undone, ctx.traits.disableRemoves === true)}` };
      evidence = [...evidence, undone.line];
    }
    // An outside collaborator's removal takes every repository of the org: the reviewer reads that here.
    // Where the disable is a removal (GitHub), what the account held by hand goes with it: said, and kept in the journal.
    const lost = accountLostForGood(account, this.table, ctx.traits, this.external());
    const reason = offboardReason(off.reason, account, ctx.traits);
    // A non-member's kind goes to the journal: its return gives back that kind of access (plan/returns.ts).
    const nonMember = nonMemberKind(account, ctx.traits.nonMembers);
    this.out.add("disable-account", name, { ...base, origin: off.origin, reason: lost.length > 0 ? `${reason}; ${removalLoses(account, lost, nonMember === "outside-collaborator")}` : reason, ...(lost.length > 0 ? { lost } : {}), ...(nonMember ? { nonMember } : {}), evidence });
  }

  /** The entitlements of groups someone else manages (an enterprise team): a removal takes nothing of them. */
  private external(): ReadonlySet<string> {
    this.externalGroups ??= new Set((this.ctx.state.externalGroups ?? []).map((g) => g.entitlement));
    return this.externalGroups;
  }

  /** A person on leave at the last accepted snapshot whom the sources no longer export: said, once per target. */
  private goneWhileOnLeave(name: string, anchor: string, leaveLine: string | undefined): void {
    const source = sourceOfRef(anchor);
    const grace = this.app.onLeaveScope === "delete" && this.ctx.traits.supportsDelete ? `, and deleted only after its ${this.app.deleteGracePeriod} grace period counted from today` : "";
    // The snapshot said so, or (its pull request not merged yet) the journal line of the leave's disable.
    const onLeave = leaveLine ? `was on leave when scopesync disabled their ${this.app.id} account (${leaveLine})` : "was on leave at the last accepted snapshot";
    this.out.findings.push({
      rule: "gone-while-on-leave",
      severity: "warning",
      identity: name,
      message: `${name} (${anchor}) ${onLeave} and is no longer in source "${source}": taken as a leaver from this plan; their ${this.app.id} account is offboarded${grace}`,
      remediation: `if they are still on leave, the export lost them (a report that leaves out people on leave?): fix the export of "${source}" before accepting its snapshot; if they left, nothing is needed`,
      location: this.policyAt,
      controls: ["NIST-SP800-53-PS-4"],
    });
  }
}
