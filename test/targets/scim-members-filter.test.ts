// read() with options.groupMembers: filter against the test server answering as AWS IAM Identity
// Center documents (empty member lists; `GET /Groups?filter=id eq "G" and members eq "U"` answers
// that group or none: https://docs.aws.amazon.com/singlesignon/latest/developerguide/listgroups.html):
// the memberships come back pair by pair, only for the groups the policy maps, one request per
// group and account, through 429s with Retry-After; a user deleted during the read fails it
// retryably, never as "no membership".
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createScimConnector } from "../../src/targets/scim/index.js";
import type { TargetError } from "../../src/targets/target-error.js";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { connectorFor, expectTargetError, scim, TOKEN_VAR, withRetry } from "../servers/scim-server-testkit.js";

const users = Array.from({ length: 12 }, (_, i) => ({ userName: `user${String(i + 1).padStart(2, "0")}`, externalId: `hr:W${i + 1}` }));
const groups = [
  { displayName: "Admins", members: ["user01", "user12"] },
  { displayName: "Engineering", members: users.filter((_, i) => i % 2 === 0).map((u) => u.userName) },
  { displayName: "Unmapped", members: ["user05"] },
];

/** userName → sorted entitlements, as the state says. */
const held = (state: { accounts: Array<{ login: string; entitlements: readonly string[] }> }) =>
  Object.fromEntries(state.accounts.filter((a) => a.entitlements.length > 0).map((a) => [a.login, [...a.entitlements]]));

function mapped(server: ScimServer, entitlements: string[] | undefined, options: Record<string, unknown> = {}) {
  return createScimConnector(
    { type: "scim", url: server.url, token: `\${env:${TOKEN_VAR}}`, options: { timeoutMs: 5000, groupMembers: "filter", maxConcurrency: 4, ...options } },
    { name: "sso", repoDir: "/nonexistent", env: { [TOKEN_VAR]: server.token }, ...(entitlements ? { entitlements } : {}) },
  );
}

describe("groupMembers: filter against an app whose groups list no members", () => {
  let server: ScimServer;
  beforeAll(async () => {
    server = await startScimServer({ mode: "aws-identity-center" });
  });
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    await server.reset();
    await server.seed({ users, groups });
  });

  it("listed (the default) sees nobody in any group, and says how many groups listed members", async () => {
    const state = await connectorFor(server).read();
    expect(held(state)).toEqual({});
    expect(state.memberLists).toEqual({ groups: 3, listingMembers: 0, setting: "targets.crm.options.groupMembers" });
  });

  it("asks each mapped group (names compared case-insensitively) for each account: one request per pair", async () => {
    const state = await mapped(server, ["group:admins", "group:Engineering", "role:owner"]).read();
    expect(held(state)).toEqual({
      user01: ["group:Admins", "group:Engineering"], user03: ["group:Engineering"], user05: ["group:Engineering"], user07: ["group:Engineering"],
      user09: ["group:Engineering"], user11: ["group:Engineering"], user12: ["group:Admins"],
    });
    expect(state.memberLists).toBeUndefined();
    // 1 page of groups, the page after it and the startIndex probe (it holds fewer than asked:
    // read.ts), + 2 mapped groups × 12 accounts; "Unmapped" is never asked about.
    const stats = await server.stats();
    expect(stats.requests["GET /Groups"]).toBe(3 + 2 * 12);
    const log = await server.requestLog();
    const asked = log.filter((l) => l.startsWith("GET /scim/v2/Groups?filter="));
    expect(asked).toHaveLength(24);
    expect(asked.every((l) => /filter=id(\+|%20)eq(\+|%20)%22[^%]+%22(\+|%20)and(\+|%20)members(\+|%20)eq(\+|%20)%22/.test(l))).toBe(true);
    expect(state.findings).toEqual([expect.objectContaining({ rule: "scim-members-by-filter", severity: "info", message: expect.stringContaining("for the 2 group(s) the app policy maps that the app has (Admins, Engineering) and each of its 12 account(s), whether the account is a member: 24 request(s) (targets.sso.options.groupMembers: filter)") })]);
  });

  it("with no app policy to name the groups (adopt import), asks about every group", async () => {
    const state = await mapped(server, undefined).read();
    expect(held(state).user05).toEqual(["group:Engineering", "group:Unmapped"]);
    expect((await server.stats()).requests["GET /Groups"]).toBe(3 + 3 * 12);
  });

  it("goes on through 429s with Retry-After, resuming the questions already answered", async () => {
    const connector = mapped(server, ["group:Admins", "group:Engineering"]);
    await server.inject({ seed: 7, rate429: 0.25, retryAfter: 1, methods: ["GET"] });
    const errors: TargetError[] = [];
    const state = await withRetry(() => connector.read({ resume: true }), errors, 60);
    await server.inject({});
    // Each pair answered once: an attempt after a 429 does not ask again what an earlier one was told.
    const answered = (await server.requestLog()).filter((l) => /^GET \/scim\/v2\/Groups\?filter=\S+ 200 /.test(l));
    expect(answered).toHaveLength(2 * 12);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.details.status === 429 && e.details.retryAfterMs === 1000)).toBe(true);
    expect(held(state)).toEqual(held(await mapped(server, ["group:Admins", "group:Engineering"]).read()));
    expect(held(state).user12).toEqual(["group:Admins"]);
  });

  it("a user deleted after it was listed fails the read retryably (404 on the question), never as no membership", async () => {
    const ids = (await scim(server, "GET", "/Users?count=100")).body.Resources as Array<{ id: string; userName: string }>;
    const victim = ids.find((u) => u.userName === "user12")!.id;
    // Every GET answered after 150 ms, one question at a time: the lists are read by ~450 ms and
    // user12 is asked about last (~2 s); the delete (not slowed) lands in between.
    await server.inject({ rateSlow: 1, slowMs: 150, methods: ["GET"] });
    const reading = mapped(server, ["group:Admins"], { maxConcurrency: 1 }).read();
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect((await scim(server, "DELETE", `/Users/${victim}`)).status).toBe(204);
    const error = await expectTargetError(reading);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('user "user12" is gone since it was listed');
  });
});
