// read(): paging on totalResults against the real SCIM server (and two lying fakes), and a read
// that fails half-way is an error, never a shorter list of accounts.
import { createServer, type Server } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { connectorFor, expectTargetError, sleep } from "../servers/scim-server-testkit.js";
import { createScimConnector } from "../../src/targets/scim/index.js";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

function people(n: number) {
  return Array.from({ length: n }, (_, i) => {
    const k = String(i + 1).padStart(3, "0");
    return {
      userName: `user${k}`,
      externalId: `hr:W${k}`,
      displayName: `User ${k}`,
      active: i % 10 !== 0,
      emails: [{ value: `user${k}@example.com`, type: "work", primary: true }],
      [ENTERPRISE]: { department: i % 2 ? "Sales" : "Engineering" },
    };
  });
}

describe("paging against the real server", () => {
  let server: ScimServer;
  beforeAll(async () => {
    // The server caps pages at 80 while the connector asks for 100: itemsPerPage says 80 on
    // every page, the last one included; only totalResults tells when to stop.
    server = await startScimServer({ maxResults: 80, clock: "2026-11-20T09:00:00Z" });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("reads 250 users in pages and their group memberships", async () => {
    const users = people(250);
    await server.seed({
      users,
      groups: [
        { displayName: "Sales", members: users.filter((_, i) => i % 2).map((u) => u.userName) },
        { displayName: "Admins", members: ["user001", "user250"] },
        { displayName: "Empty" },
      ],
    });
    const state = await connectorFor(server).read();
    expect(state.target).toBe("crm");
    expect(state.accounts).toHaveLength(250);
    expect(new Set(state.accounts.map((a) => a.id)).size).toBe(250);
    expect(state.accounts.map((a) => a.login)).toEqual(users.map((u) => u.userName));
    expect(state.accounts[0]).toEqual({
      id: expect.any(String), login: "user001", externalId: "hr:W001", active: false, disabledAt: "2026-11-20T09:00:00.000Z",
      attributes: { displayName: "User 001", email: "user001@example.com", department: "Engineering" },
      entitlements: ["group:Admins"],
    });
    expect(state.accounts[249]!.entitlements).toEqual(["group:Admins", "group:Sales"]);
    expect(state.accounts.filter((a) => a.entitlements.includes("group:Sales"))).toHaveLength(125);
    expect(state.accounts.filter((a) => !a.active)).toHaveLength(25);
    expect(state.credentials).toEqual([]);

    const stats = await server.stats();
    expect(stats.requests["GET /Users"]).toBe(4); // 80 + 80 + 80 + 10
    // One page of 3 groups, fewer than asked: the page after it (scimmy answers its first page
    // again past the end) and one probe that it honours startIndex (read.ts).
    expect(stats.requests["GET /Groups"]).toBe(3);
    const log = await server.requestLog();
    expect(log.filter((l) => l.startsWith("GET /scim/v2/Users?")).map((l) => /startIndex=(\d+)/.exec(l)?.[1])).toEqual(["1", "81", "161", "241"]);
  });
});

describe("a list whose last page is full, against the real server", () => {
  let server: ScimServer;
  beforeAll(async () => {
    server = await startScimServer({ maxResults: 80 });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("asks the page after a full last page, and keeps every user", async () => {
    // 160 users in pages of 80 (the server's cap): the second page is as full as the first, so its
    // totalResults is checked by asking for the third, which is empty.
    await server.seed({ users: people(160) });
    const state = await connectorFor(server).read();
    expect(state.accounts).toHaveLength(160);
    const log = await server.requestLog();
    // scimmy answers startIndex 161 (past the end) with its first page: the end, as the second
    // page showed it honours startIndex.
    expect(log.filter((l) => l.startsWith("GET /scim/v2/Users?")).map((l) => /startIndex=(\d+)/.exec(l)?.[1])).toEqual(["1", "81", "161"]);
  });

  it("a single full page: the page after it comes back as the first, and one probe shows startIndex honoured", async () => {
    await server.reset();
    await server.seed({ users: people(80) });
    const state = await connectorFor(server, { pageSize: 80 }).read();
    expect(state.accounts).toHaveLength(80);
    const log = await server.requestLog();
    expect(log.filter((l) => l.startsWith("GET /scim/v2/Users?")).map((l) => /startIndex=(\d+)&count=(\d+)/.exec(l)?.slice(1).join("/"))).toEqual(["1/80", "81/80", "2/1"]);
  });
});

describe("a server killed during a read", () => {
  let server: ScimServer;
  beforeAll(async () => {
    server = await startScimServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("is a retryable TargetError, not an empty or short state", async () => {
    await server.seed({ users: people(250) });
    // Every GET is slow, so the read is mid-way when the server dies.
    await server.inject({ rateSlow: 1, slowMs: 150, methods: ["GET"] });
    const connector = connectorFor(server);
    const reading = connector.read().then(
      (state) => ({ state }),
      (error: unknown) => ({ error }),
    );
    for (let i = 0; i < 100 && ((await server.stats()).requests["GET /Users"] ?? 0) < 2; i++) await sleep(20);
    await server.kill();
    const result = await reading;
    expect("state" in result).toBe(false);
    const error = await expectTargetError(Promise.reject((result as { error: unknown }).error));
    expect(error.message).toMatch(/^target "crm": scim GET \/Users: connection failed \(/);
    expect(error.retryable).toBe(true);
    // And a read against the dead server fails too, rather than returning nothing.
    const again = await expectTargetError(connector.read());
    expect(again.message).toMatch(/connection failed \(ECONNREFUSED\)/);
  });
});

describe("list answers out of spec (HTTP fakes)", () => {
  let fake: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (fake ? fake.close(() => resolve()) : resolve()));
    fake = undefined;
  });

  /** A fake SCIM app whose /Users pages come from `page(startIndex)`; anything else is a test failure. */
  async function fakeApp(page: (startIndex: number) => unknown): Promise<{ url: string; unexpected: string[] }> {
    const unexpected: string[] = [];
    fake = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      res.setHeader("content-type", "application/scim+json");
      if (url.pathname === "/scim/ServiceProviderConfig") return res.end(JSON.stringify({ etag: { supported: false } }));
      if (url.pathname === "/scim/Users") return res.end(JSON.stringify(page(Number(url.searchParams.get("startIndex")))));
      if (url.pathname === "/scim/Groups") return res.end(JSON.stringify({ totalResults: 0, itemsPerPage: 0, startIndex: 1, Resources: [] }));
      // An app that serves no /Schemas (each read asks it once, case-exact.ts): RFC 7643's values hold.
      if (url.pathname === "/scim/Schemas") {
        res.statusCode = 404;
        return res.end();
      }
      unexpected.push(`${req.method} ${req.url}`);
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((resolve) => fake!.listen(0, "127.0.0.1", resolve));
    const address = fake.address();
    return { url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/scim`, unexpected };
  }

  const user = (i: number) => ({ id: `u${i}`, userName: `user${i}` });
  const connector = (url: string, pageSize = 100) => createScimConnector({ type: "scim", url, token: "${env:T}", options: { pageSize } }, { name: "crm", repoDir: ".", env: { T: "fake-token" } });

  it("pages on totalResults when itemsPerPage lies and pages are short", async () => {
    // 5 users, 2 per page, itemsPerPage claims 100 on every page.
    const app = await fakeApp((start) => ({ totalResults: 5, itemsPerPage: 100, startIndex: start, Resources: [1, 2, 3, 4, 5].filter((i) => i >= start && i < start + 2).map(user) }));
    const state = await connector(app.url).read();
    expect(state.accounts.map((a) => a.id)).toEqual(["u1", "u2", "u3", "u4", "u5"]);
    expect(app.unexpected).toEqual([]);
  });

  it("an empty page before totalResults is reached is a partial read: an error", async () => {
    const app = await fakeApp((start) => ({ totalResults: 5, itemsPerPage: 2, startIndex: start, Resources: start === 1 ? [user(1), user(2)] : [] }));
    const error = await expectTargetError(connector(app.url).read());
    expect(error.message).toBe('target "crm": scim GET /Users: page at startIndex 3 is empty after 2 of 5 resources');
    expect(app.unexpected).toEqual([]);
  });

  it("a totalResults that moves while paging is an error (read again)", async () => {
    const app = await fakeApp((start) => ({ totalResults: start === 1 ? 4 : 3, Resources: start === 1 ? [user(1), user(2)] : [user(4)] }));
    const error = await expectTargetError(connector(app.url).read());
    expect(error.message).toContain("totalResults moved from 4 to 3 while paging");
    expect(error.retryable).toBe(true);
  });

  it("a totalResults that is the size of a full page is not believed: the page after it holds more, so the read fails", async () => {
    // startIndex honoured, but totalResults is what this page holds (WSO2, wso2/product-is#7320:
    // "totalResults=2 ... when we request users with count=2" of 12 users): 5 users, 2 a page.
    const app = await fakeApp((start) => {
      const page = [1, 2, 3, 4, 5].filter((i) => i >= start && i < start + 2).map(user);
      return { totalResults: page.length, itemsPerPage: page.length, startIndex: start, Resources: page };
    });
    const error = await expectTargetError(connector(app.url, 2).read());
    expect(error.message).toBe('target "crm": scim GET /Users: totalResults says 2, but the page after the 2th resource holds 2 more: the app reports the size of a page as totalResults, so the end of its list cannot be told');
    expect(error.retryable).toBe(false);
    expect(error.hint).toContain("set targets.crm.options.paging to cursor");
  });

  it("a server that ignores startIndex is named so, not taken for an app that changed during the read", async () => {
    // The first page whatever was asked, with the true total and no startIndex echoed.
    const app = await fakeApp(() => ({ totalResults: 5, itemsPerPage: 2, Resources: [user(1), user(2)] }));
    const error = await expectTargetError(connector(app.url, 2).read());
    expect(error.message).toBe('target "crm": scim GET /Users: the app ignores startIndex: asked for the page at startIndex 3, it answered its first page again, so its list cannot be read whole this way');
    expect(error.retryable).toBe(false);
    expect(error.hint).toContain("set targets.crm.options.paging to cursor");
  });

  it("an answer without totalResults is an error, not zero accounts", async () => {
    const app = await fakeApp(() => ({ Resources: [] }));
    const error = await expectTargetError(connector(app.url).read());
    expect(error.message).toBe('target "crm": scim GET /Users: answer has no totalResults');
  });
});
