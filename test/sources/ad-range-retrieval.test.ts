// Active Directory range retrieval (MS-ADTS 3.1.1.3.1.3.3): AD returns at most MaxValRange values
// (1500 by default) of one attribute per search, naming the attribute "member;range=0-1499"; the
// rest must be asked for ("member;range=1500-*") until a range ends in "*". An LDIF export holding
// only the first range is refused; the live reader asks for the rest. OpenLDAP's slapd (the ldap
// tests' server) does not do range retrieval, so the live side is tested against a scripted server
// answering as MS-ADTS says.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Entry, SearchOptions } from "ldapts";
import { describe, expect, it } from "vitest";
import { normaliseEntry } from "../../src/sources/ldap/entry-to-record.js";
import { completeRanges, RangeRetrievalError, type RangeSearcher } from "../../src/sources/ldap/value-ranges.js";
import { ldifSource } from "../../src/sources/ldif/index.js";
import type { SourceContext } from "../../src/sources/source.js";
import { readError } from "./helpers.js";

const MAX_VAL_RANGE = 1500;
const MEMBERS = 1502;
const GROUP_DN = "CN=VPN Users,OU=Groups,DC=contoso,DC=example";
const userDn = (i: number) => `CN=User ${i},OU=Staff,DC=contoso,DC=example`;
const members = Array.from({ length: MEMBERS }, (_, i) => userDn(i));

/** objectGUID bytes of user i, base64 (00000000-0000-0000-0000-00000000xxxx in AD's byte order). */
function guid(i: number): string {
  const bytes = Buffer.alloc(16);
  bytes.writeUInt16BE(i, 14);
  return bytes.toString("base64");
}

/** An ldapsearch -LLL export of AD: the people (no memberOf), then the group as AD sent it. */
function adExport(memberLines: string): string {
  const people = members.map(
    (dn, i) => `dn: ${dn}
objectClass: top
objectClass: person
objectClass: organizationalPerson
objectClass: user
cn: User ${i}
sAMAccountName: user${i}
objectGUID:: ${guid(i)}
userAccountControl: 512
accountExpires: 0
`,
  );
  const group = `dn: ${GROUP_DN}
objectClass: top
objectClass: group
cn: VPN Users
sAMAccountName: VPN Users
objectGUID:: ${Buffer.alloc(16, 0xab).toString("base64")}
${memberLines}`;
  return [...people, group].join("\n");
}

function ldifContext(text: string): SourceContext {
  const dir = mkdtempSync(path.join(tmpdir(), "scopesync-ad-range-"));
  writeFileSync(path.join(dir, "ad.ldif"), text);
  return { name: "ad", config: { type: "ldif", path: "ad.ldif", options: { exportedAt: "2026-11-20T10:00:00Z" } }, repoDir: dir, env: {} };
}

const lines = (name: string, values: readonly string[]) => values.map((value) => `${name}: ${value}\n`).join("");

describe("ldif source: Active Directory range retrieval", () => {
  it("refuses a group whose member list is only AD's first range, naming the entry and the attribute", async () => {
    const context = ldifContext(adExport(lines("member;range=0-1499", members.slice(0, MAX_VAL_RANGE))));
    const error = await readError(ldifSource, context);
    // Each person is 10 lines and a blank one; the first member line is the group's 7th.
    const groupLine = 11 * MEMBERS + 7;
    expect(error.message).toBe(
      `source "ad": ad.ldif line ${groupLine}: entry ${MEMBERS + 1} ("${GROUP_DN}"): member holds values 0-1499 only, not the whole list: ` +
        "Active Directory sent it in ranges (member;range=0-1499) and the values from 1500 on are not in the export",
    );
    expect(error.hint).toContain("member;range=1500-*");
    expect(error.hint).toContain("export the people with memberOf");
  });

  it("refuses ranges that leave a gap, and reads ranges written out to the one ending in *", async () => {
    const gap = ldifContext(adExport(lines("member;range=0-1499", members.slice(0, 1500)) + lines("member;range=1501-*", members.slice(1501))));
    expect((await readError(ldifSource, gap)).message).toContain("member holds values 0-1499, 1501-* only, not the whole list");

    const whole = ldifContext(adExport(lines("member;range=0-1499", members.slice(0, 1500)) + lines("member;range=1500-*", members.slice(1500))));
    const records = await ldifSource.read(whole);
    expect(records).toHaveLength(MEMBERS);
    expect(records.filter((record) => record.groups.includes("VPN Users"))).toHaveLength(MEMBERS);
  });
});

/**
 * A directory server that answers as MS-ADTS 3.1.1.3.1.3.3 says: a search for "member;range=L-*"
 * returns at most `maxValRange` values, named "member;range=L-H", or "member;range=L-*" when they
 * reach the last value.
 */
function scriptedAd(values: readonly string[], maxValRange = MAX_VAL_RANGE) {
  const requests: string[] = [];
  const searcher: RangeSearcher = {
    async search(baseDN: string, options: SearchOptions) {
      const wanted = String(options.attributes?.[0]);
      requests.push(`${baseDN} ${options.scope} ${wanted}`);
      const low = Number(/;range=(\d+)-\*$/.exec(wanted)![1]);
      return { searchEntries: [{ dn: baseDN, ...rangeOf(values, low, maxValRange) }] };
    },
  };
  return { searcher, requests };
}

function rangeOf(values: readonly string[], low: number, maxValRange: number): Record<string, string[]> {
  const high = low + maxValRange - 1;
  if (high >= values.length - 1) return { [`member;range=${low}-*`]: values.slice(low) };
  return { [`member;range=${low}-${high}`]: values.slice(low, high + 1) };
}

describe("ldap source: Active Directory range retrieval", () => {
  it("asks for the remaining ranges of a ranged member list and gives the entry the whole list", async () => {
    const many = Array.from({ length: 3200 }, (_, i) => userDn(i));
    const { searcher, requests } = scriptedAd(many);
    const first: Entry = { dn: GROUP_DN, cn: "VPN Users", objectClass: ["top", "group"], "member;range=0-1499": many.slice(0, MAX_VAL_RANGE) };

    const entry = normaliseEntry(await completeRanges(searcher, first, {}));
    expect(requests).toEqual([`${GROUP_DN} base member;range=1500-*`, `${GROUP_DN} base member;range=3000-*`]);
    expect(entry.attributes.get("member")).toEqual({ name: "member", values: many });
    expect([...entry.attributes.keys()].sort()).toEqual(["cn", "member", "objectclass"]);
  });

  it("leaves an entry without ranges as it is, without asking the server", async () => {
    const { searcher, requests } = scriptedAd(members);
    const entry: Entry = { dn: GROUP_DN, member: members.slice(0, 3) };
    expect(await completeRanges(searcher, entry, {})).toBe(entry);
    expect(requests).toEqual([]);
  });

  it("fails, naming the group and the attribute, when the server does not continue where the last range ended", async () => {
    const searcher: RangeSearcher = {
      async search(baseDN: string) {
        return { searchEntries: [{ dn: baseDN, "member;range=1600-*": ["CN=Someone,DC=contoso,DC=example"] }] };
      },
    };
    const first: Entry = { dn: GROUP_DN, "member;range=0-1499": members.slice(0, MAX_VAL_RANGE) };
    const error = await completeRanges(searcher, first, {}).then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(RangeRetrievalError);
    expect((error as RangeRetrievalError).message).toBe(
      `range retrieval of member on "${GROUP_DN}": asked for the values from 1500 on, the server sent "member;range=1600-*"`,
    );
  });
});
