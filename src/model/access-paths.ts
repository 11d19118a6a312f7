// The ways a GitHub user reaches an organization's repositories other than by being a member, as
// the connector's read records them on the account (targets/github/access-paths.ts), so that the
// plan names each one a leaver's removal takes and nothing is taken unseen.
//
// Why each is its own path: GitHub keeps them apart, and removing one leaves the others.
// - An org invitation ("Remove organization membership for a user": "If the specified user has
//   been invited to the organization, this will cancel their invitation") touches no repository
//   access: an outside collaborator invited to the org keeps their repositories.
// - Outside-collaborator access, per repository ("Remove outside collaborator from an
//   organization": "Removing a user from this list will remove them from all the organization's
//   repositories", https://docs.github.com/en/rest/orgs/outside-collaborators).
// - A pending repository invitation: its own object, listed only per repository
//   (GET /repos/{owner}/{repo}/invitations, https://docs.github.com/en/rest/collaborators/invitations),
//   which the invitee can accept for 7 days whatever else was removed.
// Shared by the connector that reads them and the planner that words a leaver's removal.
import { OUTSIDE_COLLABORATOR } from "./non-member-accounts.js";
import type { TargetAccount } from "./target-state.js";

/** `collaborator:<repo>` = role: an outside collaborator's direct access to that repository. */
export const COLLABORATOR_ATTRIBUTE = "collaborator:";
/** `repoInvitation:<repo>` = role: a pending invitation to that repository, not yet accepted. */
export const REPO_INVITATION_ATTRIBUTE = "repoInvitation:";

export type AccessPath = { kind: "org-invitation" } | { kind: "outside-collaborator" | "repo-invitation"; repo: string; role: string };

/**
 * The account's paths to repositories beside a membership, in a fixed order (the org invitation,
 * then by repository): empty where it has none of outside-collaborator access or repository
 * invitations, so that a plain member's or invitee's wording is not changed by this.
 */
export function accessPaths(account: TargetAccount): AccessPath[] {
  const repos: AccessPath[] = [];
  for (const key of Object.keys(account.attributes).sort()) {
    const role = account.attributes[key]!;
    if (key.startsWith(COLLABORATOR_ATTRIBUTE)) repos.push({ kind: "outside-collaborator", repo: key.slice(COLLABORATOR_ATTRIBUTE.length), role });
    else if (key.startsWith(REPO_INVITATION_ATTRIBUTE)) repos.push({ kind: "repo-invitation", repo: key.slice(REPO_INVITATION_ATTRIBUTE.length), role });
  }
  if (repos.length === 0) return [];
  // `pending` on an outside collaborator means only invited to repositories (no org invitation).
  const orgInvited = account.attributes.pending === "true" && account.attributes[OUTSIDE_COLLABORATOR] !== "true";
  return orgInvited ? [{ kind: "org-invitation" }, ...repos] : repos;
}

/** One path in a reviewer's words ("write on firmware as an outside collaborator"). */
export function accessPathWords(p: AccessPath): string {
  if (p.kind === "org-invitation") return "the pending invitation to the org";
  return p.kind === "outside-collaborator" ? `${p.role} on ${p.repo} as an outside collaborator` : `the pending invitation to ${p.repo} (${p.role})`;
}
