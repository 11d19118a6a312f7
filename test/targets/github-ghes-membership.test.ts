// GitHub Enterprise Server membership: no invitations API, so create-account is
// PUT /orgs/{org}/memberships/{username}. GHES's "Adding people to your organization" adds the
// person at once (no acceptance step), and the operation's 200 example is an active membership:
// the fake answers `state: active` and the next read lists the member, so the next plan is empty.
// The operation's description also carries github.com's sentence ("pending until they accept"):
// with a server that answers so, nothing can list the pending membership (GHES has no
// /orgs/{org}/invitations), so the plan shows the create-account until it is accepted, and apply
// answers `unchanged` without asking again.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Change } from "../../src/model/change.js";
import type { TargetConnector } from "../../src/targets/connector.js";
import { createGithubConnector } from "../../src/targets/github/index.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";

const ORG = "acme-robotics";
let fake: GithubFake;

function connector(): TargetConnector {
  return createGithubConnector({ type: "github", org: ORG, token: "${env:T}", options: { deployKeys: false, patGrants: false } }, { name: "github", repoDir: "/nonexistent", env: { T: fake.token } }, { baseUrl: fake.url, waitScale: 0.001 });
}

const join: Change = { id: "c1", target: "github", action: "create-account", identity: "dana", login: "dana", privileged: false, origin: "source", reason: "joiner", evidence: [] };
const logins = async (gh: TargetConnector): Promise<string[]> => (await gh.read()).accounts.map((a) => `${a.login}${a.attributes.pending ? " (pending)" : ""}`);

beforeEach(async () => {
  fake = await startGithubFake({ org: ORG, ghes: "3.17" });
  fake.org.addUser("dana");
});

afterEach(async () => {
  try {
    fake.assertNoViolations();
  } finally {
    await fake.close();
  }
});

describe("GitHub Enterprise Server 3.17: PUT membership, active vs pending", () => {
  it("adds the member at once (state active, validated against GHES's description): the next read lists them, a re-run is unchanged", async () => {
    const gh = connector();
    expect(await gh.apply(join)).toMatchObject({ status: "applied" });
    const res = await fetch(`${fake.url}/orgs/${ORG}/memberships/dana`, { headers: { authorization: `token ${fake.token}` } });
    expect(((await res.json()) as { state: string }).state).toBe("active");
    expect(await logins(gh)).toEqual(["dana", "scopesync-bot"]);
    expect(await gh.apply(join)).toMatchObject({ status: "unchanged" });
    expect(fake.count("orgs/set-membership-for-user")).toBe(1);
    expect(fake.count("orgs/create-invitation")).toBe(0);
  });

  it("a server that answers pending: not listed until accepted, never asked twice; listed (drift over) once accepted", async () => {
    fake.org.ghesAddsPending = true;
    const gh = connector();
    expect(await gh.apply(join)).toMatchObject({ status: "applied" });
    expect(await logins(gh)).toEqual(["scopesync-bot"]);
    expect(await gh.apply(join)).toMatchObject({ status: "unchanged" });
    expect(fake.count("orgs/set-membership-for-user")).toBe(1);
    fake.org.acceptInvitation("dana");
    expect(await logins(gh)).toEqual(["dana", "scopesync-bot"]);
  });
});
