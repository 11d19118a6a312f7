// A write counts as made only as far as the app's answer shows it: RFC 7644 makes a 200 (or 201)
// answer the user after the write (§3.3, §3.5.2). An app that accepts attributes and keeps none
// of them (open-webui's SCIM PATCH "silently ignores" such changes, open-webui/open-webui#30074;
// the test server's `dropAttributes` and `dropExternalId`) had an update of them counted applied
// (only externalId was checked), and the same update planned and "applied" on every run; a create
// whose answer dropped externalId counted applied, and the next plan could not link the account.
// A PUT-only app's disable that did not take was said as "answered the PATCH".
import { describe, expect, it } from "vitest";
import { createScimConnector } from "../../src/targets/scim/index.js";
import type { ScimServer } from "../servers/scim-server.js";
import { change, connectorFor, createChange, expectTargetError, scim, scimServerPerFile, TOKEN_VAR } from "../servers/scim-server-testkit.js";

const LINK_HINT = 'set accounts.linkBy: login in the app policy of target "crm" (docs/formats.md, accounts.linkBy): accounts are then linked by userName and scopesync writes no externalId; or make the app keep externalId';

describe("what the app's answer shows it kept", () => {
  let server: ScimServer;
  scimServerPerFile((started) => (server = started));

  it("an update whose answer lacks an attribute it set fails, naming it and what the app holds", async () => {
    const { users } = await server.seed({ users: [{ userName: "ada", externalId: "hr:ada", title: "Engineer" }] });
    await server.inject({ dropAttributes: ["title", "nickName"] });
    const connector = connectorFor(server);
    await connector.read();
    const account = users.ada!;
    const update = change("update-account", "ada", { account, attributes: { title: { from: "Engineer", to: "Staff Engineer" }, nickName: { from: null, to: "ada" }, displayName: { from: null, to: "Ada Lovelace" } } });
    const error = await expectTargetError(connector.apply(update));
    expect(error.message).toBe(`target "crm": update-account ada: scim PATCH /Users/${account}: the app answered the user "ada" without what the update set: nickName "ada" (it holds none), title "Staff Engineer" (it holds "Engineer"): it did not keep them, so every plan would set them again`);
    expect(error.hint).toBe('the app does not keep nickName, title over SCIM (or another system sets them there): remove nickName, title from accounts.attributes in the app policy of target "crm", or set them in the app by hand');
    expect(error.retryable).toBe(false);
    // What it did keep is kept: only the dropped ones are said, and an update of those alone is applied.
    expect((await scim(server, "GET", `/Users/${account}`)).body.displayName).toBe("Ada Lovelace");
    expect(await connector.apply(change("update-account", "ada", { account, attributes: { displayName: { from: "Ada Lovelace", to: "Ada King" } } }))).toEqual({ status: "applied", account });
  });

  it("an app that stores userName and title in another case kept them (RFC 7643: caseExact false): the create is applied, an externalId in another case is not", async () => {
    await server.inject({ lowerCaseAttributes: ["userName", "title"] });
    const connector = connectorFor(server);
    await connector.read();
    const made = await connector.apply(createChange("Ada", { title: "Staff Engineer" }));
    expect(made.status).toBe("applied");
    const stored = (await scim(server, "GET", `/Users/${made.account}`)).body;
    expect([stored.userName, stored.title, stored.externalId]).toEqual(["ada", "staff engineer", "hr:Ada"]);
    // externalId is caseExact: an app that changes its case did not keep the link.
    await server.inject({ lowerCaseAttributes: ["externalId"] });
    await connector.read();
    const error = await expectTargetError(connector.apply(createChange("Bob")));
    expect(error.message).toContain('with externalId "hr:bob", not "hr:Bob"');
  });

  it("a create whose answer drops externalId fails, naming accounts.linkBy, unless accounts link by login; the account it made is said", async () => {
    await server.inject({ dropExternalId: true });
    const connector = connectorFor(server);
    await connector.read();
    const error = await expectTargetError(connector.apply(createChange("ada", { title: "Engineer" })));
    const { accounts } = await connector.read();
    expect(accounts).toHaveLength(1);
    expect(error.message).toBe(`target "crm": create-account ada: scim POST /Users: created the user "ada" (id ${accounts[0]!.id}), but the app answered the user "ada" with no externalId, not "hr:ada": the app does not keep externalId, so the account was not linked`);
    expect(error.hint).toBe(LINK_HINT);
    expect(error.retryable).toBe(false);
    // Where the app policy links by login (accounts.linkBy: login), the externalId is not needed.
    const byLogin = createScimConnector(
      { type: "scim", url: server.url, token: `\${env:${TOKEN_VAR}}`, options: { pageSize: 100, timeoutMs: 5000 } },
      { name: "crm", repoDir: "/nonexistent", env: { [TOKEN_VAR]: server.token }, linksByLogin: true },
    );
    await byLogin.read();
    expect((await byLogin.apply(createChange("bob", { title: "Engineer" }))).status).toBe("applied");
  });

  it("a create whose answer drops another attribute it set fails, naming it", async () => {
    await server.inject({ dropAttributes: ["title"] });
    const connector = connectorFor(server);
    await connector.read();
    const error = await expectTargetError(connector.apply(createChange("ada", { title: "Engineer" })));
    expect(error.message).toMatch(/^target "crm": create-account ada: scim POST \/Users: created the user "ada" \(id [^)]+\), but the app answered the user "ada" without what the create set: title "Engineer" \(it holds none\): it did not keep it/);
  });

  it("a PUT-only app that does not disable: the error names the PUT it was sent", async () => {
    const { users } = await server.seed({ users: [{ userName: "bob", externalId: "hr:bob" }] });
    await server.inject({ patchRefused: true, dropAttributes: ["active"] });
    const connector = connectorFor(server);
    await connector.read();
    const account = users.bob!;
    const error = await expectTargetError(connector.apply(change("disable-account", "bob", { account })));
    expect(error.message).toBe(`target "crm": disable-account bob: scim PUT /Users/${account}: the app answered the PUT but "bob" is still active: it did not disable the account`);
  });
});
