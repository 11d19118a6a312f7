// Options of a `scim` source. New options go here: validate, editors and docs/formats.md read it.
import type { AdapterSchema } from "../../model/adapter-schema.js";
import { exportOptions } from "../common/schema.js";
import { employmentTypeValuesFor } from "../common/employment-type.js";

export const scimSchema: AdapterSchema = {
  requiredKeys: ["path"],
  options: exportOptions({
    emails: {
      type: "string",
      enum: ["work", "all"],
      default: "work",
      description: "Which `emails[]` correlate: `work` the primary one and those typed `work`; `all` every address.",
    },
    employmentTypeValues: employmentTypeValuesFor(
      "`userType` values",
      "RFC 7643 (section 4.1.1) defines `userType` as \"the relationship between the organization and the user\", with \"Contractor\", \"Employee\", \"Intern\", \"Temp\", \"External\" and \"Unknown\" as typical values, \"but any value may be used\".",
    ),
  }),
};
