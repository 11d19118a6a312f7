// Graph pages saved by a curl loop (`curl -o users.$n.json "$next"`) when Graph throttled a request.
// learn.microsoft.com/graph/throttling: a throttled request gets "HTTP status code 429 Too Many
// Requests" and "a suggested wait time in the response header" (Retry-After); its body is Graph's
// error response (learn.microsoft.com/graph/errors: one "error" object with code, message and
// innerError), code "TooManyRequests" as Graph answers a throttled directory read. Saved as page 3,
// it is no page of users: before, the read said only that the file had no "value" list, not that
// the export was cut off by throttling and had to be taken again.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { entraSource } from "../../src/sources/entra/index.js";
import { entraAppsSource } from "../../src/sources/entra-apps/index.js";
import type { SourceAdapter } from "../../src/sources/source.js";
import { tempDirs } from "../helpers/temp-dirs.js";
import { readError } from "./helpers.js";

const dirs = tempDirs();
const THROTTLED = { error: { code: "TooManyRequests", message: "Too many requests.", innerError: { date: "2026-11-26T06:00:03", "request-id": "94fb3b52-452a-4535-a601-69e0a90e3aa2", "client-request-id": "94fb3b52-452a-4535-a601-69e0a90e3aa2" } } };

const user = (n: number) => ({ id: `c0000000-0000-4000-8000-00000000000${n}`, userPrincipalName: `u${n}@corp.example`, mail: `u${n}@corp.example`, accountEnabled: true, userType: "Member" });
const app = (n: number) => ({ id: `d0000000-0000-4000-8000-00000000000${n}`, appId: `e0000000-0000-4000-8000-00000000000${n}`, displayName: `App ${n}`, passwordCredentials: [], keyCredentials: [], owners: [] });

/** Pages as the loop saved them: `bodies[i]` as `<name>.<i+1>.json`; a page with a nextLink when more was to come. */
function pages(name: string, bodies: object[]): { repoDir: string; path: string } {
  const repoDir = dirs("scopesync-throttled-");
  mkdirSync(join(repoDir, "export"));
  bodies.forEach((body, i) => writeFileSync(join(repoDir, "export", `${name}.${i + 1}.json`), JSON.stringify(body)));
  return { repoDir, path: "export" };
}

const page = (items: object[], next: boolean, what: string) => ({ "@odata.context": `https://graph.microsoft.com/v1.0/$metadata#${what}`, value: items, ...(next ? { "@odata.nextLink": `https://graph.microsoft.com/v1.0/${what}?$skiptoken=X${items.length}` } : {}) });

async function failure(adapter: SourceAdapter, at: { repoDir: string; path: string }) {
  return readError(adapter, { name: "entra", config: { type: adapter.type, path: at.path, options: { exportedAt: "2026-11-26T06:00:00Z" } }, repoDir: at.repoDir, env: {} });
}

describe("a throttled page saved mid-export", () => {
  it("entra: page 3 holds Graph's 429 error body: the read stops, naming the file, the throttling and what to do", async () => {
    const error = await failure(entraSource, pages("users", [page([user(1), user(2)], true, "users"), page([user(3), user(4)], true, "users"), THROTTLED]));
    expect(error.message).toBe('source "entra": export/users.3.json: this is a Graph error response (code "TooManyRequests": the request was throttled, HTTP 429), not a page of users: this page and the pages after it were never fetched, so the export is incomplete');
    expect(error.hint).toBe("Export GET /users again, every page: when Graph answers 429, wait the seconds its Retry-After header says and send the same request again, and save a page only when the response status is 200 (curl --fail does not write an error body).");
  });

  it("entra-apps: the same for a page of applications, and another error code is named as Graph gave it", async () => {
    const error = await failure(entraAppsSource, pages("applications", [page([app(1)], true, "applications"), { error: { code: "UnknownError", message: "", innerError: {} } }]));
    expect(error.message).toBe('source "entra": export/applications.2.json: this is a Graph error response (code "UnknownError"), not a page of applications: this page and the pages after it were never fetched, so the export is incomplete');
    expect(error.hint).toContain("Export GET /applications again");
  });

  // Already so before: the loop stopped after page 2, whose @odata.nextLink was never followed.
  it("entra: the loop stopped with a nextLink pending: the last page's nextLink stops the read", async () => {
    const error = await failure(entraSource, pages("users", [page([user(1), user(2)], true, "users"), page([user(3), user(4)], true, "users")]));
    expect(error.message).toBe('source "entra": export/users.2.json: @odata.nextLink points to a next page that is not in the export (truncated export)');
  });
});
