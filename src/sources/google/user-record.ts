// One Admin SDK Directory user (users.list item) → SourceRecord.
import type { RecordStatus, SourceRecord } from "../../model/source-record.js";
import { normaliseEmail } from "../../model/keys.js";
import { aliasesBesides, collectEmails } from "../common/emails.js";
import type { JsonEntry } from "../common/json-entry.js";
import { flattenJson } from "../common/raw.js";
import { trimmedText, type JsonObject } from "../common/json.js";
import type { DisabledMeaning } from "../../model/directory-disabled.js";
import { readAdminSuspension } from "./admin-suspension.js";

export interface GoogleSettings {
  source: string;
  exportedAt: string;
  /**
   * "local": userName is the part of primaryEmail before "@"; "email": the whole address; "auto"
   * (the default): the local part, unless another user of the export has the same local part at
   * another domain (a multi-domain customer), then the whole address for both.
   */
  userName: "local" | "email" | "auto";
  /** Local parts held by users at more than one domain (for "auto"). */
  collidingLocalParts: ReadonlySet<string>;
  /** "work": primaryEmail, aliases and work or untyped addresses at the organisation's domains; "all": every address. */
  emails: "work" | "all";
  /** The domains of every primaryEmail and alias in the export: the organisation's own. */
  domains: ReadonlySet<string>;
  /** options.disabledMeans: what a user an administrator suspended means here (admin-suspension.ts). */
  disabledMeans: DisabledMeaning;
}

const PROJECTION_HINT = "Export with users.list?customer=my_customer&projection=full.";

export function googleRecord(user: JsonEntry, settings: GoogleSettings): SourceRecord {
  const externalId = user.requiredString("id", PROJECTION_HINT);
  const primaryEmail = user.requiredString("primaryEmail", PROJECTION_HINT);
  // An archived user is a leaver whose data is retained; suspension is reversible.
  const suspended = user.boolean("suspended");
  // users.list always returns "suspended"; without it (a fields= mask) the state is unknown.
  if (suspended === undefined) throw user.fail("suspended is missing", PROJECTION_HINT);
  // deletionTime (output only) is set on a deleted user, which users.list returns only with
  // showDeleted=true: whatever its other flags say, that person is gone.
  const deleted = user.date("deletionTime") !== undefined;
  const status: RecordStatus = deleted || user.boolean("archived") ? "terminated" : suspended ? "suspended" : "active";
  const email = normaliseEmail(primaryEmail);
  const at = email.lastIndexOf("@");
  if (at <= 0) throw user.fail("primaryEmail is not an email address");

  const organisation = primaryOf(user.objects("organizations"));
  const record: SourceRecord = {
    source: settings.source,
    externalId,
    kind: "person",
    userName: loginOf(email, at, settings),
    emails: collectEmails([primaryEmail, ...user.strings("aliases"), ...otherAddresses(user.objects("emails"), settings)]),
    name: {},
    status,
    groups: [],
    raw: flattenJson(user.value),
    exportedAt: settings.exportedAt,
    position: user.position,
  };
  // Every address but primaryEmail reaches this user as an alias ("an alternate email address that
  // uses the same mailbox used by the user's primary email address": Admin SDK, User Aliases): a
  // weaker correlation key than the primary (resolve/alias-matches.ts).
  assign(record, "aliases", aliasesBesides(record.emails, [primaryEmail]));
  const given = user.string("name.givenName");
  const family = user.string("name.familyName");
  const display = user.string("name.fullName");
  if (given !== undefined) record.name.given = given;
  if (family !== undefined) record.name.family = family;
  if (display !== undefined) record.name.display = display;
  assign(record, "employeeId", typed(user.objects("externalIds"), "organization"));
  assign(record, "department", trimmedText(organisation?.["department"]));
  assign(record, "title", trimmedText(organisation?.["title"]));
  const manager = typed(user.objects("relations"), "manager");
  assign(record, "manager", manager === undefined ? undefined : normaliseEmail(manager));
  // Admin flags and the organisational unit are what scope and rules are written on
  // (`where: { isAdmin: true }`, `where: { orgUnitPath: /Contractors }`).
  const attributes: NonNullable<SourceRecord["attributes"]> = {};
  const isAdmin = user.boolean("isAdmin");
  const isDelegatedAdmin = user.boolean("isDelegatedAdmin");
  const orgUnitPath = user.string("orgUnitPath");
  if (isAdmin !== undefined) attributes.isAdmin = isAdmin;
  if (isDelegatedAdmin !== undefined) attributes.isDelegatedAdmin = isDelegatedAdmin;
  if (orgUnitPath !== undefined) attributes.orgUnitPath = orgUnitPath;
  // The customer the user is of ("The customer ID to retrieve all account users", output only:
  // Admin SDK users resource), kept (docs/formats.md) so that source-gate-account can tell an
  // export of another customer from this one's, against the accepted snapshot or gates.account.
  // Absent under a fields= mask that leaves it out: such a user names no customer.
  const customerId = user.string("customerId");
  if (customerId !== undefined && customerId !== "") attributes.googleCustomerId = customerId;
  // Who suspended them: "the reason a user account is suspended either by the administrator or by
  // Google" (Admin SDK User resource, suspensionReason, returned only while suspended). A
  // reviewer tells an administrator's suspension from a hold Google put on the account by it.
  const suspensionReason = suspended ? user.string("suspensionReason") : undefined;
  if (suspensionReason !== undefined && suspensionReason.trim() !== "") attributes.suspensionReason = suspensionReason.trim();
  if (Object.keys(attributes).length > 0) record.attributes = attributes;
  // An administrator's suspension is read as options.disabledMeans says; Google's own holds stay suspended.
  readAdminSuspension(record, suspended, suspensionReason?.trim() || undefined, settings.disabledMeans);
  return record;
}

/** The organisation marked primary, else the only/first one (Google marks at most one). */
function primaryOf(items: JsonObject[]): JsonObject | undefined {
  return items.find((item) => item["primary"] === true) ?? items[0];
}

/** Value of the first entry of a typed list (externalIds, relations) with that type. */
function typed(items: JsonObject[], type: string): string | undefined {
  return trimmedText(items.find((item) => item["type"] === type)?.["value"]);
}

function loginOf(email: string, at: number, settings: GoogleSettings): string {
  const local = email.slice(0, at);
  if (settings.userName === "email") return email;
  if (settings.userName === "auto" && settings.collidingLocalParts.has(local)) return email;
  return local;
}

/** The local part of primaryEmail, lower-cased (for finding collisions before the records are made). */
export function localPart(primaryEmail: string): string | undefined {
  const email = normaliseEmail(primaryEmail);
  const at = email.lastIndexOf("@");
  return at > 0 ? email.slice(0, at) : undefined;
}

// emails[] lists the primary address and aliases, but may also hold home/other addresses entered
// by an admin, and a private address typed "work": only work (or untyped) addresses at the
// organisation's own domains identify the person across systems; the others stay in raw.
function otherAddresses(items: JsonObject[], settings: GoogleSettings): string[] {
  return items
    .filter((item) => settings.emails === "all" || ((item["type"] === undefined || item["type"] === "work") && isOwnDomain(item["address"], settings)))
    .map((item) => trimmedText(item["address"]))
    .filter((address): address is string => address !== undefined);
}

function isOwnDomain(address: unknown, settings: GoogleSettings): boolean {
  if (typeof address !== "string") return false;
  const email = normaliseEmail(address);
  return settings.domains.has(email.slice(email.lastIndexOf("@") + 1));
}


function assign<K extends keyof SourceRecord>(record: SourceRecord, key: K, value: SourceRecord[K] | undefined): void {
  if (value !== undefined) record[key] = value;
}
