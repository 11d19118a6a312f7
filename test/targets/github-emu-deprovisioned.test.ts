// The connector's read of a member the IdP deprovisioned in an Enterprise Managed Users org: GitHub
// lists them as before, under "a hash of the original username, followed by _SHORTCODE" (GitHub
// docs, "Deprovisioning and reinstating users with SCIM"; the fake's deprovisionManagedUser), with
// their role and teams. The member list has no suspended marker, so the login's shape tells it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGithubConnector } from "../../src/targets/github/index.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";

const ORG = "acme-emu";
let fake: GithubFake;

function read(emu: boolean) {
  return createGithubConnector({ type: "github", org: ORG, token: "${env:T}", options: { deployKeys: false, patGrants: false, enterpriseManagedUsers: emu } }, { name: "github", repoDir: "/nonexistent", env: { T: fake.token } }, { baseUrl: fake.url, waitScale: 0.001 }).read();
}

beforeEach(async () => {
  fake = await startGithubFake({ org: ORG, emu: true });
  fake.org.addMember("ada_acme", "admin");
  fake.org.addMember("dmitri_acme", "admin");
  fake.org.addTeam("platform");
  fake.org.addTeamMember("platform", "dmitri_acme");
});

afterEach(async () => {
  try {
    fake.assertNoViolations();
  } finally {
    await fake.close();
  }
});

describe("github read: a managed user the IdP deprovisioned", () => {
  it("is read with its id, role and teams, marked deprovisionedByIdp; no other member is", async () => {
    const hashed = fake.org.deprovisionManagedUser("dmitri_acme");
    expect(hashed).toMatch(/^[0-9a-f]{32}_acme$/);
    const state = await read(true);
    const accounts = Object.fromEntries(state.accounts.map((a) => [a.login, a]));
    expect(accounts[hashed]).toEqual({ id: String(fake.org.user(hashed)!.id), login: hashed, active: true, attributes: { deprovisionedByIdp: "true" }, entitlements: ["role:admin", "team:platform"] });
    expect(accounts["ada_acme"]!.attributes).toEqual({});
  });

  it("is not marked where the IdP does not deprovision (a github.com org that is not EMU: the login is the user's own choice)", async () => {
    const hashed = fake.org.deprovisionManagedUser("dmitri_acme");
    const state = await read(false);
    expect(state.accounts.find((a) => a.login === hashed)!.attributes).toEqual({});
  });
});
