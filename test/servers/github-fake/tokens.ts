// The three kinds of token an org's automation uses, and how GitHub answers each when it lacks
// what an endpoint needs. Checked against GitHub's documentation:
// - Installation tokens (ghs_…) have no user: GET /user answers 403 "Resource not accessible by
//   integration" (the description marks users/get-authenticated `enabledForGitHubApps: false`;
//   the same answer is quoted in actions/create-github-app-token#258). A missing permission is 403
//   with the same message and an X-Accepted-GitHub-Permissions header naming what is needed
//   (docs.github.com/rest/authentication/permissions-required-for-github-apps).
// - Fine-grained personal access tokens (github_pat_…) act as their user, limited by permissions:
//   403 "Resource not accessible by personal access token" plus X-Accepted-GitHub-Permissions
//   (docs.github.com/rest/authentication/permissions-required-for-fine-grained-personal-access-tokens).
//   They carry no X-OAuth-Scopes header.
// - Classic personal access tokens (ghp_…) carry scopes: every response says X-OAuth-Scopes (what
//   the token has) and X-Accepted-OAuth-Scopes (what the endpoint checks for); a missing scope on an
//   org resource answers 404, as GitHub does to avoid confirming private resources
//   (docs.github.com/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps,
//   docs.github.com/rest/using-the-rest-api/troubleshooting-the-rest-api).
// - The fine-grained PAT grant endpoints say "Only GitHub Apps can use this endpoint" (their
//   descriptions): 403 to any personal access token.

export type TokenKind = "classic" | "fine-grained" | "app";
export type Access = "read" | "write";

export interface FakeToken {
  kind: TokenKind;
  /** The secret itself; its prefix is GitHub's for the kind. */
  value: string;
  /** Classic: the scopes granted. */
  scopes?: string[];
  /** Fine-grained and app: permission → access (write includes read). */
  permissions?: Record<string, Access>;
  /**
   * A personal token not authorized for the org's SAML single sign-on: every org resource answers
   * this status (GitHub: "may receive a 404 Not Found or a 403") with `X-GitHub-SSO: required;
   * url=…` (docs.github.com REST, *Authenticating*, "Personal access tokens and SAML SSO").
   */
  ssoUnauthorized?: 403 | 404;
}

interface Need {
  /** Fine-grained / app permission and access, as X-Accepted-GitHub-Permissions spells it. */
  permission: string;
  access: Access;
  /** Classic scopes, any one of which is enough. */
  scopes: string[];
  appOnly?: boolean;
  userOnly?: boolean;
  /** The description marks it `enabledForGitHubApps: false`, yet a personal token needs the permission. */
  notForApps?: boolean;
}

const ORG_READ = ["read:org", "write:org", "admin:org"];
const members = (access: Access, scopes = access === "read" ? ORG_READ : ["admin:org"]): Need => ({ permission: "members", access, scopes });
const administration = (access: Access): Need => ({ permission: "administration", access, scopes: ["repo"] });
const patGrants = (access: Access): Need => ({ permission: "organization_personal_access_tokens", access, scopes: [], appOnly: true });

/**
 * What each operation the connector uses needs, and the branch tip the apply jobs read.
 * Operations not listed (the rest of the pull-request workflow's, users/get-by-*) need nothing
 * the fake checks.
 */
export const NEEDS: Record<string, Need> = {
  "users/get-authenticated": { permission: "", access: "read", scopes: [], userOnly: true },
  // A branch's tip (the apply jobs' one workflow call): "Contents" repository permissions (read)
  // for fine-grained and App tokens, so a job's GITHUB_TOKEN needs `contents: read`; classic: repo
  // (docs.github.com/rest/git/refs, "Get a reference").
  "git/get-ref": { permission: "contents", access: "read", scopes: ["repo"] },
  "orgs/list-members": members("read"),
  "orgs/get-membership-for-user": members("read"),
  "orgs/list-pending-invitations": members("read"),
  "orgs/list-failed-invitations": members("read"),
  "orgs/list-outside-collaborators": members("read"),
  "orgs/remove-outside-collaborator": members("write"),
  "orgs/set-membership-for-user": members("write"),
  "orgs/remove-membership-for-user": members("write"),
  "orgs/create-invitation": members("write"),
  "orgs/cancel-invitation": members("write"),
  "teams/list": members("read"),
  "teams/list-child-in-org": members("read"),
  "teams/list-members-in-org": members("read"),
  "teams/list-pending-invitations-in-org": members("read"),
  "teams/get-membership-for-user-in-org": members("read"),
  "teams/add-or-update-membership-for-user-in-org": members("write", ["write:org", "admin:org"]),
  "teams/remove-membership-for-user-in-org": members("write", ["write:org", "admin:org"]),
  // Renaming a team: the Members organization permission (write), as GitHub lists it for "Update a team".
  "teams/update-in-org": members("write", ["write:org", "admin:org"]),
  "teams/list-repos-in-org": members("read"),
  // `enabledForGitHubApps: false` in GitHub Enterprise Cloud's description (integrations/terraform-provider-github#2395).
  "teams/list-idp-groups-in-org": { ...members("read"), notForApps: true },
  // "Members" organization permissions (write), the route's fine-grained access; classic: admin:org.
  "teams/list-idp-groups-for-org": members("write"),
  "teams/list-linked-external-idp-groups-to-team-for-org": members("read"),
  "teams/add-or-update-repo-permissions-in-org": administration("write"),
  "teams/remove-repo-in-org": administration("write"),
  "repos/list-for-org": { permission: "metadata", access: "read", scopes: ["repo"] },
  "repos/list-collaborators": { permission: "metadata", access: "read", scopes: ["repo"] },
  "repos/list-invitations": administration("read"),
  "repos/add-collaborator": administration("write"),
  "repos/remove-collaborator": administration("write"),
  "repos/delete-invitation": administration("write"),
  "repos/update-invitation": administration("write"),
  "repos/list-deploy-keys": administration("read"),
  "repos/delete-deploy-key": administration("write"),
  // Custom organization roles: the descriptions ask classic tokens for admin:org; for fine-grained
  // and App tokens this fake assumes Organization "Custom organization roles" (not checked against a live org).
  "orgs/list-org-roles": { permission: "organization_custom_org_roles", access: "read", scopes: ORG_READ },
  "orgs/list-org-role-users": { permission: "organization_custom_org_roles", access: "read", scopes: ["admin:org"] },
  "orgs/list-org-role-teams": { permission: "organization_custom_org_roles", access: "read", scopes: ["admin:org"] },
  "orgs/assign-user-to-org-role": { permission: "organization_custom_org_roles", access: "write", scopes: ["admin:org"] },
  "orgs/revoke-org-role-user": { permission: "organization_custom_org_roles", access: "write", scopes: ["admin:org"] },
  // Custom repository roles (GitHub Enterprise Cloud's description): classic tokens need admin:org
  // or repo; fine-grained ones "Custom repository roles" (or "Administration") organization read.
  "orgs/list-custom-repo-roles": { permission: "organization_custom_roles", access: "read", scopes: ["admin:org", "repo"] },
  "orgs/list-pat-grants": patGrants("read"),
  "orgs/update-pat-access": patGrants("write"),
};

export interface Refusal { status: number; message: string; headers: Record<string, string> }

const holds = (granted: Access | undefined, needed: Access): boolean => granted === "write" || (granted === "read" && needed === "read");

/** GitHub's answer when `token` may not call `operationId`, or undefined when it may. */
export function refusalFor(token: FakeToken, operationId: string): Refusal | undefined {
  const need = NEEDS[operationId];
  if (!need) return undefined;
  if (need.userOnly && token.kind === "app") return { status: 403, message: "Resource not accessible by integration", headers: {} };
  if (need.appOnly && token.kind !== "app") return { status: 403, message: "Only GitHub Apps can use this endpoint.", headers: {} };
  if (need.notForApps && token.kind === "app") return { status: 403, message: "Resource not accessible by integration", headers: {} };
  if (need.userOnly) return undefined;
  if (token.kind === "classic") {
    if (need.scopes.some((s) => token.scopes?.includes(s))) return undefined;
    return { status: 404, message: "Not Found", headers: { "x-accepted-oauth-scopes": need.scopes.join(", ") } };
  }
  if (holds(token.permissions?.[need.permission], need.access)) return undefined;
  const message = token.kind === "app" ? "Resource not accessible by integration" : "Resource not accessible by personal access token";
  return { status: 403, message, headers: { "x-accepted-github-permissions": `${need.permission}=${need.access}` } };
}

/** GitHub's answer to a token `ssoUnauthorized` for an org resource (any operation that needs a permission), or undefined. */
export function ssoRefusalFor(token: FakeToken, operationId: string, base: string, org: string): Refusal | undefined {
  const need = NEEDS[operationId];
  if (!token.ssoUnauthorized || !need || need.userOnly) return undefined;
  const url = `${base}/orgs/${org}/sso?authorization_request=A3B4C5D6E7F8sso`;
  const message = token.ssoUnauthorized === 404 ? "Not Found" : "Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.";
  return { status: token.ssoUnauthorized, message, headers: { "x-github-sso": `required; url=${url}` } };
}

/** Headers GitHub adds to every answer for this token. */
export function tokenHeaders(token: FakeToken, operationId: string | undefined): Record<string, string> {
  if (token.kind !== "classic") return {};
  const need = operationId ? NEEDS[operationId] : undefined;
  return { "x-oauth-scopes": (token.scopes ?? []).join(", "), "x-accepted-oauth-scopes": need?.scopes.join(", ") ?? "" };
}

const FULL: Record<TokenKind, Omit<FakeToken, "value" | "kind">> = {
  classic: { scopes: ["admin:org", "repo"] },
  "fine-grained": { permissions: { members: "write", administration: "write", metadata: "read" } },
  app: { permissions: { members: "write", administration: "write", metadata: "read", organization_personal_access_tokens: "write" } },
};
const READ_ONLY: Record<TokenKind, Omit<FakeToken, "value" | "kind">> = {
  classic: { scopes: ["read:org", "repo"] },
  "fine-grained": { permissions: { members: "read", administration: "read", metadata: "read" } },
  app: { permissions: { members: "read", administration: "read", metadata: "read", organization_personal_access_tokens: "read" } },
};
const PREFIX: Record<TokenKind, string> = { classic: "ghp_", "fine-grained": "github_pat_", app: "ghs_" };

/** A token of `kind` with exactly what docs/setup.md says apply (or, read-only, plan) needs. */
export function fakeToken(kind: TokenKind, access: "apply" | "plan" = "apply", secret = "fakeTOKEN0123456789abcdefSECRET"): FakeToken {
  return { kind, value: `${PREFIX[kind]}${access === "plan" ? "ro" : ""}${secret}`, ...structuredClone((access === "plan" ? READ_ONLY : FULL)[kind]) };
}
