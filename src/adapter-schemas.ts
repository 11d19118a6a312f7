// The published config schema (schemas/config.schema.json) is hand-written except for what the
// adapters declare: the valid source and target types, and what each type's entry accepts. Those
// parts are generated from each adapter folder's schema.ts, so `validate`, editors and docs read
// one declaration. `npm run schemas` rewrites the file; a test fails when it is out of date.
import type { AdapterSchema, JsonSchema } from "./model/adapter-schema.js";
import { getSourceAdapter, sourceTypes } from "./sources/registry.js";
import { getTargetAdapter, targetTypes } from "./targets/registry.js";
import { formatJson } from "./format-json.js";

/** Every source and every target type with its declared schema, in name order. */
export function adapterSchemas(): { sources: Map<string, AdapterSchema>; targets: Map<string, AdapterSchema> } {
  return {
    sources: new Map(sourceTypes().map((type) => [type, getSourceAdapter(type).schema])),
    targets: new Map(targetTypes().map((type) => [type, getTargetAdapter(type).schema])),
  };
}

/** `if the entry's type is T, then it satisfies T's schema`, for each type. */
function byType(kind: string, schemas: ReadonlyMap<string, AdapterSchema>): JsonSchema {
  return {
    description: `What each ${kind} type accepts (generated from the adapters' schema.ts).`,
    allOf: [...schemas].map(([type, schema]) => {
      const optionsRequired = ((schema.options["required"] as string[] | undefined) ?? []).length > 0;
      const required = [...(schema.requiredKeys ?? []), ...(optionsRequired ? ["options"] : [])];
      return {
        if: { type: "object", required: ["type"], properties: { type: { const: type } } },
        // The keys are declared again (as `{}`: anything) because ajv's strict mode wants each
        // required key among the properties beside it; their types are the entry's own.
        then: {
          type: "object",
          ...(required.length > 0 ? { required } : {}),
          properties: { ...Object.fromEntries(required.map((key) => [key, {}])), options: schema.options },
        },
      };
    }),
  };
}

/** The config schema with its generated definitions replaced by the adapters' current ones. */
export function assembleConfigSchema(config: JsonSchema): JsonSchema {
  const { sources, targets } = adapterSchemas();
  const definitions = { ...(config["definitions"] as Record<string, JsonSchema>) };
  definitions["sourceType"] = { type: "string", enum: [...sources.keys()] };
  definitions["sourceOptions"] = byType("source", sources);
  definitions["targetType"] = { type: "string", enum: [...targets.keys()] };
  definitions["targetOptions"] = byType("target", targets);
  return { ...config, definitions };
}

/** The text schemas/config.schema.json must have, given its current text. */
export function configSchemaText(current: string): string {
  return formatJson(assembleConfigSchema(JSON.parse(current) as JsonSchema));
}
