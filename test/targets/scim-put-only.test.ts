// An app that takes no PATCH: its ServiceProviderConfig says `patch.supported: false` (RFC 7643 §5)
// and a PATCH is answered 405 (authentik's SCIM source, goauthentik/authentik#13386, #11249). Every
// user write was a PATCH, so a leaver's disable failed on every run with "plan again" and the
// account stayed active. Users are now replaced with PUT (RFC 7644 §3.5.1), built from a fresh GET;
// group members, which only a PATCH of one member changes safely, fail with a clear error.
import { describe, expect, it } from "vitest";
import type { ScimServer } from "../servers/scim-server.js";
import { change, connectorFor, expectTargetError, scim, scimServerPerFile } from "../servers/scim-server-testkit.js";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

describe("an app that takes PUT only", () => {
  let server: ScimServer;
  scimServerPerFile((started) => (server = started));

  const requests = async () => (await server.requestLog()).filter((l) => /^(PATCH|PUT|GET) \/scim\/v2\/Users\//.test(l)).map((l) => l.replace(/\/Users\/[^ ]+/, "/Users/:id").replace(/ \d+ms$/, ""));

  it("disables a leaver with a PUT of the whole user, keeping what it had", async () => {
    const { users } = await server.seed({ users: [{ userName: "bob", externalId: "hr:bob", title: "Engineer", emails: [{ value: "bob@corp.example", primary: true }], [ENTERPRISE]: { department: "Sales" } }] });
    await server.inject({ patchRefused: true });
    const connector = connectorFor(server);
    await connector.read();
    const account = users.bob!;
    expect(await connector.apply(change("disable-account", "bob", { account }))).toEqual({ status: "applied", account });
    // No PATCH is sent: the ServiceProviderConfig said none is taken. The PUT starts from a fresh GET.
    expect(await requests()).toEqual(["GET /scim/v2/Users/:id 200", "PUT /scim/v2/Users/:id 200"]);
    const after = (await scim(server, "GET", `/Users/${account}`)).body;
    expect(after).toMatchObject({ userName: "bob", externalId: "hr:bob", active: false, title: "Engineer", emails: [{ value: "bob@corp.example", primary: true }], [ENTERPRISE]: { department: "Sales" } });
    // An attribute update and its removal go the same way.
    const update = change("update-account", "bob", { account, attributes: { title: { from: "Engineer", to: "Lead" }, department: { from: "Sales", to: null } } });
    expect(await connector.apply(update)).toEqual({ status: "applied", account });
    const updated = (await scim(server, "GET", `/Users/${account}`)).body;
    expect(updated.title).toBe("Lead");
    expect(updated[ENTERPRISE]?.department).toBeUndefined();
  });

  it("a group membership is refused with an error that names patch support, not 'plan again'", async () => {
    const { users } = await server.seed({ users: [{ userName: "bob", externalId: "hr:bob" }], groups: [{ displayName: "Admins", members: ["bob"] }] });
    await server.inject({ patchRefused: true });
    const connector = connectorFor(server);
    await connector.read();
    const error = await expectTargetError(connector.apply(change("revoke", "bob", { account: users.bob!, entitlement: "group:Admins" })));
    expect(error.message).toBe(`target "crm": revoke bob group:Admins: the app takes no PATCH (ServiceProviderConfig patch.supported: false), and scopesync changes a group's members only by a PATCH of that one member, never by replacing the whole member list (PUT)`);
    expect(error.hint).toBe("remove the member in the app by hand, then run apply again (it finds it done)");
    expect(await server.members()).toEqual({ Admins: ["bob"] });
  });
});
