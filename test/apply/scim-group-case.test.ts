// RFC 7643 §4.2: Group.displayName is caseExact false. A policy that maps `group:sales` to an app
// whose group is "Sales" must plan, apply and drift-check it as one group, even against a server
// (scimmy) whose `eq` filter compares case-sensitively.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { changeLines, PolicyRepo, type Person } from "./helpers/policy-repo.js";
import { scimView } from "./helpers/scim-state.js";

let server: ScimServer;
let repo: PolicyRepo;
let env: Record<string, string>;

const people: Person[] = [
  { worker: "W1", login: "ada", department: "Sales" },
  { worker: "W2", login: "grace", department: "Engineering" },
];

beforeAll(async () => {
  server = await startScimServer();
  await server.seed({ groups: [{ displayName: "Sales" }, { displayName: "Engineering" }] });
  env = { SCIM_TOKEN: server.token };
  repo = new PolicyRepo({
    targetName: "crm",
    target: { type: "scim", url: server.url, token: "${env:SCIM_TOKEN}", options: { timeoutMs: 5000 } },
    people,
    groups: [
      { id: "sales", departments: ["Sales"] },
      { id: "engineering", departments: ["Engineering"] },
    ],
    policy: {
      scope: { include: [{ kinds: ["person"] }] },
      entitlements: [
        { group: "sales", entitlement: "group:sales" },
        { group: "engineering", entitlement: "group:ENGINEERING" },
      ],
    },
  });
});
afterAll(async () => {
  repo?.cleanup();
  await server?.stop();
});

describe("scim (scimmy): group displayName compared case-insensitively", () => {
  it("applies group:sales to the app's group Sales, then drift finds nothing", async () => {
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual(["create-account ada", "create-account grace", "grant ada group:sales", "grant grace group:ENGINEERING"]);
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.stderr).toBe("");
    expect(applied.stdout).toContain("applied 4, already in place 0, failed 0");
    expect((await scimView(server)).groups).toEqual({ Sales: ["ada"], Engineering: ["grace"] });
    const drift = await repo.cli(["drift"], env);
    expect(drift.stderr).toContain("no drift: every target matches the desired state");
    expect(drift.code).toBe(0);
  });

  it("plans nothing on the next run; a mover revokes the app's Engineering under the policy's name", async () => {
    expect(changeLines((await repo.plan(env)).plan)).toEqual([]);
    repo.setPeople([people[0]!, { ...people[1]!, department: "Sales" }]);
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual(["grant grace group:sales", "revoke grace group:ENGINEERING"]);
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.stdout).toContain("applied 2, already in place 0, failed 0");
    expect((await scimView(server)).groups).toEqual({ Sales: ["ada", "grace"], Engineering: [] });
  });
});
