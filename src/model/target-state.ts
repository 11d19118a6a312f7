import type { Finding } from "./finding.js";
import type { TargetCustomRoles } from "./custom-roles.js";
import type { TargetTenant } from "./target-tenant.js";

// What a target holds right now, as its connector read it (or as a saved state file holds it).
// The planner diffs desired state against this; it never sees a connector's write side.

/** One account in a downstream app. */
export interface TargetAccount {
  /** The target's own immutable id for the account; a linked account is addressed by it. */
  id: string;
  /** Login / userName in the target. */
  login: string;
  /**
   * Anchor scopesync wrote when it created or linked the account ("hr:W1001", "nhi:svc-deployer").
   * Absent on accounts scopesync does not manage (yet).
   */
  externalId?: string;
  active: boolean;
  attributes: Record<string, string>;
  /**
   * Entitlements held, as "kind:name" (team:platform, role:admin, group:Sales). Read from a state
   * file, one frozen list is shared by every account that holds the same (model/list-interner.ts):
   * give an account a new list, never change one in place.
   */
  entitlements: readonly string[];
  /** When the account was disabled, for delete grace periods. */
  disabledAt?: string;
}

/** An account while a live read assembles it, entitlement by entitlement, before it is handed on as a TargetAccount. */
export type AccountBeingRead = TargetAccount & { entitlements: string[] };

/** A credential the target knows about (deploy key, token grant), so it can be revoked. */
export interface TargetCredential {
  id: string;
  /** Target account id the credential belongs to; "" when it belongs to no account the target lists. */
  account: string;
  /**
   * The login the target names as the credential's holder where that user has no account in it
   * (a GitHub deploy key whose adder, or a fine-grained token grant whose owner, is no longer an
   * org member): the credential is still theirs, so their offboarding still revokes it, and one
   * that is no identity's is a finding.
   */
  heldBy?: string;
  type: string;
  /** Credential id as declared in identities/ (ServiceAccount/Agent `credentials[].id`), when known. */
  credentialId?: string;
  /**
   * What the credential can do, in the target's words, where it says: a GitHub deploy key is
   * `write` or `read-only` (`read_only`). The plan names it when the revoke deletes the key for
   * good, so that the reviewer reads what production loses. An Entra federated identity credential
   * (`federated-credential`): whose tokens it accepts, `"<name>": issuer <url>, subject <sub>`,
   * named in the revoke's reason, so that the reviewer reads which workload stops signing in.
   */
  access?: string;
  /** When the target says the credential was made (ISO 8601), where it records that. */
  createdAt?: string;
  /**
   * When the target last saw it used (ISO 8601). Absent: never used, where the target records use
   * (`recordsUse`), or unknown, where it does not.
   */
  lastUsedAt?: string;
  /** The target records use of this credential: an absent `lastUsedAt` means never used. */
  recordsUse?: boolean;
  /** `inactive`: switched off but still there (an AWS access key marked Inactive): nothing to revoke. */
  status?: "active" | "inactive";
  /**
   * Where the target's API cannot revoke this credential (an Entra certificate needs proof of
   * possession of a key), the exact command a person runs instead: the plan makes it a finding.
   */
  manualRevocation?: string;
  /**
   * Revoked only when its holder loses access, never judged on its own by `credentials.unknown` or
   * `revokeUnusedAfter`: no identity's file can list it (an IAM user's console password, which
   * has no id of its own), yet an offboarded holder must not keep it.
   */
  withHolderOnly?: true;
  /**
   * Not revoked by `credentials.unknown: revoke` when no file lists it, only reported
   * (credential-unknown): the target records no use of it, so one nobody listed may well be the one
   * in use (an IAM signing certificate: ListSigningCertificates gives no last use). Still revoked
   * with its holder, like any other.
   */
  unknownReportedOnly?: true;
}

/**
 * A group of the target that holds grants of its own, which its members get through it (a GitHub
 * team's repository access). Desired in a policy's `groupGrants`; an entitlement a member holds
 * only through the group is the group's, never the member's direct grant.
 */
export interface TargetGroup {
  /** The entitlement that names the group, as policies write it ("team:platform"). */
  entitlement: string;
  /** What the group itself holds, as "kind:name" ("repo:infra:write"), among what the read covers. */
  holds: string[];
  /**
   * The group's parent ("team:platform"), whose grants its members get too (GitHub: "Child teams
   * inherit the parent's access permissions"). Absent for a top-level team, and in state files
   * written before parents were read.
   */
  parent?: string;
  /**
   * Roles the target assigns to the group itself, which its members get through it but which
   * `groupGrants` do not manage (GitHub: an organization role assigned to the team, as
   * `org-role:<name>`; "you can assign organization roles to teams", docs.github.com/en/
   * organizations/managing-peoples-access-to-your-organization-with-roles/using-organization-roles).
   * The planner counts them in what a membership confers (plan/conferred.ts). Absent when the read
   * did not cover them.
   */
  roles?: string[];
}

/**
 * A group of the target that someone else manages, and that the target's own API can neither join
 * nor leave (GitHub: an enterprise team assigned to the org, "ent:<name>", whose membership the
 * enterprise sets). Its members hold its entitlement; an app policy cannot map it (an error when
 * the repository loads). Where `keepsAccount`, its members stay in the target through it when their
 * own account is removed (GitHub: "Their indirect membership via an enterprise team remains until
 * the user is removed from the enterprise team"), so the plan says so for every account it removes
 * that holds it (src/plan/external-groups.ts).
 */
export interface ExternalGroup {
  /** The entitlement that names it, as accounts hold it ("team:ent:copilot-users"). */
  entitlement: string;
  /** Who manages it, as the plan says it. */
  managedBy: string;
  keepsAccount: boolean;
  /** What a person does so that the member is out of it. */
  remediation: string;
}

export interface TargetState {
  formatVersion: 1;
  target: string;
  readAt: string;
  accounts: TargetAccount[];
  credentials: TargetCredential[];
  /**
   * Groups and their own grants, where the target has them and the read covered them (GitHub:
   * every team's access to the repositories of `options.repositories`). Absent: not read, so the
   * planner plans no group grants and says so.
   */
  groups?: TargetGroup[];
  /**
   * The entitlements naming every group the target has, as its read found them (GitHub:
   * `team:<slug>` of each team), so that an app policy mapping one the target does not have (a
   * team renamed in GitHub gets a new slug) is said, not planned into grants that fail and
   * revokes that never come (src/plan/missing-groups.ts). Live reads only; never part of a state file.
   */
  groupNames?: string[];
  /**
   * The target's custom roles and the built-in role each is based on (GitHub: the org's custom
   * repository roles, GET /orgs/{org}/custom-repository-roles), or why they could not be read:
   * a grant that would replace a custom role held by hand, or a custom role granted over a role held
   * by hand, is judged by the base (plan/held-higher-roles.ts), and a policy's custom role name is
   * checked against the list (plan/custom-role-names.ts). Absent where the target has no custom
   * roles or the read did not ask (no repository access read). Live reads only; never part of a
   * state file.
   */
  customRoles?: TargetCustomRoles;
  /**
   * The target's own id of each group its read found, by the entitlement that names it (SCIM:
   * `Group.id`, which RFC 7643 §3.1 makes the stable identifier, while `displayName` may be changed;
   * GitHub: the team's `id`). Written to the state file, so that a later live read can tell a group
   * renamed in the app (same id, new name) from one deleted, and follow it by its id
   * (targets/renamed-groups.ts). Sorted by entitlement; absent where the read does not record ids.
   */
  groupIds?: TargetGroupId[];
  /**
   * Entitlements the target itself says are privileged, beyond those its type declares
   * (TargetCapabilities.privilegedEntitlements). GitHub: a custom organization role whose
   * `base_role` is maintain or admin gives that on every repository of the org, as the predefined
   * All-repository maintain and admin roles do (GET /orgs/{org}/organization-roles names each
   * role's base_role: docs.github.com/en/rest/orgs/organization-roles). Sorted; absent when none.
   */
  privileged?: string[];
  /**
   * Whether the app compares each account attribute's values with case (true) or without (false),
   * by scopesync attribute name, as the app itself declares it (SCIM: each attribute's `caseExact`
   * in its GET /Schemas, RFC 7643 §7): only the mapped attributes it declares; an attribute left
   * out takes the target type's default (model/attribute-values.ts). Written to the state file, so
   * that a plan made from it compares as a live one does. Sorted by name; absent when the app
   * declares none (it serves no /Schemas, or the target type has no schema to ask).
   */
  attributeCaseExact?: Record<string, boolean>;
  /**
   * Where the read took memberships from each group's own member list (scim with
   * `options.groupMembers: listed`): how many groups it read and how many of them listed a member.
   * An app that never lists members (AWS IAM Identity Center) reads as "nobody holds anything", so
   * the planner warns when that meets grants to accounts the app already has
   * (src/plan/unlisted-members.ts). `setting`: the option that reads memberships another way, as
   * `targets.<name>.options.<key>`. Live reads only; never part of a state file.
   */
  memberLists?: { groups: number; listingMembers: number; setting: string };
  /**
   * What the read could not cover or the target refuses to let scopesync manage (a token that
   * cannot list some credentials, teams an identity provider owns), said in the plan. Live reads
   * only; never part of a state file.
   */
  findings?: Finding[];
  /**
   * Changes the target will not let scopesync make, as its read found out (a team an identity
   * provider owns; accounts only the IdP can provision). The planner plans none of them and says
   * so. Live reads only; never part of a state file.
   */
  refuses?: TargetRefusal[];
  /**
   * Groups of the target someone else manages (ExternalGroup), sorted by entitlement. Live reads
   * only; never part of a state file.
   */
  externalGroups?: ExternalGroup[];
  /**
   * Kinds of credential the read did not list (GitHub: fine-grained PAT grants, which only an App
   * token can list), each with the finding that says so. A plan made from this read cannot tell
   * whether such a credential is there or still needed; apply needs to know, so that a reviewed
   * revoke of one is reported not applied rather than counted as no longer needed
   * (src/apply/unread-credentials.ts). Live reads only; never part of a state file.
   */
  unreadCredentials?: UnreadCredentials[];
  /**
   * The account ids (`invitation:<id>`) of invitations the target lists as failed (GitHub:
   * `GET /orgs/{org}/failed_invitations`: expired after 7 days, or otherwise failed), e-mail ones
   * included. Such an invitation left the pending list without being accepted, so no member is
   * ever taken for its invitee (targets/accepted-invitations.ts). Sorted. Live reads only; never
   * part of a state file (the comparison it serves is made against a live read).
   */
  failedInvitations?: string[];
  /**
   * Which system the state was read from (model/target-tenant.ts): a live read's tenant id (GitHub's
   * organization id), a state file's endpoint, tenantId and the target it was pulled for. Absent
   * where nothing says (an older state file, a target type with no tenant of its own).
   */
  tenant?: TargetTenant;
}

/** One group of the target, by the entitlement the plan names it with and the target's own id for it. */
export interface TargetGroupId {
  /**
   * The entitlement the plan uses for the group: its name in the target, or, for a group renamed
   * in the app since the state file remembered its id while the app policy still maps the old name,
   * that old name (the plan follows the group by its id: `renamedTo` is its name now).
   */
  entitlement: string;
  /** The target's immutable id of the group. */
  id: string;
  /** The entitlement naming the group in the target now, when the app renamed it (see `entitlement`). */
  renamedTo?: string;
}

/** Credentials a live read did not list: those whose id starts with `idPrefix`. */
export interface UnreadCredentials {
  /** The ids it covers, by their start, as the target writes them ("pat-grant:"). */
  idPrefix: string;
  /** The read's finding (also in `findings`): the reason, in its message. */
  finding: Finding;
  /** What makes a later read list them (a token that can), for the person running apply. */
  fix: string;
}

export interface TargetRefusal {
  /** Grants and revokes of this entitlement are refused. */
  entitlement?: string;
  /**
   * Grants and revokes of every entitlement that starts with this, compared without case (GitHub:
   * `repo:legacy:`, any role on a repository that is archived; its names are case-insensitive).
   */
  entitlementPrefix?: string;
  /** Revokes of every credential whose id starts with this, compared without case (GitHub: `deploy-key:legacy:`). */
  credentialPrefix?: string;
  /** Changes with these actions are refused (e.g. "create-account"). */
  actions?: string[];
  /** Why, and what to do instead: the plan's finding (its message gets what was not planned). */
  finding: Finding;
}
