// A member the identity provider deprovisioned: GitHub keeps them in the org, suspended, under an
// obfuscated login (model/deprovisioned-account.ts says why the planner must know).
//
// GitHub's member list says nothing else about it: `simple-user` has no suspended marker (only
// `installation` and `user-search-result-item` carry `suspended_at`, in the api.github.com, ghec
// and ghes-3.19 descriptions of @octokit/openapi), and the enterprise's SCIM API needs an
// enterprise owner's token. So the login's shape is what tells it: "The user's username is
// obfuscated to a hash of the original username, followed by _SHORTCODE" (GitHub docs,
// "Deprovisioning and reinstating users with SCIM",
// https://docs.github.com/en/enterprise-cloud@latest/admin/managing-iam/provisioning-user-accounts-with-scim/deprovisioning-and-reinstating-users):
// 32 hexadecimal digits, then the enterprise's short code. Managed users' logins are
// `<handle>_<shortcode>` chosen from the IdP's username, never 32 hex digits in practice; the
// mark is read only where the IdP deprovisions (options.enterpriseManagedUsers, or GitHub
// Enterprise Server, whose SCIM does the same) and it costs no request.
import { DEPROVISIONED } from "../../model/deprovisioned-account.js";
import type { AccountBeingRead } from "../../model/target-state.js";

const OBFUSCATED = /^[0-9a-f]{32}_[a-z0-9]+$/i;

/** Marks, among the members read, those whose login has the deprovisioned shape. */
export function markDeprovisioned(accounts: Iterable<AccountBeingRead>): void {
  for (const a of accounts) if (OBFUSCATED.test(a.login)) a.attributes[DEPROVISIONED] = "true";
}
