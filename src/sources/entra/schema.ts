// Options of an `entra` source. New options go here: validate, editors and docs/formats.md read it.
import type { AdapterSchema } from "../../model/adapter-schema.js";
import { exportOptions } from "../common/schema.js";

export const entraSchema: AdapterSchema = { requiredKeys: ["path"], options: exportOptions() };
