// The github connector driven through the real @octokit/rest (with its throttling and retry
// plugins) against the OpenAPI-validated fake. What the fake cannot prove is said in the names:
// GitHub's permissions, its pending-vs-active rules beyond the documented ones, real rate limits.
import { createServer, type Socket } from "node:net";
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_RETRY, withRetry, type Timing } from "../../src/apply/retry.js";
import type { TargetConfig } from "../../src/model/documents.js";
import type { Action, Change } from "../../src/model/change.js";
import type { TargetConnector } from "../../src/targets/connector.js";
import { createGithubConnector } from "../../src/targets/github/index.js";
import { TargetError } from "../../src/targets/target-error.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { GithubSpec } from "../servers/github-fake/spec.js";
import { fakeToken } from "../servers/github-fake/tokens.js";

const ORG = "acme-robotics";
let fake: GithubFake;

function connector(options: Record<string, unknown> = {}, env?: Record<string, string | undefined>, token = fake.token): TargetConnector {
  const config: TargetConfig = { type: "github", org: ORG, token: "${env:GH_TEST_TOKEN}", options };
  return createGithubConnector(config, { name: "github", repoDir: "/nonexistent", env: env ?? { GH_TEST_TOKEN: token } }, { baseUrl: fake.url, waitScale: 0.001 });
}

/** The runner's timing with no real waits: what it would have slept is recorded. */
function recordingTiming(): Timing & { slept: number[] } {
  const slept: number[] = [];
  return { slept, sleep: async (ms) => void slept.push(ms), random: () => 0.5 };
}

function change(action: Action, fields: Partial<Change>): Change {
  return { id: `${action}-${fields.login ?? fields.credential}`, target: "github", action, identity: fields.login ?? "someone", privileged: false, origin: "pr", reason: "test", evidence: [], ...fields };
}

async function refusal(p: Promise<unknown>): Promise<TargetError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(TargetError);
  return e as TargetError;
}

const writes = (): number => fake.requests.filter((r) => r.method !== "GET").length;

// The classic token the fake has always taken, plus an App installation token for PAT grants.
const app = fakeToken("app");

beforeEach(async () => {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot", tokens: [{ kind: "classic", value: "ghp_fakeTOKEN0123456789abcdefSECRET", scopes: ["admin:org", "repo"] }, app] });
  const o = fake.org;
  o.addMember("alice", "admin");
  o.addMember("bob", "member");
  o.addMember("carol", "member");
  o.addUser("dave");
  o.addUser("erin");
  o.addTeam("platform");
  o.addTeam("security");
  o.addTeamMember("platform", "alice", "maintainer");
  o.addTeamMember("platform", "bob");
  o.addRepo("infra");
});

afterEach(async () => {
  try {
    fake.assertNoViolations();
  } finally {
    await fake.close();
  }
});

describe("github connector: read", () => {
  it("pages through more than 100 members with Link headers and maps roles, invitations and teams", async () => {
    for (let i = 0; i < 150; i++) fake.org.addMember(`dev-${String(i).padStart(3, "0")}`);
    fake.org.invite("dave", "member");
    fake.org.invite("erin", "admin").teams.set("security", "member");
    const gh = connector();

    const state = await gh.read();

    expect(state.accounts).toHaveLength(4 + 150 + 2);
    expect(fake.requests.filter((r) => r.operationId === "orgs/list-members" && r.path.endsWith("/members")).length).toBeGreaterThanOrEqual(3); // 2 pages of all + owners
    const alice = state.accounts.find((a) => a.login === "alice")!;
    expect(alice).toEqual({ id: String(fake.org.user("alice")!.id), login: "alice", active: true, attributes: { "teamRole:platform": "maintainer" }, entitlements: ["role:admin", "team:platform"] });
    expect(state.accounts.find((a) => a.login === "bob")).toMatchObject({ entitlements: ["team:platform"], attributes: {} });
    expect(state.accounts.find((a) => a.login === "dave")).toEqual({ id: String(fake.org.user("dave")!.id), login: "dave", active: true, attributes: { pending: "true" }, entitlements: [] });
    expect(state.accounts.find((a) => a.login === "erin")).toMatchObject({ attributes: { pending: "true" }, entitlements: ["role:admin", "team:security"] });
    // GitHub has no externalId: the planner links these accounts by login.
    expect(state.accounts.every((a) => a.externalId === undefined)).toBe(true);
    expect(state.accounts.map((a) => a.login).slice(0, 3)).toEqual(["alice", "bob", "carol"]);
  });

  it("reads deploy keys and fine-grained PAT grants as revocable credentials", async () => {
    const key = fake.org.addDeployKey("infra", "svc-ci-deployer-key", "bob");
    const orphan = fake.org.addDeployKey("infra", "legacy-mirror", null);
    const grant = fake.org.addPatGrant("carol", "release-notes-agent");

    // Only a GitHub App installation token can list PAT grants.
    const state = await connector({}, undefined, app.value).read();

    expect(state.credentials).toEqual([
      { id: `deploy-key:infra:${key.id}`, account: String(fake.org.user("bob")!.id), type: "deploy-key", credentialId: "svc-ci-deployer-key", access: "read-only" },
      { id: `deploy-key:infra:${orphan.id}`, account: "", type: "deploy-key", credentialId: "legacy-mirror", access: "read-only" },
      { id: `pat-grant:${grant.id}`, account: String(fake.org.user("carol")!.id), type: "pat-grant", credentialId: "release-notes-agent" },
    ]);
  });

  it("can skip deploy keys and PAT grants", async () => {
    fake.org.addPatGrant("carol", "x");
    const state = await connector({ deployKeys: false, patGrants: false }).read();
    expect(state.credentials).toEqual([]);
    expect(fake.count("orgs/list-pat-grants") + fake.count("repos/list-deploy-keys")).toBe(0);
  });
});

describe("github connector: membership", () => {
  it("invites on create-account; the pending invitation counts as membership and is not re-sent (pending-vs-active acceptance rules: not provable with a fake)", async () => {
    const gh = connector();
    const dave = String(fake.org.user("dave")!.id);

    expect(await gh.apply(change("create-account", { login: "dave" }))).toEqual({ status: "applied", account: dave });
    expect(await gh.apply(change("create-account", { login: "dave" }))).toEqual({ status: "unchanged", account: dave });
    expect(await gh.apply(change("enable-account", { login: "dave", account: dave }))).toEqual({ status: "unchanged", account: dave });

    expect(fake.count("orgs/create-invitation")).toBe(1);
    expect(fake.org.invitations.size).toBe(1);
    const read = (await gh.read()).accounts.find((a) => a.login === "dave");
    expect(read).toMatchObject({ id: dave, active: true, attributes: { pending: "true" } });
  });

  it("does not invite someone who is already an active member", async () => {
    expect(await connector().apply(change("create-account", { login: "bob" }))).toMatchObject({ status: "unchanged" });
    expect(writes()).toBe(0);
  });

  it("enable-account re-invites a removed member (a rehire)", async () => {
    const gh = connector();
    const carol = String(fake.org.user("carol")!.id);
    await gh.apply(change("disable-account", { login: "carol", account: carol }));
    expect(await gh.apply(change("enable-account", { login: "carol", account: carol }))).toEqual({ status: "applied", account: carol });
    expect(fake.org.invitationFor(Number(carol))).toBeDefined();
  });

  it("disable-account on a pending invitee cancels the invitation, then is unchanged", async () => {
    const inv = fake.org.invite("dave");
    const gh = connector();
    expect(await gh.apply(change("disable-account", { login: "dave" }))).toMatchObject({ status: "applied" });
    expect(fake.org.invitations.has(inv.id)).toBe(false);
    expect(await gh.apply(change("disable-account", { login: "dave" }))).toMatchObject({ status: "unchanged" });
  });

  it("disable-account and delete-account both remove an active member, with their team memberships", async () => {
    const gh = connector();
    const bob = String(fake.org.user("bob")!.id);
    expect(await gh.apply(change("disable-account", { login: "bob", account: bob }))).toEqual({ status: "applied", account: bob });
    expect(fake.org.members.has(Number(bob))).toBe(false);
    expect(fake.org.teams.get("platform")!.members.has(Number(bob))).toBe(false);
    expect(await gh.apply(change("delete-account", { login: "bob", account: bob }))).toEqual({ status: "unchanged", account: bob });
    const carol = String(fake.org.user("carol")!.id);
    expect(await gh.apply(change("delete-account", { login: "carol", account: carol }))).toEqual({ status: "applied", account: carol });
  });

  it("addresses a linked account by its id, so a renamed login is followed", async () => {
    const bob = fake.org.user("bob")!;
    fake.org.users.delete("bob");
    bob.login = "bobby";
    fake.org.users.set("bobby", bob);
    expect(await connector().apply(change("disable-account", { login: "bob", account: String(bob.id) }))).toEqual({ status: "applied", account: String(bob.id) });
    expect(fake.org.members.has(bob.id)).toBe(false);
  });

  it("update-account is a no-op: an org cannot change a user's login or profile", async () => {
    const out = await connector().apply(change("update-account", { login: "bob", account: "1", attributes: { login: { from: "bob", to: "robert" } } }));
    expect(out).toEqual({ status: "unchanged", account: "1" });
    expect(fake.requests).toHaveLength(0);
  });

  it("refuses to invite a login GitHub does not know", async () => {
    const e = await refusal(connector().apply(change("create-account", { login: "nobody-here" })));
    expect(e.message).toContain('no GitHub user "nobody-here"');
    expect(e.retryable).toBe(false);
  });
});

describe("github connector: entitlements", () => {
  it("grants and revokes role:admin by setting the membership role", async () => {
    const gh = connector();
    const bob = fake.org.user("bob")!.id;
    expect(await gh.apply(change("grant", { login: "bob", entitlement: "role:admin" }))).toMatchObject({ status: "applied" });
    expect(fake.org.members.get(bob)).toBe("admin");
    expect(await gh.apply(change("grant", { login: "bob", entitlement: "role:admin" }))).toMatchObject({ status: "unchanged" });
    expect(await gh.apply(change("revoke", { login: "bob", entitlement: "role:admin" }))).toMatchObject({ status: "applied" });
    expect(fake.org.members.get(bob)).toBe("member");
    expect(await gh.apply(change("revoke", { login: "bob", entitlement: "role:admin" }))).toMatchObject({ status: "unchanged" });
    expect(fake.count("orgs/set-membership-for-user")).toBe(2);
  });

  it("adds and removes team memberships, keeps a maintainer's role on a repeated grant", async () => {
    const gh = connector();
    const carol = fake.org.user("carol")!.id;
    expect(await gh.apply(change("grant", { login: "carol", entitlement: "team:security" }))).toMatchObject({ status: "applied" });
    expect(fake.org.teams.get("security")!.members.get(carol)).toBe("member");
    expect(await gh.apply(change("grant", { login: "carol", entitlement: "team:security" }))).toMatchObject({ status: "unchanged" });
    expect(await gh.apply(change("grant", { login: "alice", entitlement: "team:platform" }))).toMatchObject({ status: "unchanged" });
    expect(fake.org.teams.get("platform")!.members.get(fake.org.user("alice")!.id)).toBe("maintainer");
    expect(await gh.apply(change("revoke", { login: "carol", entitlement: "team:security" }))).toMatchObject({ status: "applied" });
    expect(fake.org.teams.get("security")!.members.has(carol)).toBe(false);
    expect(await gh.apply(change("revoke", { login: "carol", entitlement: "team:security" }))).toMatchObject({ status: "unchanged" });
  });

  it("gives a pending invitee a pending team membership that read() reports", async () => {
    fake.org.invite("dave");
    const gh = connector();
    expect(await gh.apply(change("grant", { login: "dave", entitlement: "team:security" }))).toMatchObject({ status: "applied" });
    expect((await gh.read()).accounts.find((a) => a.login === "dave")?.entitlements).toEqual(["team:security"]);
    fake.org.acceptInvitation("dave");
    expect((await gh.read()).accounts.find((a) => a.login === "dave")).toMatchObject({ attributes: {}, entitlements: ["team:security"] });
  });

  it("refuses a grant to a non-member (GitHub would invite them) and an unknown entitlement", async () => {
    const gh = connector();
    const e1 = await refusal(gh.apply(change("grant", { login: "erin", entitlement: "team:platform" })));
    expect(e1.message).toContain("not a member of acme-robotics");
    expect(fake.org.invitations.size).toBe(0);
    const e2 = await refusal(gh.apply(change("grant", { login: "bob", entitlement: "repo:infra" })));
    expect(e2.message).toContain('unknown entitlement "repo:infra"');
    expect(writes()).toBe(0);
  });

  it("revokes a deploy key and a PAT grant, then answers unchanged", async () => {
    const key = fake.org.addDeployKey("infra", "ci", "bob");
    const grant = fake.org.addPatGrant("carol", "agent");
    const gh = connector({}, undefined, app.value);
    for (const credential of [`deploy-key:infra:${key.id}`, `pat-grant:${grant.id}`]) {
      expect(await gh.apply(change("revoke-credential", { login: "x", credential }))).toMatchObject({ status: "applied" });
      expect(await gh.apply(change("revoke-credential", { login: "x", credential }))).toMatchObject({ status: "unchanged" });
    }
    expect(fake.org.repos.get("infra")!.deployKeys.size).toBe(0);
    expect(fake.org.patGrants.size).toBe(0);
    const e = await refusal(gh.apply(change("revoke-credential", { login: "x", credential: "ssh:42" })));
    expect(e.message).toContain('unknown credential id "ssh:42"');
  });
});

describe("github connector: lockout guards (enforced in the connector; GitHub's own last-owner rule is not modelled by the fake)", () => {
  it("never removes or demotes the token's own user", async () => {
    const gh = connector();
    for (const c of [change("disable-account", { login: "scopesync-bot" }), change("delete-account", { login: "scopesync-bot" }), change("revoke", { login: "scopesync-bot", entitlement: "role:admin" })]) {
      const e = await refusal(gh.apply(c));
      expect(e.retryable).toBe(false);
      expect(e.message).toContain("scopesync's own token");
    }
    expect(fake.org.members.get(fake.org.self.id)).toBe("admin");
    expect(writes()).toBe(0);
  });

  it("never leaves fewer than options.minAdmins owners", async () => {
    const gh = connector({ minAdmins: 2 });
    const e = await refusal(gh.apply(change("disable-account", { login: "alice" })));
    expect(e.message).toContain("would keep 1 owner(s), fewer than the minimum of 2");
    expect(e.retryable).toBe(false);
    await refusal(gh.apply(change("revoke", { login: "alice", entitlement: "role:admin" })));
    expect(fake.org.members.get(fake.org.user("alice")!.id)).toBe("admin");

    await gh.apply(change("grant", { login: "bob", entitlement: "role:admin" }));
    expect(await gh.apply(change("revoke", { login: "alice", entitlement: "role:admin" }))).toMatchObject({ status: "applied" });
    expect(fake.org.adminCount()).toBe(2);
  });

  it("serialises concurrent owner removals so both cannot pass the guard", async () => {
    const gh = connector({ minAdmins: 2 });
    await gh.apply(change("grant", { login: "bob", entitlement: "role:admin" }));
    const results = await Promise.allSettled([gh.apply(change("disable-account", { login: "alice" })), gh.apply(change("disable-account", { login: "bob" }))]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(fake.org.adminCount()).toBe(2);
  });
});

describe("github connector: idempotency", () => {
  it("re-applying a whole plan converges: everything unchanged, no duplicate invitations", async () => {
    const key = fake.org.addDeployKey("infra", "old", "carol");
    const plan = [
      change("revoke-credential", { login: "carol", credential: `deploy-key:infra:${key.id}` }),
      change("revoke", { login: "bob", entitlement: "team:platform" }),
      change("disable-account", { login: "carol" }),
      change("create-account", { login: "dave" }),
      change("grant", { login: "dave", entitlement: "team:platform" }),
      change("grant", { login: "bob", entitlement: "role:admin" }),
    ];
    const gh = connector();
    const first: string[] = [];
    for (const c of plan) first.push((await gh.apply(c)).status);
    const second: string[] = [];
    for (const c of plan) second.push((await gh.apply(c)).status);
    expect(first).toEqual(Array(plan.length).fill("applied"));
    expect(second).toEqual(Array(plan.length).fill("unchanged"));
    expect(fake.count("orgs/create-invitation")).toBe(1);
  });
});

describe("github connector: one retry layer, the runner's (real GitHub rate limits are not provable with a fake)", () => {
  it("a 403 secondary rate limit is a retryable error carrying Retry-After; the runner waits it out and converges", async () => {
    fake.injectFault({ kind: "secondary-rate-limit", operationId: "orgs/list-members", times: 2, retryAfter: 1 });
    const timing = recordingTiming();
    const { value: state, attempts } = await withRetry(() => connector().read(), DEFAULT_RETRY, timing);
    expect(state.accounts.map((a) => a.login)).toContain("alice");
    expect(attempts).toBe(3);
    expect(timing.slept).toEqual([1000, 1000]);
    expect(fake.requests.filter((r) => r.fault === "secondary-rate-limit")).toHaveLength(2);
  });

  it("a 500 on a write is retried by the runner alone: one request per attempt, applied exactly once", async () => {
    fake.injectFault({ kind: "server-error", operationId: "orgs/create-invitation", times: 2 });
    const { value, attempts } = await withRetry(() => connector().apply(change("create-account", { login: "dave" })), DEFAULT_RETRY, recordingTiming());
    expect(value).toMatchObject({ status: "applied" });
    expect(attempts).toBe(3);
    expect(fake.requests.filter((r) => r.operationId === "orgs/create-invitation").map((r) => r.status)).toEqual([500, 500, 201]);
    expect(fake.org.invitations.size).toBe(1);
  });

  it("a primary rate limit carries the wait until GitHub's reset", async () => {
    fake.injectFault({ kind: "rate-limit", operationId: "teams/list", times: 1, retryAfter: 30 });
    const e = await refusal(connector().read());
    expect(e.retryable).toBe(true);
    expect(e.details.retryAfterMs).toBeGreaterThan(25_000);
    expect(e.details.retryAfterMs).toBeLessThanOrEqual(31_000);
    expect((await connector().read()).accounts.length).toBe(4);
  });

  it("a 5xx that outlasts the runner's attempts fails after exactly maxAttempts requests (Octokit adds none); a failed read is never empty", async () => {
    fake.injectFault({ kind: "server-error", operationId: "teams/list", times: 100 });
    const e = await refusal(withRetry(() => connector().read(), DEFAULT_RETRY, recordingTiming()));
    expect(e.retryable).toBe(true);
    expect(e.details.status).toBe(500);
    expect(e.message).toMatch(/^target "github": list the teams of acme-robotics: GET \/orgs\/acme-robotics\/teams\?[^ ]*per_page=100[^ ]* \(the first page\): 500/);
    expect(fake.requests.filter((r) => r.operationId === "teams/list")).toHaveLength(DEFAULT_RETRY.maxAttempts);
  });

  it("a secondary rate limit without Retry-After waits GitHub's documented minute, not the runner's seconds of backoff", async () => {
    // GitHub's REST documentation: retry-after "might be present"; without it (and a primary limit
    // not spent), wait at least one minute before retrying.
    fake.injectFault({ kind: "secondary-rate-limit", operationId: "orgs/list-members", times: 1, retryAfter: null });
    const timing = recordingTiming();
    const { attempts } = await withRetry(() => connector().read(), DEFAULT_RETRY, timing);
    expect(attempts).toBe(2);
    expect(timing.slept).toEqual([60_000]);
    const limited = fake.requests.filter((r) => r.fault === "secondary-rate-limit");
    expect(limited).toHaveLength(1);
  });

  it("a secondary rate limit that persists surfaces as retryable with the wait GitHub asked for", async () => {
    fake.injectFault({ kind: "secondary-rate-limit", operationId: "orgs/get-membership-for-user", times: 10, retryAfter: 7 });
    const e = await refusal(connector().apply(change("create-account", { login: "dave" })));
    expect(e.retryable).toBe(true);
    expect(e.details).toMatchObject({ status: 403, retryAfterMs: 7000 });
    expect(fake.requests.filter((r) => r.operationId === "orgs/get-membership-for-user")).toHaveLength(1);
  });
});

describe("github connector: an unreachable host fails fast and says so", () => {
  const gh = (baseUrl: string, extra: Record<string, unknown> = {}) =>
    createGithubConnector({ type: "github", org: ORG, token: "${env:T}" }, { name: "github", repoDir: "/nonexistent", env: { T: fake.token } }, { baseUrl, waitScale: 0.001, ...extra });

  it("a refused connection: the runner's attempts with their backoff, then a message naming the host (production defaults: the waits add up to under 8 s)", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const timing = recordingTiming();
    const e = await refusal(withRetry(() => gh(`http://127.0.0.1:${port}`).read(), DEFAULT_RETRY, timing));
    expect(e.message).toBe(`target "github": find out which kind of token this is (GET /user): GitHub at 127.0.0.1:${port} is unreachable (ECONNREFUSED)`);
    expect(e.message).not.toContain("500");
    expect(e.hint).toContain(`127.0.0.1:${port}`);
    expect(timing.slept).toHaveLength(DEFAULT_RETRY.maxAttempts - 1);
    // Full jitter never sleeps more than the cap: 250 + 500 + 1000 + 2000 + 4000 ms.
    expect(timing.slept.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(7750);
  });

  it("a host that accepts and never answers: each request has a deadline, and after unreachableAfterMs the error stops being retryable", async () => {
    const sockets: Socket[] = [];
    const silent = createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const port = (silent.address() as { port: number }).port;
    try {
      // unreachableAfterMs is several deadlines long, so the first silence is retried even on a slow machine.
      const connector = gh(`http://127.0.0.1:${port}`, { timeoutMs: 150, unreachableAfterMs: 600 });
      const retried: string[] = [];
      const e = await refusal(withRetry(() => connector.read(), DEFAULT_RETRY, recordingTiming(), (_n, err) => void retried.push(err.message)));
      expect(e.retryable).toBe(false);
      expect(e.message).toMatch(new RegExp(`GitHub at 127\\.0\\.0\\.1:${port} is unreachable \\(no answer in time\\) for \\d+ s; giving up$`));
      // Retried while within the window, given up past it, before the runner ran out of attempts.
      expect(retried.length).toBeGreaterThan(0);
      expect(retried.length).toBeLessThan(DEFAULT_RETRY.maxAttempts - 1);
      expect(new Set(retried)).toEqual(new Set([`target "github": find out which kind of token this is (GET /user): GitHub at 127.0.0.1:${port} is unreachable (no answer in time)`]));
      expect(sockets.length).toBeGreaterThan(0);
      // A later request that meets silence again is not retried either (one attempt, one deadline).
      const later: string[] = [];
      const again = await refusal(withRetry(() => connector.apply(change("disable-account", { login: "bob" })), DEFAULT_RETRY, recordingTiming(), (_n, err) => void later.push(err.message)));
      expect(again.retryable).toBe(false);
      expect(later).toEqual([]);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });
});

describe("github connector: secrets", () => {
  it("never puts the token in an error: message, hint, details, stack or inspect output", async () => {
    const errors: unknown[] = [];
    const catchIt = (p: Promise<unknown>) => p.catch((e: unknown) => errors.push(e));
    const gh = connector({ minAdmins: 5 });
    await catchIt(gh.apply(change("disable-account", { login: "scopesync-bot" })));
    await catchIt(gh.apply(change("disable-account", { login: "alice" })));
    await catchIt(gh.apply(change("grant", { login: "bob", entitlement: "nope" })));
    fake.injectFault({ kind: "server-error", operationId: "orgs/list-members", times: 10 });
    await catchIt(gh.read());
    fake.requests.length = 0;
    const wrong = connector({}, { GH_TEST_TOKEN: `${fake.token}-revoked` });
    await catchIt(wrong.read());
    expect(errors).toHaveLength(5);
    const last = errors[4] as TargetError;
    expect(last.details.status).toBe(401);
    for (const e of errors) {
      const text = [inspect(e, { depth: 10, showHidden: true }), JSON.stringify(e), (e as Error).stack, (e as TargetError).hint].join("\n");
      expect(text).not.toContain(fake.token);
      expect(text).not.toMatch(/authorization/i);
    }
  });

  it("names the unset token variable and nothing else", () => {
    const e = (() => {
      try {
        connector({}, {});
      } catch (err) {
        return err as TargetError;
      }
      throw new Error("expected a TargetError");
    })();
    expect(e).toBeInstanceOf(TargetError);
    expect(e.message).toBe('target "github": token variable GH_TEST_TOKEN is not set');
    expect(e.hint).toContain("export GH_TEST_TOKEN");
  });

  it("declares capabilities: no delete, credentials, the owner role privileged, new accounts are invitations, no disabled member, deploy keys deleted for good, no bulk, small concurrency, team and repository names without case, outside collaborators and e-mail invitations as non-members", () => {
    expect(connector().capabilities).toEqual({ storesExternalId: false, updatesAccounts: false, supportsDelete: false, supportsCredentials: true, groupNamesIgnoreCase: true, invitesAccounts: true, disableRemoves: true, loginsOutsideTarget: true, revokeDeletes: /^deploy-key$/, privilegedEntitlements: /^(role:admin|repo:[^:]+:(maintain|admin)|org-role:(all_repo_maintain|all_repo_admin|security_manager|ci_cd_admin))$/, exclusiveEntitlements: /^(repo:[^:]+):/, exclusiveRanks: ["read", "triage", "write", "maintain", "admin"], groupGrants: /^repo:([A-Za-z0-9._-]+):([A-Za-z0-9 _.-]+)$/, entitlements: /^(?:role:admin|team:([A-Za-z0-9._-]+)|repo:([A-Za-z0-9._-]+):([A-Za-z0-9 _.-]+)|org-role:(.+))$/, grantGroups: /^team:([A-Za-z0-9._-]+)$/, supportsBulk: false, maxConcurrency: 4, nonMembers: ["outside-collaborator", "email-invitation"] });
  });
});

describe("github fake: validates against the pinned OpenAPI subset", () => {
  it("answers 404 to an operation outside the subset and records it as a violation", async () => {
    const res = await fetch(`${fake.url}/orgs/${ORG}/hooks`, { headers: { authorization: `token ${fake.token}` } });
    expect(res.status).toBe(404);
    expect(fake.violations.splice(0)).toEqual([`GET /orgs/${ORG}/hooks: no operation of the subset matches (unexpected request)`]);
  });

  it("answers 422 to a request the description rejects and records it", async () => {
    const res = await fetch(`${fake.url}/orgs/${ORG}/memberships/bob`, { method: "PUT", headers: { authorization: `token ${fake.token}`, "content-type": "application/json" }, body: JSON.stringify({ role: "owner" }) });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { message: string }).message).toContain("must be equal to one of the allowed values");
    const unknownQuery = await fetch(`${fake.url}/orgs/${ORG}/members?sort=login`, { headers: { authorization: `token ${fake.token}` } });
    expect(unknownQuery.status).toBe(422);
    expect(fake.violations.splice(0)).toHaveLength(2);
    expect(fake.org.members.get(fake.org.user("bob")!.id)).toBe("member");
  });

  it("catches a response body that does not match the description", () => {
    const spec = new GithubSpec();
    expect(spec.validateResponse("teams/get-membership-for-user-in-org", 200, { role: "owner", state: "active", url: "http://x/y" })[0]).toContain("must be equal to one of the allowed values");
    expect(spec.validateResponse("orgs/remove-membership-for-user", 201, undefined)[0]).toContain("status 201 is not a documented response");
    expect(spec.validateResponse("users/get-authenticated", 200, { login: "x" })).not.toEqual([]);
  });
});

describe.skipIf(!process.env.SCOPESYNC_GITHUB_LIVE_ORG || !process.env.SCOPESYNC_GITHUB_LIVE_TOKEN)("github connector: live sandbox org (opt-in: SCOPESYNC_GITHUB_LIVE_ORG + SCOPESYNC_GITHUB_LIVE_TOKEN)", () => {
  it("reads the sandbox org (read-only; proves permissions the fake cannot)", async () => {
    const config: TargetConfig = { type: "github", org: process.env.SCOPESYNC_GITHUB_LIVE_ORG, token: "${env:SCOPESYNC_GITHUB_LIVE_TOKEN}", options: { patGrants: false } };
    const gh = createGithubConnector(config, { name: "github-live", repoDir: ".", env: process.env });
    const state = await gh.read();
    expect(state.accounts.some((a) => a.entitlements.includes("role:admin"))).toBe(true);
  });
});
