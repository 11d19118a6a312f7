// Each saved Okta page has its response headers beside it (page-N.headers, as curl -D writes them),
// and every response carries the HTTP Date header: when Okta served it (RFC 9110 §6.6.1). Without
// options.exportedAt the export time was the files' modification time, which a git checkout or a
// CI cache resets to "now", so maxAge passed an export of last month. The oldest page's Date is now
// the export time, and pages served more than an hour apart (a folder that kept a page of an
// earlier read beside today's) are refused at the page, with the fix.
import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { oktaSource } from "../../src/sources/okta/index.js";
import { FIXTURES, readError, sourceContext } from "./helpers.js";
import { tempDirs } from "../helpers/temp-dirs.js";
import type { ToldExportTime } from "../../src/model/export-time-origin.js";

const tempDir = tempDirs();

/** A copy of the fixture okta/pages (two pages, Dates 06:00:01 and 06:00:02 on 1 March 2025) with page-2's Date line replaced. */
async function pagesWithDate(page2Date: string | undefined): Promise<string> {
  const dir = tempDir("scopesync-okta-dates-");
  await cp(join(FIXTURES, "okta/pages"), join(dir, "okta/pages"), { recursive: true });
  const headers = join(dir, "okta/pages/page-2.headers");
  const text = await readFile(headers, "latin1");
  await writeFile(headers, page2Date === undefined ? text.replace(/^Date: .*\r?\n/m, "") : text.replace(/^Date: .*$/m, `Date: ${page2Date}`), "latin1");
  return dir;
}

function context(repoDir: string, options: Record<string, unknown> = {}) {
  const told: string[] = [];
  const origins: unknown[] = [];
  return { told, context: { ...sourceContext("okta", "okta", "okta/pages", options), repoDir, exportTime: (t: ToldExportTime) => { told.push(t.at); origins.push(t.origin); } }, origins };
}

describe("okta pages' Date headers", () => {
  it("give the export time when options.exportedAt is absent: the oldest page's", async () => {
    // The copy's files are new (mtime now): only the headers can say the export is of 1 March 2025.
    const { told, context: ctx, origins } = context(await pagesWithDate("Sat, 01 Mar 2025 06:00:02 GMT"));
    const records = await oktaSource.read(ctx);
    expect(told).toEqual(["2025-03-01T06:00:01.000Z"]);
    // Told with the headers file it came from, which the time gates name.
    expect(origins).toEqual([{ kind: "served", headers: "okta/pages/page-1.headers" }]);
    expect(new Set(records.map((r) => r.exportedAt))).toEqual(new Set(["2025-03-01T06:00:01.000Z"]));
  });

  it("read the obsolete HTTP-date forms a recipient must accept (RFC 9110 §5.6.7)", async () => {
    for (const [date, oldest] of [
      ["Saturday, 01-Mar-25 05:59:00 GMT", "2025-03-01T05:59:00.000Z"],
      ["Sat Mar  1 05:58:00 2025", "2025-03-01T05:58:00.000Z"],
    ] as const) {
      const { told, context: ctx } = context(await pagesWithDate(date));
      await oktaSource.read(ctx);
      expect(told).toEqual([oldest]);
    }
  });

  it("yield to options.exportedAt; a page without a Date leaves the others to give it", async () => {
    const configured = context(await pagesWithDate(undefined), { exportedAt: "2025-02-01T00:00:00Z" });
    await oktaSource.read(configured.context);
    expect(configured.told).toEqual(["2025-02-01T00:00:00.000Z"]);
    // page-1 still has its Date: the one page with a Date gives the time.
    const one = context(await pagesWithDate(undefined));
    await oktaSource.read(one.context);
    expect(one.told).toEqual(["2025-03-01T06:00:01.000Z"]);
  });

  it("more than an hour apart refuse the export at the later page: two reads stitched together", async () => {
    const { context: ctx } = context(await pagesWithDate("Sun, 02 Mar 2025 07:30:00 GMT"));
    const error = await readError(oktaSource, ctx);
    expect(error.message).toBe(
      'source "okta": okta/pages/page-2.json: Okta served this page at 2025-03-02T07:30:00.000Z (its Date header), 25.5 hours after okta/pages/page-1.json (2025-03-01T06:00:01.000Z): the GET /api/v1/users pages are of two reads, not one export',
    );
    expect(error.hint).toMatch(/^Fetch every page again in one run, from page 1 to the last/);
  });

  it("an hour apart at most are one read", async () => {
    const { told, context: ctx } = context(await pagesWithDate("Sat, 01 Mar 2025 07:00:01 GMT"));
    await oktaSource.read(ctx);
    expect(told).toEqual(["2025-03-01T06:00:01.000Z"]);
  });

  it("refuse a Date that is no HTTP date, naming the headers file", async () => {
    const { context: ctx } = context(await pagesWithDate("2025-03-01 06:00:02"));
    const error = await readError(oktaSource, ctx);
    expect(error.message).toBe('source "okta": okta/pages/page-2.headers: the Date header "2025-03-01 06:00:02" is not an HTTP date (RFC 9110 §6.6.1: "Sat, 01 Mar 2025 06:00:01 GMT")');
    expect(error.hint).toContain("curl -D");
  });
});
