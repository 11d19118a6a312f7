// Okta users as returned by GET /api/v1/users: a JSON array, or a directory of such arrays, one
// per page. Okta pages with a Link header, which the bodies do not carry: the pages' saved headers
// prove the export whole (see link-pages.ts).
import type { SourceRecord } from "../../model/source-record.js";
import { employmentTypeMap } from "../common/employment-type.js";
import { SourceError } from "../../model/errors.js";
import type { SourceAdapter, SourceContext } from "../source.js";
import { resolveExportedAt } from "../common/exported-at.js";
import { JsonEntry } from "../common/json-entry.js";
import { readJsonPages } from "../common/json-pages.js";
import { isObject } from "../common/json.js";
import { stringListOption } from "../common/options.js";
import { oktaGroupsByUser } from "./groups.js";
import { checkOktaLinks, UnprovenLists, USERS_LIST } from "./link-pages.js";
import { oktaRecord, type OktaSettings } from "./user-record.js";
import { customDomainOrgs } from "./custom-domains.js";
import { DEFAULT_SERVICE_TYPES, oktaSchema } from "./schema.js";
import { joined } from "../../model/joined.js";

// Okta has no built-in service-account flag; organisations mark them with profile.userType.

async function read(context: SourceContext): Promise<SourceRecord[]> {
  const pages = await readJsonPages(context);
  const unproven = new UnprovenLists(context);
  // The oldest Date header of the pages (when Okta served the list, which maxAge judges) and its headers file.
  const served = checkOktaLinks(context, pages, USERS_LIST, unproven);
  // Read before the export's time is resolved: memberships served before the users pages make the
  // export that old (a groups job that stopped a month ago keeps a mover's old privilege).
  const groups = await oktaGroupsByUser(context, unproven);
  const settings: OktaSettings = {
    source: context.name,
    exportedAt: resolveExportedAt(context, pages.map((page) => page.file), served, groups?.served),
    serviceTypes: new Set((stringListOption(context, "serviceUserTypes") ?? DEFAULT_SERVICE_TYPES).map((t) => t.toLowerCase())),
    customDomains: customDomainOrgs(context),
    employmentTypes: employmentTypeMap(context),
  };
  const records: SourceRecord[] = [];
  for (const { file, body } of pages) {
    if (!Array.isArray(body)) {
      throw new SourceError(context.name, `${file.path}: expected a JSON array of users (the body of GET /api/v1/users)`, "Save each page's response body as it is returned.");
    }
    body.forEach((item, index) => {
      const position = joined(file.path, " entry ", index + 1);
      if (!isObject(item)) throw new SourceError(context.name, `${position}: not a user object`);
      records.push(oktaRecord(new JsonEntry(context, item, position), settings));
    });
  }
  if (groups) {
    for (const record of records) {
      const theirs = groups.byUser.get(record.externalId);
      record.groups = theirs?.groups ?? [];
      if (theirs) record.groupRefs = theirs.refs;
    }
  }
  unproven.report();
  return records;
}

/** `type: okta` — Okta users export; options `serviceUserTypes`, `groups`/`groupMembers`, `pages`, `customDomains`, `exportedAt`. */
export const oktaSource: SourceAdapter = { type: "okta", live: false, schema: oktaSchema, read };
