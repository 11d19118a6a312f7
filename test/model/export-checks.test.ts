// Which sources' absences are leavers, the one predicate the empty-export gate and a leaver's
// reason share. It was "authoritative for status", but an anchor a people source no longer exports
// is a leaver's whatever the source is authoritative for (rv98 H1); only discovery sources, which
// report NHIs, are left out.
import { describe, expect, it } from "vitest";
import { absencesMakeLeavers, exportChecks } from "../../src/model/export-checks.js";
import { DISCOVERY_SOURCE_TYPES, SOURCE_TYPES } from "../../src/model/source-types.js";

describe("absencesMakeLeavers", () => {
  it("holds every people source, whatever it is authoritative for", () => {
    for (const type of SOURCE_TYPES.filter((t) => !DISCOVERY_SOURCE_TYPES.has(t))) {
      for (const authoritative of [undefined, [], ["name"], ["status"]]) {
        expect(absencesMakeLeavers({ type, ...(authoritative ? { authoritative } : {}) }), `${type} ${JSON.stringify(authoritative)}`).toBe(true);
      }
    }
  });

  it("leaves out discovery sources (an AWS account with no IAM users exports nothing)", () => {
    for (const type of DISCOVERY_SOURCE_TYPES) expect(absencesMakeLeavers({ type })).toBe(false);
    expect(absencesMakeLeavers(undefined)).toBe(false);
  });
});

describe("exportChecks", () => {
  it("says a people source's export was checked for being empty, not only a status source's", () => {
    expect(exportChecks({ type: "csv", authoritative: ["name"] })).toBe("only the built-in checks (unique keys, export time, not empty): no gates are configured");
    expect(exportChecks({ type: "okta" })).toBe("only the built-in checks (unique keys, export time, not empty): no gates are configured");
    expect(exportChecks({ type: "csv", gates: { accept: { records: 0, reason: "retired" } } })).toBe("only the built-in checks (unique keys, export time): no gates are configured");
  });
});
