// Apps whose Group.members is "returned": "request" (RFC 7643 section 7; RFC 7644 section 3.4.2.5):
// Keycloak's SCIM API since 26.6 ("Make sure Group#members attribute is only returned if requested",
// https://github.com/keycloak/keycloak/pull/47636; its /Schemas says "returned": "request",
// https://github.com/keycloak/keycloak/discussions/54267). The test server's members-on-request mode
// shows a group's members only when `attributes` names them. Read without them, every group looked
// empty (no revoke ever planned); a revoke's group lookup saw no member and counted it done without
// a PATCH; a grant's read-back saw no member and failed a grant the app had made.
// And an app that refuses the `attributes` parameter (a 400) is still read as it shows its groups.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TargetState } from "../../src/model/target-state.js";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { change, connectorFor, scim } from "../servers/scim-server-testkit.js";

const users = [{ userName: "ada", externalId: "hr:W1" }, { userName: "ben", externalId: "hr:W2" }, { userName: "cy", externalId: "hr:W3" }];
const groups = [{ displayName: "Admins", members: ["ada"] }, { displayName: "Engineering", members: ["ada", "ben"] }];

/** userName → sorted entitlements, as the state says. */
const held = (state: TargetState) => Object.fromEntries(state.accounts.filter((a) => a.entitlements.length > 0).map((a) => [a.login, [...a.entitlements]]));
const idOf = (state: TargetState, login: string) => state.accounts.find((a) => a.login === login)!.id;
/** The group requests the server logged (method, path and query, status). */
const groupRequests = async (server: ScimServer) => (await server.requestLog()).filter((l) => /^(GET|PATCH) \/scim\/v2\/Groups/.test(l)).map((l) => l.replace(/ \d+ms$/, ""));
const NAMED = "attributes=displayName%2Cmembers%2Cmeta";

describe("an app whose Group.members is returned only on request (Keycloak 26.6+)", () => {
  let server: ScimServer;
  beforeAll(async () => {
    server = await startScimServer({ mode: "members-on-request" });
  });
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    await server.reset();
    await server.seed({ users, groups });
  });

  it("the read names the members and sees who holds which group", async () => {
    // The app as it answers a client that does not ask: no members anywhere.
    const plain = await scim(server, "GET", "/Groups");
    expect((plain.body.Resources as Array<Record<string, unknown>>).map((g) => [g.displayName, "members" in g])).toEqual([["Admins", false], ["Engineering", false]]);
    const state = await connectorFor(server).read();
    expect(held(state)).toEqual({ ada: ["group:Admins", "group:Engineering"], ben: ["group:Engineering"] });
    expect(state.memberLists).toEqual({ groups: 2, listingMembers: 2, setting: "targets.crm.options.groupMembers" });
    // The page after a first page of fewer than asked, and the startIndex probe, name them too (read.ts).
    expect((await groupRequests(server)).slice(1)).toEqual([`GET /scim/v2/Groups?${NAMED}&startIndex=1&count=100 200`, `GET /scim/v2/Groups?${NAMED}&startIndex=3&count=100 200`, `GET /scim/v2/Groups?${NAMED}&startIndex=2&count=1 200`]);
  });

  it("a revoke takes the member away (not 'already done'), and a grant the app made is confirmed", async () => {
    const connector = connectorFor(server);
    const state = await connector.read();
    const revoke = await connector.apply(change("revoke", "ada", { account: idOf(state, "ada"), entitlement: "group:Admins" }));
    expect(revoke).toEqual({ status: "applied", account: idOf(state, "ada") });
    const grant = await connector.apply(change("grant", "cy", { account: idOf(state, "cy"), entitlement: "group:Engineering" }));
    expect(grant).toEqual({ status: "applied", account: idOf(state, "cy") });
    expect(await server.members()).toEqual({ Admins: [], Engineering: ["ada", "ben", "cy"] });
    // Every group read (the lookups by name, the read-back after a PATCH answered without members) named them.
    const reads = (await groupRequests(server)).filter((l) => l.startsWith("GET "));
    expect(reads.length).toBeGreaterThan(1);
    expect(reads.filter((l) => !l.includes(NAMED))).toEqual([]);
    // Run again, both are found in place: nothing is sent.
    const again = connectorFor(server);
    await again.read();
    expect(await again.apply(change("revoke", "ada", { account: idOf(state, "ada"), entitlement: "group:Admins" }))).toEqual({ status: "unchanged", account: idOf(state, "ada") });
    expect(await again.apply(change("grant", "cy", { account: idOf(state, "cy"), entitlement: "group:Engineering" }))).toEqual({ status: "unchanged", account: idOf(state, "cy") });
  });

  it("a 400 for another reason (a filter the app cannot parse) is not taken for a refusal of attributes", async () => {
    const connector = connectorFor(server);
    const state = await connector.read();
    // scimmy answers 400 invalidFilter ("Unexpected token") to an escaped quote in a filter value,
    // with or without attributes: the second answer is the same 400. The lookup then reads the
    // whole list (an app that does not filter, lookup.ts), members named, and finds no such group.
    const error = await connector.apply(change("grant", "cy", { account: idOf(state, "cy"), entitlement: 'group:Say "hi"' })).then(() => undefined, (e: unknown) => e);
    expect(String(error)).toMatch(/grant cy group:Say "hi": group "Say "hi"" does not exist in the app/);
    expect((await groupRequests(server)).filter((l) => l.includes("filter=")).map((l) => l.replace(/^GET \S+ /, ""))).toEqual(["400", "400"]);
    // Later group reads still name the members: the revoke sees ada in Admins and takes her out.
    expect(await connector.apply(change("revoke", "ada", { account: idOf(state, "ada"), entitlement: "group:Admins" }))).toEqual({ status: "applied", account: idOf(state, "ada") });
    expect((await server.members()).Admins).toEqual([]);
  });
});

describe("an app that refuses the attributes parameter (400)", () => {
  let server: ScimServer;
  beforeAll(async () => {
    server = await startScimServer();
  });
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    await server.reset();
    await server.seed({ users, groups });
    await server.inject({ refuseAttributes: true });
  });

  it("is read as it shows its groups by default, asked with attributes once, and written to as before", async () => {
    const connector = connectorFor(server);
    const state = await connector.read();
    expect(held(state)).toEqual({ ada: ["group:Admins", "group:Engineering"], ben: ["group:Engineering"] });
    expect(await connector.apply(change("revoke", "ada", { account: idOf(state, "ada"), entitlement: "group:Admins" }))).toEqual({ status: "applied", account: idOf(state, "ada") });
    expect(await server.members()).toEqual({ Admins: [], Engineering: ["ada", "ben"] });
    const log = await groupRequests(server);
    expect(log.filter((l) => l.includes("attributes="))).toEqual([`GET /scim/v2/Groups?${NAMED}&startIndex=1&count=100 400`]);
    expect(log[1]).toBe("GET /scim/v2/Groups?startIndex=1&count=100 200");
  });
});
