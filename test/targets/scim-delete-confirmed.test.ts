// A delete-account counts as made only when the user is gone: RFC 7644 section 3.6 lets a server
// keep a deleted resource only if it "MUST return a 404 error code for all operations associated
// with the previously deleted resource". Apps whose DELETE only deactivates (StoryChief: "The
// deleted User will still be returned by GET /Users with the active field set to false"; Zuora's
// DELETE "Deactivates a specific user") had the delete reported applied, and planned again on every
// run. The test server's `deleteDeactivates` answers as they do.
import { describe, expect, it } from "vitest";
import type { ScimServer } from "../servers/scim-server.js";
import { change, connectorFor, createChange, expectTargetError, scimServerPerFile } from "../servers/scim-server-testkit.js";

describe("delete-account against an app whose DELETE only deactivates", () => {
  let server: ScimServer;
  scimServerPerFile((started) => (server = started));

  it("is not counted as made: the error says the app keeps deleted users deactivated and names the setting", async () => {
    await server.inject({ deleteDeactivates: true });
    const connector = connectorFor(server);
    const { account } = await connector.apply(createChange("bob"));
    const error = await expectTargetError(connector.apply(change("delete-account", "bob", { account, anchor: "hr:bob" })));
    expect(error.message).toBe(`target "crm": delete-account bob: scim DELETE /Users/${account}: the app answered the DELETE but GET /Users/${account} still answers "bob", inactive: the app keeps deleted users deactivated, so the account was not deleted (it stays disabled, which offboards it)`);
    expect(error.retryable).toBe(false);
    expect(error.hint).toBe("set targets.crm.options.deletes to deactivate: plans then stop deleting accounts in this app, whose disabled accounts are offboarded already");
    const [held] = (await connector.read()).accounts;
    expect(held).toMatchObject({ id: account, login: "bob", active: false });
  });

  it("with options.deletes: deactivate the error says the app cannot delete", async () => {
    await server.inject({ deleteDeactivates: true });
    const connector = connectorFor(server, { deletes: "deactivate" });
    const { account } = await connector.apply(createChange("bob"));
    const error = await expectTargetError(connector.apply(change("delete-account", "bob", { account, anchor: "hr:bob" })));
    expect(error.message).toContain("the app keeps deleted users deactivated, so the account was not deleted");
    expect(error.hint).toContain("the app cannot delete users over SCIM");
  });

  it("a DELETE the app does not implement (its router's 404 page) is not 'already in place': the GET still answers the user", async () => {
    // Canva: "The Canva SCIM API doesn't implement a REST DELETE operation for a SCIM user".
    await server.inject({ deleteUnrouted: true });
    const connector = connectorFor(server);
    const { account } = await connector.apply(createChange("bob"));
    await connector.apply(change("disable-account", "bob", { account }));
    const error = await expectTargetError(connector.apply(change("delete-account", "bob", { account, anchor: "hr:bob" })));
    expect(error.message).toBe(`target "crm": delete-account bob: scim DELETE /Users/${account}: the app answered the DELETE with 404: Cannot DELETE /scim/v2/Users/${account} but GET /Users/${account} still answers "bob", inactive: the app does not delete users over SCIM, so the account was not deleted (it stays disabled, which offboards it)`);
    expect(error.hint).toBe("set targets.crm.options.deletes to deactivate: plans then stop deleting accounts in this app, whose disabled accounts are offboarded already");
    const log = await server.requestLog();
    expect(log.filter((l) => l.includes(`/Users/${account!}`) && !l.startsWith("PATCH")).map((l) => l.replace(/ \d+ms$/, ""))).toEqual([`DELETE /scim/v2/Users/${account!} 404`, `GET /scim/v2/Users/${account!} 200`]);
    // A 404 for a user that is really gone is still "already in place".
    await server.inject({});
    await connector.apply(change("delete-account", "bob", { account, anchor: "hr:bob" }));
    expect(await connector.apply(change("delete-account", "bob", { account, anchor: "hr:bob" }))).toEqual({ status: "unchanged", account });
  });

  it("a hard delete is confirmed by the GET that answers 404", async () => {
    const connector = connectorFor(server);
    const { account } = await connector.apply(createChange("bob"));
    expect(await connector.apply(change("delete-account", "bob", { account, anchor: "hr:bob" }))).toEqual({ status: "applied", account });
    const log = await server.requestLog();
    expect(log.filter((l) => l.includes(`/Users/${account!}`)).map((l) => l.replace(/ \d+ms$/, ""))).toEqual([`DELETE /scim/v2/Users/${account!} 204`, `GET /scim/v2/Users/${account!} 404`]);
  });
});
