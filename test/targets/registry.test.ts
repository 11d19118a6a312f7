import { readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ScopesyncError } from "../../src/model/errors.js";
import { TARGET_CAPABILITIES, TARGET_TYPES, type TargetType } from "../../src/model/target-types.js";
import { createConnector, getTargetAdapter, targetTypes } from "../../src/targets/registry.js";
import type { TargetConfig } from "../../src/model/documents.js";

const TARGETS = fileURLToPath(new URL("../../src/targets/", import.meta.url));

// What each connector is built from in these tests: nothing is read or written, building only.
const CONFIGS: Record<TargetType, TargetConfig> = {
  "aws-iam": { type: "aws-iam", options: { accessKeyId: "${env:TOKEN}", secretAccessKey: "${env:TOKEN}" } },
  "entra-apps": { type: "entra-apps", token: "${env:TOKEN}", options: { tenantId: "00000000-0000-0000-0000-000000000001", clientId: "00000000-0000-0000-0000-000000000002" } },
  file: { type: "file", path: "state/app.json" },
  github: { type: "github", org: "acme", token: "${env:TOKEN}" },
  scim: { type: "scim", url: "https://crm.example.com/scim/v2", token: "${env:TOKEN}" },
};

describe("target registry", () => {
  it("registers exactly one connector per folder in src/targets/, and each registered type has a folder", async () => {
    const folders = (await readdir(TARGETS, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(targetTypes()).toEqual(folders);
    expect(folders).toEqual(["aws-iam", "entra-apps", "file", "github", "scim"]);
  });

  it("implements exactly the declared types (TARGET_TYPES), each with a capability declaration", () => {
    expect(targetTypes()).toEqual([...TARGET_TYPES].sort());
    expect(Object.keys(TARGET_CAPABILITIES).sort()).toEqual(targetTypes());
  });

  it("names the valid types (and the target) when the type is unknown", () => {
    let caught: unknown;
    try {
      createConnector({ type: "gitlab" }, { name: "code", repoDir: ".", env: {} });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScopesyncError);
    expect((caught as ScopesyncError).message).toBe('Unknown target type "gitlab" for target "code". Valid types: aws-iam, entra-apps, file, github, scim');
    expect(() => getTargetAdapter("ldap")).toThrow('Unknown target type "ldap". Valid types: aws-iam, entra-apps, file, github, scim');
  });

  it.each(TARGET_TYPES)("the %s connector reports its type's declared capabilities", (type) => {
    const connector = createConnector(CONFIGS[type], { name: "app", repoDir: ".", env: { TOKEN: "t0ken" } });
    expect(connector.type).toBe(type);
    expect(connector.capabilities).toEqual(TARGET_CAPABILITIES[type]);
  });

  it("a connector refines its declaration only by its options (SCIM maxConcurrency)", () => {
    const connector = createConnector({ ...CONFIGS.scim, options: { maxConcurrency: 2 } }, { name: "app", repoDir: ".", env: { TOKEN: "t0ken" } });
    expect(connector.capabilities).toEqual({ ...TARGET_CAPABILITIES.scim, maxConcurrency: 2 });
  });
});
