import { NON_MEMBER, type NonMemberKind } from "./non-member-accounts.js";
import { GITHUB_GRANTABLE, GITHUB_REPO, GITHUB_TEAM } from "./github-entitlements.js";

/** Target connector types scopesync ships; the connector registry implements exactly these. */
export const TARGET_TYPES = ["aws-iam", "entra-apps", "file", "github", "scim"] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

/**
 * Whether scopesync has a target type of this name: a finding about a system (a discovery source's
 * type) suggests configuring a target of its type only then. gcp-iam and kubernetes are sources only.
 */
export function isTargetType(type: string): type is TargetType {
  return (TARGET_TYPES as readonly string[]).includes(type);
}

/**
 * What a kind of target can hold and do: the one declaration per target type that the planner,
 * the connectors, the docs (docs/formats.md, generated) and the registry test all read. It is
 * known without talking to the target, so that an offline plan never proposes a change the target
 * cannot make (which would come back in every plan as drift), and a live plan proposes the same.
 */
export interface TargetCapabilities {
  /** Keeps scopesync's anchor on the account (SCIM externalId); otherwise accounts link by login. */
  readonly storesExternalId: boolean;
  /** Account attributes and the login can be changed in place. */
  readonly updatesAccounts: boolean;
  /** Accounts can be deleted; otherwise the plan disables (or removes) instead and says so. */
  readonly supportsDelete: boolean;
  /** Can revoke credentials (deploy keys, token grants). */
  readonly supportsCredentials: boolean;
  /**
   * Group names compare case-insensitively (SCIM: RFC 7643 §4.2 gives Group.displayName
   * caseExact false), so a policy's `group:sales` is the app's "Sales" in plan, apply and drift.
   * GitHub's groups are teams, whose slugs GitHub makes lower-case from names that ignore case,
   * and its repository names ignore case too: `team:Engineering` is the team `engineering`, and
   * `repo:infra:admin` is admin on "Infra" (model/entitlement-names.ts, entitlementKey).
   */
  readonly groupNamesIgnoreCase: boolean;
  /**
   * Account attribute values compare without case and surrounding spaces (model/attribute-values.ts;
   * never `externalId`, the anchor). SCIM: RFC 7643 §8.7.1 gives every User string scopesync maps
   * (userName, name parts, displayName, title, e-mails, the enterprise extension's)
   * `"caseExact": false`, and apps store them their own way (better-auth's SCIM plugin lower-cases
   * e-mail addresses and trims names): a value held so is no change, in the plan and in apply's
   * check of the app's answer alike. The default only: an attribute the app itself declares
   * `caseExact: true` (TargetState.attributeCaseExact, from a SCIM app's GET /Schemas) is compared
   * exactly. Absent: values compare exactly (up to Unicode canonical equivalence), as a file
   * target writes them.
   */
  readonly attributeValuesIgnoreCase?: boolean;
  /**
   * Entitlements privileged by their nature in this kind of target, whatever the policy says
   * (GitHub: the owner role, and repository access above write, which can change settings, branch
   * protection and collaborators). The policy can mark more as privileged, never fewer.
   */
  readonly privilegedEntitlements?: RegExp;
  /**
   * The target's accounts (Entra applications, IAM users) belong to another system's lifecycle:
   * scopesync neither creates, changes, disables nor deletes them, nor grants anything there; it
   * governs their credentials only (revokes those of offboarded NHIs, unknown and unused ones).
   */
  readonly credentialsOnly?: boolean;
  /**
   * Entitlements of which an account (or group) holds one per key, a grant of another replacing it
   * in place (GitHub: one role per repository). Group 1 of the match is the key. A plan that
   * revokes one and grants another of the same key marks the revoke `replacedBy` the grant, so
   * the connector changes the role instead of taking the access away and inviting again.
   */
  readonly exclusiveEntitlements?: RegExp;
  /**
   * The roles of `exclusiveEntitlements` that compare, from least to most access: the rest of the
   * name after the key and its ':' (GitHub's built-in repository roles, "From least access to most
   * access": docs.github.com, *Repository roles for an organization*). Where two mappings want one
   * account (or group) to hold two of one key, the plan keeps the higher (plan/exclusive-roles.ts),
   * as GitHub itself gives a person in several teams "the highest role assigned … after considering
   * all sources of grants" (REST, `role_name` of a collaborator). A role not listed (a custom
   * repository role) has no rank: two such roles of one key are a blocking finding.
   */
  readonly exclusiveRanks?: readonly string[];
  /**
   * What a group of this kind of target can hold itself and the connector can give or take away
   * (an app policy's `groupGrants`). Absent: none. An entitlement `groupGrants` names outside it is
   * refused when the repository loads (config/references.ts): planned, it would be approved and
   * then refused by apply (a GitHub team's organization roles are read, never set).
   */
  readonly groupGrants?: RegExp;
  /**
   * Every entitlement the connector can grant or revoke on an account, where that is a closed
   * grammar (GitHub: the owner role, teams, repository roles, organization roles). Absent: any
   * name (a SCIM app's groups, a file's entitlements). A policy naming one outside it in
   * `entitlements`, `groupGrants` or a rule is refused when the repository loads
   * (config/unmakeable-entitlements.ts): planned, it was reviewed and then refused by apply as unknown.
   */
  readonly entitlements?: RegExp;
  /** The entitlements that name a group whose own grants the connector sets (`groupGrants` keys: a GitHub team). */
  readonly grantGroups?: RegExp;
  /**
   * Accounts the target lists beside its members that are not members (GitHub: outside
   * collaborators, e-mail invitations; model/non-member-accounts.ts). An unmatched one is reported
   * as such, and removed under `unmanagedAccounts: disable` only where `removesUnmatched` names its
   * kind; an identity in scope whose account is an outside collaborator is invited to membership
   * before a grant only members can hold.
   */
  readonly nonMembers?: readonly NonMemberKind[];
  /**
   * The kinds of `nonMembers` whose unmatched accounts `unmanagedAccounts: disable` removes: never
   * declared, only opted in by the target's own options (configuredCapabilities). Absent: none.
   */
  readonly removesUnmatched?: readonly NonMemberKind[];
  /**
   * An account the connector creates (or enables) is an invitation the person has to accept before
   * it holds anything (GitHub: an organization invitation, `state: pending` until accepted, for up
   * to 7 days). The admins guard counts no admin grant to it until then (plan/admins-guard.ts).
   */
  readonly invitesAccounts?: boolean;
  /**
   * The target has no disabled account: `disable-account` removes it (GitHub: "Remove organization
   * membership"; only EMU and GHES with SCIM suspend a member), and with it what the account held
   * there by hand. A return is a new account (an invitation), holding only what the plan grants:
   * the plan names what does not come back (plan/lost-for-good.ts).
   */
  readonly disableRemoves?: boolean;
  /**
   * A login names a user of the whole service, not an account of the target: one no account of
   * the read has may still be someone's (GitHub: "your old username becomes available for anyone
   * else to claim", https://docs.github.com/en/account-and-profile/concepts/username-changes, and
   * whoever claims it need not be in the org). A live plan asks the service who holds a login
   * before it follows a record of it (remembered-login-holders.ts); a SCIM app's read lists
   * every holder of its userNames.
   */
  readonly loginsOutsideTarget?: boolean;
  /**
   * Credential types (TargetCredential.type) whose revoke deletes them for good (a GitHub deploy
   * key: `DELETE /repos/{owner}/{repo}/keys/{key_id}`; there is no disabled deploy key): no later
   * plan can give them back, so the plan says so, and a return names them (plan/lost-for-good.ts).
   */
  readonly revokeDeletes?: RegExp;
  /** Has a bulk endpoint for many changes in one request (informational: apply sends one at a time). */
  readonly supportsBulk: boolean;
  /** How many changes the target takes at once without tripping its own rate limits. */
  readonly maxConcurrency: number;
}

export const TARGET_CAPABILITIES: Readonly<Record<TargetType, TargetCapabilities>> = {
  // IAM users are made by whoever owns the AWS account; scopesync switches their access keys off.
  // IAM's own limit on control-plane calls is low and account-wide: a few at a time.
  "aws-iam": { storesExternalId: false, updatesAccounts: false, supportsDelete: false, supportsCredentials: true, credentialsOnly: true, groupNamesIgnoreCase: false, supportsBulk: false, maxConcurrency: 2 },
  // Application registrations are made by their owners; scopesync removes their client secrets.
  // Graph throttles writes to an application per tenant: one change after another.
  "entra-apps": { storesExternalId: false, updatesAccounts: false, supportsDelete: false, supportsCredentials: true, credentialsOnly: true, groupNamesIgnoreCase: false, supportsBulk: false, maxConcurrency: 1 },
  // One JSON file, rewritten whole: the changes in flight at once go into one write (file/index.ts).
  file: { storesExternalId: true, updatesAccounts: true, supportsDelete: true, supportsCredentials: true, groupNamesIgnoreCase: false, supportsBulk: false, maxConcurrency: 8 },
  // Bulk is unknown until the app's ServiceProviderConfig is read (see refineCapabilities).
  scim: { storesExternalId: true, updatesAccounts: true, supportsDelete: true, supportsCredentials: false, groupNamesIgnoreCase: true, attributeValuesIgnoreCase: true, supportsBulk: false, maxConcurrency: 8 },
  // An org cannot rename or edit a GitHub user, and removing the member is the only way out.
  // GitHub asks for writes one after another; reads in parallel stay well under its limits.
  // Privileged: the owner role ("Owner: Grants full administrative control of the organization"),
  // maintain/admin on a repository, and the predefined organization roles that give
  // as much on every repository or run the org's security or CI/CD ("All-repository maintain",
  // "All-repository admin", "Security manager", "CI/CD admin": docs.github.com/en/organizations/
  // managing-peoples-access-to-your-organization-with-roles/permissions-of-predefined-organization-roles),
  // as GET /orgs/{org}/organization-roles names them. A team's own grants are its repository
  // access (PUT /orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}); its organization roles are
  // read (TargetGroup.roles) but not managed.
  github: { storesExternalId: false, updatesAccounts: false, supportsDelete: false, supportsCredentials: true, groupNamesIgnoreCase: true, invitesAccounts: true, disableRemoves: true, loginsOutsideTarget: true, revokeDeletes: /^deploy-key$/, nonMembers: ["outside-collaborator", "email-invitation"], privilegedEntitlements: /^(role:admin|repo:[^:]+:(maintain|admin)|org-role:(all_repo_maintain|all_repo_admin|security_manager|ci_cd_admin))$/, exclusiveEntitlements: /^(repo:[^:]+):/, exclusiveRanks: ["read", "triage", "write", "maintain", "admin"], groupGrants: GITHUB_REPO, entitlements: GITHUB_GRANTABLE, grantGroups: GITHUB_TEAM, supportsBulk: false, maxConcurrency: 4 },
};

/**
 * The one way a connector refines its declaration at run time. Only these two may change, because
 * neither changes what a plan contains: `supportsBulk` from the target's own answer (SCIM's
 * ServiceProviderConfig `bulk.supported`), `maxConcurrency` from the target's options.
 */
export type CapabilityRefinement = Partial<Pick<TargetCapabilities, "supportsBulk" | "maxConcurrency">>;

export function refineCapabilities(type: TargetType, refinement: CapabilityRefinement): TargetCapabilities {
  const declared = TARGET_CAPABILITIES[type];
  return {
    ...declared,
    supportsBulk: refinement.supportsBulk ?? declared.supportsBulk,
    maxConcurrency: refinement.maxConcurrency ?? declared.maxConcurrency,
  };
}

/**
 * The declaration as a target's own scopesync.yaml entry narrows it. Read from the configuration
 * only, like the declaration, so an offline plan and a live one agree: a scim app whose DELETE only
 * deactivates (`options.deletes: deactivate`, src/targets/scim/schema.ts) cannot delete, and the
 * plan stops at disabling, where it would otherwise plan on every run a delete the app never makes.
 */
export function configuredCapabilities(type: TargetType, options: Readonly<Record<string, unknown>> | undefined): TargetCapabilities {
  const declared = TARGET_CAPABILITIES[type];
  if (type === "scim" && options?.deletes === "deactivate") return { ...declared, supportsDelete: false };
  // A github org's outside collaborators and e-mail invitations are reported, not removed, unless
  // its options say `manage` (src/targets/github/schema.ts): removing one is no member's removal.
  if (type === "github") {
    const removes = (declared.nonMembers ?? []).filter((k) => options?.[NON_MEMBER[k].option] === "manage");
    if (removes.length > 0) return { ...declared, removesUnmatched: removes };
  }
  return declared;
}
