// An LDIF export made the way the ldif reader's own hint says to get past a size limit: ldapsearch
// with the paged-results control (-E pr=N/noprompt), against a real slapd. OpenLDAP's ldapsearch
// writes "version: 1" again at the top of every page with -L and -LL (clients/tools/ldapsearch.c:
// main() prints it after the getNextPage: label it jumps back to for each page). Before, the reader
// took the second one for an entry and refused the file: 'entry 4 does not start with "dn:" (found
// "version")' (rv31 4). It must read the same records as the unpaged -LLL export.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { SourceRecord } from "../../src/model/source-record.js";
import { peopleAttributes } from "../../src/sources/ldap/read-ldap.js";
import { ldifSource } from "../../src/sources/ldif/index.js";
import { SourceError } from "../../src/model/errors.js";
import { startSlapd, type SlapdServer } from "../servers/slapd.js";
import { readFileSync } from "node:fs";

const SUFFIX = "dc=planetexpress,dc=com";
const PEOPLE = `ou=people,${SUFFIX}`;
const NOW = "2026-11-26T10:00:00.000Z";
const FIXTURE = readFileSync(new URL("../fixtures/ldap/planet-express.ldif", import.meta.url), "utf8");

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => (error ? reject(new Error(`${file}: ${stderr}`)) : resolve(stdout)));
  });
}

// Without slapd (and without CI), these are skipped after one notice: see test/required-tools.ts.
describe.skipIf(!inject("tools").slapd)("a paged ldapsearch LDIF export (-E pr=N/noprompt) against a real slapd", () => {
  let server: SlapdServer;
  let dir: string;
  let exports: Record<"unpaged" | "paged-L" | "paged-LL", string>;

  beforeAll(async () => {
    server = await startSlapd({ suffix: SUFFIX, ldif: FIXTURE });
    dir = await mkdtemp(join(tmpdir(), "scopesync-paged-ldif-"));
    const search = (...flags: string[]) =>
      run("ldapsearch", ["-x", ...flags, "-H", server.url, "-D", server.bindDN, "-w", server.password, "-b", PEOPLE, "(objectClass=inetOrgPerson)", ...peopleAttributes({ anchor: undefined })]);
    // Pages of 4 of the 9 people: three pages, so "version: 1" comes back twice.
    exports = { unpaged: await search("-LLL"), "paged-L": await search("-L", "-E", "pr=4/noprompt"), "paged-LL": await search("-LL", "-E", "pr=4/noprompt") };
  }, 30_000);

  afterAll(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function read(name: string, text: string): Promise<SourceRecord[]> {
    await writeFile(join(dir, `${name}.ldif`), text);
    return ldifSource.read({ name: "planet", config: { type: "ldif", path: `${name}.ldif`, options: { exportedAt: NOW } }, repoDir: dir, env: {} });
  }
  const comparable = (records: SourceRecord[]) => records.map(({ position: _position, ...rest }) => rest).sort((a, b) => (a.externalId < b.externalId ? -1 : 1));

  it.each(["paged-L", "paged-LL"] as const)("reads the %s export whole, as the unpaged one", async (name) => {
    // The layout under test: ldapsearch started each of the three pages with "version: 1".
    expect(exports[name].match(/^version: 1$/gm)).toHaveLength(3);
    const unpaged = await read("unpaged", exports.unpaged);
    expect(unpaged).toHaveLength(9);
    expect(comparable(await read(name, exports[name]))).toEqual(comparable(unpaged));
  });

  it("still checks ldapsearch's count of the entries of every page (# numEntries, written once after the last page)", async () => {
    expect(exports["paged-L"]).toMatch(/\n# numEntries: 9\n$/);
    // The second page's four entries lost: a repeated version line is no cover for a cut export.
    const pages = exports["paged-L"].split(/^version: 1$/m);
    expect(pages).toHaveLength(4);
    const cut = ["", pages[1], pages[2]!.replace(/^# [^\n]*\ndn: [\s\S]*?\n\n(?=# search result)/m, ""), pages[3]].join("version: 1");
    expect(cut.match(/^dn: /gm)).toHaveLength(5);
    const reading = read("cut", cut);
    await expect(reading).rejects.toBeInstanceOf(SourceError);
    const countLine = cut.split("\n").indexOf("# numEntries: 9") + 1;
    await expect(reading).rejects.toThrow(new RegExp(`^source "planet": cut\\.ldif line ${countLine}: ldapsearch reported 9 entries for this search but the file holds 5 \\(truncated export\\?\\)$`));
  });
});
