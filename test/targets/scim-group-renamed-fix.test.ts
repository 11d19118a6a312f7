// The fix a failed grant gives when the app has no group of the mapped name. It said "create the
// group" whatever happened: after an app admin renamed the privileged group (PATCH displayName; the
// group keeps its `id`, RFC 7643 §3.1, and its members), following it made a new, empty group under
// the old name, the next apply added people to that decoy, and the real group kept its members.
// Now the fix never says so for a group the state file remembers by id under that name; it names
// what the group is called now. Against the scimmy server, with the connector as apply builds it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createScimConnector } from "../../src/targets/scim/index.js";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { change, createChange, expectTargetError, TOKEN_VAR } from "../servers/scim-server-testkit.js";

let server: ScimServer;
let dir: string;

beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(async () => {
  await server.reset();
  dir = mkdtempSync(join(tmpdir(), "scopesync-scim-renamed-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The connector apply opens: the policy maps group:approvers; `repoDir` may hold a pulled state file. */
function connector() {
  return createScimConnector({ type: "scim", url: server.url, token: `\${env:${TOKEN_VAR}}`, options: { pageSize: 100, timeoutMs: 5000 } }, { name: "crm", repoDir: dir, env: { [TOKEN_VAR]: server.token }, entitlements: ["group:approvers"] });
}

describe("a grant of a group the app has under another name now", () => {
  it("with the state file remembering the group's id: the error names the group's name now, and the fix says not to create one under the old name", async () => {
    const { groups } = await server.seed({ groups: [{ displayName: "Approvers (EMEA)" }] });
    const id = groups["Approvers (EMEA)"]!;
    mkdirSync(join(dir, "state"));
    writeFileSync(join(dir, "state/crm.json"), JSON.stringify({ formatVersion: 1, target: "crm", readAt: "2026-11-02T09:00:00Z", accounts: [], credentials: [], groupIds: [{ entitlement: "group:approvers", id }] }));
    const c = connector();
    await c.apply(createChange("ada"));
    const error = await expectTargetError(c.apply(change("grant", "ada", { anchor: "hr:ada", entitlement: "group:approvers" })));
    expect(error.message).toBe(`target "crm": grant ada group:approvers: group "approvers" does not exist in the app: the group with that name when the state file was pulled (id ${id}) is named "Approvers (EMEA)" now`);
    expect(error.hint).toBe('write group:Approvers (EMEA) in the app policy (and review who holds it), then plan again; do not create a new group "approvers": it would be empty while the renamed one keeps its members');
    expect((await server.stats()).requests["POST /Groups"]).toBeUndefined();
  });

  it("without a state file: the fix puts the rename first, and creating the group only for one that never existed", async () => {
    const c = connector();
    await c.apply(createChange("ada"));
    const error = await expectTargetError(c.apply(change("grant", "ada", { anchor: "hr:ada", entitlement: "group:approvers" })));
    expect(error.message).toBe('target "crm": grant ada group:approvers: group "approvers" does not exist in the app');
    expect(error.hint).toBe('if the group was renamed in the app, write its new name in the app policy (a new group "approvers" would be empty while the renamed one keeps its members); if it never existed, create it in the app (scopesync manages memberships, not groups), or fix the entitlement mapping');
  });
});
