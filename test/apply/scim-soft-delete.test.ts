// An app whose DELETE /Users/{id} only deactivates (StoryChief: "The deleted User will still be
// returned by GET /Users with the active field set to false",
// https://help.storychief.io/en/articles/11632538-example-deactivate-and-reactivate-users-with-scim;
// Zuora's DELETE "Deactivates a specific user"). Before, apply reported each delete-account
// "applied" and every later plan planned it again, for ever. Now apply says the delete was not
// made and names targets.<name>.options.deletes; set to deactivate, the plan stops at the disable
// (the leaver's disabled account is their offboarding) and stays empty.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { changeLines, PolicyRepo, type Person } from "./helpers/policy-repo.js";

const people: Person[] = [
  { worker: "W1", login: "ada", department: "Engineering" },
  { worker: "W2", login: "bob", department: "Engineering", status: "Terminated" },
];

function repoFor(server: ScimServer, options: Record<string, unknown>): PolicyRepo {
  return new PolicyRepo({
    targetName: "wiki",
    target: { type: "scim", url: server.url, token: "${env:SCIM_TOKEN}", options: { timeoutMs: 5000, ...options } },
    people,
    groups: [],
    policy: { scope: { include: [{ kinds: ["person"], where: { department: ["Engineering"] } }] }, entitlements: [], onLeaveScope: "delete", deleteGracePeriod: "3d" },
  });
}

describe("scim delete-account against an app whose DELETE only deactivates", () => {
  let server: ScimServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    // bob left on 2026-11-20 and his account was disabled on 2026-11-01: past the 3-day grace at NOW.
    server = await startScimServer({ clock: "2026-11-01T00:00:00Z" });
    await server.seed({ users: [{ userName: "ada", externalId: "hr:W1", emails: [{ value: "ada@corp.example", primary: true }] }, { userName: "bob", externalId: "hr:W2", active: false, emails: [{ value: "bob@corp.example", primary: true }] }] });
    await server.inject({ deleteDeactivates: true });
    env = { SCIM_TOKEN: server.token };
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("deletes: remove (the default): the delete is planned, and apply reports it not made, naming the setting", async () => {
    const repo = repoFor(server, {});
    try {
      const { plan } = await repo.plan(env);
      expect(changeLines(plan)).toEqual(["delete-account bob"]);
      const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
      expect(applied.code).not.toBe(0);
      expect(applied.stdout).toContain("applied 0, already in place 0, failed 1");
      expect(applied.stderr).toContain('still answers "bob", inactive: the app keeps deleted users deactivated, so the account was not deleted');
      expect(applied.stderr).toContain("fix: set targets.wiki.options.deletes to deactivate");
      expect(applied.stderr).not.toMatch(/\n\s+at /);
    } finally {
      repo.cleanup();
    }
  });

  it("deletes: deactivate: the disabled leaver is offboarded already, and no delete is planned on any run", async () => {
    const repo = repoFor(server, { deletes: "deactivate" });
    try {
      const { plan } = await repo.plan(env);
      expect(changeLines(plan)).toEqual([]);
      expect(plan.findings.filter((f) => f.identity === "bob")).toEqual([]);
      // An active leaver is disabled as with any app, and then left so.
      repo.setPeople([{ ...people[0]!, status: "Terminated" }, people[1]!]);
      const { plan: next } = await repo.plan(env);
      expect(changeLines(next)).toEqual(["disable-account ada"]);
    } finally {
      repo.cleanup();
    }
  });
});
