// Apps that cap their pages below the count asked and report the page's size as totalResults
// (better-auth/better-auth#10398: "`GET /scim/v2/Users` silently truncates results at 100 and
// reports wrong `totalResults` … `?count=200` … `totalResults` is set to `100`"; AWS IAM Identity
// Center, awslabs/ssosync#1; WSO2 IS, wso2/product-is#12717). Read with a pageSize above that cap,
// the first page looked like the whole app: the users past it (their leavers' disables) were never
// seen. Apps that serve no ServiceProviderConfig and say so with 501 Not Implemented (RFC 7644
// §3.12) were taken for an outage, retried and never read. And a lookup whose filter the app
// answers 200 with nothing (Snowflake, for filters it does not support) found no user.
// scimmy honours count, startIndex and totalResults, so the vendors' shapes are a small node:http app.
import { createServer, type Server } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createScimConnector } from "../../src/targets/scim/index.js";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { change, connectorFor, expectTargetError } from "../servers/scim-server-testkit.js";

const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
const user = (i: number) => ({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], id: `u${String(i).padStart(3, "0")}`, userName: `user${i}`, externalId: `hr:${i}`, active: true });
const USERS = Array.from({ length: 150 }, (_, i) => user(i + 1));

interface Vendor {
  /** The ServiceProviderConfig's status and its filter object. */
  spc: { status: number; filter?: Record<string, unknown> };
  /** Honours startIndex (better-auth, WSO2) or answers from the first user whatever it says (AWS). */
  startIndex: boolean;
  /** totalResults is the list's size (else the page's). */
  trueTotal?: boolean;
  /** An unsupported filter (Snowflake) is answered 200 with no resources. */
  filterFindsNothing?: boolean;
}

describe("vendor shapes (node:http app)", () => {
  let fake: Server | undefined;
  let requests: string[] = [];
  afterEach(async () => {
    await new Promise<void>((resolve) => (fake ? fake.close(() => resolve()) : resolve()));
    fake = undefined;
    requests = [];
  });

  /** At most 100 users a page, count honoured below that, totalResults the page's size unless `trueTotal`. */
  async function vendorApp(vendor: Vendor): Promise<string> {
    fake = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      requests.push(`${req.method} ${url.pathname.replace("/scim/v2", "")}${url.search}`);
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/scim+json" });
        res.end(JSON.stringify(body));
      };
      if (url.pathname.endsWith("/ServiceProviderConfig")) {
        if (vendor.spc.status !== 200) return send(vendor.spc.status, { schemas: [ERROR], status: String(vendor.spc.status), detail: "Not Implemented" });
        return send(200, { schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"], patch: { supported: true }, filter: vendor.spc.filter ?? { supported: true }, etag: { supported: false }, bulk: { supported: false } });
      }
      if (url.pathname.endsWith("/Schemas")) return send(404, { schemas: [ERROR], status: "404" });
      const list = (all: readonly unknown[]) => {
        const count = Math.min(Number(url.searchParams.get("count") ?? 100), 100);
        const from = vendor.startIndex ? Math.max(Number(url.searchParams.get("startIndex") ?? 1), 1) - 1 : 0;
        const page = all.slice(from, from + count);
        return send(200, { schemas: [LIST], totalResults: vendor.trueTotal ? all.length : page.length, itemsPerPage: page.length, startIndex: from + 1, Resources: page });
      };
      if (url.pathname.endsWith("/Users")) return list(url.searchParams.has("filter") && vendor.filterFindsNothing ? [] : USERS);
      if (url.pathname.endsWith("/Groups")) return list([]);
      if (req.method === "PATCH" && url.pathname.endsWith("/Users/u150")) return send(200, { ...user(150), active: false });
      send(404, { schemas: [ERROR], status: "404" });
    });
    await new Promise<void>((resolve) => fake!.listen(0, "127.0.0.1", resolve));
    const address = fake.address();
    return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/scim/v2`;
  }

  const connector = (url: string, pageSize: number) => createScimConnector({ type: "scim", url, token: "${env:T}", options: { pageSize, timeoutMs: 5000 } }, { name: "crm", repoDir: ".", env: { T: "vendor-token" } });

  it("better-auth#10398 (startIndex honoured, pageSize 200): the page after the capped first page holds 50 more, and the read fails saying the counts disagree", async () => {
    const url = await vendorApp({ spc: { status: 200 }, startIndex: true });
    const error = await expectTargetError(connector(url, 200).read());
    expect(error.message).toBe('target "crm": scim GET /Users: totalResults says 100, but the page after the 100th resource holds 50 more: the app reports the size of a page as totalResults, so the end of its list cannot be told');
    expect(error.retryable).toBe(false);
    expect(requests.filter((r) => r.startsWith("GET /Users?"))).toEqual(["GET /Users?startIndex=1&count=200", "GET /Users?startIndex=101&count=200"]);
  });

  it("AWS's shape (startIndex ignored, count taken) and no declared cap, pageSize 200: an error naming paging: cursor, not 100 of 150 users", async () => {
    const url = await vendorApp({ spc: { status: 200 }, startIndex: false });
    const error = await expectTargetError(connector(url, 200).read());
    expect(error.message).toBe('target "crm": scim GET /Users: the app ignores startIndex: asked for the page at startIndex 101, it answered its first page again, and it takes count: its first answer of 100 (fewer than the 200 asked, totalResults 100) is either its whole list or all it gives a page, with the page\'s size reported as totalResults (AWS IAM Identity Center gives at most 100 a page so), and its ServiceProviderConfig declares no filter.maxResults to tell; the accounts past it could not be read');
    expect(error.hint).toContain("set targets.crm.options.paging to cursor");
    expect(error.retryable).toBe(false);
  });

  it("filter.maxResults 100 declared, pageSize 200: count 100 is asked, and the full page's totalResults is checked", async () => {
    const url = await vendorApp({ spc: { status: 200, filter: { supported: true, maxResults: 100 } }, startIndex: false });
    const error = await expectTargetError(connector(url, 200).read());
    expect(error.message).toBe("target \"crm\": scim GET /Users: the app ignores startIndex: asked for the page at startIndex 101, it answered the page at startIndex 1, so its list cannot be read whole this way: it gives at most 100 a page (its ServiceProviderConfig says filter.maxResults 100) and reports the page's size as totalResults");
    expect(error.hint).toContain("set targets.crm.options.paging to cursor");
    expect(requests.filter((r) => r.startsWith("GET /Users?"))).toEqual(["GET /Users?startIndex=1&count=100", "GET /Users?startIndex=101&count=100"]);
  });

  it("GET /ServiceProviderConfig answered 501 Not Implemented: the defaults a 404 gives, asked once, never retried as an outage", async () => {
    const url = await vendorApp({ spc: { status: 501 }, startIndex: true, trueTotal: true });
    const app = connector(url, 100);
    // 150 users in pages of 100 (the cap): the first page is full, the second short.
    const state = await app.read();
    expect(state.accounts).toHaveLength(150);
    expect(app.capabilities.supportsBulk).toBe(false);
    expect(requests.filter((r) => r.startsWith("GET /ServiceProviderConfig"))).toHaveLength(1);
  });

  it("a lookup whose filter the app answers 200 with nothing (Snowflake) finds the user in the whole list, and the change is made", async () => {
    const url = await vendorApp({ spc: { status: 200 }, startIndex: true, trueTotal: true, filterFindsNothing: true });
    const outcome = await connector(url, 100).apply(change("disable-account", "user150", { anchor: "hr:150", login: "user150" }));
    expect(outcome).toEqual({ status: "applied", account: "u150" });
    expect(requests.filter((r) => r.startsWith("PATCH "))).toEqual(["PATCH /Users/u150"]);
  });
});

describe("the app's declared filter.maxResults against the real server", () => {
  let server: ScimServer;
  beforeAll(async () => {
    // scimmy declares filter.maxResults 80 and gives at most 80 a page.
    server = await startScimServer({ maxResults: 80 });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("pages ask for no more than 80, so a list of exactly 80 is a full page whose end is checked", async () => {
    await server.seed({ users: Array.from({ length: 80 }, (_, i) => ({ userName: `user${String(i + 1).padStart(3, "0")}` })) });
    const state = await connectorFor(server, { pageSize: 200 }).read();
    expect(state.accounts).toHaveLength(80);
    const asked = (await server.requestLog()).filter((l) => l.startsWith("GET /scim/v2/Users?")).map((l) => /startIndex=(\d+)&count=(\d+)/.exec(l)?.slice(1).join("/"));
    // The page after it (scimmy answers its first page past the end) and one probe that startIndex is honoured.
    expect(asked).toEqual(["1/80", "81/80", "2/1"]);
  });
});
