// What the diff says and plans for accounts that are not members (model/non-member-accounts.ts:
// GitHub's outside collaborators and e-mail invitations).
// - Unmatched (no identity's): an `unmanaged-account` finding that says what the account is and
//   what removing it would do; removed under `unmanagedAccounts: disable` only where the target's
//   options opt in (`outsideCollaborators: manage`, `emailInvitations: manage`). Reading them is
//   new (an upgrade makes vendors visible that the org let in on purpose): removing them
//   unannounced, as unreviewed revocations on the first run, is the surprise this avoids.
// - A leaver's: offboarded as before; the disable's reason says what the removal does.
// - An identity in scope whose account is an outside collaborator, and whose groups give it what
//   only a member holds (a team, the owner role): the org invitation is planned before the grant,
//   as for a joiner. Planned alone, the grant is refused by apply on every run.
import { NON_MEMBER, nonMemberKind, type NonMemberKind } from "../model/non-member-accounts.js";
import { withAccessPaths } from "./access-paths.js";
import type { TargetAccount } from "../model/target-state.js";
import type { TargetCapabilities } from "../model/target-types.js";
import type { KeptAccess } from "./unmanaged-direct-privilege.js";

export interface NonMember {
  kind: NonMemberKind;
  /** "an outside collaborator (…)": what the account is, for a reader. */
  what: string;
  /** What removing it does ("removes them from every repository of the org"). */
  removal: string;
  /** The target option that opts in to removing unmatched ones. */
  option: string;
  /** The target's options opt in: an unmatched one is removed under `unmanagedAccounts: disable`. */
  removable: boolean;
}

/** The non-member this account is in this target, or undefined for a member. */
export function nonMemberOf(account: TargetAccount, traits: TargetCapabilities): NonMember | undefined {
  const kind = nonMemberKind(account, traits.nonMembers);
  if (!kind) return undefined;
  const d = NON_MEMBER[kind];
  return { kind, what: d.what(account), removal: d.removal, option: d.option, removable: traits.removesUnmatched?.includes(kind) ?? false };
}

/** An unmatched non-member's `unmanaged-account` finding text and, where it is removed, the disable's reason. */
export function unmatchedNonMember(nm: NonMember, target: string, unmanaged: "report" | "disable", policyAt: string): { consequence: string; remediation: string; disableReason?: string; outcome: string; kept?: KeptAccess } {
  const setting = `targets.${target}.options.${nm.option}`;
  const remediation = `if the access is intended, leave it (it is reported on every plan); if it is someone's the sources export, give that identity this login; to have scopesync remove unmatched ones, set ${setting}: manage with unmanagedAccounts: disable (the disable ${nm.removal})`;
  const fix = `to have the plan remove it, set ${setting}: manage with unmanagedAccounts: disable in ${policyAt}`;
  if (unmanaged !== "disable") return { consequence: `: ${nm.what}`, remediation, outcome: ", so it is reported (finding unmanaged-account) and left alone", kept: { why: `${policyAt} says unmanagedAccounts: report, so the plan leaves it`, fix } };
  if (!nm.removable) {
    return {
      consequence: `: ${nm.what}; it is reported, not disabled, though ${policyAt} says unmanagedAccounts: disable, because ${setting} is report (the default): the disable ${nm.removal}`,
      remediation,
      outcome: `, but it is ${nm.what} and ${setting} is report: reported (finding unmanaged-account) and left alone`,
      kept: { why: `it is ${nm.what} and ${setting} is report, so the plan leaves it`, fix },
    };
  }
  return {
    consequence: `: ${nm.what}; it will be removed (unmanagedAccounts: disable, ${setting}: manage), which ${nm.removal}`,
    remediation: `if the access is intended, give it an identity with this login (or set ${setting}: report) before this plan is applied`,
    // The disable adds what the account is and what its removal does (offboardReason), as for a leaver's.
    disableReason: `unmanaged account (${policyAt}: unmanagedAccounts: disable; ${setting}: manage)`,
    outcome: ", so it is removed",
  };
}

/**
 * A leaver's disable of a non-member says what the removal does: `reason`, with that added, and
 * with every path to repositories the account has beside a membership (plan/access-paths.ts).
 */
export function offboardReason(reason: string, account: TargetAccount, traits: TargetCapabilities): string {
  const nm = nonMemberOf(account, traits);
  return withAccessPaths(nm ? `${reason}; "${account.login}" is ${nm.what}: the disable ${nm.removal}` : reason, account);
}

/**
 * The entitlements among `granted` that the account cannot hold as the non-member it is (an
 * outside collaborator's team or owner role): the membership must come first. Empty for a member.
 */
export function needsMembership(account: TargetAccount, traits: TargetCapabilities, granted: readonly string[]): string[] {
  return nonMemberKind(account, traits.nonMembers) === "outside-collaborator" ? outsideCollaboratorCannotHold(granted) : [];
}

/** The entitlements among `granted` that an outside collaborator cannot hold (all but `repo:` access): each needs membership. */
export function outsideCollaboratorCannotHold(granted: readonly string[]): string[] {
  const holds = NON_MEMBER["outside-collaborator"].holds!;
  return granted.filter((e) => !holds.test(e));
}

/** The create-account's reason for an outside collaborator invited to membership before `needed`. */
export function membershipReason(nm: NonMember, login: string, needed: readonly string[]): string {
  return `"${login}" is ${nm.what}, and ${needed.join(", ")} ${needed.length === 1 ? "needs" : "need"} membership: invited to the org first (an outside collaborator becomes a member by accepting the invitation; the grants then apply to the pending membership)`;
}
