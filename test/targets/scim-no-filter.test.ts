// Filtering is OPTIONAL in SCIM (RFC 7644 §3.4.2.2). An app whose ServiceProviderConfig says
// `filter.supported: false`, or that answers a filter 400 invalidFilter (Snowflake does for the
// filters it does not support, docs.snowflake.com bcr-2276), could never have a group member
// granted or revoked: every grant and revoke looked the group up by `filter=displayName eq "…"`
// and gave up on the 400. Such an app's groups (and users) are now found in its whole list.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { change, connectorFor } from "../servers/scim-server-testkit.js";

const users = [{ userName: "ada", externalId: "hr:ada" }, { userName: "alan", externalId: "hr:alan" }];
const groups = [{ displayName: "Admins", members: ["ada", "alan"] }, { displayName: "Engineering", members: ["ada"] }];
const filtered = async (server: ScimServer) => (await server.requestLog()).filter((l) => l.includes("filter="));

for (const app of [
  { name: "says filter.supported: false and answers a filter 400", filter: false },
  { name: "says it filters but answers every filter 400 invalidFilter", filter: true },
]) {
  describe(`an app that ${app.name}`, () => {
    let server: ScimServer;
    beforeAll(async () => {
      server = await startScimServer({ filter: app.filter });
      await server.inject({ refuseFilter: true });
    });
    afterAll(async () => {
      await server?.stop();
    });

    it("revokes and grants group members, finding the group in the whole list", async () => {
      const { users: ids } = await server.seed({ users, groups });
      const connector = connectorFor(server);
      await connector.read();
      expect(await connector.apply(change("revoke", "alan", { account: ids.alan!, entitlement: "group:Admins" }))).toEqual({ status: "applied", account: ids.alan! });
      expect(await connector.apply(change("grant", "alan", { account: ids.alan!, entitlement: "group:Engineering" }))).toEqual({ status: "applied", account: ids.alan! });
      expect(await server.members()).toEqual({ Admins: ["ada"], Engineering: ["ada", "alan"] });
      // An app that says it does not filter is never sent one; one that says it does is, and its 400 is not the end.
      expect((await filtered(server)).length > 0).toBe(app.filter);
      // A user found by login without an id (no filter to ask with) is found too.
      const fresh = connectorFor(server);
      expect(await fresh.apply(change("disable-account", "ada", { login: "ada", anchor: "hr:ada" }))).toEqual({ status: "applied", account: ids.ada! });
    });
  });
}
