// The ids of the findings the planner, the sources' quality gates and the targets' reads emit
// besides the rules', on the floor: config refuses a custom rule under one of them
// (model/reserved-rule-ids.ts), the SARIF links each to its section of docs/rules.md.

/** Findings the planner and the quality gates emit; docs/rules.md has a section for each. */
export const PLANNER_FINDINGS: ReadonlySet<string> = new Set([
  "source-gate-required", "source-gate-unique", "source-gate-max-age", "source-gate-min-records", "source-gate-max-churn", "source-gate-accepted",
  // A source of people that exports no records, whatever its gates say (src/sources/quality-gates.ts).
  "source-gate-empty",
  // An export taken after the plan, or before the accepted snapshot (src/sources/export-time.ts).
  "source-gate-future-export", "source-gate-older-than-snapshot",
  // An export of another AWS account, Okta org or Google customer than the accepted snapshot's or gates.account, of two, or with records naming none (src/sources/export-account.ts).
  "source-gate-account",
  "snapshot-not-at-base", "source-no-snapshot", "source-person-held", "held-status-differs", "departed-still-exported",
  // One gone anchor that several people match before its source's first snapshot: none is offboarded (src/resolve/departed-unsnapshotted.ts).
  "departed-match-ambiguous",
  "disputed", "correlation-conflict",
  // An alias that matches a record of a source another record of which the user's own keys match: not used to correlate (src/resolve/alias-matches.ts).
  "alias-match-set-aside",
  "split-record-kept", "split-record-moved", "split-record-unclear", "identity-id-collision", "nhi-name-ambiguous", "nhi-name-look-alike", "nhi-claimed-twice", "group-name-ambiguous", "login-reused", "login-held", "anchor-changed", "login-collision", "duplicate-account-link", "account-id-conflict", "account-renamed", "account-login-taken", "unmanaged-account", "deprovisioned-account", "unknown-anchor", "missing-login", "login-invalid",
  "overlay-without-person", "overlay-login-stale", "overlay-login-unaccepted", "reference-login-stale", "account-login-stale", "person-not-in-sources", "correlation-unknown-record", "attribute-conflict", "delete-grace-unknown", "gone-while-on-leave", "target-without-policy", "target-cannot-update", "attribute-case-differs",
  "stale-target-state", "applied-since-state-read", "source-group-cycle", "source-no-groups", "source-login-collision", "source-deleted-replaced", "source-group-unlisted", "source-unproven-export", "source-roles-without-tags", "group-grants-unplanned", "entitlement-not-in-target",
  // A GitHub custom repository role a policy names that the org has in no case (a typo): nothing of its repository changes for whoever it is given to (src/plan/custom-role-names.ts).
  "custom-role-unknown",
  // Two roles of one key (a GitHub repository) that two mappings give one account or a groupGrants list gives one group (src/plan/exclusive-roles.ts).
  "role-conflict", "role-conflict-resolved",
  // A role the policy gives that a higher role of its key, held and not managed, already covers: not granted, so not lowered (src/plan/held-higher-roles.ts).
  "role-held-higher-unmanaged",
  // A state file read from another endpoint than scopesync.yaml names, or pulled for another target (src/plan/state-binding.ts).
  "target-state-elsewhere",
  // A mapped group the app renamed (same id, new name), followed by its id (src/targets/renamed-groups.ts, src/plan/renamed-groups.ts).
  "group-renamed-in-target",
  // Search references to Active Directory partitions that hold no people, not followed (src/sources/common/directory/search-references.ts).
  "source-partition-references",
  // Active Directory deleted objects (isDeleted) an export holds, left out so that absence decides (src/sources/common/directory/deleted-object.ts).
  "source-deleted-objects",
  // Active Directory primary groups (primaryGroupID) the read could not find among the groups (src/sources/common/directory/primary-group.ts).
  "source-primary-group-unread",
  // A key activity export of exactly gcloud query-activity's default --limit, likely cut there (src/sources/gcp-iam/key-activity.ts).
  "source-activity-at-limit",
  // Privilege a person keeps through a group the policy does not manage (a GitHub child team of a revoked team: src/plan/unmanaged-group-privilege.ts).
  "privilege-through-unmanaged-group",
  // A privileged entitlement a person holds directly that the policy does not manage (a GitHub repo admin given by hand: src/plan/unmanaged-direct-privilege.ts).
  "privilege-held-unmanaged",
  // An account the plan removes that a group someone else manages keeps in the target (a GitHub enterprise team: src/plan/external-groups.ts).
  "account-kept-by-external-group",
  // A return (its removal in the apply journal) that does not give back what the offboarding took for good: a deleted deploy key, a team role held by hand (src/plan/returns.ts).
  "return-not-restored",
  // An account or entitlement the journal records scopesync took away, back again outside scopesync (src/plan/undone-offboardings.ts).
  "offboarding-undone",
  // Credentials of credentialsOnly targets (entra-apps, aws-iam), any credential an API cannot revoke, and one held under a login no identity has.
  "credential-unknown", "credential-manual-revocation", "credential-orphaned",
  // The deciding source says active while a directory the person signs in through has shut them out (src/resolve/sign-in-blocked-conflict.ts).
  "status-sign-in-blocked",
  // Two books of record for status disagree: the employment that keeps the most access decides (src/resolve/employments.ts).
  "status-authorities-disagree",
  // On leave only because a directory shows the account disabled, keeping privileged access where the app keeps people on leave (src/plan/directory-disabled-kept.ts).
  "directory-disabled-access-kept",
  // A person on leave by their source's word keeping privileged access where the app keeps people on leave (src/plan/directory-disabled-kept.ts).
  "leave-privilege-kept",
  // An identity id that reads like another identity's or mixes scripts (src/resolve/look-alike-ids.ts).
  "identity-id-look-alike",
  // An e-mail address that reads like another record's or has invisible characters (src/resolve/look-alike-emails.ts).
  "email-look-alike",
  // Manager references that name different people by different kinds of id, or no one (src/resolve/manager-refs.ts).
  "manager-ref-ambiguous", "manager-ref-unresolved",
  // Employee ids of different sources that differ only in leading zeros, so not joined (src/resolve/zero-padded-ids.ts).
  "employee-id-leading-zeros",
  // A mapped account attribute whose value looks like a secret, not planned (src/plan/attribute-secret-shaped.ts).
  "attribute-secret-shaped",
  // A login that looks like a secret (or a snapshot hid): no account is planned under it (src/plan/login-secret-shaped.ts).
  "login-secret-shaped",
  // A `where:` naming an attribute no identity has (src/policy/where-attributes.ts).
  "where-attribute-unknown",
  // An explicit group membership whose until has passed and that the plan revokes nothing for (src/plan/expired-memberships.ts).
  "membership-expired",
  // A `where:` value no identity of the selector's kinds holds (src/policy/where-values.ts).
  "where-value-unmatched",
  // A where: value of orgUnitPath that is the root, "/", which selects every user (src/policy/tree-root.ts).
  "where-value-whole-tree",
  // A custom rule's app:entitlement that no policy writes and no target holds, or whose app id is none (src/policy/rule-entitlements.ts).
  "rule-entitlement-unknown",
  // A custom rule's maxAge/before/after attribute that is there but is no date (src/policy/rules/condition-dates.ts).
  "rule-date-unreadable",
  // A member recorded as having accepted someone's e-mail invitation that nothing links (src/plan/accepted-invitations.ts).
  "email-invitation-accepted",
  // The GitHub target's own findings, carried by its read into the plan.
  "github-emu-provisioning", "github-idp-team", "github-idp-teams-not-read", "github-invitation-failed", "github-pat-grants-not-read", "github-repo-archived", "github-team-org-roles-not-read",
  // The scim target: memberships asked per group and account (options.groupMembers: filter), and
  // every group read without members while grants to existing accounts are planned (src/plan/unlisted-members.ts),
  // a group whose member list the app cut short (src/targets/scim/member-list-cut.ts), and a
  // /Schemas answer that could not be used (src/targets/scim/case-exact.ts), and a list read whole
  // from one answer of a round size that a capped app gives too (src/targets/scim/cap-like.ts).
  "scim-members-by-filter", "scim-group-members-unlisted", "scim-member-list-cut", "scim-schemas-unread", "scim-list-cap-like",
  // A live plan with too many logins to look up (src/login-owners.ts).
  "login-owners-not-read",
  // A person whose hire date (less the app's accounts.preStart) has not come (src/policy/pre-start.ts).
  "joiner-not-started",
  // A person between employments: termination date passed, rehire to come (src/policy/rehire-gap.ts).
  "rehire-not-started",
  // A conversion entered ahead: the deciding record's employment is to come, another source exports them active today (src/policy/before-start.ts).
  "conversion-not-started",
  // plan --base: sources the base does not read its own way (src/sources/base-ingest.ts), and the
  // revocations the base makes that the pull request cancels (src/plan/cancelled-revocations.ts).
  "source-added-in-pr", "source-unread-at-base", "pr-cancels-revocations",
  // plan --base: an export file the pull request edits, read for the base from the base's copy (src/sources/export-edits.ts).
  "export-edited-in-pr",
  // plan --base: a change the pull request makes to the guard rails themselves (src/plan/control-findings.ts).
  "controls-changed",
  // plan --base: a target renamed with its system unchanged, and whether formerNames keeps its journal (src/plan/renamed-targets.ts).
  "target-renamed",
  // A break-glass NHI whose owner left: kept, not quarantined, and a warning until a new owner is named (src/policy/break-glass-owner.ts).
  "break-glass-owner-gone",
  // A target that keeps its minimum admins only through a grant in the same plan (src/plan/admins-guard.ts).
  "admins-guard-needs-grant",
]);
