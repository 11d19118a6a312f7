// The scim connector against a real SCIM 2.0 server (scimmy + scimmy-routers on express, in a
// child process): create, update, rename, disable, enable, delete, grant, revoke; idempotence;
// errors that say what happened; ETags; and no token anywhere.
import { inspect } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TargetError } from "../../src/targets/target-error.js";
import { createScimConnector } from "../../src/targets/scim/index.js";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { change, connectorFor, createChange, expectTargetError, scim, seenErrors, TOKEN_VAR } from "../servers/scim-server-testkit.js";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
let server: ScimServer;

beforeAll(async () => {
  server = await startScimServer();
  console.log(`scim test server started in ${server.startMs} ms`);
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(async () => {
  await server.reset();
});

describe("settings", () => {
  it("names an unset token variable without printing anything secret", async () => {
    const error = await expectTargetError((async () => createScimConnector({ type: "scim", url: server.url, token: "${env:SCIM_NOPE}" }, { name: "crm", repoDir: ".", env: {} }))());
    expect(error.message).toBe('target "crm": environment variable SCIM_NOPE (the SCIM bearer token) is not set');
    expect(error.hint).toContain("export SCIM_NOPE");
  });

  it("refuses a token that is not an ${env:NAME} reference, without echoing it", async () => {
    const error = await expectTargetError((async () => createScimConnector({ type: "scim", url: server.url, token: "literal-secret-123" }, { name: "crm", repoDir: ".", env: {} }))());
    expect(error.message).toContain("token must be a reference like ${env:NAME}");
    expect(inspect(error)).not.toContain("literal-secret-123");
  });

  it("reports capabilities, and bulk once the ServiceProviderConfig was read", async () => {
    const connector = connectorFor(server);
    const declared = { storesExternalId: true, updatesAccounts: true, supportsDelete: true, supportsCredentials: false, groupNamesIgnoreCase: true, attributeValuesIgnoreCase: true, supportsBulk: false, maxConcurrency: 8 };
    expect(connector.capabilities).toEqual(declared);
    // The test server's ServiceProviderConfig says bulk.supported: only that field changes.
    expect(await connector.discover()).toEqual({ ...declared, supportsBulk: true });
    expect(connector.capabilities.supportsBulk).toBe(true);
  });
});

describe("accounts", () => {
  it("creates a user with mapped attributes and reads it back", async () => {
    const connector = connectorFor(server);
    const outcome = await connector.apply(createChange("ada", { displayName: "Ada Lovelace", email: "ada@example.com", title: "Engineer", department: "R&D", givenName: "Ada", shoeSize: "38" }));
    expect(outcome.status).toBe("applied");
    expect(outcome.account).toMatch(/^[0-9a-f-]{36}$/);

    const state = await connector.read();
    expect(state.accounts).toEqual([{
      id: outcome.account,
      login: "ada",
      externalId: "hr:ada",
      active: true,
      // shoeSize has no place in SCIM core or the enterprise extension: put nowhere.
      attributes: { displayName: "Ada Lovelace", email: "ada@example.com", title: "Engineer", department: "R&D", givenName: "Ada" },
      entitlements: [],
    }]);
    const raw = await scim(server, "GET", `/Users/${outcome.account}`);
    expect(raw.body[ENTERPRISE]).toEqual({ department: "R&D" });
    expect(raw.body.emails).toEqual([{ value: "ada@example.com", type: "work", primary: true }]);
  });

  it("creating twice is unchanged the second time: one user, one POST", async () => {
    const connector = connectorFor(server);
    const first = await connector.apply(createChange("ada"));
    const second = await connector.apply(createChange("ada"));
    expect(second).toEqual({ status: "unchanged", account: first.account });
    const stats = await server.stats();
    expect(stats.store.users).toBe(1);
    expect(stats.requests["POST /Users"]).toBe(1);
  });

  it("after its live read, a create POSTs without a lookup; sent again (a retry after a lost answer) it looks and finds the user", async () => {
    const connector = connectorFor(server);
    await connector.read();
    const first = await connector.apply(createChange("ada"));
    expect(first.status).toBe("applied");
    let stats = await server.stats();
    expect(stats.requests["GET /Users"]).toBe(1); // the read's listing only
    expect(stats.requests["POST /Users"]).toBe(1);
    // The runner retries a change whose answer was lost: that attempt must look before it writes.
    const again = await connector.apply(createChange("ada"));
    expect(again).toEqual({ status: "unchanged", account: first.account });
    stats = await server.stats();
    expect(stats.requests["GET /Users"]).toBe(2);
    expect(stats.requests["POST /Users"]).toBe(1);
    expect(stats.store.users).toBe(1);
  });

  it("after a read that saw two users with one anchor, a create asks the app and refuses to guess", async () => {
    for (const userName of ["ada-1", "ada-2"]) {
      expect((await scim(server, "POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName, externalId: "hr:ada" })).status).toBe(201);
    }
    const connector = connectorFor(server);
    await connector.read();
    const error = await expectTargetError(connector.apply(createChange("ada")));
    expect(error.message).toContain('2 users carry externalId "hr:ada" (ada-1, ada-2)');
    expect((await server.stats()).requests["POST /Users"]).toBe(2); // the two seeded above, none by the connector
  });

  it("a create answered 409 because another writer made the same user since the read (same anchor) is unchanged, that user's", async () => {
    const connector = connectorFor(server);
    await connector.read();
    // A second apply from another checkout creates ada between this one's read and its POST.
    await server.seed({ users: [{ userName: "ada", externalId: "hr:ada" }] });
    const outcome = await connector.apply(createChange("ada"));
    const users = (await scim(server, "GET", "/Users")).body as { Resources: Array<{ id: string; externalId: string }> };
    expect(users.Resources.map((u) => u.externalId)).toEqual(["hr:ada"]);
    expect(outcome).toEqual({ status: "unchanged", account: users.Resources[0]!.id });
  });

  it("surfaces a userName clash as a clear, non-retryable 409", async () => {
    await server.seed({ users: [{ userName: "ada", externalId: "hr:someone-else" }] });
    const error = await expectTargetError(connectorFor(server).apply(createChange("ada")));
    expect(error.message).toMatch(/^target "crm": create-account ada: 409 uniqueness on userName "ada" \(scim POST \/Users: 409 uniqueness: userName "ada" is already in use\)$/);
    expect(error.retryable).toBe(false);
    expect(error.details.status).toBe(409);
    expect(error.hint).toContain("not marked hr:ada");
  });

  it("updates attributes and renames in place; the same update again is unchanged", async () => {
    const ids = await server.seed({ users: [{ userName: "ada", externalId: "hr:ada", title: "Engineer", emails: [{ value: "ada@old.example", type: "work", primary: true }, { value: "ada@home.example", type: "home" }] }] });
    const account = ids.users.ada;
    const connector = connectorFor(server);
    await connector.read();
    const update = change("update-account", "ada", {
      account, anchor: "hr:ada", login: "ada",
      attributes: {
        login: { from: "ada", to: "ada.lovelace" },
        title: { from: "Engineer", to: null },
        department: { from: null, to: "Analytical Engines" },
        email: { from: "ada@old.example", to: "ada@new.example" },
        displayName: { from: null, to: "Ada L." },
      },
    });
    expect(await connector.apply(update)).toEqual({ status: "applied", account });
    expect(await connector.apply(update)).toEqual({ status: "unchanged", account });

    const [acct] = (await connector.read()).accounts;
    expect(acct).toMatchObject({ id: account, login: "ada.lovelace", externalId: "hr:ada" });
    expect(acct!.attributes).toEqual({ department: "Analytical Engines", email: "ada@new.example", displayName: "Ada L." });
    const raw = await scim(server, "GET", `/Users/${account}`);
    // Only the primary address is managed: it is replaced; other addresses stay as they were.
    expect(raw.body.emails).toEqual([{ value: "ada@new.example", type: "work", primary: true }, { value: "ada@home.example", type: "home", primary: false }]);
    expect((await server.stats()).requests["PATCH /Users/:id"]).toBe(1);
  });

  it("a rename onto a taken userName fails with a 409 naming the login", async () => {
    const connector = connectorFor(server);
    await server.seed({ users: [{ userName: "grace" }] });
    const { account } = await connector.apply(createChange("ada"));
    const error = await expectTargetError(connector.apply(change("update-account", "ada", { account, anchor: "hr:ada", attributes: { login: { from: "ada", to: "Grace" } } })));
    expect(error.message).toContain('update-account ada: 409 uniqueness on userName "Grace"');
    expect(error.retryable).toBe(false);
  });

  it("links an unmarked account found by userName (update-account sets externalId)", async () => {
    const ids = await server.seed({ users: [{ userName: "Ada" }] });
    const connector = connectorFor(server);
    // No account id in the change: looked up by anchor (none), then by userName, case-insensitively.
    const outcome = await connector.apply(change("update-account", "ada", { anchor: "hr:ada", login: "Ada", attributes: { externalId: { from: null, to: "hr:ada" } } }));
    expect(outcome).toEqual({ status: "applied", account: ids.users.ada });
    expect((await connector.read()).accounts[0]!.externalId).toBe("hr:ada");
  });

  it("refuses to act on a userName match that belongs to another identity", async () => {
    await server.seed({ users: [{ userName: "ada", externalId: "hr:other" }] });
    const error = await expectTargetError(connectorFor(server).apply(change("disable-account", "ada", { anchor: "hr:ada", login: "ada" })));
    expect(error.message).toContain('user "ada" is marked hr:other, not hr:ada');
    expect((await server.stats()).requests["PATCH /Users/:id"]).toBeUndefined();
  });

  it("disables and enables, each idempotent", async () => {
    const connector = connectorFor(server);
    const { account } = await connector.apply(createChange("ada"));
    const disable = change("disable-account", "ada", { account, anchor: "hr:ada" });
    const enable = change("enable-account", "ada", { account, anchor: "hr:ada" });
    expect((await connector.apply(disable)).status).toBe("applied");
    expect((await connector.read()).accounts[0]!.active).toBe(false);
    expect((await connector.apply(disable)).status).toBe("unchanged");
    expect((await connector.apply(enable)).status).toBe("applied");
    expect((await connector.read()).accounts[0]!.active).toBe(true);
    expect((await connector.apply(enable)).status).toBe("unchanged");
    expect((await server.stats()).requests["PATCH /Users/:id"]).toBe(2);
  });

  it("deletes; deleting again (404) or an account that never existed is unchanged", async () => {
    const connector = connectorFor(server);
    const { account } = await connector.apply(createChange("ada"));
    const del = change("delete-account", "ada", { account, anchor: "hr:ada" });
    expect(await connector.apply(del)).toEqual({ status: "applied", account });
    expect(await connector.apply(del)).toEqual({ status: "unchanged", account });
    expect(await connector.apply(change("delete-account", "bob", { anchor: "hr:bob", login: "bob" }))).toEqual({ status: "unchanged" });
    expect((await server.stats()).store.users).toBe(0);
  });

  it("an update of an account that is gone is a non-retryable 404", async () => {
    const error = await expectTargetError(connectorFor(server).apply(change("update-account", "ada", { account: "no-such-id", attributes: { title: { from: null, to: "x" } } })));
    expect(error.message).toContain("update-account ada: no user with id no-such-id");
    expect(error.retryable).toBe(false);
  });

  it("revoke-credential is refused: SCIM has no credentials", async () => {
    const error = await expectTargetError(connectorFor(server).apply(change("revoke-credential", "svc", { credential: "key-1" })));
    expect(error.message).toContain("SCIM has no credentials to revoke");
    expect(error.retryable).toBe(false);
  });
});

describe("group memberships", () => {
  it("grants and revokes by PATCHing one member; repeats are unchanged; others stay", async () => {
    const ids = await server.seed({ users: [{ userName: "grace" }], groups: [{ displayName: "Sales", members: ["grace"] }] });
    const connector = connectorFor(server);
    const { account } = await connector.apply(createChange("ada"));
    const grant = change("grant", "ada", { anchor: "hr:ada", entitlement: "group:Sales" });
    const revoke = change("revoke", "ada", { account, anchor: "hr:ada", entitlement: "group:Sales" });

    expect(await connector.apply(grant)).toEqual({ status: "applied", account });
    expect(await connector.apply(grant)).toEqual({ status: "unchanged", account });
    let state = await connector.read();
    expect(state.accounts.map((a) => [a.login, a.entitlements])).toEqual([["ada", ["group:Sales"]], ["grace", ["group:Sales"]]]);
    const group = await scim(server, "GET", `/Groups/${ids.groups.Sales}`);
    expect(group.body.members.map((m: { value: string }) => m.value).sort()).toEqual([account, ids.users.grace].sort());

    expect(await connector.apply(revoke)).toEqual({ status: "applied", account });
    expect(await connector.apply(revoke)).toEqual({ status: "unchanged", account });
    state = await connector.read();
    expect(state.accounts.map((a) => [a.login, a.entitlements])).toEqual([["ada", []], ["grace", ["group:Sales"]]]);

    const log = await server.requestLog();
    const patches = log.filter((line) => line.startsWith("PATCH /scim/v2/Groups/"));
    expect(patches).toHaveLength(2);
    // Never a PUT of the group, never a replace of its member list.
    expect(log.some((line) => line.startsWith("PUT "))).toBe(false);
  });

  it("a group the app does not have is a clear error, not a create", async () => {
    const connector = connectorFor(server);
    await connector.apply(createChange("ada"));
    const error = await expectTargetError(connector.apply(change("grant", "ada", { anchor: "hr:ada", entitlement: "group:Admins" })));
    expect(error.message).toBe('target "crm": grant ada group:Admins: group "Admins" does not exist in the app');
    expect(error.hint).toContain("scopesync manages memberships, not groups");
    expect((await server.stats()).requests["POST /Groups"]).toBeUndefined();
  });

  it("refuses entitlements that are not groups", async () => {
    const error = await expectTargetError(connectorFor(server).apply(change("grant", "ada", { anchor: "hr:ada", entitlement: "team:platform" })));
    expect(error.message).toContain('entitlement "team:platform" is not a group');
  });

  it("revoking from an account that no longer exists is unchanged", async () => {
    await server.seed({ groups: [{ displayName: "Sales" }] });
    const outcome = await connectorFor(server).apply(change("revoke", "ada", { account: "gone", entitlement: "group:Sales" }));
    expect(outcome).toEqual({ status: "unchanged" });
  });
});

describe("ETags", () => {
  it("sends If-Match with the version read; on 412 it reads again and retries once", async () => {
    const ids = await server.seed({ users: [{ userName: "ada", externalId: "hr:ada", title: "Engineer" }] });
    const connector = connectorFor(server);
    await connector.read(); // remembers version W/"n" of ada
    // Someone else changes ada in the app after the read.
    const other = await scim(server, "PATCH", `/Users/${ids.users.ada}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "nickName", value: "Countess" }] });
    expect(other.status).toBe(200);

    const outcome = await connector.apply(change("update-account", "ada", { account: ids.users.ada, attributes: { title: { from: "Engineer", to: "Director" } } }));
    expect(outcome.status).toBe("applied");
    const stats = await server.stats();
    expect(stats.statuses["412"]).toBe(1);
    expect(stats.requests["PATCH /Users/:id"]).toBe(3); // the other client's, our 412, our retry
    const raw = await scim(server, "GET", `/Users/${ids.users.ada}`);
    expect(raw.body).toMatchObject({ title: "Director", nickName: "Countess" });
  });

  it("the server rejects a stale If-Match with 412", async () => {
    const ids = await server.seed({ users: [{ userName: "ada" }] });
    const response = await fetch(`${server.url}/Users/${ids.users.ada}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${server.token}`, "content-type": "application/scim+json", "if-match": 'W/"stale"' },
      body: JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "title", value: "x" }] }),
    });
    expect(response.status).toBe(412);
    const current = await fetch(`${server.url}/Users/${ids.users.ada}`, { headers: { authorization: `Bearer ${server.token}` } });
    expect(current.headers.get("etag")).toMatch(/^W\/"\d+"$/);
  });
});

describe("the test server itself", () => {
  it("serves /Bulk with bulkId references, checks member ids and computes User.groups", async () => {
    const bulk = await scim(server, "POST", "/Bulk", {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
      Operations: [
        { method: "POST", bulkId: "u1", path: "/Users", data: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "bulk-ada" } },
        { method: "POST", bulkId: "g1", path: "/Groups", data: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Bulkers", members: [{ value: "bulkId:u1" }] } },
      ],
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body.Operations.map((o: { status: string }) => o.status)).toEqual(["201", "201"]);
    const users = await scim(server, "GET", `/Users?filter=${encodeURIComponent('userName eq "bulk-ada"')}`);
    expect(users.body.totalResults).toBe(1);
    expect(users.body.Resources[0].groups).toEqual([expect.objectContaining({ display: "Bulkers", type: "direct" })]);
    const bad = await scim(server, "POST", "/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Ghosts", members: [{ value: "no-such-user" }] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ scimType: "invalidValue", detail: 'member "no-such-user" does not exist' });
  });
});

describe("authentication", () => {
  it("a wrong token is a non-retryable 401 that does not echo the token", async () => {
    const wrong = "wrong-token-0123456789";
    const error = await expectTargetError(connectorFor(server, {}, wrong).read());
    expect(error.message).toContain("scim GET /ServiceProviderConfig: 401");
    expect(error.retryable).toBe(false);
    expect(error.hint).toContain("SCIM token");
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(wrong);
  });
});

describe("the token never leaks", () => {
  it("appears in no error seen by this file and no request line the server logged", async () => {
    // A few more failures to scan, on top of those the tests above collected.
    const connector = connectorFor(server);
    await expectTargetError(connector.apply(change("update-account", "x", { account: "nope", attributes: { title: { from: null, to: "t" } } })));
    await expectTargetError(connector.apply(change("grant", "x", { account: "nope", entitlement: "group:None" })));
    expect(seenErrors.length).toBeGreaterThanOrEqual(12);
    for (const error of seenErrors) {
      const views = [String(error), JSON.stringify(error), inspect(error, { depth: 10, showHidden: true }), JSON.stringify(Object.entries(error as object)), (error as TargetError).hint ?? ""];
      for (const view of views) expect(view).not.toContain(server.token);
      expect(Object.keys(error as object).sort()).toEqual(["details", "hint", "name", "target"]);
    }
    const log = await server.requestLog();
    expect(log.length).toBeGreaterThan(0);
    for (const line of log) expect(line).not.toContain(server.token);
    expect(server.output()).not.toContain(server.token);
    expect(process.env[TOKEN_VAR]).toBeUndefined(); // the token went through ctx.env only
  });
});
