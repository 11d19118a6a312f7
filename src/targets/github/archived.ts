// Archived repositories, said to the planner as refusals (TargetState.refuses). GitHub: "Once a
// repository is archived, you cannot add or remove collaborators or teams", and its "permissions
// become read-only. To make changes in an archived repository, you must unarchive the repository
// first" (docs.github.com, *Archiving repositories*; GHES's page says the same). Its writes answer
// 403 "Repository was archived so is read-only." Planned anyway, a grant or revoke there failed at
// every apply and came back in every plan, and a reviewer never learnt that the access is frozen.
// So the read keeps `archived` from the org's repository list, and every grant and revoke of
// `repo:<name>:…` (a person's or a team's, groupGrants) and every deploy key revoke of the
// repository is left out of the plan with a finding that says what stays.
import { deployKeyPrefix } from "./credential-id.js";
import type { TargetRefusal } from "../../model/target-state.js";
import type { OrgRepository } from "./access-paths.js";
import type { GithubApi } from "./api.js";

/** One refusal per archived repository of the org, by name. */
export function archivedRefusals(api: GithubApi, repos: readonly OrgRepository[]): TargetRefusal[] {
  const { org, settings } = api;
  return repos
    .filter((r) => r.archived)
    .map((r) => ({
      entitlementPrefix: `repo:${r.name}:`,
      credentialPrefix: deployKeyPrefix(r.name),
      finding: {
        rule: "github-repo-archived",
        severity: "warning",
        message:
          `target "${settings.name}": repository ${org}/${r.name} is archived: GitHub changes none of its collaborators, teams or deploy keys until it is unarchived, so its access is frozen and scopesync plans no change to it. ` +
          "What a left-out revoke would take stays, read-only: read access to an archived repository is still access to its code (an outside collaborator who leaves keeps reading it), and a deploy key left there keeps reading it",
        remediation: `unarchive ${org}/${r.name} (Settings → General → Danger Zone → Unarchive this repository), run apply, and archive it again; or take the repository out of the app policy (options.repositories, entitlements, groupGrants)`,
      },
    }));
}
