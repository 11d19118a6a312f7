// rv103 H1 and H2: an Okta export whose Link chain is whole can still be less than the whole list.
// - Fetched with a query: Okta's list users returns every user but DEPROVISIONED ones when asked
//   with none, and with `filter`, `search` or `q` only the users that match
//   (developer.okta.com/docs/reference/user-query). A `filter=status eq "ACTIVE"` export left a
//   locked-out user out, and they were offboarded as gone.
// - Missing page 1: Okta's first page is the request itself, and `after=` comes only from a
//   rel="next" link. A paging loop that wrote every response to one file kept only the last page,
//   whose chain of one looked whole: the users of the earlier pages were offboarded.
// Both are refused now, at the headers file's Link line, for users, groups and group members.
import { cp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { oktaSource } from "../../src/sources/okta/index.js";
import { FIXTURES, readError, sourceContext } from "./helpers.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();
const exportedAt = { exportedAt: "2025-03-01T06:00:00Z" };

/** A copy of fixture folders under a temp repo, with `edit` applied to the named headers files (latin1, as curl -D writes them). */
async function copy(folders: string[], edits: Record<string, (text: string) => string> = {}): Promise<string> {
  const dir = tempDir("scopesync-okta-whole-");
  for (const folder of folders) await cp(join(FIXTURES, folder), join(dir, folder), { recursive: true });
  for (const [path, edit] of Object.entries(edits)) await writeFile(join(dir, path), edit(await readFile(join(dir, path), "latin1")), "latin1");
  return dir;
}

const at = (repoDir: string, path: string, options: Record<string, unknown> = exportedAt) => ({ ...sourceContext("okta", "okta", path, options), repoDir });

/** Adds `query` to every Link URL of the users pages (Okta carries a list's query on into each next link). */
const withQuery = (query: string) => (text: string) => text.replace(/\/api\/v1\/users\?/g, `/api/v1/users?${query}&`);

describe("an okta export fetched with a query that returns a subset", () => {
  it("is refused at page 1's Link rel=\"self\", naming the query and how to export the whole list", async () => {
    const dir = await copy(["okta/pages"], { "okta/pages/page-1.headers": withQuery("filter=status+eq+%22ACTIVE%22"), "okta/pages/page-2.headers": withQuery("filter=status+eq+%22ACTIVE%22") });
    const error = await readError(oktaSource, at(dir, "okta/pages"));
    expect(error.message).toBe(
      'source "okta": okta/pages/page-1.headers:8: this page was fetched with filter="status eq \\"ACTIVE\\"" (its Link rel="self" is https://example.okta.com/api/v1/users?filter=status+eq+%22ACTIVE%22&limit=2): Okta returns only what matches a filter, search or q query, so this GET /api/v1/users export is not the whole list: what it leaves out (a user locked out or staged, a group of another type) cannot be told from what is gone',
    );
    expect(error.hint).toMatch(/^Export the whole list: GET "https:\/\/<org>\.okta\.com\/api\/v1\/users\?limit=200" \(every user but DEPROVISIONED ones, so that an absence is a leaver's\), with no filter, search or q parameter/);
  });

  it("is refused for search= and q= too, and in a single file with its headers", async () => {
    for (const [query, shown] of [
      ["search=profile.department+eq+%22Engineering%22", 'search="profile.department eq \\"Engineering\\""'],
      ["q=ad", 'q="ad"'],
    ] as const) {
      const dir = await copy(["okta/pages"], { "okta/pages/page-2.headers": withQuery(query) });
      await rename(join(dir, "okta/pages/page-2.headers"), join(dir, "okta/users.headers"));
      await rename(join(dir, "okta/pages/page-2.json"), join(dir, "okta/users.json"));
      // page-2 is not page 1 either; the query is what is said first, as the more basic fault.
      const error = await readError(oktaSource, at(dir, "okta/users.json"));
      expect(error.message).toContain(`okta/users.headers:8: this page was fetched with ${shown} `);
    }
  });

  it("is refused for the groups list (a group it leaves out would take its members' access)", async () => {
    const dir = await copy(["okta/users.json", "okta/groups"], { "okta/groups/groups.headers": (t) => t.replace("groups?limit", "groups?filter=type+eq+%22OKTA_GROUP%22&limit") });
    const error = await readError(oktaSource, at(dir, "okta/users.json", { ...exportedAt, groups: "okta/groups/groups.json", groupMembers: "okta/groups/members" }));
    expect(error.message).toMatch(/^source "okta": okta\/groups\/groups\.headers:4: this page was fetched with filter="type eq \\"OKTA_GROUP\\"" .* this GET \/api\/v1\/groups export is not the whole list/);
    expect(error.hint).toContain('GET "https://<org>.okta.com/api/v1/groups?limit=10000" (every group, of every type)');
  });

  it("other parameters (limit, expand) leave the list whole", async () => {
    const dir = await copy(["okta/pages"], { "okta/pages/page-1.headers": (t) => t.replace("users?limit=2>", "users?limit=2&expand=classification>") });
    expect(await oktaSource.read(at(dir, "okta/pages"))).toHaveLength(5);
  });
});

describe("an okta export without page 1", () => {
  it("a lone page reached by an after= cursor is refused: the pages before it are missing", async () => {
    const dir = await copy(["okta/pages"]);
    await rm(join(dir, "okta/pages/page-1.json"));
    await rm(join(dir, "okta/pages/page-1.headers"));
    await rename(join(dir, "okta/pages/page-2.json"), join(dir, "okta/pages/page-1.json"));
    await rename(join(dir, "okta/pages/page-2.headers"), join(dir, "okta/pages/page-1.headers"));
    const error = await readError(oktaSource, at(dir, "okta/pages"));
    expect(error.message).toBe(
      'source "okta": okta/pages/page-1.headers:8: the first page of the GET /api/v1/users export (okta/pages/page-1.json) is https://example.okta.com/api/v1/users?after=00u1bob0000000000002&limit=2, reached with the cursor after=00u1bob0000000000002: Okta\'s first page is the request itself, without after=, so page 1 (and any page before this one) is missing from the export',
    );
    expect(error.hint).toMatch(/^Save every page, each to its own file .*: a loop that writes every response to the same file keeps only the last page\./);
  });

  it("a single file whose headers say it is a later page is refused (a paging loop that kept only the last response)", async () => {
    const dir = await copy(["okta/pages"]);
    await rename(join(dir, "okta/pages/page-2.headers"), join(dir, "okta/users.headers"));
    await rename(join(dir, "okta/pages/page-2.json"), join(dir, "okta/users.json"));
    const error = await readError(oktaSource, at(dir, "okta/users.json"));
    expect(error.message).toContain("okta/users.headers:8: the first page of the GET /api/v1/users export (okta/users.json) is https://example.okta.com/api/v1/users?after=00u1bob0000000000002&limit=2");
  });

  it("a group's member pages that start at a cursor are refused (the first page's members would be revoked)", async () => {
    const dir = await copy(["okta/users.json", "okta/groups"]);
    const pages = join(dir, "okta/groups/members/00g1emaKYZTWRYYRRTSK");
    await rm(join(pages, "page-1.json"));
    await rm(join(pages, "page-1.headers"));
    await rename(join(pages, "page-2.json"), join(pages, "page-1.json"));
    await rename(join(pages, "page-2.headers"), join(pages, "page-1.headers"));
    const error = await readError(oktaSource, at(dir, "okta/users.json", { ...exportedAt, groups: "okta/groups/groups.json", groupMembers: "okta/groups/members" }));
    expect(error.message).toMatch(/^source "okta": okta\/groups\/members\/00g1emaKYZTWRYYRRTSK\/page-1\.headers:8: the first page of the GET \/api\/v1\/groups\/00g1emaKYZTWRYYRRTSK\/users export .* is missing from the export$/);
  });

  it("the groups list that starts at a cursor is refused", async () => {
    const dir = await copy(["okta/users.json", "okta/groups"], { "okta/groups/groups.headers": (t) => t.replace("groups?limit", "groups?after=00g1admins0000000002&limit") });
    const error = await readError(oktaSource, at(dir, "okta/users.json", { ...exportedAt, groups: "okta/groups/groups.json", groupMembers: "okta/groups/members" }));
    expect(error.message).toContain("okta/groups/groups.headers:4: the first page of the GET /api/v1/groups export (okta/groups/groups.json)");
  });
});
