// A create answered 409 (the userName is taken) is "already in place" only when the user the app
// holds is exactly the account the change makes. Another apply may have made it meanwhile; but a
// user the plan's read never listed (an app that cut its list short, awslabs/ssosync#1, or a user
// someone made by hand with the anchor) taken as "already in place" hid the short read for good.
import { describe, expect, it } from "vitest";
import type { ScimServer } from "../servers/scim-server.js";
import { connectorFor, createChange, expectTargetError, scimServerPerFile } from "../servers/scim-server-testkit.js";

describe("create-account meeting a 409 for a user the read did not list", () => {
  let server: ScimServer;
  scimServerPerFile((started) => (server = started));

  it("is already in place when the app's user is the planned account", async () => {
    const connector = connectorFor(server);
    await connector.read();
    // Made after the read, as this change would make it (another apply, another checkout).
    const { users } = await server.seed({ users: [{ userName: "ada", externalId: "hr:ada", emails: [{ value: "Ada@Example.com", type: "work", primary: true }], title: "Engineer" }] });
    const outcome = await connector.apply(createChange("ada", { email: "ada@example.com", title: "Engineer" }));
    expect(outcome).toEqual({ status: "unchanged", account: users.ada });
    expect((await server.stats()).statuses["409"]).toBe(1);
  });

  it("fails, naming what differs, when the app's user is not the planned account", async () => {
    const connector = connectorFor(server);
    await connector.read();
    const { users } = await server.seed({ users: [{ userName: "ada", externalId: "hr:ada", active: false, title: "Contractor" }] });
    const error = await expectTargetError(connector.apply(createChange("ada", { email: "ada@example.com", title: "Engineer" })));
    expect(error.message).toBe(`target "crm": create-account ada: 409: the app already holds a user marked hr:ada ("ada", id ${users.ada}) that the plan did not know of, and it is not the planned account (active, email, title differ)`);
    expect(error.retryable).toBe(false);
    expect(error.hint).toContain("plan again against the live app (plan --live)");
    // Nothing was changed on the user the plan did not know of.
    expect((await server.stats()).requests["PATCH /Users/:id"]).toBeUndefined();
  });
});
