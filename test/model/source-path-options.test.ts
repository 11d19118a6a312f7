import { describe, expect, it } from "vitest";
import { sourcePathOptions } from "../../src/model/source-path-options.js";
import { getSourceAdapter, sourceTypes } from "../../src/sources/registry.js";

describe("sourcePathOptions", () => {
  it("lists, for every source type, exactly the options its schema declares as paths", () => {
    for (const type of sourceTypes()) {
      const properties = (getSourceAdapter(type).schema.options["properties"] ?? {}) as Record<string, { title?: unknown }>;
      const declared = Object.keys(properties).filter((key) => properties[key]!.title === "path").sort();
      expect([type, ...sourcePathOptions(type)]).toEqual([type, ...declared]);
    }
    expect(sourcePathOptions("constructor")).toEqual([]);
  });
});
