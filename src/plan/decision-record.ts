import type { TargetAccount } from "../model/target-state.js";
import type { Offboarding } from "../policy/lifecycle.js";
import type { Membership } from "../policy/memberships.js";
import type { AppDecision } from "./decision.js";
import type { EntitlementTable } from "./entitlement-table.js";
import type { RoleContest } from "./exclusive-roles.js";

type LinkedBy = NonNullable<AppDecision["account"]>["linkedBy"];

/** While a traced identity is decided: the account it was given and how, its offboarding. */
export interface Seen {
  account: TargetAccount | undefined;
  linkedBy: LinkedBy;
  off: Offboarding | undefined;
}

/** What `explain` keeps of the decision for one identity: the changes are in the plan, this is the why. */
export function identityDecision(
  where: { target: string; app: string; table: EntitlementTable },
  identity: string,
  facts: { inScope: boolean; login: string | undefined; memberships: readonly Membership[]; expired?: readonly Membership[]; seen: Seen | undefined; outcome: string; unmanagedPrivileged?: readonly string[] },
): AppDecision {
  const { table } = where;
  const seen = facts.seen ?? { account: undefined, linkedBy: "none" as const, off: undefined };
  // Entitlements are justified only where the identity may hold access at all: in scope, not leaving.
  const wanted = new Array<Membership | undefined>(table.names.length);
  const contests: RoleContest[] = [];
  if (facts.inScope && !seen.off) table.fillWanted(facts.memberships, wanted, contests);
  else wanted.fill(undefined);
  const held = new Uint8Array(table.names.length);
  if (seen.account) table.fillHeld(seen.account.entitlements, held);
  return {
    target: where.target,
    app: where.app,
    identity,
    inScope: facts.inScope,
    ...(facts.login !== undefined ? { login: facts.login } : {}),
    ...(seen.account ? { account: accountSummary(seen.account, seen.linkedBy) } : {}),
    ...(seen.off ? { offboarding: { why: seen.off.why, reason: seen.off.reason } } : {}),
    outcome: facts.outcome,
    entitlements: table.names.map((entitlement, slot) => ({ entitlement, privileged: table.privileged[slot]!, ...confersOf(table, slot), ...justification(table, slot, wanted[slot], facts.expired), ...contestOf(table, contests, slot), held: held[slot] === 1 })),
    ...(facts.unmanagedPrivileged?.length ? { unmanagedPrivileged: facts.unmanagedPrivileged } : {}),
  };
}

/** What `explain` keeps of the decision for an account no identity claims, under the name it was asked by. */
export function unlinkedDecision(where: { target: string; app: string; table: EntitlementTable }, name: string, account: TargetAccount, outcome: string, earlierLogin?: string): AppDecision {
  const { table } = where;
  // Held under any spelling of the policy's entitlement (slotOf), as the diff counts it.
  const held = new Uint8Array(table.names.length);
  table.fillHeld(account.entitlements, held);
  return {
    target: where.target,
    app: where.app,
    identity: name,
    inScope: false,
    ...(earlierLogin !== undefined ? { earlierLogin } : {}),
    account: accountSummary(account, "none"),
    outcome,
    entitlements: table.names.map((entitlement, slot) => ({ entitlement, privileged: table.privileged[slot]!, ...confersOf(table, slot), held: held[slot] === 1 })),
  };
}

function accountSummary(account: TargetAccount, linkedBy: LinkedBy): NonNullable<AppDecision["account"]> {
  return { id: account.id, login: account.login, active: account.active, ...(account.externalId ? { externalId: account.externalId } : {}), entitlements: account.entitlements, linkedBy };
}

/** For explain: the role of its key that outranked it, or those it does not compare with (exclusive-roles.ts). */
function contestOf(table: EntitlementTable, contests: readonly RoleContest[], slot: number): { outranked?: { by: string; byGroup: string; membership: Membership }; unranked?: readonly string[] } {
  const c = contests.find((x) => x.wanted.some((w) => w.slot === slot));
  if (!c) return {};
  if (c.kept === undefined) return { unranked: c.wanted.filter((w) => w.slot !== slot).map((w) => table.names[w.slot]!) };
  if (c.kept === slot) return {};
  const winner = c.wanted.find((w) => w.slot === c.kept)!;
  return { outranked: { by: table.names[c.kept]!, byGroup: winner.membership.group, membership: c.wanted.find((w) => w.slot === slot)!.membership } };
}

/** For explain: what the entitlement gives through its group that makes it privileged, when anything does. */
function confersOf(table: EntitlementTable, slot: number): { confers?: readonly string[] } {
  const given = table.confers[slot];
  return given ? { confers: given } : {};
}

/**
 * For explain: the membership that justifies the slot and the mapping(s) that turn it into the
 * entitlement; else a membership of a group mapped to it whose `until` has passed (it was
 * justified, and the grant ended), so explain says when rather than "no group maps to it".
 */
function justification(table: EntitlementTable, slot: number, by: Membership | undefined, expired: readonly Membership[] | undefined): { justifiedBy?: Membership; mappedAt?: readonly string[]; ended?: Membership } {
  if (by) return { justifiedBy: by, mappedAt: table.mappedAt(slot, by.group) };
  const ended = table.endedMembership(expired, slot);
  return ended ? { ended, mappedAt: table.mappedAt(slot, ended.group) } : {};
}
