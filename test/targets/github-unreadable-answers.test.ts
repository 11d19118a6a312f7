// An answer whose body is not the JSON GitHub documents for its route (a page cut off by a dropped
// connection, an empty 200, an HTML page from GitHub or a proxy) fails the read, naming the list,
// the route and the page; it never reads as an empty page. Octokit reads such a body as "" and its
// paginate takes "" for an empty page and follows the Link that arrived: a member list read 100
// people short, and they looked like leavers (plan re-invited them, apply kept a reviewed leaver).
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_RETRY, retryingReads, type Timing } from "../../src/apply/retry.js";
import type { TargetError } from "../../src/targets/target-error.js";
import { GithubApi } from "../../src/targets/github/api.js";
import { createGithubConnector } from "../../src/targets/github/index.js";
import { githubSettings } from "../../src/targets/github/settings.js";
import type { TargetConfig } from "../../src/model/documents.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { samlOf } from "../servers/github-fake/handlers-graphql.js";

const ORG = "acme-robotics";
let fake: GithubFake;
afterEach(async () => {
  try {
    fake.assertNoViolations();
  } finally {
    await fake.close();
  }
});

const config = (options: Record<string, unknown> = {}): TargetConfig => ({ type: "github", org: ORG, token: "${env:T}", options: { deployKeys: false, patGrants: false, ...options } }) as TargetConfig;
const ctx = () => ({ name: "github", repoDir: "/nonexistent", env: { T: fake.token } });

/** The connector's read, retried as plan and apply retry it; each failed attempt's message kept. */
async function read(options: Record<string, unknown> = {}): Promise<{ state?: Awaited<ReturnType<ReturnType<typeof createGithubConnector>["read"]>>; failed?: TargetError; notices: string[] }> {
  const connector = createGithubConnector(config(options), ctx(), { baseUrl: fake.url, waitScale: 0.001 });
  const notices: string[] = [];
  const timing: Timing = { sleep: async () => {}, random: () => 0 };
  try {
    const state = await retryingReads(new Map([["github", connector]]), DEFAULT_RETRY, timing, (_t, _n, e) => void notices.push(e.message)).get("github")!.read();
    return { state, notices };
  } catch (e) {
    return { failed: e as TargetError, notices };
  }
}

async function orgOf(members: number): Promise<void> {
  fake = await startGithubFake({ org: ORG });
  for (let i = 1; i < members; i++) fake.org.addMember(`member-${String(i).padStart(3, "0")}`);
}

describe("github: a page of a list whose body did not arrive whole", () => {
  for (const [kind, says] of [["cut-body", /the body was cut off \(\d+ bytes announced by content-length/], ["empty-body", /the body was empty where the route documents JSON/]] as const) {
    it(`${kind} on page 2 of the member list: that attempt fails naming the list and the page, and the retry reads all 250 members`, async () => {
      await orgOf(250);
      fake.injectFault({ kind, operationId: "orgs/list-members", page: 2 });
      const { state, notices } = await read();
      expect(state?.accounts).toHaveLength(250);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toContain(`list the members of ${ORG}: GET /orgs/${ORG}/members?role=all&per_page=100&page=2 (200): `);
      expect(notices[0]).toMatch(says);
    });
  }

  it("a page that never arrives whole: the read gives up naming the list and the page; nobody on it is read as absent", async () => {
    await orgOf(250);
    fake.injectFault({ kind: "empty-body", operationId: "orgs/list-members", page: 2, times: 100 });
    const { state, failed } = await read();
    expect(state).toBeUndefined();
    expect(failed?.message).toMatch(new RegExp(`list the members of ${ORG}: GET /orgs/${ORG}/members\\?role=all&per_page=100&page=2 \\(200\\): the body was empty .*the read gave up after 6 attempts`));
  });

  it("a lookup outside a read (a user by login, a membership) with a body cut off fails; it never gives a user or a state of undefined", async () => {
    await orgOf(2);
    const api = new GithubApi(githubSettings(config(), ctx(), { baseUrl: fake.url, waitScale: 0.001 }));
    fake.injectFault({ kind: "cut-body", operationId: "users/get-by-username" });
    await expect(api.userByLogin("member-001")).rejects.toThrow(/look up user "member-001": GET \/users\/member-001 \(200\): the body was cut off/);
    fake.injectFault({ kind: "empty-body", operationId: "orgs/get-membership-for-user" });
    await expect(api.membership("member-001")).rejects.toMatchObject({ details: { retryable: true } });
    expect(await api.membership("member-001")).toMatchObject({ state: "active", role: "member" });
  });

  it("GraphQL: a cut answer to the collaborators query fails naming POST /graphql, and the retry reads the collaborator", async () => {
    await orgOf(2);
    fake.org.addCollaborator("infra", "member-001", "write");
    fake.injectFault({ kind: "cut-body", operationId: "graphql" });
    const { state, notices } = await read({ repositories: ["infra"] });
    expect(notices).toEqual([expect.stringMatching(/list the direct collaborators of acme-robotics\/infra \(GraphQL\): POST \/graphql \(query collaborators, the first page\) \(200\): the body was cut off/)]);
    expect(state?.accounts.find((a) => a.login === "member-001")?.entitlements).toContain("repo:infra:write");
  });
});

// Octokit's throttling plugin reads a GraphQL answer's `data.errors` before any later wrap of the
// request sees it: an answer without a content type whose body never arrives whole is `data`
// undefined there, and failed as a TypeError naming neither the query nor the page.
describe("github: a GraphQL answer without a content type whose body never arrives whole", () => {
  /** 250 members, each with a SAML identity: three pages of externalIdentities. */
  async function samlOrg(): Promise<void> {
    await orgOf(250);
    const saml = samlOf(fake.org);
    saml.enabled = true;
    for (let i = 1; i < 250; i++) saml.identities.push({ login: `member-${String(i).padStart(3, "0")}`, saml: { nameId: `m${i}@acme.example`, emails: [`m${i}@acme.example`] } });
  }
  const samlPages = () => fake.requests.filter((r) => r.path === "/graphql").map((r) => `${r.page}${r.fault ? ` ${r.fault}` : ""}`);

  it("page 3 of the SAML identities: that attempt fails naming the query and the page, and the retry goes on from page 3", async () => {
    await samlOrg();
    fake.injectFault({ kind: "cut-body", operationId: "graphql", page: 3, untyped: true });
    const { state, notices } = await read({ saml: true });
    expect(notices).toEqual([expect.stringMatching(/^target "github": read the SAML identities of acme-robotics \(GraphQL\): POST \/graphql \(query externalIdentities, the page after "[A-Za-z0-9+/=]+"\) \(200\): the body was cut off \(\d+ bytes announced by content-length/)]);
    for (const n of notices) expect(n).not.toMatch(/TypeError|Cannot read properties/);
    // Pages 1 and 2 are not read again: page 2 is asked once more to check the list did not move.
    expect(samlPages()).toEqual(["1", "2", "3 cut-body", "2", "3"]);
    expect(state?.accounts.filter((a) => a.attributes.samlNameId !== undefined)).toHaveLength(249);
  });

  it("an answer that never arrives: the read gives up naming the query and the page; no SAML identity is read as absent", async () => {
    await samlOrg();
    fake.injectFault({ kind: "cut-body", operationId: "graphql", page: 2, untyped: true, times: 100 });
    const { state, failed } = await read({ saml: true });
    expect(state).toBeUndefined();
    expect(failed?.message).toMatch(/read the SAML identities of acme-robotics \(GraphQL\): POST \/graphql \(query externalIdentities, the page after "[^"]+"\) \(200\): the body was cut off .*the read gave up after 6 attempts/);
  });

  it("an empty one on the first page of the collaborators query is said as empty, naming the query's first page", async () => {
    await orgOf(2);
    fake.org.addCollaborator("infra", "member-001", "write");
    fake.injectFault({ kind: "empty-body", operationId: "graphql", untyped: true });
    const { state, notices } = await read({ repositories: ["infra"] });
    expect(notices).toEqual([expect.stringContaining("list the direct collaborators of acme-robotics/infra (GraphQL): POST /graphql (query collaborators, the first page) (200): the body was empty where the route documents JSON")]);
    expect(state?.accounts.find((a) => a.login === "member-001")?.entitlements).toContain("repo:infra:write");
  });
});

describe("github: an HTML page where GitHub's JSON was expected", () => {
  for (const status of [200, 502]) {
    it(`HTTP ${status}: one line naming the list and the page's title, none of its markup`, async () => {
      await orgOf(2);
      fake.injectFault({ kind: "html-page", operationId: "orgs/list-members", status, times: 100 });
      const { failed, notices } = await read();
      expect(notices).toHaveLength(5);
      // An unreadable 200 names its request itself (answer-body.ts); a refused page is named by its route and page.
      const said = status === 200 ? `GET /orgs/${ORG}/members?role=all&per_page=100 (200): ` : `GET /orgs/${ORG}/members?role=all&per_page=100 (the first page): 502 `;
      expect(failed?.bare).toBe(`list the members of ${ORG}: ${said}GitHub (or a proxy) answered HTML, not JSON: Unicorn! · GitHub (the read gave up after 6 attempts)`);
      for (const n of notices) expect(n).not.toMatch(/<|base64|Cannot use 'in' operator/);
    });
  }
});
