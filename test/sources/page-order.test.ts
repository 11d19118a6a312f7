import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readExportPages } from "../../src/sources/common/export-files.js";
import { comparePageNames } from "../../src/sources/common/page-order.js";

// Names the collator calls equal: their order was readdir's (which differs between filesystems)
// and ICU's (which differs between Node.js releases); the code units decide it now.
const NFC = "caf\u00e9.json";
const NFD = "cafe\u0301.json";
const TIES: Array<[string, string]> = [
  [NFD, NFC],
  ["page-01.json", "page-1.json"],
  ["page-1.json", "page-\u200b1.json"],
];

describe("page file order", () => {
  it.each(TIES)("%j before %j, whichever comes first", (first, second) => {
    expect(comparePageNames(first, second)).toBeLessThan(0);
    expect(comparePageNames(second, first)).toBeGreaterThan(0);
    expect([second, first].sort(comparePageNames)).toEqual([first, second]);
  });

  it("keeps natural number order", () => {
    expect(["page-10.json", "page-2.json", "page-1.json"].sort(comparePageNames)).toEqual(["page-1.json", "page-2.json", "page-10.json"]);
  });

  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it("reads an NFC and an NFD page file of one name in code-unit order, written in either order", async () => {
    for (const written of [[NFC, NFD], [NFD, NFC]]) {
      dir = mkdtempSync(join(tmpdir(), "scopesync-pages-"));
      for (const name of written) writeFileSync(join(dir, name), "{}");
      const pages = await readExportPages({ name: "okta", config: { type: "okta", path: dir }, repoDir: dir, env: {} }, "json");
      expect(pages.map((p) => p.absolutePath)).toEqual([join(dir, NFD), join(dir, NFC)]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
