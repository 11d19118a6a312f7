import { readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ScopesyncError } from "../../src/model/errors.js";
import { getSourceAdapter, readSource, sourceTypes } from "../../src/sources/registry.js";
import { SOURCE_TYPES } from "../../src/model/source-types.js";
import { sourceContext } from "./helpers.js";

const SOURCES = fileURLToPath(new URL("../../src/sources/", import.meta.url));

describe("source registry", () => {
  it("registers exactly one adapter per folder in src/sources/ (except common)", async () => {
    const folders = (await readdir(SOURCES, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory() && entry.name !== "common")
      .map((entry) => entry.name)
      .sort();
    expect(sourceTypes()).toEqual(folders);
    expect(folders).toEqual(["aws-iam", "csv", "entra", "entra-apps", "gcp-iam", "github", "google", "kubernetes", "ldap", "ldif", "okta", "scim"]);
    for (const folder of folders) expect(getSourceAdapter(folder).type).toBe(folder);
  });

  it("implements exactly the types config validation accepts (source-types.ts)", () => {
    expect(sourceTypes()).toEqual([...SOURCE_TYPES].sort());
  });

  it("marks the export-file adapters as not live", () => {
    const files = ["aws-iam", "csv", "entra", "entra-apps", "gcp-iam", "github", "google", "kubernetes", "ldif", "okta", "scim"];
    expect(files.map((type) => getSourceAdapter(type).live)).toEqual(files.map(() => false));
  });

  it("names the valid types when the type is unknown", () => {
    let caught: unknown;
    try {
      getSourceAdapter("workday");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScopesyncError);
    expect((caught as ScopesyncError).message).toBe('Unknown source type "workday". Valid types: aws-iam, csv, entra, entra-apps, gcp-iam, github, google, kubernetes, ldap, ldif, okta, scim');
    expect((caught as ScopesyncError).hint).toBe("Fix the source's type in scopesync.yaml.");
  });

  it("readSource runs the adapter the config names", async () => {
    const records = await readSource(sourceContext("hr", "csv", "csv/custom-columns.csv", {
      exportedAt: "2025-03-01T06:00:00Z",
      columns: { externalId: "Employee #", userName: "Login", status: "Status" },
      statusValues: { current: "active", retired: "terminated" },
    }));
    expect(records.map((r) => [r.source, r.externalId, r.status])).toEqual([
      ["hr", "42", "terminated"],
      ["hr", "43", "active"],
    ]);
  });
});
