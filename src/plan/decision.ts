import type { Offboarding } from "../policy/lifecycle.js";
import type { Membership } from "../policy/memberships.js";

/**
 * What the planner decided for one identity (or one account no identity claims) in one app,
 * recorded while it decided, for the identities `explain` asks about. `explain` renders these
 * and the plan's changes; it never decides anything again, so it cannot disagree with the plan.
 */
export interface AppDecision {
  target: string;
  app: string;
  /** The name the plan's changes use: the identity id, `account:<login>`, or a gone account's anchor or prior id. */
  identity: string;
  /** The planner's scope flag for the identity (false for an account without identity). */
  inScope: boolean;
  /**
   * Set when the decision is about the identity's account under an earlier login (changed or
   * removed since the snapshot or the base), not about the identity's own place in the app: that
   * login.
   */
  earlierLogin?: string;
  /** The login the identity has (or would have) in the app. */
  login?: string;
  /** The account the identity is linked to, and how the planner found it. */
  account?: {
    id: string;
    login: string;
    active: boolean;
    externalId?: string;
    entitlements: readonly string[];
    linkedBy: "anchor" | "login" | "adopted" | "none";
  };
  /** The lifecycle verdict that takes access away, when there is one. */
  offboarding?: Pick<Offboarding, "why" | "reason">;
  /** The planner's conclusion for this identity in this app, in words. */
  outcome: string;
  /**
   * Each entitlement the app's policy manages: the membership that justifies it (only when the
   * identity may hold access in the app at all), and whether the account holds it now.
   */
  /**
   * `confers`: the privileged entitlements membership gives through the group, which make it
   * privileged (plan/conferred.ts). `mappedAt`: the `file:line`s of the policy's mapping(s) of
   * the justifying (or ended) group to the entitlement. `ended`: not justified, because the
   * identity's membership of a group mapped to it expired (its `until` has passed).
   * `outranked`: a group of the identity maps it (`membership`), but another role of its key that
   * another maps is higher and kept (`by`, mapped for `byGroup`; plan/exclusive-roles.ts).
   * `unranked`: other roles of its key that its groups map too, with which it does not compare
   * (finding role-conflict).
   */
  entitlements: Array<{ entitlement: string; privileged: boolean; confers?: readonly string[]; justifiedBy?: Membership; mappedAt?: readonly string[]; ended?: Membership; outranked?: { by: string; byGroup: string; membership: Membership }; unranked?: readonly string[]; held: boolean }>;
  /**
   * Privileged entitlements the account holds that the policy does not manage (a GitHub repository
   * admin given by hand): never granted or revoked, and so not in `entitlements`, but `explain`
   * must not call the account "as it should be" without naming them (plan/unmanaged-direct-privilege.ts).
   */
  unmanagedPrivileged?: readonly string[];
}
