// Options of a `google` source. New options go here: validate, editors and docs/formats.md read it.
import type { AdapterSchema } from "../../model/adapter-schema.js";
import { exportOptions } from "../common/schema.js";

export const googleSchema: AdapterSchema = {
  requiredKeys: ["path"],
  options: exportOptions({
    userName: {
      type: "string",
      enum: ["local", "email"],
      default: "local",
      description: "The login: the part of `primaryEmail` before `@`, or the whole address.",
    },
  }),
};
