// Fine-grained personal access token grants: `GET /orgs/{org}/personal-access-tokens`, a JSON list
// per page. A grant is a user's token let into the org: one NHI per grant, owned by the token's
// user. Its id is the grant's, the one the github target revokes (`pat-grant:<id>`); GitHub does
// not report when the token was made, so `issuedAt` is when the org granted it access.
import { patGrantCredential } from "../../model/github-credential-id.js";
import type { DiscoveredNhi } from "../common/discovery/record.js";
import { jsonListEntries } from "../common/discovery/json-list.js";
import type { ExportFile } from "../common/export-files.js";
import type { SourceContext } from "../source.js";
import { GITHUB_HINT, permissionList } from "./shapes.js";

export function listPatGrants(context: SourceContext, files: ExportFile[]): DiscoveredNhi[] {
  return jsonListEntries(context, files, "array", "token grants", GITHUB_HINT).map((entry) => {
    const id = entry.get("id");
    if (typeof id !== "number") throw entry.fail("id is missing or not a number", GITHUB_HINT);
    const owner = entry.requiredString("owner.login", "Each grant names the token's user in owner.login.");
    const tokenName = entry.string("token_name") ?? "";
    const issuedAt = entry.date("access_granted_at");
    if (!issuedAt) throw entry.fail("access_granted_at is missing", GITHUB_HINT);
    // Null when the token was made without one; a fine-grained token can have an expiry, which the
    // org's maximum-lifetime policy can require, so it is not `cannotExpire`:
    // https://docs.github.com/en/organizations/managing-programmatic-access-to-your-organization/setting-a-personal-access-token-policy-for-your-organization
    const expiresAt = entry.date("token_expires_at");
    const lastUsedAt = entry.date("token_last_used_at");
    const tokenId = entry.get("token_id");
    const credentialId = patGrantCredential(id);
    const attributes: DiscoveredNhi["attributes"] = { githubTokenOwner: owner, permissions: permissionList(entry, "permissions") };
    if (typeof tokenId === "number") attributes["githubTokenId"] = String(tokenId);
    const selection = entry.string("repository_selection");
    if (selection) attributes["repositorySelection"] = selection;
    return {
      externalId: credentialId,
      userName: `token-grant-${id}`,
      displayName: `Fine-grained token ${JSON.stringify(tokenName)} of ${owner}`,
      status: "active",
      owners: [owner.toLowerCase()],
      credentials: [
        {
          id: credentialId,
          type: "token",
          issuedAt,
          ...(expiresAt ? { expiresAt } : {}),
          ...(lastUsedAt ? { lastUsedAt } : {}),
          status: entry.boolean("token_expired") === true ? "inactive" : "active",
          principal: owner,
          ...(tokenName ? { displayName: tokenName } : {}),
        },
      ],
      attributes,
      raw: { id: String(id), owner },
      position: entry.position,
    };
  });
}
