// An app that ignores `count` but honours `startIndex` (test server, fault `ignoreCount`: every
// list answers the server's page size, 100, from the startIndex asked). Read with a pageSize under
// that size, its first answer holds more than asked; where its totalResults is that page's size
// (as capped apps report it, better-auth/better-auth#10398) the answer read as "an app that ignores
// paging" (whole-list.ts) and the read stopped there: the users past its first page were missing
// from the plan, and a leaver among them was never disabled. The page after such an answer is now
// asked for (startIndex = 1 + what was read) and followed as a paged read.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { connectorFor } from "../servers/scim-server-testkit.js";
import { OverSizedRead } from "../../src/targets/scim/over-sized.js";

const users = (n: number) => Array.from({ length: n }, (_, i) => `user${String(i + 1).padStart(4, "0")}`).map((userName) => ({ userName, externalId: `hr:${userName}` }));
const userLines = async (server: ScimServer) => (await server.requestLog()).filter((l) => /^GET \/scim\/v2\/Users\?/.test(l)).map((l) => l.replace(/ \d+ms$/, ""));

describe("an app that ignores count and honours startIndex (test server, ignoreCount)", () => {
  let server: ScimServer;
  beforeAll(async () => {
    server = await startScimServer({ maxResults: 100 });
  });
  beforeEach(async () => {
    await server.reset();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("totalResults the page's size: pages of 100 asked 40 are followed to the end, every user read", async () => {
    await server.seed({ users: users(250), groups: [{ displayName: "Staff", members: ["user0001", "user0250"] }] });
    await server.inject({ ignoreCount: true });
    const state = await connectorFor(server, { pageSize: 40 }).read();
    expect(state.accounts).toHaveLength(250);
    expect(state.accounts.find((a) => a.login === "user0250")!.entitlements).toEqual(["group:Staff"]);
    // The page after each answer, at 1 + what was read; scimmy answers past the end with its first page.
    expect(await userLines(server)).toEqual([
      "GET /scim/v2/Users?startIndex=1&count=40 200",
      "GET /scim/v2/Users?startIndex=101&count=40 200",
      "GET /scim/v2/Users?startIndex=201&count=40 200",
      "GET /scim/v2/Users?startIndex=251&count=40 200",
    ]);
    // Read whole page by page: not one answer taken whole, so no warning that it may be a cap.
    expect((state.findings ?? []).filter((f) => f.rule === "scim-list-cap-like")).toEqual([]);
  });
});

// An app that ignores count but honours startIndex (ignoreCount: pages of 200, the server's cap,
// totalResults each page's size), and answers a startIndex past the end of its list with its first
// page (scimmy's ListResponse slices only "If startIndex is within results"; RFC 7644 §3.4.2.4 says
// nothing of an index past the end, and makes count a maximum the app "MUST NOT" exceed). The read
// asks for the page past the end to confirm it, gets the first page again, and asks the probe
// (startIndex 2, count 1) whether startIndex is honoured: this app answers from the second resource
// on, more than the one asked. That is paging by startIndex, and the list is whole; the probe took
// it for an app that ignores paging (only an answer of exactly the one asked was "honoured"), and a
// round-sized list got the warning that the app may ignore startIndex.
describe("a list of an app that ignores count and answers past the end with its first page", () => {
  let server: ScimServer;
  beforeAll(async () => {
    server = await startScimServer({ maxResults: 200 });
  });
  beforeEach(async () => {
    await server.reset();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("fewer than count: read whole, where the read failed saying the app ignores startIndex", async () => {
    await server.seed({ users: users(100) });
    // No filter.maxResults declared: no cap the app declares tells its whole list from a capped page.
    await server.inject({ ignoreCount: true, undeclaredMaxResults: true });
    const state = await connectorFor(server, { pageSize: 150 }).read();
    expect(state.accounts).toHaveLength(100);
    expect(await userLines(server)).toEqual([
      "GET /scim/v2/Users?startIndex=1&count=150 200",
      // Past the end: the first page again.
      "GET /scim/v2/Users?startIndex=101&count=150 200",
      // The probe: answered from the second user on (99, not the one asked), so startIndex is honoured.
      "GET /scim/v2/Users?startIndex=2&count=1 200",
    ]);
    expect((state.findings ?? []).filter((f) => f.rule === "scim-list-cap-like")).toEqual([]);
  });

  it("more than count, a round number: read whole, with no warning that the app may ignore startIndex", async () => {
    await server.seed({ users: users(100) });
    await server.inject({ ignoreCount: true });
    const state = await connectorFor(server, { pageSize: 40 }).read();
    expect(state.accounts).toHaveLength(100);
    expect(await userLines(server)).toEqual([
      "GET /scim/v2/Users?startIndex=1&count=40 200",
      "GET /scim/v2/Users?startIndex=101&count=40 200",
      "GET /scim/v2/Users?startIndex=2&count=1 200",
    ]);
    // Before: no probe, and scim-list-cap-like, saying the app ignores paging or ignores startIndex, which it does not.
    expect((state.findings ?? []).filter((f) => f.rule === "scim-list-cap-like")).toEqual([]);
  });
});

describe("the counts of an over-sized read", () => {
  it("agree when each answer's totalResults is its own size or the number read; any other contradicts, named with the page", () => {
    const read = new OverSizedRead(40, "first", 100, 100);
    expect(read.next(101, 250, ["a", "b"], "second")).toBe("more");
    expect(read.next(103, 0, [], "")).toBe("end");
    expect(read.contradiction(102)).toBe(
      "the app ignores count (asked 40, its first answer held 100) and pages by startIndex, but its counts contradict: totalResults 250 on the page at startIndex 101 is neither the 2 resources that page held nor the 102 its 2 pages held in all (the app changed during the read, or miscounts)",
    );
    expect(read.contradiction(250)).toBeUndefined();
    // The first page again right after it: the app ignores startIndex too, its first answer its whole list.
    expect(new OverSizedRead(40, "first", 100, 100).next(101, 100, ["x"], "first")).toBe("unpaged");
  });
});
