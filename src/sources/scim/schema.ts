// Options of a `scim` source. New options go here: validate, editors and docs/formats.md read it.
import type { AdapterSchema } from "../../model/adapter-schema.js";
import { exportOptions } from "../common/schema.js";

export const scimSchema: AdapterSchema = {
  requiredKeys: ["path"],
  options: exportOptions({
    emails: {
      type: "string",
      enum: ["work", "all"],
      default: "work",
      description: "Which `emails[]` correlate: `work` the primary one and those typed `work`; `all` every address.",
    },
  }),
};
