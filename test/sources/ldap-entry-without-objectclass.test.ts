// rv99 #1 on a real slapd: an entry whose objectClass a search does not return. An ldapsearch
// export with an attribute list that does not name objectClass (RFC 4511 §4.5.1.8: only the listed
// attributes come back), and a live read bound as an account that may not read objectClass, both
// get entries that do not say what they are. Both stop, with the same words, rather than drop the
// entry (the file) or call it "not a person" (the live read, which asks for '*').
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SourceError } from "../../src/model/errors.js";
import { ldapSource } from "../../src/sources/ldap/index.js";
import { ldifSource } from "../../src/sources/ldif/index.js";
import type { SourceContext } from "../../src/sources/source.js";
import { ldapsearch } from "../helpers/ldapsearch.js";
import { PEOPLE_DN, startSlapd, type SlapdServer } from "../servers/slapd.js";

const SUFFIX = "dc=globex,dc=example";
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const people = [1, 2]
  .map((n) => `dn: uid=u${n},${PEOPLE_DN}\nobjectClass: inetOrgPerson\nuid: u${n}\ncn: Worker ${n}\nsn: W${n}\nentryUUID: ${uuid(n)}\n`)
  .join("\n");
const account = (cn: string) => `cn=${cn},ou=system,${SUFFIX}`;

describe.skipIf(!inject("tools").slapd)("an entry without objectClass, from slapd", () => {
  let server: SlapdServer;
  let dir: string;

  beforeAll(async () => {
    server = await startSlapd({
      suffix: SUFFIX,
      ldif: people,
      exportAccounts: [{ cn: "reader" }, { cn: "blind" }],
      access: [`to attrs=objectClass by dn.exact="${account("blind")}" none by * read`],
    });
    dir = mkdtempSync(join(tmpdir(), "scopesync-no-objectclass-"));
  }, 30_000);

  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function failure(read: Promise<unknown>): Promise<SourceError> {
    const error = await read.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    return error as SourceError;
  }

  const exported = async (attributes: string[]) => {
    const search = await ldapsearch(["-x", "-H", server.url, "-D", account("reader"), "-w", server.exportPassword, "-b", PEOPLE_DN, "(uid=*)", ...attributes]);
    expect(search.code, search.stderr).toBe(0);
    writeFileSync(join(dir, "people.ldif"), search.stdout);
    return ldifSource.read({ name: "dir", config: { type: "ldif", path: "people.ldif", options: { exportedAt: "2026-11-26T06:00:00Z" } }, repoDir: dir, env: {} });
  };

  const live = (bindAs: string): SourceContext => ({
    name: "dir",
    config: { type: "ldap", options: { url: server.url, bindDN: account(bindAs), password: "${env:LDAP_PASSWORD}", people: { baseDN: PEOPLE_DN, filter: "(uid=*)" }, now: "2026-11-26T10:00:00Z" } },
    repoDir: "/nonexistent",
    env: { LDAP_PASSWORD: server.exportPassword },
  });

  it("reads both people from an export that names objectClass, and live as an account that may read it (the controls)", async () => {
    expect((await exported(["uid", "cn", "sn", "objectClass", "entryUUID"])).map((r) => r.userName)).toEqual(["u1", "u2"]);
    expect((await ldapSource.read(live("reader"))).map((r) => r.userName)).toEqual(["u1", "u2"]);
  });

  it("stops an ldapsearch export whose attribute list leaves objectClass out, naming the entries", async () => {
    const error = await failure(exported(["uid", "cn", "sn", "entryUUID"]));
    expect(error.message).toMatch(/^source "dir": people\.ldif entry 1 \(line \d+\) "uid=u1,ou=people,dc=globex,dc=example": no objectClass, .* \(2 of 2 entries read have none; also people\.ldif entry 2 /);
    expect(error.hint).toContain("Add objectClass to the export's attribute list");
  });

  it("stops a live read that cannot read objectClass with the same words, not as entries that are not people", async () => {
    const error = await failure(ldapSource.read(live("blind")));
    expect(error.message).toContain(`"uid=u1,ou=people,dc=globex,dc=example": no objectClass, so nothing says whether it is a person, a service account or a group (2 of 2 entries read have none; also "uid=u2,`);
    expect(error.message).not.toContain("not people");
    expect(error.hint).toContain("give the bind DN read access to objectClass");
  });
});
