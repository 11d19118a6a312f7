// LDIF (RFC 2849) base64-encodes any value that is not plain ASCII, and a Directory String is the
// UTF-8 encoding of its characters (RFC 4517, 3.3.6). A legacy directory's Latin-1 bytes in such a
// value were read as their base64 text: the login and identity id "5xnl" for "åse", the family
// name "TfxsbGVy", and a disabled status word that matched no configured value, so active. A text
// attribute that is not UTF-8 now stops the read at its line; binary attributes still read.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ldifSource } from "../../src/sources/ldif/index.js";
import { tempDirs } from "../helpers/temp-dirs.js";
import { readError } from "./helpers.js";
import type { SourceContext } from "../../src/sources/source.js";

const tempDir = tempDirs();
const latin1 = (text: string) => Buffer.from(text, "latin1").toString("base64");

/** An export of one person, with `lines` added after cn (line 5 on). */
function context(lines: string[], options: Record<string, unknown> = {}): SourceContext {
  const dir = tempDir("scopesync-ldif-utf8-");
  const ldif = [
    "version: 1",
    "",
    "dn: uid=ase,ou=people,dc=example,dc=com",
    "objectClass: inetOrgPerson",
    "cn: Ase Muller",
    ...lines,
    "entryUUID: 22222222-2222-2222-2222-222222222222",
    "mail: ase@example.com",
    "",
  ].join("\n");
  writeFileSync(join(dir, "people.ldif"), ldif);
  return { name: "corp", config: { type: "ldif", path: "people.ldif", options: { exportedAt: "2026-01-01T06:00:00Z", ...options } }, repoDir: dir, env: {} };
}

const FIX = /RFC 4517.*writing it as UTF-8/s;

describe("ldif source: values that are not UTF-8", () => {
  it("refuses a uid:: of Latin-1 bytes at its line, instead of the login 5xnl", async () => {
    const error = await readError(ldifSource, context([`uid:: ${latin1("åse")}`, "sn: Muller"]));
    expect(error.message).toBe('source "corp": people.ldif entry 1 (line 3): uid (line 6) is not UTF-8 text: bytes e5 73 65 (as Windows-1252: "åse")');
    expect(error.hint).toMatch(FIX);
  });

  it("refuses an sn:: of Latin-1 bytes, instead of the family name TfxsbGVy", async () => {
    const error = await readError(ldifSource, context(["uid: ase", `sn:: ${latin1("Müller")}`]));
    expect(error.message).toBe('source "corp": people.ldif entry 1 (line 3): sn (line 7) is not UTF-8 text: bytes 4d fc 6c 6c 65 72 (as Windows-1252: "Müller")');
  });

  it("refuses a status value of Latin-1 bytes, which read as active", async () => {
    const options = { statusAttribute: "employeeStatus", disabledValues: ["désactivé"] };
    const error = await readError(ldifSource, context(["uid: ase", "sn: Muller", `employeeStatus:: ${latin1("désactivé")}`], options));
    expect(error.message).toContain("employeeStatus (line 8) is not UTF-8 text");
  });

  it("refuses a dn:: of Latin-1 bytes with the same fix", async () => {
    const dir = tempDir("scopesync-ldif-utf8-");
    writeFileSync(join(dir, "people.ldif"), `dn:: ${latin1("uid=åse,dc=example,dc=com")}\nobjectClass: inetOrgPerson\nuid: ase\n`);
    const error = await readError(ldifSource, { name: "corp", config: { type: "ldif", path: "people.ldif" }, repoDir: dir, env: {} });
    expect(error.message).toMatch(/^source "corp": people.ldif line 1: dn:: value is not UTF-8 text: bytes 75 69 64 3d e5 /);
    expect(error.hint).toMatch(FIX);
  });

  // Binary attributes are what base64 is for: a photo is left out of raw, and an anchor of binary
  // syntax (options.anchor) stays its base64 text, as it reads from the server too.
  it("still reads binary attributes: a photo, and a binary anchor", async () => {
    const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0]).toString("base64");
    const guid = Buffer.from([0x9f, 0x01, 0xfe, 0x80]).toString("base64");
    const [ase] = await ldifSource.read(context(["uid: ase", "sn: Muller", `jpegPhoto:: ${photo}`, `legacyGuid:: ${guid}`], { anchor: "legacyGuid" }));
    expect(ase).toMatchObject({ externalId: guid, userName: "ase", name: { family: "Muller" } });
    expect(ase!.raw).not.toHaveProperty("jpegPhoto");
  });
});
