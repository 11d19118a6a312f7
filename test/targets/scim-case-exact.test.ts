// The scim connector reads the app's GET /Schemas once per read (RFC 7644 §4) for each mapped
// attribute's `caseExact` (RFC 7643 §7), records it in the state (attributeCaseExact), and judges
// the app's answers by it: an attribute the app declares case-exact is written when only its case
// differs; one it declares `caseExact: false` is held in any case, as before. An app that serves
// no /Schemas (404, 501) keeps RFC 7643's own values; one that refuses it otherwise is said.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createScimConnector } from "../../src/targets/scim/index.js";
import { startBetterAuthScim, type BetterAuthScim } from "../servers/better-auth-scim.js";
import type { ScimServer } from "../servers/scim-server.js";
import { change, connectorFor, scimServerPerFile, TOKEN_VAR } from "../servers/scim-server-testkit.js";

/** What RFC 7643 §8.7.1 declares for every attribute scopesync maps, as scimmy serves it. */
const RFC_7643 = Object.fromEntries(
  ["costCenter", "department", "displayName", "division", "email", "employeeNumber", "familyName", "formattedName", "givenName", "locale", "nickName", "organization", "preferredLanguage", "profileUrl", "timezone", "title", "userType"].map((name) => [name, false]),
);

describe("scimmy: the app's /Schemas", () => {
  let server!: ScimServer;
  scimServerPerFile((started) => (server = started));
  beforeEach(async () => {
    await server.seed({ users: [{ userName: "ada", externalId: "hr:W1", title: "staff engineer", name: { familyName: "Mcdonald" } }] });
  });

  it("is read once per read, and each mapped attribute's caseExact goes with the state, sorted", async () => {
    const connector = connectorFor(server);
    const state = await connector.read();
    expect(state.attributeCaseExact).toEqual(RFC_7643);
    expect(Object.keys(state.attributeCaseExact!)).toEqual(Object.keys(RFC_7643).sort());
    expect(state.findings ?? []).toEqual([]);
    await connector.read();
    expect((await server.stats()).requests["GET /Schemas"]).toBe(2);
  });

  it("an attribute the app declares case-exact (a sub-attribute too) is read so", async () => {
    await server.inject({ caseExactAttributes: ["title", "name.familyName"] });
    const state = await connectorFor(server).read();
    expect(state.attributeCaseExact).toEqual({ ...RFC_7643, title: true, familyName: true });
  });

  it("a case correction of a case-exact attribute is written and kept; of one compared without case it is already held", async () => {
    await server.inject({ caseExactAttributes: ["title"] });
    const connector = connectorFor(server);
    const [ada] = (await connector.read()).accounts;
    const update = (attributes: Record<string, { from: string; to: string }>) => change("update-account", "ada", { login: "ada", account: ada!.id, attributes });
    expect((await connector.apply(update({ title: { from: "staff engineer", to: "Staff Engineer" } }))).status).toBe("applied");
    expect((await connector.read()).accounts[0]!.attributes.title).toBe("Staff Engineer");
    // familyName is declared `caseExact: false`: the app may hold it in its own case, so nothing is sent.
    expect((await connector.apply(update({ familyName: { from: "Mcdonald", to: "McDonald" } }))).status).toBe("unchanged");
  });

  it.each([404, 501] as const)("an app that answers /Schemas %i serves none: RFC 7643's values hold, and nothing is said", async (status) => {
    await server.inject({ schemasStatus: status });
    const connector = connectorFor(server);
    const state = await connector.read();
    expect(state.attributeCaseExact).toBeUndefined();
    expect(state.findings ?? []).toEqual([]);
    expect((await server.stats()).requests["GET /Schemas"]).toBe(1);
    const update = change("update-account", "ada", { login: "ada", account: state.accounts[0]!.id, attributes: { title: { from: "staff engineer", to: "Staff Engineer" } } });
    expect((await connector.apply(update)).status).toBe("unchanged");
  });

  it("an app that refuses /Schemas otherwise is read as one that serves none, and the plan says so", async () => {
    await server.inject({ schemasStatus: 403 });
    const state = await connectorFor(server).read();
    expect(state.attributeCaseExact).toBeUndefined();
    expect(state.findings).toEqual([expect.objectContaining({ rule: "scim-schemas-unread", severity: "info", message: expect.stringContaining("the app's schemas could not be read (scim GET /Schemas: 403: Schemas are not available to this client)") })]);
    expect(state.accounts.map((a) => a.login)).toEqual(["ada"]);
  });
});

describe("better-auth: the app's /Schemas", () => {
  let server: BetterAuthScim;
  beforeAll(async () => {
    server = await startBetterAuthScim();
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("declares every attribute it has caseExact: false, and leaves out those it has not (nickName, profileUrl): they keep RFC 7643's value", async () => {
    const connector = createScimConnector({ type: "scim", url: server.url, token: `\${env:${TOKEN_VAR}}`, options: { timeoutMs: 5000 } }, { name: "crm", repoDir: "/nonexistent", env: { [TOKEN_VAR]: server.token } });
    const state = await connector.read();
    const { nickName: _n, profileUrl: _p, ...declared } = RFC_7643;
    expect(state.attributeCaseExact).toEqual(declared);
  });
});
