// A link (update-account setting externalId) counts as made only when the app shows it: RFC 7644
// §3.5.2 makes a 200 answer the user after the change. An app that accepts externalId and keeps
// none (open-webui's SCIM PATCH "silently ignores" such changes and answers the user as it was,
// open-webui/open-webui#30074) had the link counted "applied", and the same link planned and
// applied on every run. The test server's `dropExternalId` keeps none.
import { describe, expect, it } from "vitest";
import type { ScimServer } from "../servers/scim-server.js";
import { change, connectorFor, expectTargetError, scimServerPerFile } from "../servers/scim-server-testkit.js";

describe("a link the app does not keep", () => {
  let server: ScimServer;
  scimServerPerFile((started) => (server = started));

  const link = (account: string) => change("update-account", "ada", { account, anchor: "hr:ada", login: "ada", attributes: { externalId: { from: null, to: "hr:ada" } } });

  it("fails, saying the app keeps no externalId and pointing to accounts.linkBy: login", async () => {
    const { users } = await server.seed({ users: [{ userName: "ada" }] });
    await server.inject({ dropExternalId: true });
    const connector = connectorFor(server);
    await connector.read();
    const account = users.ada!;
    const error = await expectTargetError(connector.apply(link(account)));
    expect(error.message).toBe(`target "crm": update-account ada: scim PATCH /Users/${account}: the app answered the user "ada" with no externalId, not "hr:ada": the app does not keep externalId, so the account was not linked`);
    expect(error.hint).toBe('set accounts.linkBy: login in the app policy of target "crm" (docs/formats.md, accounts.linkBy): accounts are then linked by userName and scopesync writes no externalId; or make the app keep externalId');
    expect((await connector.read()).accounts[0]?.externalId).toBeUndefined();
  });

  it("a 204 answer is read back, and the link the app keeps is applied", async () => {
    const { users } = await server.seed({ users: [{ userName: "ada" }] });
    const account = users.ada!;
    await server.inject({ dropExternalId: true, patchNoContent: true });
    const dropped = connectorFor(server);
    await dropped.read();
    const error = await expectTargetError(dropped.apply(link(account)));
    expect(error.message).toContain(`scim GET /Users/${account} after the update: the app answered the user "ada" with no externalId`);
    await server.inject({});
    const kept = connectorFor(server);
    await kept.read();
    expect(await kept.apply(link(account))).toEqual({ status: "applied", account });
    expect((await kept.read()).accounts[0]?.externalId).toBe("hr:ada");
  });
});
