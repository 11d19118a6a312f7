// rv83 finding 1, GitHub's side: an organization's login can pass to another org (the old one
// renamed or deleted, the login taken), its numeric id never does. The github read records the
// org's id (GET /orgs/{org}), `state pull` writes it to the state file (tenantId), the plan
// records it (targets.github.tenantId), and apply refuses a live read of an org with another id
// under the same login, before anything is written, even when the same people are its members
// (GitHub users are global). The GitHub fake, driven by the real @octokit/rest and checked against
// GitHub's OpenAPI description.
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { githubFakePerTest } from "../helpers/github-fake-per-test.js";
import { PolicyRepo } from "./helpers/policy-repo.js";

const ORG = "acme-robotics";
const startFake = githubFakePerTest();

describe("github: a reviewed plan bound to the organization's id", () => {
  it("state pull records the org's id; apply refuses an org with another id under the same login, and writes nothing", async () => {
    const fake = await startFake({ org: ORG, self: "scopesync-bot", orgId: 41_000_001 });
    for (const login of ["ada", "bob", "cy"]) fake.org.addMember(login);
    fake.org.addTeam("platform");
    const repo = new PolicyRepo({
      targetName: "github",
      target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, deployKeys: false } },
      people: [{ worker: "W1", login: "ada", department: "Platform" }, { worker: "W2", login: "bob", department: "Platform" }, { worker: "W3", login: "cy", department: "Sales" }],
      groups: [{ id: "platform", departments: ["Platform"] }],
      policy: { scope: { include: [{ kinds: ["person"], where: { department: ["Platform"] } }] }, accounts: { login: "userName" }, entitlements: [{ group: "platform", entitlement: "team:platform" }] },
    });
    try {
      const env = { GH_TOKEN: "ghp_fakeTOKEN0123456789abcdefSECRET" };
      const pulled = await repo.cli(["state", "pull"], env);
      expect(pulled.code, pulled.stderr).toBe(0);
      const state = JSON.parse(repo.read("state/github.json")) as { endpoint: string; tenantId: string };
      expect([state.endpoint, state.tenantId]).toEqual([`${fake.url}/orgs/${ORG}`, "41000001"]);
      const planned = await repo.cli(["plan", "--format", "json", "--out", "reviewed.json"], {});
      expect(planned.code, planned.stderr).toBe(0);
      const reviewed = JSON.parse(repo.read("reviewed.json")) as Plan;
      expect(reviewed.targets.github).toMatchObject({ endpoint: `${fake.url}/orgs/${ORG}`, tenantId: "41000001" });
      // cy leaves the scope: the reviewed plan removes them (a revocation apply would carry out).
      expect(reviewed.changes.map((c) => `${c.action} ${c.identity}`)).toContain("disable-account cy");

      // The org is deleted and its login taken by a new org, with the same people in it.
      fake.org.orgId = 41_000_999;
      const before = fake.requests.length;
      const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
      expect(applied.code).toBe(1);
      expect(applied.stderr).toContain(`target "github": the reviewed plan was made from tenant 41000001 of ${fake.url}/orgs/${ORG}; the live read is tenant 41000999`);
      expect(applied.stderr).toContain('check the token the run gives target "github" (GH_TOKEN)');
      expect(fake.requests.slice(before).filter((r) => r.method !== "GET")).toEqual([]);
      expect(fake.org.members.size).toBe(4);
    } finally {
      repo.cleanup();
    }
  });
});
