// Deploy keys: `GET /repos/{owner}/{repo}/keys`, a JSON list per repository. The list does not
// name its repository; each key's `url` (…/repos/{owner}/{repo}/keys/{id}) does. A deploy key is
// a credential of its repository, added by a member: one NHI per key, owned by who added it.
import { deployKeyCredential } from "../../model/github-credential-id.js";
import type { DiscoveredNhi } from "../common/discovery/record.js";
import { jsonListEntries } from "../common/discovery/json-list.js";
import type { ExportFile } from "../common/export-files.js";
import type { SourceContext } from "../source.js";
import { GITHUB_HINT } from "./shapes.js";

const KEY_URL = /\/repos\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)\/keys\/(\d+)$/;

export function listDeployKeys(context: SourceContext, files: ExportFile[]): DiscoveredNhi[] {
  return jsonListEntries(context, files, "array", "deploy keys", GITHUB_HINT).map((entry) => {
    const id = entry.get("id");
    if (typeof id !== "number") throw entry.fail("id is missing or not a number", GITHUB_HINT);
    const url = entry.requiredString("url", GITHUB_HINT);
    const match = KEY_URL.exec(url);
    if (!match || Number(match[3]) !== id) throw entry.fail(`url ${JSON.stringify(url.slice(0, 200))} is not …/repos/OWNER/REPO/keys/${id}`, "Save the response of GET /repos/{owner}/{repo}/keys unchanged: the repository is read from each key's url.");
    const [, owner, repo] = match as unknown as [string, string, string];
    const title = entry.string("title") ?? "";
    const issuedAt = entry.date("created_at");
    if (!issuedAt) throw entry.fail("created_at is missing", GITHUB_HINT);
    const lastUsedAt = entry.date("last_used");
    // GitHub's schema has `last_used` as a nullable date-time, and its deploy keys page shows a key
    // without one as "Never used": null is no use, counted from created_at (credential-unused). A
    // server that leaves the field out (older GitHub Enterprise Server) records nothing: not known.
    const neverUsed = lastUsedAt === undefined && entry.value["last_used"] === null;
    const readOnly = entry.boolean("read_only");
    if (readOnly === undefined) throw entry.fail("read_only is missing", GITHUB_HINT);
    const addedBy = entry.string("added_by");
    const credentialId = deployKeyCredential(repo, id);
    return {
      externalId: credentialId,
      userName: `deploy-key-${repo.toLowerCase()}-${id}`,
      displayName: `Deploy key ${JSON.stringify(title)} on ${owner}/${repo}`,
      status: "active",
      owners: addedBy ? [addedBy.toLowerCase()] : [],
      credentials: [
        {
          id: credentialId,
          type: "ssh-key",
          issuedAt,
          ...(lastUsedAt ? { lastUsedAt } : neverUsed ? { neverUsed: true as const } : {}),
          // `enabled: false`: GitHub switched the key off (e.g. deploy keys disabled for the org); absent on older servers.
          status: entry.boolean("enabled") === false ? "disabled" : "active",
          principal: `${owner}/${repo}`,
          ...(title ? { displayName: title } : {}),
          // GitHub gives a deploy key no expiry: "Create a deploy key" takes only title, key and
          // read_only (https://docs.github.com/en/rest/deploy-keys/deploy-keys#create-a-deploy-key);
          // its short-lived alternative is a GitHub App's installation token (expires after an hour,
          // https://docs.github.com/en/authentication/connecting-to-github-with-ssh/managing-deploy-keys#server-to-server-tokens).
          cannotExpire: "github-deploy-key" as const,
        },
      ],
      attributes: { githubRepository: `${owner}/${repo}`, readOnly, verified: entry.boolean("verified") ?? false },
      raw: { id: String(id), repository: `${owner}/${repo}` },
      position: entry.position,
    };
  });
}
