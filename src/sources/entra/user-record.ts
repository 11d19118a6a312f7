// One Microsoft Graph user (GET /users item, ideally with $select and $expand=manager) → SourceRecord.
import type { RecordStatus, SourceRecord } from "../../model/source-record.js";
import { sortedGroupRefs, type GroupRef } from "../../model/group-ref.js";
import { aliasesBesides, collectEmails, smtpPrimaries, smtpProxyAddresses } from "../common/emails.js";
import { dateMillis } from "../common/dates.js";
import { inZone } from "../../model/time.js";
import { judgedAt } from "../common/judged-at.js";
import { TERMINATED_BY } from "../../model/dated-leaving.js";
import type { JsonEntry } from "../common/json-entry.js";
import { isProtocolKey } from "../common/json-pages.js";
import { isObject } from "../common/json.js";
import { flattenJson } from "../common/raw.js";
import type { DisabledMeaning } from "../../model/directory-disabled.js";
import { readSignInBlocked } from "./sign-in-blocked.js";
import { employmentTypeOf } from "../common/employment-type.js";
import { MEMBER_OF_MISSING_HINT } from "./member-of-read.js";

// No $count=true beside $expand: $count on users is an advanced query (ConsistencyLevel: eventual),
// and "Advanced query capabilities on Microsoft Entra ID objects"
// (learn.microsoft.com/graph/aad-advanced-queries) does not support $expand with those; the pages'
// numbered file names are then what shows a lost page (docs/formats.md).
const SELECT_HINT =
  "Export with GET /users?$select=id,userPrincipalName,mail,proxyAddresses,givenName,surname,displayName,accountEnabled," +
  "employeeId,employeeType,department,jobTitle,userType,onPremisesImmutableId,employeeHireDate,employeeLeaveDateTime" +
  "&$expand=manager($select=id) (without $count=true, which Graph does not support with $expand), saving page N as page-N.json: " +
  "Graph returns only a few properties by default.";

export interface EntraSettings {
  source: string;
  exportedAt: string;
  /** The plan's clock (--now, ms), when the run has one: a leave date is judged at it (common/judged-at.ts). */
  now?: number;
  /** The zone whose days the export's bare dates are (scopesync.yaml timeZone); undefined: UTC days. */
  timeZone?: string;
  /** Which users are service or shared accounts rather than people (options.serviceAccounts). */
  isService: (user: JsonEntry) => boolean;
  /** options.disabledMeans: what a user whose sign-in is blocked means here (sign-in-blocked.ts). */
  disabledMeans: DisabledMeaning;
  /** options.employmentTypeValues (common/employment-type.ts): employeeType's words as policies name them. */
  employmentTypes: ReadonlyMap<string, string>;
}

/** `readsGroups`: the export is read for groups (member-of-read.ts), so every user must carry memberOf. */
export function entraRecord(user: JsonEntry, settings: EntraSettings, readsGroups: boolean): SourceRecord {
  const { source, exportedAt } = settings;
  const externalId = user.requiredString("id", SELECT_HINT);
  const enabled = user.boolean("accountEnabled");
  // accountEnabled is not in Graph's default property set; its absence says nothing about the account.
  if (enabled === undefined) throw user.fail("accountEnabled is missing", SELECT_HINT);
  // Graph gives date-times; a bare date (a hand-made or converted export) is the organisation's day,
  // written so before the leave date is judged here (sources/zone-days.ts).
  const leave = zoned(user.date("employeeLeaveDateTime"), settings.timeZone);
  const hired = zoned(user.date("employeeHireDate"), settings.timeZone);
  let status: RecordStatus = enabled ? "active" : "suspended";
  const left = leave !== undefined && hasLeft(leave, hired, settings);
  if (left) status = "terminated";

  const userType = user.string("userType");
  const memberOf = memberships(user, readsGroups);
  const record: SourceRecord = {
    source,
    externalId,
    kind: settings.isService(user) ? "service-account" : "person",
    userName: user.requiredString("userPrincipalName", SELECT_HINT),
    // otherMails are often private addresses: kept in raw, not used to correlate.
    emails: collectEmails([user.string("mail"), ...smtpProxyAddresses(user.strings("proxyAddresses"))]),
    name: {},
    status,
    groups: memberOf.groups,
    ...(memberOf.refs.length > 0 ? { groupRefs: memberOf.refs } : {}),
    raw: flattenJson(user.value, isProtocolKey),
    exportedAt,
    position: user.position,
  };
  // "SMTP:" is the primary address, a lower-case "smtp:" an alias (Graph user proxyAddresses:
  // ['SMTP: bob@contoso.com', 'smtp: bob@sales.contoso.com']): a weaker key (resolve/alias-matches.ts).
  assign(record, "aliases", aliasesBesides(record.emails, [user.string("mail"), ...smtpPrimaries(user.strings("proxyAddresses"))]));
  const given = user.string("givenName");
  const family = user.string("surname");
  const display = user.string("displayName");
  if (given !== undefined) record.name.given = given;
  if (family !== undefined) record.name.family = family;
  if (display !== undefined) record.name.display = display;
  assign(record, "employeeId", user.string("employeeId"));
  assign(record, "department", user.string("department"));
  assign(record, "title", user.string("jobTitle"));
  assign(record, "manager", managerId(user));
  assign(record, "employmentType", userType?.toLowerCase() === "guest" ? "guest" : employmentTypeOf(user.string("employeeType"), settings.employmentTypes));
  assign(record, "hireDate", hired);
  assign(record, "terminationDate", leave);
  // Directory roles (Global Administrator, ...) are privilege, not groups: an attribute that
  // scope and rules can name (`where: { directoryRoles: Global Administrator }`).
  if (memberOf.roles.length > 0) record.attributes = { directoryRoles: memberOf.roles };
  // The date, not a status, made them a leaver: the plan's reason says so (model/dated-leaving.ts).
  if (left) (record.attributes ??= {})[TERMINATED_BY] = "employeeLeaveDateTime";
  // The "suspended" a blocked user was given above is read as options.disabledMeans says, or, for
  // a user blocked before its hire date, as a pre-hire: active, not started (sign-in-blocked.ts).
  readSignInBlocked(record, enabled, settings.disabledMeans, settings.now);
  return record;
}

/**
 * employeeLeaveDateTime is "the date and time when the user left or will leave the organization"
 * (learn.microsoft.com/graph/api/resources/user), a DateTimeOffset that Graph gives "using ISO 8601
 * format and is always in UTC time" ("2014-01-01T00:00:00Z"), and null when unset
 * (learn.microsoft.com/graph/tutorial-lifecycle-workflows-set-employeeleavedatetime resets it with
 * null). HR and Lifecycle Workflows set it ahead of the day; Entra changes nothing on the user when
 * it passes. So it is the leaving itself, judged at the later of the export's time and the plan's
 * clock (--now), never after that clock (common/judged-at.ts), as AD's accountExpires is: an
 * export taken on the 1st with a leave date of the 3rd is a leaver's in a plan on the 5th, and an
 * export time after the plan's (a typo, a clock ahead) offboards no one early. Before, it was
 * judged at the export's time only, and the leaver kept their access until an export taken after
 * the date. A date still to come is a future leave: the person is active (as accountEnabled says)
 * until then. UTC throughout: Date.parse of a zoned date-time does not read the runner's TZ.
 */
function hasLeft(leave: string, hired: string | undefined, settings: EntraSettings): boolean {
  return dateMillis(leave) <= judgedAt(settings.exportedAt, settings.now) && !rehiredAfter(hired, leave);
}

/**
 * Hired again after the leave date: Graph keeps employeeLeaveDateTime until someone clears it
 * (learn.microsoft.com/graph/tutorial-lifecycle-workflows-set-employeeleavedatetime sets and
 * resets it as separate steps), so a rehire's user can carry the earlier leaving's date. A hire
 * date after it is the rehire, whether it has come by the export or is still to come. The status
 * is then accountEnabled's, as for anyone else (a user blocked until the rehire is a pre-hire:
 * sign-in-blocked.ts), and the dates go to the planner, as an HR export's
 * do (policy/rehire-gap.ts). While the rehire is still to come, the planner makes the person a
 * leaver in each app until the rehire's access begins there (its hire date less the app's
 * accounts.preStart), then enables the account again. Before, this source called the gap
 * terminated itself, as of the export: an Entra rehire's access came with the first export after
 * the hire date, and accounts.preStart, which an HR rehire honours, did not bring it forward.
 */
function rehiredAfter(hired: string | undefined, leave: string): boolean {
  return hired !== undefined && dateMillis(hired) > dateMillis(leave);
}

function zoned(date: string | undefined, zone: string | undefined): string | undefined {
  return date === undefined ? undefined : inZone(date, zone);
}

function managerId(user: JsonEntry): string | undefined {
  const manager = user.get("manager");
  if (manager === undefined) return undefined;
  if (!isObject(manager)) throw user.fail("manager is not an object (expected the $expand=manager form)");
  return user.requiredString("manager.id", "Expand the manager with $expand=manager($select=id).");
}

// Graph answers $expand on directory objects with at most 20 related objects and no next link
// (learn.microsoft.com/graph/query-parameters, "expand"), and GET /users/{id}/memberOf pages with
// @odata.nextLink. Either way a list can be cut short; a short list would revoke access, so it is
// refused unless it is known to be whole.
const EXPAND_LIMIT = 20;
const MEMBER_OF_HINT =
  "Export each user's memberships with GET /users/{id}/memberOf, following @odata.nextLink to the end, " +
  'and save the whole list as the user\'s "memberOf" with "memberOf@odata.count" (request $count=true) or without any next link.';

// A group's displayName is not its identity: Graph lets two groups share one (azure-cli#24162
// creates a second "AM-Test-100" through the API), and by default any member may create security
// groups and add themselves (learn.microsoft.com/entra/identity/users/groups-self-service-management).
// The group's `id` is (learn.microsoft.com/graph/api/resources/group: "The unique identifier for the
// group"); GET /users/{id}/memberOf returns each directoryObject with @odata.type, id and displayName
// (learn.microsoft.com/graph/api/user-list-memberof). So a group is kept with its id, and one
// without an id is refused: it could not be told from a look-alike of the same name.
const GROUP_ID_HINT =
  "Export memberOf with each group's id: $expand=memberOf($select=id,displayName), or GET /users/{id}/memberOf, which returns it.";

/** $expand=memberOf (or a full memberOf list), when present: groups (names and ids) and directory role names. */
function memberships(user: JsonEntry, readsGroups: boolean): { groups: string[]; refs: GroupRef[]; roles: string[] } {
  // An absent list is one never fetched, not an empty one (member-of-read.ts): read as none, the
  // user would lose what their groups give. Refused like a list cut short, naming the user.
  if (readsGroups && user.get("memberOf") === undefined) {
    throw user.fail(`user ${JSON.stringify(user.string("userPrincipalName") ?? user.string("id"))} has no memberOf: its memberships were not exported, and a missing list is not an empty one`, MEMBER_OF_MISSING_HINT);
  }
  const items = user.objects("memberOf");
  if (user.get(["memberOf@odata.nextLink"]) !== undefined) {
    throw user.fail(`memberOf continues at memberOf@odata.nextLink, which is not in the export (${items.length} memberships read)`, MEMBER_OF_HINT);
  }
  const count = user.get(["memberOf@odata.count"]);
  if (count !== undefined && count !== items.length) {
    throw user.fail(`memberOf@odata.count is ${JSON.stringify(count)} but memberOf holds ${items.length}`, MEMBER_OF_HINT);
  }
  if (count === undefined && items.length >= EXPAND_LIMIT) {
    throw user.fail(`memberOf holds ${items.length} entries, Graph's $expand limit: the list may be cut short`, MEMBER_OF_HINT);
  }
  const groups = new Set<string>();
  const refs: GroupRef[] = [];
  const roles = new Set<string>();
  items.forEach((item, index) => {
    const type = item["@odata.type"];
    const name = typeof item["displayName"] === "string" ? item["displayName"].trim() : "";
    if (type === undefined || type === "#microsoft.graph.group") {
      const id = typeof item["id"] === "string" ? item["id"].trim() : "";
      if (id === "") throw user.fail(`memberOf entry ${index + 1}${name ? ` (group ${JSON.stringify(name)})` : ""} has no id`, GROUP_ID_HINT);
      refs.push({ id, name });
      if (name !== "") groups.add(name);
    } else if (type === "#microsoft.graph.directoryRole" && name !== "") roles.add(name);
    // Administrative units are scopes of delegation, not memberships that grant access.
  });
  return { groups: [...groups].sort(), refs: sortedGroupRefs(refs), roles: [...roles].sort() };
}

function assign<K extends keyof SourceRecord>(record: SourceRecord, key: K, value: SourceRecord[K] | undefined): void {
  if (value !== undefined) record[key] = value;
}
