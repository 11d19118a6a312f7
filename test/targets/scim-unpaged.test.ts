// An app that ignores paging (WSO2 IS: "Pagination is not working without 'filter' in SCIM2 ...
// Current result: Retrieve all users across all user stores", https://github.com/wso2/product-is/issues/4601;
// GitLab before https://gitlab.com/gitlab-org/gitlab/merge_requests/14892) answers its whole list
// whatever startIndex and count say. A first answer holding more than the count asked, with
// totalResults equal to it, is that whole list: by cursor with no page after it asked for; by index
// once the page after it (startIndex = 1 + what was read) answers the same list again (an app that
// honours startIndex would answer its next page: scim-ignores-count.test.ts). The capped shape (AWS IAM Identity Center: at most the count asked, totalResults the
// page's size, startIndex ignored) is still refused; where the two cannot be told apart (exactly
// `count` resources), the error names both and the fix for each.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { connectorFor, expectTargetError } from "../servers/scim-server-testkit.js";

const users = (n: number) => Array.from({ length: n }, (_, i) => `user${String(i + 1).padStart(4, "0")}`).map((userName) => ({ userName, externalId: `hr:${userName}` }));
const listLines = async (server: ScimServer) => (await server.requestLog()).filter((l) => /^GET \/scim\/v2\/(Users|Groups)\?/.test(l)).map((l) => l.replace(/ \d+ms$/, ""));

describe("an app that ignores paging (test server, unpaged)", () => {
  let server: ScimServer;
  beforeAll(async () => {
    server = await startScimServer({ mode: "unpaged" });
  });
  beforeEach(async () => {
    await server.reset();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("by index: its one answer of 250 users (asked for 100) is the whole list, once the page after it answers it again", async () => {
    await server.seed({ users: users(250), groups: [{ displayName: "Staff", members: ["user0001", "user0250"] }] });
    const state = await connectorFor(server).read();
    expect(state.accounts).toHaveLength(250);
    expect(new Set(state.accounts.map((a) => a.id)).size).toBe(250);
    expect(state.accounts.find((a) => a.login === "user0250")!.entitlements).toEqual(["group:Staff"]);
    // The page after it is asked for, and answered with the whole list again; 250 being a round
    // number, the probe asks whether the app pages by startIndex (and answered past the end so): it
    // answers the whole list again, so the app ignores startIndex too.
    expect(await listLines(server)).toEqual(["GET /scim/v2/Users?startIndex=1&count=100 200", "GET /scim/v2/Users?startIndex=251&count=100 200", "GET /scim/v2/Users?startIndex=2&count=1 200", "GET /scim/v2/Groups?attributes=displayName%2Cmembers%2Cmeta&startIndex=1&count=100 200"]);
  });

  it("by cursor: the same answer is the whole list, not an app paging by index", async () => {
    await server.seed({ users: users(250) });
    const state = await connectorFor(server, { paging: "cursor" }).read();
    expect(state.accounts).toHaveLength(250);
  });

  it("exactly as many users as the pageSize: the error names both possibilities and each fix; the pageSize it names reads the app", async () => {
    await server.seed({ users: users(100) });
    const error = await expectTargetError(connectorFor(server).read());
    expect(error.message).toBe('target "crm": scim GET /Users: the app ignores startIndex: asked for the page at startIndex 101, it answered the page at startIndex 1, so its list cannot be read whole this way: either the app ignores paging and these 100 are its whole list, or it gives at most 100 a page and reports the page\'s size as totalResults (AWS IAM Identity Center does)');
    expect(error.hint).toBe("if the app ignores paging, set targets.crm.options.pageSize to more than 100 (an answer that is not full, or holds more than asked with totalResults equal to it, is then read as its whole list); if it pages by cursor and nextCursor (AWS IAM Identity Center does), set targets.crm.options.paging to cursor; nothing was planned from this list");
    expect(error.retryable).toBe(false);
    expect((await connectorFor(server, { pageSize: 101 }).read()).accounts).toHaveLength(100);

    // By cursor, the same answer names paging: index and the pageSize.
    const byCursor = await expectTargetError(connectorFor(server, { paging: "cursor" }).read());
    expect(byCursor.hint).toBe("set targets.crm.options.paging to index (the default) if the app pages by startIndex, and its pageSize to more than 100 if it ignores paging and these 100 are its whole list");
  });

  it("pageSize above the app's declared filter.maxResults (200): count 200 is asked, and its answer of 1000 is its whole list", async () => {
    await server.seed({ users: users(1000) });
    expect((await connectorFor(server, { pageSize: 1000 }).read()).accounts).toHaveLength(1000);
    expect((await listLines(server))[0]).toBe("GET /scim/v2/Users?startIndex=1&count=200 200");
  });

  // An app that ignores count and startIndex, gives at most 100 an answer with totalResults 100 and
  // declares no filter.maxResults answers every request as this one does holding exactly 100: no
  // answer tells them apart (cap-like.ts). The read goes on, and the plan warns.
  const capLike = (state: { findings?: Array<{ rule: string; message: string; remediation?: string }> }) => (state.findings ?? []).filter((f) => f.rule === "scim-list-cap-like");

  it("one answer of exactly 100 users (asked for 50) is read whole, with a warning that a capped app answers the same", async () => {
    await server.seed({ users: users(100) });
    const state = await connectorFor(server, { pageSize: 50 }).read();
    expect(state.accounts).toHaveLength(100);
    expect(capLike(state)).toEqual([{
      rule: "scim-list-cap-like",
      severity: "warning",
      message: "GET /Users was read whole from one answer of exactly 100 users with totalResults 100, more than or regardless of the count asked: an app that ignores paging and holds exactly 100 answers so, and so does one that gives at most 100 an answer, reports that as totalResults and ignores startIndex; the users past such a cap would be missing from this plan (a leaver among them would not be disabled)",
      remediation: "check how many users the app itself holds (its admin console); if more than 100, its SCIM list cannot be read whole by index: set targets.crm.options.paging to cursor if it pages by cursor, else ask its vendor for paging or a declared filter.maxResults",
    }]);
  });

  it("the same 100 asked for 200 (read whole after the page after it and the probe) warns alike; 99 users do not", async () => {
    await server.seed({ users: users(100) });
    const state = await connectorFor(server, { pageSize: 200 }).read();
    expect(state.accounts).toHaveLength(100);
    expect(capLike(state).map((f) => f.message.slice(0, 60))).toEqual(["GET /Users was read whole from one answer of exactly 100 use"]);
    await server.reset();
    await server.seed({ users: users(99) });
    expect(capLike(await connectorFor(server, { pageSize: 50 }).read())).toEqual([]);
  });
});

describe("an app that ignores paging and declares filter.maxResults 1000", () => {
  let server: ScimServer;
  beforeAll(async () => {
    server = await startScimServer({ mode: "unpaged", maxResults: 1000 });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("at the largest pageSize (1000) with exactly 1000 users, the fix is a smaller pageSize, and it reads the app", async () => {
    await server.seed({ users: users(1000) });
    const error = await expectTargetError(connectorFor(server, { pageSize: 1000 }).read());
    expect(error.hint).toContain("set targets.crm.options.pageSize to less than 1000");
    expect((await connectorFor(server, { pageSize: 999 }).read()).accounts).toHaveLength(1000);
  });
});

describe("AWS IAM Identity Center (test server): its capped pages are still refused by index, whatever the pageSize", () => {
  let server: ScimServer;
  beforeAll(async () => {
    server = await startScimServer({ mode: "aws-identity-center" });
    await server.seed({ users: users(250) });
  });
  afterAll(async () => {
    await server?.stop();
  });

  for (const pageSize of [100, 40]) {
    it(`pageSize ${pageSize}: at most the count asked, totalResults the page's size, startIndex ignored: an error naming paging: cursor`, async () => {
      const error = await expectTargetError(connectorFor(server, { pageSize }).read());
      expect(error.message).toContain(`the app ignores startIndex: asked for the page at startIndex ${pageSize + 1}, it answered the page at startIndex 1`);
      expect(error.hint).toContain("set targets.crm.options.paging to cursor");
    });
  }
});
