// One Okta user (GET /api/v1/users item) → SourceRecord.
import type { RecordKind, SourceRecord } from "../../model/source-record.js";
import { collectEmails } from "../common/emails.js";
import type { JsonEntry } from "../common/json-entry.js";
import { isProtocolKey } from "../common/json-pages.js";
import { flattenJson } from "../common/raw.js";
import { quote } from "../common/text.js";
import { oktaOrgOf } from "../../model/okta-org.js";
import { OKTA_STATUS, oktaStatusWhileTransitioning } from "./status.js";
import { employmentTypeOf } from "../common/employment-type.js";

export interface OktaSettings {
  source: string;
  exportedAt: string;
  /** Lower-cased profile.userType values that mark a service (non-human) account. */
  serviceTypes: ReadonlySet<string>;
  /** options.customDomains: a custom domain (lower case) → the org's own host it stands for (custom-domains.ts). */
  customDomains: ReadonlyMap<string, string>;
  /** options.employmentTypeValues (common/employment-type.ts): profile.userType's words as policies name them. */
  employmentTypes: ReadonlyMap<string, string>;
}

export function oktaRecord(user: JsonEntry, settings: OktaSettings): SourceRecord {
  const externalId = user.requiredString("id", "Export the users with GET /api/v1/users, which returns each user's id.");
  const statusText = user.requiredString("status", "Export the users with GET /api/v1/users, which returns each user's status.");
  const current = OKTA_STATUS[statusText];
  if (current === undefined) {
    throw user.fail(`unknown status ${quote(statusText)}`, `Known Okta statuses: ${Object.keys(OKTA_STATUS).join(", ")}.`);
  }
  // Present only while Okta is still changing the status (status.ts): a deactivation under way
  // already makes a leaver. An unknown value stops the run, as an unknown status does: it might be
  // one that takes access away.
  const transitioning = user.string("transitioningToStatus");
  const target = transitioning === undefined ? undefined : OKTA_STATUS[transitioning];
  if (transitioning !== undefined && target === undefined) {
    throw user.fail(`unknown transitioningToStatus ${quote(transitioning)}`, `Known Okta statuses: ${Object.keys(OKTA_STATUS).join(", ")}.`);
  }
  const status = target === undefined ? current : oktaStatusWhileTransitioning(current, target);
  const userType = user.string("profile.userType");
  const kind: RecordKind = userType !== undefined && settings.serviceTypes.has(userType.toLowerCase()) ? "service-account" : "person";

  const record: SourceRecord = {
    source: settings.source,
    externalId,
    kind,
    userName: user.requiredString("profile.login", "Every Okta user has profile.login; export the full profile."),
    // secondEmail is a recovery address (often private), not an organisational address: raw only.
    emails: collectEmails([user.string("profile.email")]),
    name: {},
    status,
    groups: [],
    raw: flattenJson(user.value, isProtocolKey),
    exportedAt: settings.exportedAt,
    position: user.position,
  };
  // Kept as an attribute (docs/formats.md) so that the offboarding reason can say that Okta is
  // still deactivating the user, and `where:` can select on it.
  if (transitioning !== undefined) record.attributes = { transitioningToStatus: transitioning };
  // The org the user is of, kept (docs/formats.md) so that source-gate-account can tell an export
  // of a preview or sandbox org from this one's, against the accepted snapshot or gates.account.
  const org = oktaOrg(user, settings.customDomains);
  if (org !== undefined) record.attributes = { ...record.attributes, oktaOrg: org };
  const given = user.string("profile.firstName");
  const family = user.string("profile.lastName");
  const display = user.string("profile.displayName");
  if (given !== undefined) record.name.given = given;
  if (family !== undefined) record.name.family = family;
  if (display !== undefined) record.name.display = display;
  assign(record, "employeeId", user.string("profile.employeeNumber"));
  assign(record, "department", user.string("profile.department"));
  assign(record, "title", user.string("profile.title"));
  assign(record, "manager", user.string("profile.managerId"));
  assign(record, "employmentType", employmentTypeOf(userType, settings.employmentTypes));
  return record;
}

function assign<K extends keyof SourceRecord>(record: SourceRecord, key: K, value: SourceRecord[K] | undefined): void {
  if (value !== undefined) record[key] = value;
}

/** The org `_links.self.href` names; undefined where the export was saved without `_links` (nothing to bind: a gates.account then fails). */
function oktaOrg(user: JsonEntry, customDomains: ReadonlyMap<string, string>): string | undefined {
  const self = user.string("_links.self.href");
  if (self === undefined) return undefined;
  const org = oktaOrgOf(self);
  if (org === undefined) {
    throw user.fail(`_links.self.href ${quote(self)} is not an Okta user URL (https://ORG/api/v1/users/ID)`, "Save each page's response body of GET /api/v1/users as Okta returns it: each user's self link names the org it was read from.");
  }
  return customDomains.get(org) ?? org;
}
