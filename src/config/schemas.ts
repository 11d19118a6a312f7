import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { isValidDate } from "../model/time.js";
import type { DocKind } from "../model/documents.js";

// schemas/ sits at the package root, two levels up from both src/config and dist/config.
export const SCHEMA_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "schemas");

/** Which schema file validates which document kind. */
export const KIND_SCHEMAS: Record<DocKind, string> = {
  Person: "person.schema.json",
  Group: "group.schema.json",
  ServiceAccount: "service-account.schema.json",
  Agent: "agent.schema.json",
  Links: "links.schema.json",
  AppPolicy: "app-policy.schema.json",
  RuleSet: "rule-set.schema.json",
};
export const CONFIG_SCHEMA = "config.schema.json";

let cache: Map<string, ValidateFunction> | undefined;

/** Compiled validators by schema file name; compiled once per process. */
export function validators(): Map<string, ValidateFunction> {
  if (cache) return cache;
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
  // ajv-formats ships CommonJS with a default export; under NodeNext it arrives wrapped.
  const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => void;
  addFormats(ajv);
  ajv.addFormat("date-or-date-time", { type: "string", validate: isValidDate });
  const files = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith(".schema.json")).sort();
  for (const f of files) ajv.addSchema(JSON.parse(readFileSync(join(SCHEMA_DIR, f), "utf8")) as object, f);
  cache = new Map();
  for (const f of files) {
    if (f === "common.schema.json") continue;
    cache.set(f, ajv.getSchema(f)!);
  }
  return cache;
}
