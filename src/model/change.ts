import { createHash } from "node:crypto";
import type { NonMemberKind } from "./non-member-accounts.js";
import type { Lifecycle } from "./leaving-cause.js";

export const ACTIONS = ["revoke-credential", "revoke", "disable-account", "delete-account", "create-account", "enable-account", "update-account", "grant"] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * Order inside one identity's changes (docs/formats.md, "Actions"): take access away first
 * (credentials, then entitlements, then the account), then give (create, enable, update, grant).
 */
export const ACTION_ORDER: Record<Action, number> = Object.fromEntries(ACTIONS.map((a, i) => [a, i])) as Record<Action, number>;

/** Actions that only remove access: applied even when unreviewed (apply.unreviewed: revocations-only). */
export const REVOCATIONS: ReadonlySet<Action> = new Set(["revoke-credential", "revoke", "disable-account", "delete-account"]);
/** The actions that give access: what a journal line records scopesync gave, which a state read before it cannot show. */
export const GIVING: ReadonlySet<Action> = new Set(["create-account", "enable-account", "grant"]);

export type Origin = "pr" | "source" | "drift" | "policy";

export interface AttributeChange { from: string | null; to: string | null }

/** One planned change to one downstream target (the plan JSON contract: docs/formats.md, "Change fields"). */
export interface Change {
  id: string;
  target: string;
  action: Action;
  identity: string;
  /** The target's own account id, once linked; absent for accounts still to be created. */
  account?: string;
  /** The identity's immutable anchor, written as the account's externalId; connectors find accounts by it. */
  anchor?: string;
  login?: string;
  /**
   * create-account, enable-account and grant of an account not linked yet, on a target that
   * links accounts by login (GitHub): the target's own id of the user the login named when the
   * plan was made against live state (`plan --live`). A login can change hands (a GitHub user
   * renames themself and someone else registers the old name): apply refuses the change when the
   * login names another user by then, instead of giving access to whoever holds it.
   */
  loginOwner?: string;
  entitlement?: string;
  /** Credential id (target's) for revoke-credential. */
  credential?: string;
  /**
   * revoke-credential and disable-account only: what the change takes that no later change gives
   * back, in words (model/lost-for-good.ts). Prose like `reason`, not part of the decision (apply
   * compares changes without it); the apply journal keeps it, so that a later return names it.
   */
  lost?: string[];
  /**
   * disable-account and delete-account only: the account is not a member but this kind of
   * non-member (model/non-member-accounts.ts; GitHub: an outside collaborator, with direct access
   * to repositories and no membership). The apply journal keeps it, so that a return gives back
   * that kind of access and not another (plan/returns.ts: an outside collaborator is never made an
   * org member unless a policy gives what only a member holds). A fact about the account, like
   * `lost`: apply does not compare it with the reviewed plan's.
   */
  nonMember?: NonMemberKind;
  privileged: boolean;
  origin: Origin;
  reason: string;
  /**
   * A revocation whose grounds are a leaving (model/leaving-cause.ts): the identity left, or is no
   * longer in any source. The apply journal keeps it, and the leavers report reads it rather than
   * the reason's words. Like `reason`, not part of the decision: apply compares changes without it.
   */
  lifecycle?: Lifecycle;
  /**
   * revoke only: the entitlement this plan grants the same identity in its place (another role on
   * the same repository: TargetCapabilities.exclusiveEntitlements). A connector that can change it
   * in place lowers the role here, or leaves a higher one to the grant, instead of removing access.
   */
  replacedBy?: string;
  /** update-account (and create-account): attribute values, from → to. */
  attributes?: Record<string, AttributeChange>;
  /** Set when the change belongs to a mover: the attributes that moved. */
  move?: Record<string, AttributeChange>;
  /** Teams whose approval this change needs (rules with `reviewers`). */
  reviewers?: string[];
  /** file:line and source-record positions that justify the change, for review and `explain`. */
  evidence: string[];
}

/** Stable id: the same decision gets the same id in every plan, so a reviewed plan can be matched. */
export function changeId(target: string, action: Action, identity: string, detail = ""): string {
  return createHash("sha256").update(`${target}\u0000${action}\u0000${identity}\u0000${detail}`).digest("hex").slice(0, 16);
}

/**
 * Change.loginOwner when no user had the login as the plan was made live: whoever registers it
 * before apply was never reviewed, so apply refuses to give them access (a joiner who makes their
 * account after the plan is planned again, and the new plan shows whose account it is).
 */
export const NO_LOGIN_OWNER = "none";
