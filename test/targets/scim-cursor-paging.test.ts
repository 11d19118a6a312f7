// options.paging: cursor. AWS IAM Identity Center's ListUsers and ListGroups ignore startIndex and
// page only by cursor: "The first request made with cursor must be empty (eg.
// https://.../Users?cursor)", "If the response includes a nextCursor field, its value can be used
// as the cursor value to retrieve the next page of results", "Paginated calls may return less
// results than count but as long as nextCursor is present in the response, additional pages are
// available" (https://docs.aws.amazon.com/singlesignon/latest/developerguide/listusers.html). The
// test server's aws-identity-center mode answers so; an app that does not page by cursor, or whose
// cursor does not move on, fails the read instead of giving a short list.
import { createServer, type Server } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { connectorFor, createChange, expectTargetError } from "../servers/scim-server-testkit.js";
import { createScimConnector } from "../../src/targets/scim/index.js";

const users = (n: number) => Array.from({ length: n }, (_, i) => `user${String(i + 1).padStart(3, "0")}`).map((userName) => ({ userName, externalId: `hr:${userName}` }));
const listLines = (log: string[]) => log.filter((l) => /^GET \/scim\/v2\/(Users|Groups)\?/.test(l)).map((l) => l.replace(/cursor=[^& ]+/, "cursor=…").replace(/ \d+ms$/, ""));

describe("paging by cursor against AWS IAM Identity Center (test server)", () => {
  let server: ScimServer;
  beforeAll(async () => {
    server = await startScimServer({ mode: "aws-identity-center" });
    await server.seed({ users: users(250), groups: [{ displayName: "Everyone" }] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("reads all 250 users, three pages by nextCursor, and a lookup pages by cursor with its filter", async () => {
    const connector = connectorFor(server, { paging: "cursor" });
    const state = await connector.read();
    expect(state.accounts).toHaveLength(250);
    expect(new Set(state.accounts.map((a) => a.id)).size).toBe(250);
    expect(listLines(await server.requestLog())).toEqual([
      "GET /scim/v2/Users?cursor&count=100 200",
      "GET /scim/v2/Users?cursor=…&count=100 200",
      "GET /scim/v2/Users?cursor=…&count=100 200",
      // Group reads name the members (an app may show them only when asked: group-members-query.ts).
      "GET /scim/v2/Groups?attributes=displayName%2Cmembers%2Cmeta&cursor&count=100 200",
    ]);
    // Without a read, a create asks for its anchor first: the filter goes with the cursor.
    const fresh = connectorFor(server, { paging: "cursor" });
    expect((await fresh.apply(createChange("user007"))).status).toBe("unchanged");
    expect((await server.requestLog()).at(-1)).toMatch(/^GET \/scim\/v2\/Users\?filter=externalId\+eq\+%22hr%3Auser007%22&cursor&count=100 200/);
  });

  it("paging by index against it fails and names the setting (the 100 users of the first page are not the app)", async () => {
    const error = await expectTargetError(connectorFor(server).read());
    // 100 users and totalResults 100 again for startIndex 101: an app that ignores paging and holds
    // 100 would answer the same, so both are named (scim-unpaged.test.ts), each with its fix.
    expect(error.message).toBe('target "crm": scim GET /Users: the app ignores startIndex: asked for the page at startIndex 101, it answered the page at startIndex 1, so its list cannot be read whole this way: either the app ignores paging and these 100 are its whole list, or it gives at most 100 a page and reports the page\'s size as totalResults (AWS IAM Identity Center does)');
    expect(error.hint).toContain("set targets.crm.options.paging to cursor");
  });
});

describe("paging by cursor against an app that pages by index (scimmy)", () => {
  let server: ScimServer;
  beforeAll(async () => {
    server = await startScimServer({ maxResults: 80 });
    await server.seed({ users: users(250) });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("fails: the answer is an index page without nextCursor, not the first of the pages", async () => {
    const error = await expectTargetError(connectorFor(server, { paging: "cursor" }).read());
    expect(error.message).toBe('target "crm": scim GET /Users (paging by cursor): the app answered an index-paged list (startIndex, totalResults 250, 80 resources) without nextCursor: it does not page by cursor');
    expect(error.hint).toBe("set targets.crm.options.paging to index (the default) if the app pages by startIndex");
  });
});

describe("cursors that do not move on (HTTP fake)", () => {
  let fake: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (fake ? fake.close(() => resolve()) : resolve()));
  });

  it("a nextCursor answered twice fails the read rather than loop or stop short", async () => {
    let n = 0;
    fake = createServer((req, res) => {
      res.setHeader("content-type", "application/scim+json");
      if (req.url?.startsWith("/scim/ServiceProviderConfig")) return res.end("{}");
      n++;
      // Two pages with new users, then a cursor seen before.
      res.end(JSON.stringify({ itemsPerPage: 1, nextCursor: n >= 2 ? "B" : "A", Resources: [{ id: `u${n}`, userName: `user${n}` }] }));
    });
    await new Promise<void>((resolve) => fake!.listen(0, "127.0.0.1", resolve));
    const address = fake.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const connector = createScimConnector({ type: "scim", url: `http://127.0.0.1:${port}/scim`, token: "${env:T}", options: { paging: "cursor" } }, { name: "crm", repoDir: ".", env: { T: "fake-token" } });
    const error = await expectTargetError(connector.read());
    expect(error.message).toBe('target "crm": scim GET /Users (paging by cursor): nextCursor "B" came twice: the app\'s paging does not move on');
  });

  it("empty pages that each name a new cursor fail the read after ten in a row, rather than read for ever", async () => {
    let n = 0;
    fake = createServer((req, res) => {
      res.setHeader("content-type", "application/scim+json");
      if (!req.url?.startsWith("/scim/Users")) return res.end("{}");
      n++;
      res.end(JSON.stringify({ itemsPerPage: 0, nextCursor: `C${n}`, Resources: [] }));
    });
    await new Promise<void>((resolve) => fake!.listen(0, "127.0.0.1", resolve));
    const address = fake.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const connector = createScimConnector({ type: "scim", url: `http://127.0.0.1:${port}/scim`, token: "${env:T}", options: { paging: "cursor" } }, { name: "crm", repoDir: ".", env: { T: "fake-token" } });
    const error = await expectTargetError(connector.read());
    expect(error.message).toBe('target "crm": scim GET /Users (paging by cursor): 11 pages in a row held nothing and named a next cursor: the app\'s paging does not move on');
    expect(n).toBe(11);
  });
});

// The shapes f162 refused by index, met by cursor (test server, aws-identity-center mode with the
// `cursorShape` fault): each used to end the read with 100 of the 150 users, or to fail as "read
// again" for an answer that a second read meets the same way.
describe("cursor paging that misbehaves (test server, 150 users, pages of 100)", () => {
  let server: ScimServer;
  beforeAll(async () => {
    server = await startScimServer({ mode: "aws-identity-center" });
  });
  afterAll(async () => {
    await server?.stop();
  });
  const read = async (cursorShape: NonNullable<Parameters<ScimServer["inject"]>[0]["cursorShape"]>) => {
    await server.reset();
    await server.seed({ users: users(150) });
    await server.inject({ cursorShape });
    return expectTargetError(connectorFor(server, { paging: "cursor" }).read());
  };

  it("a cursor ignored (the first 100, totalResults 100, no startIndex, no nextCursor) is not the whole list: one probe for 1 shows no cursor paging", async () => {
    const error = await read("ignored");
    expect(error.message).toBe('target "crm": scim GET /Users (paging by cursor): the app answered 100 resources (as many as asked) without nextCursor, and asked for 1 it gave 1 without nextCursor either: it does not page by cursor, and the resources past its first answer could not be read');
    expect(error.retryable).toBe(false);
    expect(error.hint).toBe("set targets.crm.options.paging to index (the default) if the app pages by startIndex");
    expect(listLines(await server.requestLog())).toEqual(["GET /scim/v2/Users?cursor&count=100 200", "GET /scim/v2/Users?cursor&count=1 200"]);
  });

  it("a first page without nextCursor whose totalResults counts 150 fails as a paging that stopped short, not as one to read again", async () => {
    const error = await read("ends-early");
    expect(error.message).toBe('target "crm": scim GET /Users (paging by cursor): the last page (without nextCursor) came after 100 resources, but totalResults says 150: the app\'s cursor paging stopped short, and the 50 resources past it could not be read');
    expect(error.retryable).toBe(false);
  });

  it("totalResults the size of each page (100, then 50) contradicts the 150 read: the read fails naming it", async () => {
    const error = await read("page-total");
    expect(error.message).toBe('target "crm": scim GET /Users (paging by cursor): the cursor pages held 150 resources, but totalResults is the size of a page (page 1 says 100, page 2 says 50): the app reports the size of a page as totalResults');
    expect(error.retryable).toBe(false);
    expect(error.hint).toContain("report it to the app's vendor");
  });

  it("a new cursor that answers the first page again is a cursor that does not move on, not the app changing", async () => {
    const error = await read("repeats");
    expect(error.message).toBe('target "crm": scim GET /Users (paging by cursor): page 2 holds only resources already read (100, from "' + error.message.split('from "')[1]!.split('"')[0] + '"): the app\'s cursor does not move on, so its list cannot be read whole this way');
    expect(error.retryable).toBe(false);
  });

  it("a list of exactly one page of 100 by a real cursor app is read whole, after the one probe", async () => {
    await server.reset();
    await server.seed({ users: users(100) });
    const state = await connectorFor(server, { paging: "cursor" }).read();
    expect(state.accounts).toHaveLength(100);
    expect(listLines(await server.requestLog()).filter((l) => l.startsWith("GET /scim/v2/Users"))).toEqual(["GET /scim/v2/Users?cursor&count=100 200", "GET /scim/v2/Users?cursor&count=1 200"]);
  });
});
