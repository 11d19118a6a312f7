// Which Entra tenant a users export is of. A Graph GET /users page names no tenant: its
// `@odata.context` is https://graph.microsoft.com/v1.0/$metadata#users for every tenant, and a
// user's `id` is a GUID that says nothing of whose it is. A test tenant, or an acquired company's,
// synced from the same AD has the same userPrincipalNames' local parts, and was read as this one.
// GET /organization gives the signed-in tenant ("There's only one organization object in the
// collection", learn.microsoft.com/graph/api/organization-list): its `id` is the tenant id, its
// `verifiedDomains` the domains the tenant owns. Every user's userPrincipalName ends in one of
// them: Graph's user resource says of userPrincipalName "the domain must be present in the
// tenant's collection of verified domains ... accessed from the verifiedDomains property of
// organization" (learn.microsoft.com/graph/api/resources/user). The initial *.onmicrosoft.com
// domain is one of them (verifiedDomain.isInitial, .../resources/verifieddomain), and so is a
// subdomain once added, which a verified root domain verifies at once (.../api/domain-post-domains);
// a guest's #EXT#@ UPN ends in one too. So a user whose suffix is none of them is of another
// tenant than the organization file. A user that
// passes carries the tenant id as the attribute entraTenantId, which source-gate-account compares
// with gates.account and the accepted snapshot (sources/export-account.ts), as an Okta user's org.
import { SourceError } from "../../model/errors.js";
import type { SourceRecord } from "../../model/source-record.js";
import { firstNamed } from "../../model/first-named.js";
import type { JsonEntry } from "../common/json-entry.js";
import { readJsonPagesAt } from "../common/member-pages.js";
import { isObject } from "../common/json.js";
import { stringOption } from "../common/options.js";
import type { SourceContext } from "../source.js";

const HINT = "save the response body of GET https://graph.microsoft.com/v1.0/organization?$select=id,verifiedDomains, fetched with the same sign-in as the users, as options.organization";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The tenant the organization file names: its id (lower case) and verified domains (lower case). */
export interface EntraTenant { id: string; domains: ReadonlySet<string>; file: string }

/** The tenant options.organization's file names; undefined without the option (the export is then bound to no tenant). */
export async function readEntraTenant(context: SourceContext): Promise<EntraTenant | undefined> {
  const path = stringOption(context, "organization");
  if (path === undefined) return undefined;
  const pages = await readJsonPagesAt(context, path);
  if (pages.length !== 1) throw new SourceError(context.name, `options.organization (${path}) holds ${pages.length} files; GET /organization answers with one`, HINT);
  const { file, body } = pages[0]!;
  const fail = (what: string): SourceError => new SourceError(context.name, `${file.path}: ${what}`, HINT);
  if (!isObject(body)) throw fail("not a Graph response");
  const context_ = body["@odata.context"];
  // A users page or another collection saved under the name would bind to nothing real.
  if (typeof context_ === "string" && !/\$metadata#organization(\(|\/\$entity|$)/.test(context_)) throw fail(`@odata.context is ${JSON.stringify(context_)}, not a GET /organization response`);
  const list = body["value"];
  const orgs = Array.isArray(list) ? list : [body];
  if (orgs.length !== 1 || !isObject(orgs[0])) throw fail(`expected one organization object, found ${orgs.length}`);
  const org = orgs[0];
  const id = org["id"];
  if (typeof id !== "string" || !GUID.test(id)) throw fail(`the organization's id is ${JSON.stringify(id)}, not a tenant id (a GUID)`);
  const verified = org["verifiedDomains"];
  const names = Array.isArray(verified) ? verified.map((d) => (isObject(d) && typeof d["name"] === "string" ? d["name"].toLowerCase() : undefined)) : [];
  if (names.length === 0 || names.includes(undefined)) throw fail("the organization has no verifiedDomains with a name each (a $select without verifiedDomains?)");
  return { id: id.toLowerCase(), domains: new Set(names as string[]), file: file.path };
}

/**
 * The record with entraTenantId set, when its userPrincipalName is on one of the tenant's domains;
 * a SourceError naming the user otherwise: the users export and the organization file are of two tenants.
 */
export function inTenant(record: SourceRecord, user: JsonEntry, tenant: EntraTenant): SourceRecord {
  const upn = record.userName ?? "";
  const domain = upn.slice(upn.lastIndexOf("@") + 1).toLowerCase();
  if (!tenant.domains.has(domain)) {
    throw user.fail(
      `userPrincipalName ${JSON.stringify(upn)} is on ${JSON.stringify(domain)}, none of the verified domains of tenant ${tenant.id} (${tenant.file}: ${firstNamed([...tenant.domains].sort(), 3)}): the users export and the organization are of two tenants`,
      "fetch GET /users and GET /organization with one sign-in (the same tenant), and save both as Graph returns them",
    );
  }
  record.attributes = { ...record.attributes, entraTenantId: tenant.id };
  return record;
}
