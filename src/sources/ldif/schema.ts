// Options of an `ldif` source. New options go here: validate, editors and docs/formats.md read it.
import type { AdapterSchema } from "../../model/adapter-schema.js";
import { exportOptions, nonEmptyString } from "../common/schema.js";

export const ldifSchema: AdapterSchema = {
  requiredKeys: ["path"],
  options: exportOptions({
    anchor: {
      ...nonEmptyString,
      title: "attribute name",
      description: "Attribute that holds the immutable anchor; an entry without it stops the run. Default: `objectGUID` for AD entries, `entryUUID` otherwise.",
    },
  }),
};
