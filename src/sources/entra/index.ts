// Microsoft Entra ID users: Microsoft Graph GET /users responses, one file or a directory of page
// files ({ "@odata.context", "value": [...], "@odata.nextLink" }).
import type { SourceRecord } from "../../model/source-record.js";
import { SourceError } from "../../model/errors.js";
import type { SourceAdapter, SourceContext } from "../source.js";
import { resolveExportedAt } from "../common/exported-at.js";
import { JsonEntry } from "../common/json-entry.js";
import { readJsonPages } from "../common/json-pages.js";
import { isObject } from "../common/json.js";
import { checkPageChain } from "../common/page-chain.js";
import { checkNotDelta, checkODataCount, graphPage } from "../common/graph-collection.js";
import { serviceAccountRule } from "./service-accounts.js";
import { entraRecord, type EntraSettings } from "./user-record.js";
import { entraSchema } from "./schema.js";
import { inTenant, readEntraTenant } from "./tenant.js";
import { joined } from "../../model/joined.js";
import { DEFAULT_DISABLED_MEANING, DISABLED_MEANINGS } from "../../model/directory-disabled.js";
import { enumOption } from "../common/options.js";
import { employmentTypeMap } from "../common/employment-type.js";
import { noMemberOfFinding, readsMemberOf } from "./member-of-read.js";

async function read(context: SourceContext): Promise<SourceRecord[]> {
  const pages = await readJsonPages(context);
  const settings: EntraSettings = {
    source: context.name,
    exportedAt: resolveExportedAt(context, pages.map((page) => page.file)),
    ...(context.now !== undefined ? { now: context.now } : {}),
    ...(context.timeZone !== undefined ? { timeZone: context.timeZone } : {}),
    isService: serviceAccountRule(context),
    disabledMeans: enumOption(context, "disabledMeans", DISABLED_MEANINGS) ?? DEFAULT_DISABLED_MEANING,
    employmentTypes: employmentTypeMap(context),
  };
  const bodies = pages.map(({ file, body }) => graphPage(context, file, body, "users", "GET /users"));
  // A delta round first: its last page has no nextLink either, so the chain would look whole.
  checkNotDelta(context, bodies, "GET /users");
  checkPageChain(
    context,
    bodies.map(({ file, body }) => ({ path: file.path, hasNext: typeof body["@odata.nextLink"] === "string" })),
    "@odata.nextLink",
  );
  checkODataCount(context, bodies, "users");
  const readsGroups = readsMemberOf(context, bodies.map(({ items }) => items));
  if (!readsGroups) context.warn?.(noMemberOfFinding(context));
  const tenant = await readEntraTenant(context);
  const records: SourceRecord[] = [];
  for (const { file, items } of bodies) {
    items.forEach((item, index) => {
      const position = joined(file.path, " entry ", index + 1);
      if (!isObject(item)) throw new SourceError(context.name, `${position}: not a user object`);
      const user = new JsonEntry(context, item, position);
      const record = entraRecord(user, settings, readsGroups);
      records.push(tenant === undefined ? record : inTenant(record, user, tenant));
    });
  }
  return records;
}

/** `type: entra` — Microsoft Graph users export; options `serviceAccounts`, `disabledMeans`, `organization`, `exportedAt`. */
export const entraSource: SourceAdapter = { type: "entra", live: false, schema: entraSchema, read };
