// What a `scim` target accepts in scopesync.yaml. New options go here: validate, editors and
// docs/formats.md read it; settings.ts keeps what a schema cannot say (the URL's scheme, the token).
import type { AdapterSchema } from "../../model/adapter-schema.js";
import { TARGET_CAPABILITIES } from "../../model/target-types.js";

/** `options` of a scim target as the schema below admits them. */
export interface ScimOptions { pageSize?: number; timeoutMs?: number; maxConcurrency?: number }

export const SCIM_DEFAULTS = { pageSize: 100, timeoutMs: 30_000, maxConcurrency: TARGET_CAPABILITIES.scim.maxConcurrency };

export const scimSchema: AdapterSchema = {
  requiredKeys: ["url", "token"],
  options: {
    type: "object",
    additionalProperties: false,
    properties: {
      pageSize: {
        type: "integer", minimum: 1, maximum: 1000, default: SCIM_DEFAULTS.pageSize,
        description: "Page size asked for when listing; the server may give fewer (pages follow totalResults).",
      },
      timeoutMs: { type: "integer", minimum: 1, maximum: 600_000, default: SCIM_DEFAULTS.timeoutMs, description: "Per-request timeout." },
      maxConcurrency: {
        type: "integer", minimum: 1, maximum: 64, default: SCIM_DEFAULTS.maxConcurrency,
        description: "Changes sent at once; lowers the apply's own limit.",
      },
    },
  },
};
