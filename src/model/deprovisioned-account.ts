// An account the identity provider deprovisioned and the target still lists, under a login that is
// no longer the person's. Shared by the connector that recognises one (GitHub: targets/github/
// read.ts) and the planner that decides whose it is (plan/deprovisioned-accounts.ts).
//
// Why it is its own kind of account: in an Enterprise Managed Users enterprise (and GitHub
// Enterprise Server with SCIM), the IdP's soft-deprovisioning of a leaver suspends the account and
// renames it to "a hash of the original username, followed by _SHORTCODE"; "if organization
// membership is managed directly, the user will remain as a 'suspended member' of the
// organization, without access, until removed manually", and reprovisioning (Okta's "Reactivate")
// restores "the user's username" and access, owner role and teams included (GitHub docs,
// "Deprovisioning and reinstating users with SCIM",
// https://docs.github.com/en/enterprise-cloud@latest/admin/managing-iam/provisioning-user-accounts-with-scim/deprovisioning-and-reinstating-users).
// Linked by login, the leaver's account looked gone ("every target matches"), and the hashed one
// looked like a stranger's whose fix was to give someone that login.

/** The account attribute that marks an account the IdP deprovisioned ("true"). */
export const DEPROVISIONED = "deprovisionedByIdp";

/** The account carries the deprovisioned mark. */
export function isDeprovisioned(account: { attributes: Readonly<Record<string, string>> }): boolean {
  return account.attributes[DEPROVISIONED] === "true";
}
