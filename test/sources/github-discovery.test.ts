// The github discovery source: its fixtures are GitHub's documented response shapes (checked here
// against GitHub's OpenAPI description, the subset the GitHub fake validates with), its ids are the
// github target's credential ids, and a cut-short or altered export is an error at its position.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCredential } from "../../src/targets/github/credential-id.js";
import { githubSource } from "../../src/sources/github/index.js";
import { GithubSpec } from "../servers/github-fake/spec.js";
import { FIXTURES, readError, sourceContext } from "./helpers.js";

const at = { exportedAt: "2026-11-26T06:00:00Z" };
const all = { ...at, deployKeys: "github/deploy-keys", patGrants: "github/pat-grants.json" };
const fixture = (file: string): unknown => JSON.parse(readFileSync(join(FIXTURES, "github", file), "utf8"));

describe("github discovery fixtures are GitHub's response shapes", () => {
  const spec = new GithubSpec();
  it.each([
    ["orgs/list-app-installations", "installations.json"],
    ["repos/list-deploy-keys", "deploy-keys/fleet-services.json"],
    ["repos/list-deploy-keys", "deploy-keys/docs-site.json"],
    ["orgs/list-pat-grants", "pat-grants.json"],
  ])("%s: %s", (operationId, file) => {
    expect(spec.validateResponse(operationId, 200, fixture(file))).toEqual([]);
  });

  it("the check can fail: a grant without token_expires_at is not the documented shape", () => {
    const [grant] = fixture("pat-grants.json") as Array<Record<string, unknown>>;
    delete grant!["token_expires_at"];
    expect(spec.validateResponse("orgs/list-pat-grants", 200, [grant]).join("\n")).toContain("token_expires_at");
  });
});

describe("github discovery source", () => {
  it("a deploy key: GitHub's id, dates, enabled flag and adder, under the id the github target revokes", async () => {
    const records = await githubSource.read(sourceContext("github", "github", "github/installations.json", all));
    const key = records.find((r) => r.externalId === "deploy-key:docs-site:201")!;
    expect(key.owners).toEqual([]);
    expect(key.credentials).toEqual([
      { id: "deploy-key:docs-site:201", type: "ssh-key", issuedAt: "2025-09-01T08:00:00.000Z", lastUsedAt: "2026-01-05T08:00:00.000Z", status: "disabled", principal: "acme-robotics/docs-site", displayName: "docs publisher", cannotExpire: "github-deploy-key", discoveredBy: "github", reportedAt: "github/deploy-keys/docs-site.json entry 1", exportedAt: "2026-11-26T06:00:00.000Z" },
    ]);
    expect(parseCredential(key.credentials![0]!.id)).toEqual({ kind: "deploy-key", repo: "docs-site", keyId: 201 });
    expect(JSON.stringify(records)).not.toContain("AAAAC3NzaC1lZDI1NTE5");
  });

  it("a deploy key GitHub reports with last_used null was never used; one without the field is not known", async () => {
    const records = await githubSource.read(sourceContext("github", "github", "github/installations.json", all));
    const key = records.find((r) => r.externalId === "deploy-key:fleet-services:102")!;
    expect(key.credentials).toEqual([
      { id: "deploy-key:fleet-services:102", type: "ssh-key", issuedAt: "2021-06-01T09:00:00.000Z", neverUsed: true, status: "active", principal: "acme-robotics/fleet-services", displayName: "old build host", cannotExpire: "github-deploy-key", discoveredBy: "github", reportedAt: "github/deploy-keys/fleet-services.json entry 2", exportedAt: "2026-11-26T06:00:00.000Z" },
    ]);
    // An older server that leaves last_used out records nothing: neither a use nor its absence.
    const dir = mkdtempSync(join(tmpdir(), "scopesync-keys-"));
    try {
      const keys = fixture("deploy-keys/fleet-services.json") as Array<Record<string, unknown>>;
      for (const k of keys) delete k["last_used"];
      writeFileSync(join(dir, "fleet-services.json"), JSON.stringify(keys));
      const older = await githubSource.read({ ...sourceContext("github", "github", "github/installations.json", { ...at, deployKeys: dir }) });
      const credential = older.find((r) => r.externalId === "deploy-key:fleet-services:102")!.credentials![0]!;
      expect(credential.neverUsed).toBeUndefined();
      expect(credential.lastUsedAt).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a token grant: owned by the token's user, expiry and last use from GitHub, expired tokens inactive", async () => {
    const records = await githubSource.read(sourceContext("github", "github", "github/installations.json", all));
    const grant = records.find((r) => r.externalId === "pat-grant:25391")!;
    expect(grant.owners).toEqual(["alan"]);
    expect(grant.credentials).toEqual([
      { id: "pat-grant:25391", type: "token", issuedAt: "2025-03-01T10:00:00.000Z", expiresAt: "2025-06-01T10:00:00.000Z", lastUsedAt: "2025-05-30T10:00:00.000Z", status: "inactive", principal: "alan", displayName: "expired experiment", discoveredBy: "github", reportedAt: "github/pat-grants.json entry 3", exportedAt: "2026-11-26T06:00:00.000Z" },
    ]);
    expect(parseCredential(grant.credentials![0]!.id)).toEqual({ kind: "pat-grant", grantId: 25391 });
  });

  it("an App installation: no credential, a suspended one is suspended", async () => {
    const records = await githubSource.read(sourceContext("github", "github", "github/installations.json", at));
    expect(records.map((r) => [r.externalId, r.userName, r.status, r.credentials?.length])).toEqual([
      ["installation:25381", "deploy-bot", "active", 0],
      ["installation:25382", "legacy-ci", "suspended", 0],
    ]);
  });
});

describe("github discovery source refuses bad exports", () => {
  it("installations fewer than total_count (a page not exported)", async () => {
    const e = await readError(githubSource, sourceContext("github", "github", "github/bad/installations-cut.json", at));
    expect(e.message).toBe('source "github": github/bad/installations-cut.json: total_count is 3 but the export holds 2 installations');
    expect(e.hint).toContain("Link header");
  });

  it("a deploy key whose url names another key", async () => {
    const e = await readError(githubSource, sourceContext("github", "github", "github/installations.json", { ...at, deployKeys: "github/bad/key-url.json" }));
    expect(e.message).toBe('source "github": github/bad/key-url.json entry 1: url "https://api.github.com/repos/acme-robotics/fleet-services/keys/999" is not …/repos/OWNER/REPO/keys/101');
  });

  it("the same deploy key in two files", async () => {
    const e = await readError(githubSource, sourceContext("github", "github", "github/installations.json", { ...at, deployKeys: "github/bad/keys-twice" }));
    expect(e.message).toBe('source "github": github/bad/keys-twice/b.json entry 1: deploy-key:fleet-services:101 appears twice (first at github/bad/keys-twice/a.json entry 1)');
  });

  it("a token grant with a date that is not one", async () => {
    const e = await readError(githubSource, sourceContext("github", "github", "github/installations.json", { ...at, patGrants: "github/bad/grant-bad-date.json" }));
    expect(e.message).toMatch(/^source "github": github\/bad\/grant-bad-date\.json entry 1: token_expires_at "16\/05\/2027" is not a date/);
  });
});
