// The live ldap source and a value that is not UTF-8. slapd refuses such bytes in a Directory
// String (RFC 4517, 3.3.6), but a legacy schema's octet-string attribute holds them: a status word
// written in Latin-1 ("désactivé") came back as bytes, was read as its base64 text, matched no
// configured disabled value, and the disabled person read as active. Now the read stops naming the
// entry's DN and the attribute; an anchor of binary syntax still reads, as its base64 text.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SourceError } from "../../src/model/errors.js";
import { readLdap } from "../../src/sources/ldap/read-ldap.js";
import type { SourceContext } from "../../src/sources/source.js";
import { PEOPLE_DN, startSlapd, type SlapdServer } from "../servers/slapd.js";

const octets = (oid: string, name: string) =>
  `attributetype ( ${oid} NAME '${name}' EQUALITY octetStringMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.40 SINGLE-VALUE )`;
const LEGACY_SCHEMA = [
  octets("1.3.6.1.4.1.55555.1.1", "legacyStatus"),
  octets("1.3.6.1.4.1.55555.1.2", "legacyGuid"),
  "objectclass ( 1.3.6.1.4.1.55555.2.1 NAME 'legacyAccount' SUP top AUXILIARY MAY ( legacyStatus $ legacyGuid ) )",
  "",
].join("\n");

const base64 = (bytes: Buffer) => bytes.toString("base64");
const GUID = Buffer.from([0x9f, 0x01, 0xfe, 0x80, 0x11]);
const person = (uid: string, status: Buffer) => `dn: uid=${uid},${PEOPLE_DN}
objectClass: inetOrgPerson
objectClass: legacyAccount
uid: ${uid}
cn: ${uid}
sn: ${uid}
legacyStatus:: ${base64(status)}
legacyGuid:: ${base64(Buffer.concat([GUID, Buffer.from(uid)]))}
`;

const withSlapd = describe.skipIf(!inject("tools").slapd);

withSlapd("ldap source: values that are not UTF-8", () => {
  let server: SlapdServer;
  const context = (options: Record<string, unknown>): SourceContext => ({
    name: "corp",
    config: {
      type: "ldap",
      options: { url: server.url, bindDN: server.bindDN, password: "${env:LDAP_PASSWORD}", people: { baseDN: PEOPLE_DN }, now: "2026-11-26T10:00:00.000Z", ...options },
    },
    repoDir: "/nonexistent",
    env: { LDAP_PASSWORD: server.password },
  });

  beforeAll(async () => {
    server = await startSlapd({
      schema: LEGACY_SCHEMA,
      ldif: `${person("ase", Buffer.from("désactivé", "latin1"))}\n${person("bo", Buffer.from("actif"))}`,
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("refuses a status value of Latin-1 bytes, naming the DN and the attribute, instead of reading active", async () => {
    const read = readLdap(context({ statusAttribute: "legacyStatus", disabledValues: ["désactivé"] }));
    const error = await read.then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(SourceError);
    const { message, hint } = error as SourceError;
    expect(message).toContain(`uid=ase,${PEOPLE_DN}: legacyStatus is not UTF-8 text: bytes 64 e9 73 61 63 74 69 76 e9 (as Windows-1252: "désactivé")`);
    expect(hint).toMatch(/^Directory strings are UTF-8 \(RFC 4517/);
  });

  it("still reads an anchor of binary syntax, as its base64 text", async () => {
    const records = await readLdap(context({ anchor: "legacyGuid" }));
    expect(records.map((r) => [r.userName, r.externalId])).toEqual([
      ["ase", base64(Buffer.concat([GUID, Buffer.from("ase")]))],
      ["bo", base64(Buffer.concat([GUID, Buffer.from("bo")]))],
    ]);
  });
});
