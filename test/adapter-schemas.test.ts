import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatsDocText } from "../src/adapter-docs.js";
import { adapterSchemas, configSchemaText } from "../src/adapter-schemas.js";
import type { JsonSchema } from "../src/model/adapter-schema.js";
import { EMPLOYMENT_TYPE_SOURCES } from "../src/model/employment-types.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const read = (file: string): string => readFileSync(ROOT + file, "utf8");

// The adapters' schema.ts files are the one declaration of their options; what is generated from
// them must be what is committed, or editors and readers see something validate does not check.
describe("generated from the adapters' schemas", () => {
  it("schemas/config.schema.json is up to date (run `npm run schemas`)", () => {
    const current = read("schemas/config.schema.json");
    expect(configSchemaText(current)).toBe(current);
  });

  it("the option and capability tables of docs/formats.md are up to date (run `npm run schemas`)", () => {
    const current = read("docs/formats.md");
    expect(formatsDocText(current)).toBe(current);
    const blocks = [...current.matchAll(/<!-- BEGIN generated: ([a-z -]+) -->/g)].map((m) => m[1]);
    const { sources, targets } = adapterSchemas();
    expect(blocks.sort()).toEqual([
      ...[...sources.keys()].map((t) => `source ${t} options`),
      "target capabilities",
      ...[...targets.keys()].map((t) => `target ${t} options`),
    ].sort());
  });

  it("the published schema carries each type's options, so editors see them", () => {
    const published = JSON.parse(read("schemas/config.schema.json")) as { definitions: Record<string, { enum?: string[]; allOf?: Array<{ then: { properties: { options: JsonSchema } } }> }> };
    const { sources, targets } = adapterSchemas();
    expect(published.definitions["sourceType"]!.enum).toEqual([...sources.keys()]);
    expect(published.definitions["targetType"]!.enum).toEqual([...targets.keys()]);
    expect(published.definitions["sourceOptions"]!.allOf!.map((b) => b.then.properties.options)).toEqual([...sources.values()].map((s) => s.options));
    expect(published.definitions["targetOptions"]!.allOf!.map((b) => b.then.properties.options)).toEqual([...targets.values()].map((s) => s.options));
  });

  it("every option of every type is a closed mapping with a described, typed entry", () => {
    const { sources, targets } = adapterSchemas();
    for (const [where, schema] of [...[...sources].map(([t, s]) => [`source ${t}`, s] as const), ...[...targets].map(([t, s]) => [`target ${t}`, s] as const)]) {
      expect(schema.options["type"], where).toBe("object");
      expect(schema.options["additionalProperties"], `${where}: unknown options are errors`).toBe(false);
      for (const [name, option] of Object.entries(schema.options["properties"] as Record<string, JsonSchema>)) {
        expect(typeof option["description"], `${where} option ${name} has a description`).toBe("string");
        expect(option["type"] ?? option["anyOf"] ?? option["$ref"], `${where} option ${name} has a type`).toBeDefined();
      }
    }
  });
});

// model/employment-types.ts lists the source types whose records carry a mapped employment type,
// for the check of policies that name a word the map rewrites (config/rewritten-employment-types.ts):
// the list is the adapters' own, read from their schemas, so a source given the option joins it.
describe("the sources that map an employment type", () => {
  it("are the source types whose options take employmentTypeValues", () => {
    const withOption = [...adapterSchemas().sources].filter(([, schema]) => (schema.options["properties"] as Record<string, unknown> | undefined)?.["employmentTypeValues"] !== undefined).map(([type]) => type);
    expect(withOption.sort()).toEqual([...EMPLOYMENT_TYPE_SOURCES].sort());
  });
});
