// What the precompiled validators (validators.generated.ts) call when they run: the formats our
// schemas name, and the helpers of ajv's runtime that its generated code uses. ajv writes both as
// `require(...)` calls, which an ES module cannot make; validator-code.ts points the generated code
// at this module instead, and refuses to write it unless each entry here is the very function a
// runtime-compiled Ajv would call.
import { fullFormats } from "ajv-formats/dist/formats.js";
import equalModule from "ajv/dist/runtime/equal.js";
import ucs2lengthModule from "ajv/dist/runtime/ucs2length.js";
import { isValidDate } from "../model/time.js";

/** Our own format: a calendar date (2026-11-26) or an RFC 3339 date-time; 2026-02-30 and second 60 (a leap second) are refused. */
export const DATE_OR_DATE_TIME = { type: "string", validate: isValidDate } as const;

/** The formats the schemas name, by name: ajv-formats' full (not fast) checks, as `addFormats` registers them, and ours. */
export const SCHEMA_FORMATS = {
  "date-or-date-time": DATE_OR_DATE_TIME,
  "date-time": fullFormats["date-time"],
  uri: fullFormats.uri,
};

/** ajv's runtime helpers, by their file in ajv/dist/runtime/. */
export const AJV_RUNTIME = {
  equal: cjsDefault(equalModule),
  ucs2length: cjsDefault(ucs2lengthModule),
};

// ajv's runtime files are CommonJS with a default export: Node hands an ES module the exports
// object, while bundlers and vitest may hand it the default itself.
function cjsDefault<T>(m: T): T extends { default: infer D } ? D : T {
  return ((m as { default?: unknown }).default ?? m) as T extends { default: infer D } ? D : T;
}
