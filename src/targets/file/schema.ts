// What a `file` target accepts in scopesync.yaml. New options go here: validate, editors and
// docs/formats.md read it.
import type { AdapterSchema } from "../../model/adapter-schema.js";

export const fileSchema: AdapterSchema = {
  requiredKeys: ["path"],
  options: { type: "object", additionalProperties: false, properties: {} },
};
