// SAML external identities as a link source in planning, through the real CLI: with
// `options.saml` the connector reads the org's SAML identities (GraphQL, as GitHub serves them:
// organization.samlIdentityProvider.externalIdentities) and reports each account's NameID; an app
// policy with `accounts.samlNameId: email` links an identity to the GitHub account whose NameID is
// its email, whatever the GitHub login is. Plan, apply and drift agree, and a leaver's removal
// lands on the SAML-linked account.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { samlOf, startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { closeGithubLoop, driftLines, planAndApply, twoTeamRepo } from "./helpers/github-loop.js";
import { changeLines, type PolicyRepo, type Person } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-robotics";
let fake: GithubFake;
let repo: PolicyRepo;
let env: Record<string, string>;
const people: Person[] = [
  { worker: "W1", login: "ada", department: "Platform" },
  { worker: "W2", login: "linus", department: "Engineering" },
];
const policy = (samlNameId?: string): Record<string, unknown> => ({
  scope: { include: [{ kinds: ["person"], where: { department: ["Engineering", "Platform"] } }] },
  accounts: { login: "userName", ...(samlNameId ? { samlNameId } : {}) },
  entitlements: [
    { group: "engineering", entitlement: "team:engineering" },
    { group: "platform", entitlement: "team:platform" },
  ],
});

beforeAll(async () => {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
  const o = fake.org;
  o.addMember("lovelace-gh"); // ada's GitHub account: its login is her own choice
  o.addMember("linus"); // no SAML identity yet: linked by login
  o.addMember("old-contractor");
  o.addTeam("platform");
  o.addTeam("engineering");
  const saml = samlOf(o);
  saml.enabled = true;
  // The IdP's NameID is the corporate email, in whatever case the IdP asserts it.
  saml.identities.push({ login: "lovelace-gh", saml: { nameId: "Ada@Corp.Example", username: "ada", emails: ["ada@corp.example"] } });
  saml.identities.push({ login: null, saml: { nameId: "someone@corp.example", emails: [] } }); // never signed in: no user
  env = { GH_TOKEN: fake.token };
  repo = twoTeamRepo(fake, ORG, people, { patGrants: false, deployKeys: false, saml: true });
});

afterAll(() => closeGithubLoop(repo, fake));

describe("github: SAML external identities link accounts in planning", () => {
  it("without accounts.samlNameId, ada has no account by login: the plan would invite a new one", async () => {
    repo.writePolicy(policy());
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual(["create-account ada", "grant ada team:platform", "grant linus team:engineering"]);
  });

  it("with accounts.samlNameId: email, ada is lovelace-gh: grants go to that account, nothing is invited; drift 0", async () => {
    repo.writePolicy(policy("email"));
    const plan = await planAndApply(repo, env);
    expect(changeLines(plan)).toEqual(["grant ada team:platform", "grant linus team:engineering"]);
    expect(plan.changes.find((c) => c.identity === "ada")).toMatchObject({ login: "lovelace-gh", account: String(fake.org.user("lovelace-gh")!.id) });
    expect([...fake.org.teams.get("platform")!.members.keys()].map((id) => fake.org.userById(id).login)).toEqual(["lovelace-gh"]);
    expect(fake.count("orgs/create-invitation")).toBe(0);
    expect(plan.findings.filter((f) => f.rule === "unmanaged-account").map((f) => f.message)).toEqual([expect.stringContaining("old-contractor")]);
    expect(await driftLines(repo, env)).toEqual([]);
  });

  it("ada leaves: the SAML-linked account is the one removed; drift 0", async () => {
    people[0] = { ...people[0]!, status: "Terminated" };
    repo.setPeople(people);
    const plan = await planAndApply(repo, env);
    expect(changeLines(plan)).toEqual(["disable-account ada", "revoke ada team:platform"]);
    expect(plan.changes.every((c) => c.login === "lovelace-gh")).toBe(true);
    expect(fake.org.user("lovelace-gh") && fake.org.members.has(fake.org.user("lovelace-gh")!.id)).toBe(false);
    expect(await driftLines(repo, env)).toEqual([]);
  });
});
