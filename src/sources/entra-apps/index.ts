// Microsoft Entra applications and service principals as NHIs: Graph `GET /applications` (with
// `$expand=owners`), optionally `GET /servicePrincipals` and the sign-in activity reports.
// An application and its service principal in this tenant are one NHI, anchored on `appId`.
import type { RecordOwner, SourceRecord } from "../../model/source-record.js";
import type { SourceAdapter, SourceContext } from "../source.js";
import { uniqueNames, slugId } from "../common/discovery/ids.js";
import { readOptionalExport } from "../common/discovery/options.js";
import { discoveredRecord, type DiscoveredNhi } from "../common/discovery/record.js";
import { lookAlikeNameFinding } from "../common/discovery/look-alike-name.js";
import { readExportPages } from "../common/export-files.js";
import { resolveExportedAt } from "../common/exported-at.js";
import type { JsonEntry } from "../common/json-entry.js";
import { graphCredentials } from "./credentials.js";
import { tokenSigning, type TokenSigning } from "./token-signing.js";
import { graphEntries } from "./graph-pages.js";
import { entraAppsSchema } from "./schema.js";
import { signIns, type SignIns } from "./sign-in-activity.js";
import { append } from "../../model/append.js";

const GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";

/**
 * The tenants of Microsoft's first-party applications. A service principal's
 * `appOwnerOrganizationId` "contains the tenant ID where the application is registered"
 * (https://learn.microsoft.com/en-us/graph/api/resources/serviceprincipal); Microsoft names
 * `f8cdef31-a31e-4b4a-93e4-5f571e91255a` "the Microsoft Service's Microsoft Entra tenant ID" and
 * `72f988bf-86f1-41af-91ab-2d7cd011db47` that of "Microsoft tenant-owned applications"
 * (https://learn.microsoft.com/en-us/troubleshoot/entra/entra-id/governance/verify-first-party-apps-sign-in).
 * Their service principals (Microsoft Graph, Office 365 Exchange Online, …) are in every tenant and
 * cannot be deleted there: they are the platform's (`platformManaged`), never quarantined or drafted.
 */
const MICROSOFT_TENANTS: ReadonlySet<string> = new Set(["f8cdef31-a31e-4b4a-93e4-5f571e91255a", "72f988bf-86f1-41af-91ab-2d7cd011db47"]);

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
    const signing = tokenSigning(sp, "servicePrincipals");
    append(own.credentials, graphCredentials(context, sp, `servicePrincipals/${sp.requiredString("id", "every service principal has an id")}`, activity.byKeyId, signing));
    signingAttributes(own.attributes, sp, signing);
    append(own.owners, owners(sp));
    own.raw["servicePrincipalId"] = sp.requiredString("id", "every service principal has an id");
  }
  const list = [...byAppId.values()];
  const names = uniqueNames(list);
  // A displayName is any text (Graph: "The display name for the application"): one that passes for a Latin name is said.
  for (const nhi of list) {
    const finding = nhi.displayName === undefined ? undefined : lookAlikeNameFinding(nhi.displayName, { source: context.name, externalId: nhi.externalId, position: nhi.position, userName: names.get(nhi)! });
    if (finding) context.warn?.(finding);
  }
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
  const federated = federatedCredentials(entry);
  const signing = tokenSigning(entry, collection);
  signingAttributes(attributes, entry, signing);
  const created = entry.date("createdDateTime");
  if (created) attributes["createdAt"] = created;
  // Microsoft's own applications' service principals, in every tenant: the platform's, like the AWS root user.
  if (collection === "servicePrincipals" && MICROSOFT_TENANTS.has((entry.string("appOwnerOrganizationId") ?? "").toLowerCase())) attributes["platformManaged"] = true;
  const status = collection === "servicePrincipals" && entry.boolean("accountEnabled") === false ? "suspended" : "active";
  return {
    externalId: appId,
    userName: "",
    slug: slugId(displayName ?? ""),
    ...(displayName ? { displayName } : {}),
    status,
    owners: owners(entry),
    credentials: graphCredentials(context, entry, `${collection}/${id}`, activity.byKeyId, signing),
    attributes,
    raw: { id, appId, ...(displayName ? { displayName } : {}) },
    ...(federated.length > 0 ? { federatedCredentials: federated } : {}),
    position: entry.position,
  };
}

/**
 * Each federated identity credential as Graph lists it (`$expand=federatedIdentityCredentials`, or
 * GET /applications/{id}/federatedIdentityCredentials): id, name, issuer and subject are its
 * documented properties. A workload that signs in through one needs no secret, so the findings
 * name each by its issuer and subject (nhi-offboarded-credential-active).
 */
function federatedCredentials(entry: JsonEntry): Array<{ id: string; name: string; issuer: string; subject: string }> {
  return entry.objects("federatedIdentityCredentials").map((f, i) => {
    const text = (key: string): string => {
      const v = f[key];
      if (typeof v !== "string" || v === "") throw entry.fail(`federatedIdentityCredentials[${i}] has no ${key}`, "Export the credentials as Graph returns them: each has id, name, issuer and subject.");
      return v;
    };
    // A flexible credential matches claims (claimsMatchingExpression) instead of one subject.
    const matching = (f["claimsMatchingExpression"] as { value?: unknown } | null | undefined)?.value;
    const subject = f["subject"] === undefined || f["subject"] === null ? (typeof matching === "string" ? `claims matching ${matching}` : text("subject")) : text("subject");
    return { id: text("id"), name: text("name"), issuer: text("issuer"), subject };
  });
}

/**
 * Owners as `$expand=owners` gives them. Graph: "Application owners can be individual users, the
 * associated service principal, or another service principal"
 * (https://learn.microsoft.com/en-us/graph/api/application-post-owners; for a service principal:
 * "users, the service principal itself, or other service principals",
 * https://learn.microsoft.com/en-us/graph/api/serviceprincipal-post-owners). An application is made
 * an owner of itself to rotate its own secret
 * (https://learn.microsoft.com/en-us/troubleshoot/entra/entra-id/users-groups-entra-apis/add-owner-for-application-microsoft-graph),
 * and one an automation created is owned by it: neither is a person, so such an owner never stands
 * for one (no person owns the NHI: nhi-owner-not-person), and is named `servicePrincipal:<appId>`.
 * A user is looked up by `userPrincipalName` and by `mail`: Graph keeps them apart (the sign-in name
 * and the SMTP address, https://learn.microsoft.com/en-us/graph/api/resources/user), and they differ
 * wherever the UPN suffix is not the mail domain (`…onmicrosoft.com` UPNs).
 */
function owners(entry: JsonEntry): Array<string | RecordOwner> {
  return entry.objects("owners").map((owner, index) => {
    const type = typeof owner["@odata.type"] === "string" ? owner["@odata.type"] : "";
    const names = [owner["userPrincipalName"], owner["mail"]].filter((n): n is string => typeof n === "string" && n.trim() !== "").map((n) => n.trim().toLowerCase());
    if (type === "#microsoft.graph.user" || (type === "" && names.length > 0)) {
      if (names.length === 0) throw entry.fail(`owners[${index}] is a user without userPrincipalName or mail`, "Expand owners with $expand=owners($select=id,userPrincipalName,mail).");
      const unique = [...new Set(names)];
      return unique.length === 1 ? unique[0]! : { names: unique };
    }
    const id = owner["appId"] ?? owner["id"];
    if (typeof id !== "string") throw entry.fail(`owners[${index}] has no id`);
    const kind = type.replace("#microsoft.graph.", "") || "directoryObject";
    const name = `${kind}:${id}`;
    // A directory object of no stated type may be anything: it names an owner no person goes by (unknown), not a non-person.
    return type === "" ? name : { names: [name], notPerson: kind };
  });
}

/**
 * How the service principal signs users in (preferredSingleSignOnMode: saml, password, oidc,
 * notSupported; https://learn.microsoft.com/en-us/graph/api/resources/serviceprincipal) and its
 * token-signing certificates (token-signing.ts), shown where the NHI is listed: they are the app's,
 * not credentials to revoke. policy/lifecycle.ts keeps a SAML app with nothing else to revoke
 * out of quarantine.
 */
function signingAttributes(attributes: DiscoveredNhi["attributes"], entry: JsonEntry, signing: TokenSigning): void {
  const mode = entry.string("preferredSingleSignOnMode");
  if (mode) attributes["singleSignOnMode"] = mode;
  if (signing.certificates.length > 0) attributes["tokenSigningCertificates"] = [...((attributes["tokenSigningCertificates"] as string[] | undefined) ?? []), ...signing.certificates];
}

/** GitHub Actions OIDC when a federated identity credential trusts its issuer; another issuer: federated. */
function federationOf(entry: JsonEntry): string | undefined {
  const fics = entry.objects("federatedIdentityCredentials");
  if (fics.length === 0) return undefined;
  return fics.some((f) => f["issuer"] === GITHUB_ACTIONS_ISSUER) ? "github-actions" : "federated";
}

/** `type: entra-apps` — Entra applications and service principals as NHIs with their credentials and owners. */
export const entraAppsSource: SourceAdapter = { type: "entra-apps", live: false, schema: entraAppsSchema, read };
