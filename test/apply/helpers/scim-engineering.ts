// The scimmy SCIM server and a policy repository whose app `crm` gives every person the Engineering
// group, fresh for each test: the setup the journal-reading tests (explain after an apply, an
// offboarding undone by hand, the leavers report) share. Call it at the top of a test file.
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { startScimServer, type ScimServer } from "../../servers/scim-server.js";
import { PolicyRepo, type Person } from "./policy-repo.js";

export interface ScimEngineering {
  server: () => ScimServer;
  repo: () => PolicyRepo;
  env: () => Record<string, string>;
}

export function scimEngineering(people: readonly Person[]): ScimEngineering {
  let server: ScimServer | undefined;
  let repo: PolicyRepo | undefined;
  beforeAll(async () => {
    server = await startScimServer();
  });
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    await server!.reset();
    await server!.seed({ groups: [{ displayName: "Engineering" }] });
    repo = new PolicyRepo({
      targetName: "crm",
      target: { type: "scim", url: server!.url, token: "${env:SCIM_TOKEN}", state: "state/crm.json", options: { timeoutMs: 5000 } },
      people: [...people],
      groups: [{ id: "engineering", departments: ["Engineering"] }],
      policy: { scope: { include: [{ kinds: ["person"] }] }, entitlements: [{ group: "engineering", entitlement: "group:Engineering" }] },
    });
  });
  afterEach(async () => {
    // Faults a test injected end with it: the next test's server answers as scimmy does.
    await server?.inject({});
    repo?.cleanup();
  });
  return { server: () => server!, repo: () => repo!, env: () => ({ SCIM_TOKEN: server!.token }) };
}
