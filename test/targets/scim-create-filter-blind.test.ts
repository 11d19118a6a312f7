// A create looks first for a user already marked with its anchor (the one an earlier attempt made,
// or another writer did) whenever this process's read cannot answer: a retry after a create whose
// answer was lost, or a 409. An app whose user filter finds no one for a user it holds (Snowflake
// answers filters on attributes it does not support 200 with an empty list; an index that lags its
// writes does the same for a user made a moment ago) made that look come back empty: the create
// was sent again, and an app that enforces no unique userName held a second account for the
// person; scimmy, which does, answered 409, and the change failed as "the app already has a user
// that is not marked" with the very user it had made. The whole user list is asked then, as a
// lookup for any other change asks it (lookup.ts, locateUser).
import { describe, expect, it } from "vitest";
import type { ScimServer } from "../servers/scim-server.js";
import { connectorFor, createChange, expectTargetError, scimServerPerFile } from "../servers/scim-server-testkit.js";

describe("create-account against an app whose user filter finds no one", () => {
  let server: ScimServer;
  scimServerPerFile((started) => (server = started));

  const posts = async () => (await server.requestLog()).filter((l) => l.startsWith("POST /scim/v2/Users"));

  it("a retry after a create whose answer was lost finds the user it made in the whole list, and sends no second create", async () => {
    const connector = connectorFor(server);
    await connector.read();
    // The create is carried out and its answer dropped: the change fails retryably.
    await server.inject({ rateLost: 1, methods: ["POST"] });
    const lost = await expectTargetError(connector.apply(createChange("ada")));
    expect(lost.retryable).toBe(true);
    await server.inject({ filterFindsNothing: true });
    const outcome = await connector.apply(createChange("ada"));
    const held = (await server.stats()).store.users;
    expect(held).toBe(1);
    expect(outcome.status).toBe("unchanged");
    expect(await posts()).toHaveLength(1);
  });

  it("without a read, a user the app already holds under the anchor is the one the change makes: no create is sent", async () => {
    const { users } = await server.seed({ users: [{ userName: "ada", externalId: "hr:ada", active: true }] });
    await server.inject({ filterFindsNothing: true });
    const outcome = await connectorFor(server).apply(createChange("ada"));
    expect(outcome).toEqual({ status: "unchanged", account: users.ada });
    expect(await posts()).toEqual([]);
  });

  it("a 409 for a user made since the read is matched in the whole list, not taken for someone else's login", async () => {
    const connector = connectorFor(server);
    await connector.read();
    const { users } = await server.seed({ users: [{ userName: "ada", externalId: "hr:ada", active: true }] });
    await server.inject({ filterFindsNothing: true });
    expect(await connector.apply(createChange("ada"))).toEqual({ status: "unchanged", account: users.ada });
  });

  it("a user who holds the login under another anchor is still refused by the app's 409, naming the login", async () => {
    await server.seed({ users: [{ userName: "ada", externalId: "hr:someone-else", active: true }] });
    await server.inject({ filterFindsNothing: true });
    const error = await expectTargetError(connectorFor(server).apply(createChange("ada")));
    expect(error.message).toContain('409 uniqueness on userName "ada"');
    expect(error.hint).toContain("that is not marked hr:ada");
  });
});
