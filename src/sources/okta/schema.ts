// Options of an `okta` source. New options go here: validate, editors and docs/formats.md read it.
import type { AdapterSchema } from "../../model/adapter-schema.js";
import { exportedAt, exportOptions, nonEmptyString } from "../common/schema.js";
import { employmentTypeValuesFor } from "../common/employment-type.js";

export const DEFAULT_SERVICE_TYPES = ["service", "service account", "serviceaccount", "service_account", "system", "bot"];

export const oktaSchema: AdapterSchema = {
  requiredKeys: ["path"],
  options: exportOptions({
    serviceUserTypes: {
      type: "array",
      items: { type: "string" },
      default: DEFAULT_SERVICE_TYPES,
      description: "`profile.userType` values (case-insensitive) that make the record a `service-account`.",
    },
    employmentTypeValues: employmentTypeValuesFor(
      "`profile.userType` values",
      "Okta's base profile attribute `userType` is \"used to describe the organization to the user relationship such as \\\"Employee\\\" or \\\"Contractor\\\"\", \"an arbitrary string value\" (Okta Management API, user profile). `serviceUserTypes` is matched against the export's value, before this map.",
    ),
    pages: {
      type: "string",
      enum: ["checked", "single"],
      default: "checked",
      description: "`checked`: a single file without response headers (no `Link` to check) is read with a `source-unproven-export` warning, and a user it does not list is unknown, not a leaver (the users it lists still count); it stops the run when it holds exactly a full page (200 users). A groups list or a group's member list without headers stops the run whatever it holds: a group or member it lacks would lose the group's access. `single`: each file a path names (`path`, `groups`, a group's `<id>.json`) is a whole list gathered by a tool that follows the links (an SDK collection); no warning, and a user it does not list is gone once the export passes its quality gates. A folder's files are pages, which need their headers whatever `pages` says: point the path at the file itself.",
    },
    customDomains: {
      type: "array",
      items: { type: "string", pattern: "^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$" },
      uniqueItems: true,
      title: "list of host names",
      description: "The org's custom URL domains (`login.example.com`), for an export fetched through one: a user's `_links.self.href` may then name the custom domain rather than the org's own host (Okta uses an org's custom domain in its URLs, and an org may have several, one per brand), and an export may mix the two; `GET /.well-known/okta-organization` answers with the org's own host (`_links.organization`) and its custom domains (`_links.alternate`). A user whose link names a listed domain is of the org `gates.account` names (its own host, `example.okta.com`, which must be set), and `oktaOrg` and [`source-gate-account`](rules.md#source-gate-account) take it as that org. Without it, a custom domain is read as an org of its own, and the gate's message says which of the two hosts is the custom domain.",
    },
    groups: {
      ...nonEmptyString,
      title: "path",
      description: "The `GET /api/v1/groups` export (file or folder of pages), relative to the repository. Set with `groupMembers`.",
    },
    groupMembers: {
      ...nonEmptyString,
      title: "path",
      description: "Folder holding each group's `GET /api/v1/groups/{id}/users` export (`<id>.json` or `<id>/`). Set with `groups`.",
    },
    // The pages' Date headers say when Okta served them (RFC 9110 §6.6.1): link-pages.ts.
    exportedAt: {
      ...exportedAt,
      description: `${String(exportedAt.description).replace(/ Default: .*$/, "")} Default: the oldest \`Date\` header of the pages' saved response headers (\`page-N.headers\`: when Okta served the list; pages served more than an hour apart are refused as two reads stitched together), else the oldest modification time of the files read; with \`groups\`, an older \`Date\` of the groups list or a member list is the export's time.`,
    },
  }),
};
