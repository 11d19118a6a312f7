// IAM roles as NHIs. Three AWS CLI outputs hold them:
// - `aws iam get-account-authorization-details [--filter Role] --output json`: { "RoleDetailList":
//   [ RoleDetail ], "IsTruncated"?, "Marker"?, ... }. A RoleDetail carries Tags and RoleLastUsed
//   (IAM API reference, RoleDetail: "A list of tags that are attached to the role", "Contains
//   information about the last time that an IAM role was used"): the export that names owners.
// - `aws iam get-role --role-name N --output json`, one file per role: { "Role": Role }, with
//   Tags and RoleLastUsed too.
// - `aws iam list-roles --output json`: { "Roles": [ Role ], "IsTruncated"?, "Marker"? }. ListRoles
//   "does not return the following attributes, even though they are an attribute of the returned
//   object: PermissionsBoundary, RoleLastUsed, Tags" (docs.aws.amazon.com/IAM/latest/APIReference/
//   API_ListRoles.html), so its roles have no owner and no last use. Read as before, and said
//   (source-roles-without-tags): a role whose owner left would otherwise go unseen in silence.
// A role has no long-lived secret: it is an NHI with owners (from a tag) and a trust policy, no credentials.
import type { Finding } from "../../model/finding.js";
import { SourceError } from "../../model/errors.js";
import type { ExportFile } from "../common/export-files.js";
import type { DiscoveredNhi } from "../common/discovery/record.js";
import { slugId } from "../common/discovery/ids.js";
import { JsonEntry } from "../common/json-entry.js";
import { isObject, parseJsonFile } from "../common/json.js";
import type { SourceContext } from "../source.js";
import { joined } from "../../model/joined.js";

export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

/** Where the roles' owner tags could not be read: list-roles pages, by file, with how many roles each. */
type UntaggedPages = Map<string, number>;

export function listRoles(context: SourceContext, files: ExportFile[], ownerTag: string): DiscoveredNhi[] {
  const roles: DiscoveredNhi[] = [];
  const untagged: UntaggedPages = new Map();
  files.forEach((file, page) => {
    const body = parseJsonFile(context, file);
    const shape = isObject(body) ? rolesOf(body) : undefined;
    if (!shape) throw new SourceError(context.name, `${file.path}: expected \`aws iam get-account-authorization-details\` output with a "RoleDetailList", \`aws iam get-role\` output with a "Role", or \`aws iam list-roles\` output with a "Roles" list`, "Save `aws iam get-account-authorization-details --filter Role --output json` as the file: it holds each role's tags (the owner) and last use.");
    // The CLI pages on its own; a saved page that says more follow must be followed by one.
    if ((body as Record<string, unknown>)["IsTruncated"] === true && page === files.length - 1) throw new SourceError(context.name, `${file.path}: IsTruncated is true but no later page was exported`, "Export every page (the CLI does so without --max-items), or add the next page with --starting-token.");
    shape.items.forEach((item, index) => {
      const position = shape.key === "Role" ? joined(file.path, " role") : joined(file.path, " role ", index + 1);
      if (!isObject(item)) throw new SourceError(context.name, `${position}: not a role object`);
      const entry = new JsonEntry(context, item, position);
      const role = roleNhi(entry, ownerTag);
      roles.push(role);
      // A list-roles page names no role's tags. One that has them anyway was not made by
      // list-roles, and is read for what it says.
      if (shape.key === "Roles" && entry.get("Tags") === undefined && role.attributes["platformManaged"] !== true) untagged.set(file.path, (untagged.get(file.path) ?? 0) + 1);
    });
  });
  if (untagged.size > 0) context.warn?.(rolesWithoutTags(context.name, untagged, ownerTag));
  return roles;
}

/** The roles of one file, by the key that says which command wrote it. */
function rolesOf(body: Record<string, unknown>): { key: "RoleDetailList" | "Role" | "Roles"; items: unknown[] } | undefined {
  if (Array.isArray(body["RoleDetailList"])) return { key: "RoleDetailList", items: body["RoleDetailList"] };
  if (isObject(body["Role"])) return { key: "Role", items: [body["Role"]] };
  if (Array.isArray(body["Roles"])) return { key: "Roles", items: body["Roles"] };
  return undefined;
}

function rolesWithoutTags(source: string, pages: UntaggedPages, ownerTag: string): Finding {
  const count = [...pages.values()].reduce((a, b) => a + b, 0);
  const files = [...pages.keys()].sort();
  return {
    rule: "source-roles-without-tags",
    severity: "warning",
    message: `source "${source}": ${files.slice(0, 3).join(", ")}${files.length > 3 ? ` and ${files.length - 3} more` : ""} ${files.length === 1 ? "is" : "are"} \`aws iam list-roles\` output, which returns no Tags and no RoleLastUsed: the owner (tag "${ownerTag}") and last use of ${count} role(s) cannot be read, so none of them is checked for an owner who left`,
    remediation: `Export the roles with \`aws iam get-account-authorization-details --filter Role --output json\` (or \`aws iam get-role\` for each role) and set sources.${source}.options.roles to it; or declare each role's owner in its file in identities/.`,
  };
}

function roleNhi(entry: JsonEntry, ownerTag: string): DiscoveredNhi {
  const name = entry.requiredString("RoleName", "AWS returns RoleName for every role.");
  const path = entry.string("Path") ?? "/";
  const attributes: DiscoveredNhi["attributes"] = { awsPrincipalType: "role", awsArn: entry.requiredString("Arn", "AWS returns Arn for every role.") };
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

/** The trust policy as text: the CLI gives it as an object, the API as URL-encoded JSON. */
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
