// GitHub App installations of an organisation: `GET /orgs/{org}/installations`, one body
// { total_count, installations: [...] } per page. An installation holds no long-lived secret of
// its own (its tokens live an hour; the App's private keys are not listed by this API): it is an
// NHI with permissions and dates, no credentials.
import { SourceError } from "../../model/errors.js";
import type { DiscoveredNhi } from "../common/discovery/record.js";
import { slugId } from "../common/discovery/ids.js";
import type { ExportFile } from "../common/export-files.js";
import { JsonEntry } from "../common/json-entry.js";
import { isObject, parseJsonFile } from "../common/json.js";
import type { SourceContext } from "../source.js";
import { GITHUB_HINT, permissionList } from "./shapes.js";
import { joined } from "../../model/joined.js";

export function listInstallations(context: SourceContext, files: ExportFile[]): Array<DiscoveredNhi & { slug: string }> {
  const out: Array<DiscoveredNhi & { slug: string }> = [];
  let total: number | undefined;
  for (const file of files) {
    const body = parseJsonFile(context, file);
    if (!isObject(body) || !Array.isArray(body["installations"]) || typeof body["total_count"] !== "number") {
      throw new SourceError(context.name, `${file.path}: expected the response of GET /orgs/{org}/installations: an object with "total_count" and "installations"`, GITHUB_HINT);
    }
    total = body["total_count"];
    (body["installations"] as unknown[]).forEach((item, index) => {
      const position = joined(file.path, " installation ", index + 1);
      if (!isObject(item)) throw new SourceError(context.name, `${position}: not an object`);
      out.push(installation(new JsonEntry(context, item, position)));
    });
  }
  // Pages are cut at per_page; total_count says how many there are: fewer read is a cut-short export.
  if (total !== undefined && out.length !== total) {
    throw new SourceError(context.name, `${files[files.length - 1]!.path}: total_count is ${total} but the export holds ${out.length} installations`, "Export every page (follow the Link header's rel=\"next\"), one file per page in a directory.");
  }
  return out;
}

function installation(entry: JsonEntry): DiscoveredNhi & { slug: string } {
  const id = entry.get("id");
  if (typeof id !== "number") throw entry.fail("id is missing or not a number", GITHUB_HINT);
  const appSlug = entry.requiredString("app_slug", GITHUB_HINT);
  const appId = entry.get("app_id");
  const createdAt = entry.date("created_at");
  const updatedAt = entry.date("updated_at");
  const suspendedAt = entry.date("suspended_at");
  const attributes: DiscoveredNhi["attributes"] = {
    githubAppSlug: appSlug,
    githubInstallationId: String(id),
    permissions: permissionList(entry, "permissions"),
  };
  if (typeof appId === "number") attributes["githubAppId"] = String(appId);
  const selection = entry.string("repository_selection");
  if (selection) attributes["repositorySelection"] = selection;
  if (createdAt) attributes["createdAt"] = createdAt;
  if (updatedAt) attributes["updatedAt"] = updatedAt;
  if (suspendedAt) attributes["suspendedAt"] = suspendedAt;
  return {
    externalId: `installation:${id}`,
    userName: "",
    slug: slugId(appSlug),
    displayName: `GitHub App ${appSlug}`,
    status: suspendedAt ? "suspended" : "active",
    owners: [],
    credentials: [],
    attributes,
    raw: { id: String(id), app_slug: appSlug },
    position: entry.position,
  };
}
