// A DN holding U+FFFD lost bytes before it reached scopesync: ldapts decodes a DN's bytes as
// UTF-8, so a directory that sends Latin-1 ("cn=Ren\xe9") gives "cn=Ren\uFFFD", the same text as
// "cn=Ren\xe8" gives, and a member DN matched whichever entry had it. slapd refuses a DN that is
// not UTF-8 (slapadd: "invalid DN", for \e9 escapes and for raw bytes alike), so it cannot send
// one; a directory that a lossy migration left with U+FFFD in its DNs it holds and sends as is,
// and ldapts' own decoding of Latin-1 bytes is shown on the bytes of a search result entry.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { BerReader, BerWriter, SearchEntry } from "ldapts";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SourceError } from "../../src/model/errors.js";
import { ldifSource } from "../../src/sources/ldif/index.js";
import { readLdap } from "../../src/sources/ldap/read-ldap.js";
import type { SourceContext } from "../../src/sources/source.js";
import { tempDirs } from "../helpers/temp-dirs.js";
import { GROUPS_DN, PEOPLE_DN, startSlapd, type SlapdServer } from "../servers/slapd.js";
import { readError } from "./helpers.js";

const LOST = "ren\uFFFD";
const FIX = /^DNs are UTF-8 \(RFC 4514\)\. Find the entry/;
const person = (uid: string, dn = `uid=${uid},${PEOPLE_DN}`) => `dn: ${dn}\nobjectClass: inetOrgPerson\nuid: ${uid}\ncn: ${uid}\nsn: ${uid}\n`;

describe("ldapts and a DN that is not UTF-8", () => {
  it("decodes Latin-1 bytes of two different DNs to one text with U+FFFD", () => {
    const decoded = [0xe9, 0xe8].map((byte) => {
      const writer = new BerWriter();
      writer.writeBuffer(Buffer.concat([Buffer.from("uid=ren"), Buffer.from([byte]), Buffer.from(`,${PEOPLE_DN}`)]), 0x04);
      writer.startSequence();
      writer.endSequence();
      const entry = new SearchEntry({ messageId: 1 });
      entry.parseMessage(new BerReader(writer.buffer));
      return entry.name;
    });
    expect(decoded).toEqual([`uid=${LOST},${PEOPLE_DN}`, `uid=${LOST},${PEOPLE_DN}`]);
  });
});

const withSlapd = describe.skipIf(!inject("tools").slapd);

withSlapd("ldap source: a DN with U+FFFD", () => {
  let server: SlapdServer;
  const context = (groups: boolean): SourceContext => ({
    name: "corp",
    config: {
      type: "ldap",
      options: { url: server.url, bindDN: server.bindDN, password: "${env:LDAP_PASSWORD}", people: { baseDN: PEOPLE_DN, filter: "(uid=*)" }, ...(groups ? { groups: { baseDN: GROUPS_DN } } : {}), now: "2026-12-07T10:00:00.000Z" },
    },
    repoDir: "/nonexistent",
    env: { LDAP_PASSWORD: server.password },
  });

  beforeAll(async () => {
    server = await startSlapd({
      ldif: `${person("ana")}\n${person("bo")}`,
      groups: [{ dn: `cn=admins,${GROUPS_DN}`, attributes: { objectClass: "groupOfNames", cn: "admins", member: [`uid=ana,${PEOPLE_DN}`, `uid=${LOST},${PEOPLE_DN}`] } }],
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("refuses a group's member DN with U+FFFD, naming the group, the value and why, instead of matching on it", async () => {
    const error = await readLdap(context(true)).then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(SourceError);
    const { message, hint } = error as SourceError;
    expect(message).toContain(`cn=admins,${GROUPS_DN}: member names the DN "uid=${LOST},${PEOPLE_DN}", which holds U+FFFD (the replacement character) at character 8: bytes that were not UTF-8`);
    expect(hint).toMatch(FIX);
  });
});

withSlapd("ldap source: an entry whose DN holds U+FFFD", () => {
  let server: SlapdServer;
  beforeAll(async () => {
    server = await startSlapd({ ldif: `${person("ana")}\n${person("rene", `uid=${LOST},${PEOPLE_DN}`)}` });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("refuses it, naming the entry", async () => {
    const context: SourceContext = {
      name: "corp",
      config: { type: "ldap", options: { url: server.url, bindDN: server.bindDN, password: "${env:LDAP_PASSWORD}", people: { baseDN: PEOPLE_DN, filter: "(uid=*)" }, now: "2026-12-07T10:00:00.000Z" } },
      repoDir: "/nonexistent",
      env: { LDAP_PASSWORD: server.password },
    };
    const error = await readLdap(context).then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toContain(`the entry's DN "uid=${LOST},${PEOPLE_DN}" holds U+FFFD (the replacement character) at character 8`);
    expect((error as SourceError).hint).toMatch(FIX);
  });
});

describe("ldif source: a DN with U+FFFD", () => {
  const tempDir = tempDirs();
  const context = (ldif: string): SourceContext => {
    const dir = tempDir("scopesync-ldif-fffd-");
    writeFileSync(join(dir, "people.ldif"), `version: 1\n\n${ldif}`);
    return { name: "corp", config: { type: "ldif", path: "people.ldif", options: { exportedAt: "2026-12-07T06:00:00Z" } }, repoDir: dir, env: {} };
  };
  const uuid = (n: number) => `entryUUID: ${String(n).repeat(8)}-${String(n).repeat(4)}-${String(n).repeat(4)}-${String(n).repeat(4)}-${String(n).repeat(12)}\n`;

  it("refuses an entry's DN at its line", async () => {
    const error = await readError(ldifSource, context(`${person("rene", `uid=${LOST},${PEOPLE_DN}`)}${uuid(1)}`));
    expect(error.message).toBe(`source "corp": people.ldif entry 1 (line 3): the entry's DN "uid=${LOST},${PEOPLE_DN}" holds U+FFFD (the replacement character) at character 8: bytes that were not UTF-8 were replaced by it (by the LDAP client, which decodes a DN as UTF-8, or by a tool that converted the export), so two different DNs can read as this one and a member DN could match the wrong entry`);
    expect(error.hint).toMatch(FIX);
  });

  it("refuses a memberOf and a manager DN at their lines", async () => {
    for (const attribute of ["memberOf", "manager"]) {
      const error = await readError(ldifSource, context(`${person("ana")}${uuid(1)}${attribute}: cn=${LOST},${GROUPS_DN}\n`));
      expect(error.message).toContain(`people.ldif entry 1 (line 3): ${attribute} (line 9) names the DN "cn=${LOST},${GROUPS_DN}", which holds U+FFFD`);
    }
  });
});
