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
