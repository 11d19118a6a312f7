// `aws iam list-roles` output: { "Roles": [ { RoleName, RoleId, Arn, CreateDate,
// AssumeRolePolicyDocument, Tags?, RoleLastUsed? } ], "IsTruncated"?, "Marker"? }. A role has no
// long-lived secret: it is an NHI with owners (from a tag) and a trust policy, no credentials.
import { SourceError } from "../../model/errors.js";
import type { ExportFile } from "../common/export-files.js";
import type { DiscoveredNhi } from "../common/discovery/record.js";
import { slugId } from "../common/discovery/ids.js";
import { JsonEntry } from "../common/json-entry.js";
import { isObject, parseJsonFile } from "../common/json.js";
import type { SourceContext } from "../source.js";
import { joined } from "../../model/joined.js";

export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

export function listRoles(context: SourceContext, files: ExportFile[], ownerTag: string): DiscoveredNhi[] {
  const roles: DiscoveredNhi[] = [];
  files.forEach((file, page) => {
    const body = parseJsonFile(context, file);
    if (!isObject(body) || !Array.isArray(body["Roles"])) throw new SourceError(context.name, `${file.path}: expected \`aws iam list-roles\` output with a "Roles" list`, "Save `aws iam list-roles --output json` as the file.");
    // The CLI pages on its own; a saved page that says more follow must be followed by one.
    if (body["IsTruncated"] === true && page === files.length - 1) throw new SourceError(context.name, `${file.path}: IsTruncated is true but no later page was exported`, "Export every page (the CLI does so without --max-items), or add the next page with --starting-token.");
    (body["Roles"] as unknown[]).forEach((item, index) => {
      const position = joined(file.path, " role ", index + 1);
      if (!isObject(item)) throw new SourceError(context.name, `${position}: not a role object`);
      roles.push(role(new JsonEntry(context, item, position), ownerTag));
    });
  });
  return roles;
}

function role(entry: JsonEntry, ownerTag: string): DiscoveredNhi {
  const name = entry.requiredString("RoleName", "list-roles returns RoleName for every role.");
  const path = entry.string("Path") ?? "/";
  const attributes: DiscoveredNhi["attributes"] = { awsPrincipalType: "role", awsArn: entry.requiredString("Arn", "list-roles returns Arn for every role.") };
  const created = entry.date("CreateDate");
  if (created) attributes["createdAt"] = created;
  const lastUsed = entry.date("RoleLastUsed.LastUsedDate");
  if (lastUsed) attributes["lastSignInAt"] = lastUsed;
  // AWS creates and rotates service-linked roles itself; no one in the organisation declares them.
  if (path.startsWith("/aws-service-role/")) attributes["platformManaged"] = true;
  const trust = trustPolicy(entry);
  if (trust.includes(GITHUB_OIDC_HOST)) attributes["federation"] = "github-actions";
  const owners = entry.objects("Tags").filter((t) => typeof t["Key"] === "string" && t["Key"].toLowerCase() === ownerTag.toLowerCase()).map((t) => String(t["Value"] ?? "").trim().toLowerCase()).filter(Boolean);
  return {
    externalId: name,
    userName: slugId(name),
    displayName: name,
    status: "active",
    owners,
    credentials: [],
    attributes,
    raw: { RoleName: name, RoleId: entry.string("RoleId") ?? "", Path: path },
    position: entry.position,
  };
}

/** The trust policy as text: list-roles gives it as an object, the API as URL-encoded JSON. */
function trustPolicy(entry: JsonEntry): string {
  const doc = entry.get("AssumeRolePolicyDocument");
  if (doc === undefined) return "";
  if (typeof doc === "string") {
    try {
      return decodeURIComponent(doc);
    } catch {
      throw entry.fail("AssumeRolePolicyDocument is neither JSON nor URL-encoded JSON");
    }
  }
  return JSON.stringify(doc);
}
