// Microsoft Entra applications and service principals as NHIs: Graph `GET /applications` (with
// `$expand=owners`), optionally `GET /servicePrincipals` and the sign-in activity reports.
// An application and its service principal in this tenant are one NHI, anchored on `appId`.
import type { SourceRecord } from "../../model/source-record.js";
import type { SourceAdapter, SourceContext } from "../source.js";
import { uniqueNames, slugId } from "../common/discovery/ids.js";
import { readOptionalExport } from "../common/discovery/options.js";
import { discoveredRecord, type DiscoveredNhi } from "../common/discovery/record.js";
import { readExportPages } from "../common/export-files.js";
import { resolveExportedAt } from "../common/exported-at.js";
import type { JsonEntry } from "../common/json-entry.js";
import { graphCredentials } from "./credentials.js";
import { graphEntries } from "./graph-pages.js";
import { entraAppsSchema } from "./schema.js";
import { signIns, type SignIns } from "./sign-in-activity.js";
import { append } from "../../model/append.js";

const GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";

async function read(context: SourceContext): Promise<SourceRecord[]> {
  const appFiles = await readExportPages(context, "json");
  const spFiles = (await readOptionalExport(context, "servicePrincipals", "json")) ?? [];
  const activityFiles = (await readOptionalExport(context, "signInActivity", "json")) ?? [];
  const exportedAt = resolveExportedAt(context, [...appFiles, ...spFiles, ...activityFiles]);
  const activity = signIns(graphEntries(context, activityFiles, "sign-in activities", "GET /reports/servicePrincipalSignInActivities"));
  const apps = graphEntries(context, appFiles, "applications", "GET /applications");
  const sps = graphEntries(context, spFiles, "service principals", "GET /servicePrincipals");

  const byAppId = new Map<string, DiscoveredNhi & { slug: string }>();
  for (const app of apps) {
    const appId = app.requiredString("appId", "Export GET /applications as Graph returns it: every application has an appId.").toLowerCase();
    if (byAppId.has(appId)) throw app.fail(`appId ${appId} appears twice (first at ${byAppId.get(appId)!.position})`, "Export each page once.");
    byAppId.set(appId, nhiOf(context, app, "applications", appId, activity));
  }
  for (const sp of sps) {
    const appId = sp.requiredString("appId", "Export GET /servicePrincipals as Graph returns it: every service principal has an appId.").toLowerCase();
    const own = byAppId.get(appId);
    if (!own) {
      byAppId.set(appId, nhiOf(context, sp, "servicePrincipals", appId, activity));
      continue;
    }
    // The tenant's instance of its own application: its switch and its own credentials and owners.
    if (sp.boolean("accountEnabled") === false) own.status = "suspended";
    append(own.credentials, graphCredentials(context, sp, `servicePrincipals/${sp.requiredString("id", "every service principal has an id")}`, activity.byKeyId));
    append(own.owners, owners(sp));
    own.raw["servicePrincipalId"] = sp.requiredString("id", "every service principal has an id");
  }
  const list = [...byAppId.values()];
  const names = uniqueNames(list);
  return list.map((nhi) => discoveredRecord(context.name, exportedAt, { ...nhi, userName: names.get(nhi)! }));
}

function nhiOf(context: SourceContext, entry: JsonEntry, collection: "applications" | "servicePrincipals", appId: string, activity: SignIns): DiscoveredNhi & { slug: string } {
  const id = entry.requiredString("id", `every ${collection === "applications" ? "application" : "service principal"} has an id`);
  const displayName = entry.string("displayName");
  const attributes: DiscoveredNhi["attributes"] = { entraAppId: appId, entraObjectType: collection === "applications" ? "application" : (entry.string("servicePrincipalType") ?? "servicePrincipal") };
  const audience = entry.string("signInAudience");
  if (audience) attributes["signInAudience"] = audience;
  const tags = entry.strings("tags");
  if (tags.length > 0) attributes["tags"] = tags;
  const lastSignIn = activity.byAppId.get(appId);
  if (lastSignIn) attributes["lastSignInAt"] = lastSignIn;
  const federation = federationOf(entry);
  if (federation) attributes["federation"] = federation;
  const created = entry.date("createdDateTime");
  if (created) attributes["createdAt"] = created;
  const status = collection === "servicePrincipals" && entry.boolean("accountEnabled") === false ? "suspended" : "active";
  return {
    externalId: appId,
    userName: "",
    slug: slugId(displayName ?? ""),
    ...(displayName ? { displayName } : {}),
    status,
    owners: owners(entry),
    credentials: graphCredentials(context, entry, `${collection}/${id}`, activity.byKeyId),
    attributes,
    raw: { id, appId, ...(displayName ? { displayName } : {}) },
    position: entry.position,
  };
}

/** Owners as `$expand=owners` gives them: users by UPN (or mail), anything else by type and id. */
function owners(entry: JsonEntry): string[] {
  return entry.objects("owners").map((owner, index) => {
    const type = typeof owner["@odata.type"] === "string" ? owner["@odata.type"] : "";
    const upn = owner["userPrincipalName"] ?? owner["mail"];
    if (type === "#microsoft.graph.user" || (type === "" && typeof upn === "string")) {
      if (typeof upn !== "string" || upn.trim() === "") throw entry.fail(`owners[${index}] is a user without userPrincipalName or mail`, "Expand owners with $expand=owners($select=id,userPrincipalName,mail).");
      return upn.trim().toLowerCase();
    }
    const id = owner["appId"] ?? owner["id"];
    if (typeof id !== "string") throw entry.fail(`owners[${index}] has no id`);
    return `${type.replace("#microsoft.graph.", "") || "directoryObject"}:${id}`;
  });
}

/** GitHub Actions OIDC when a federated identity credential trusts its issuer; another issuer: federated. */
function federationOf(entry: JsonEntry): string | undefined {
  const fics = entry.objects("federatedIdentityCredentials");
  if (fics.length === 0) return undefined;
  return fics.some((f) => f["issuer"] === GITHUB_ACTIONS_ISSUER) ? "github-actions" : "federated";
}

/** `type: entra-apps` — Entra applications and service principals as NHIs with their credentials and owners. */
export const entraAppsSource: SourceAdapter = { type: "entra-apps", live: false, schema: entraAppsSchema, read };
