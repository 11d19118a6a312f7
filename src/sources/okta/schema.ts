// Options of an `okta` source. New options go here: validate, editors and docs/formats.md read it.
import type { AdapterSchema } from "../../model/adapter-schema.js";
import { exportOptions, nonEmptyString } from "../common/schema.js";

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
    pages: {
      type: "string",
      enum: ["checked", "single"],
      default: "checked",
      description: "`checked`: a single file without response headers (no `Link` to check) is read with a `source-unproven-export` warning, and a user it does not list is unknown, not a leaver (the users it lists still count); it stops the run when it holds exactly a full page (200 users). A groups list or a group's member list without headers stops the run whatever it holds: a group or member it lacks would lose the group's access. `single`: each file a path names (`path`, `groups`, a group's `<id>.json`) is a whole list gathered by a tool that follows the links (an SDK collection); no warning, and a user it does not list is gone once the export passes its quality gates. A folder's files are pages, which need their headers whatever `pages` says: point the path at the file itself.",
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
  }),
};
