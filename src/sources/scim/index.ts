// SCIM 2.0 export: ListResponse JSON of Users, and optionally Groups (in the same ListResponse,
// told apart by `schemas`, or in other files of the directory). Membership comes from
// User.groups and Group.members, joined and de-duplicated, reported by group displayName.
import type { SourceRecord } from "../../model/source-record.js";
import { employmentTypeMap } from "../common/employment-type.js";
import { SourceError } from "../../model/errors.js";
import type { SourceAdapter, SourceContext } from "../source.js";
import { resolveExportedAt } from "../common/exported-at.js";
import { JsonEntry } from "../common/json-entry.js";
import { readJsonPages } from "../common/json-pages.js";
import { isObject } from "../common/json.js";
import { listPages } from "./list-response.js";
import { enumOption } from "../common/options.js";
import { scimRecord, USER_SCHEMA, userGroupRefs, type ScimSettings } from "./user-record.js";
import { scimSchema } from "./schema.js";
import { joined } from "../../model/joined.js";
import { sortedGroupRefs, type GroupRef } from "../../model/group-ref.js";

const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

async function read(context: SourceContext): Promise<SourceRecord[]> {
  const pages = await readJsonPages(context);
  const settings: ScimSettings = {
    source: context.name,
    exportedAt: resolveExportedAt(context, pages.map((page) => page.file)),
    emails: enumOption(context, "emails", ["work", "all"] as const) ?? "work",
    employmentTypes: employmentTypeMap(context),
  };
  const users: Array<{ entry: JsonEntry; record: SourceRecord }> = [];
  const groups: JsonEntry[] = [];
  for (const page of listPages(context, pages)) {
    page.resources.forEach((item, index) => {
      const position = joined(page.path, " entry ", index + 1);
      if (!isObject(item)) throw new SourceError(context.name, `${position}: not a SCIM resource object`);
      const entry = new JsonEntry(context, item, position);
      const schemas = entry.strings("schemas");
      if (schemas.includes(USER_SCHEMA)) users.push({ entry, record: scimRecord(entry, settings) });
      else if (schemas.includes(GROUP_SCHEMA)) groups.push(entry);
      else {
        throw entry.fail(
          "resource is neither a User nor a Group (no core User or Group schema in schemas)",
          `Export only Users and Groups; their schemas list ${USER_SCHEMA} or ${GROUP_SCHEMA}.`,
        );
      }
    });
  }

  // Groups are kept with their id as well: RFC 7643 gives Group.displayName no uniqueness
  // ("uniqueness": "none", section 8.7.1), so two groups may share a name.
  const groupNames = new Map<string, string>();
  const membersOf = new Map<string, GroupRef[]>();
  for (const group of groups) {
    const id = group.requiredString("id", "SCIM resources always carry the service provider's id.");
    const name = group.requiredString("displayName", "displayName is required on SCIM Groups by RFC 7643.");
    groupNames.set(id, name);
    for (const member of group.objects("members")) {
      // Nested groups are members too; only users get records, so unknown ids are skipped below.
      if (typeof member["value"] !== "string") continue;
      const refs = membersOf.get(member["value"]);
      if (refs) refs.push({ id, name });
      else membersOf.set(member["value"], [{ id, name }]);
    }
  }
  for (const { entry, record } of users) {
    const refs = [...(membersOf.get(record.externalId) ?? [])];
    const names = new Set(refs.map((r) => r.name));
    for (const ref of userGroupRefs(entry)) {
      const name = (ref.id !== undefined ? groupNames.get(ref.id) : undefined) ?? ref.display ?? ref.id;
      if (name !== undefined) names.add(name);
      if (ref.id !== undefined && name !== undefined) refs.push({ id: ref.id, name });
    }
    record.groups = [...names].sort();
    if (refs.length > 0) record.groupRefs = sortedGroupRefs(refs);
  }
  return users.map(({ record }) => record);
}

/** `type: scim` — SCIM 2.0 ListResponse export of Users (and Groups); options `emails` (work|all), `exportedAt`. */
export const scimSource: SourceAdapter = { type: "scim", live: false, schema: scimSchema, read };
