// The same directory read live (a real slapd) and from its LDIF export (ldapsearch against that
// slapd, as an administrator makes one) must give identical records and memberships: one DN
// parser and one mapping serve both, and a difference would turn into grants or revokes.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../src/model/finding.js";
import type { SourceRecord } from "../../src/model/source-record.js";
import { groupFilter } from "../../src/sources/common/directory/group-options.js";
import { ldapSource } from "../../src/sources/ldap/index.js";
import { GROUP_ATTRIBUTES, peopleAttributes } from "../../src/sources/ldap/read-ldap.js";
import { ldifSource } from "../../src/sources/ldif/index.js";
import type { SourceContext } from "../../src/sources/source.js";
import { INSTALL_LINE, startSlapd, type SlapdGroup, type SlapdServer } from "../servers/slapd.js";
import { readFileSync } from "node:fs";

const SUFFIX = "dc=planetexpress,dc=com";
const PEOPLE = `ou=people,${SUFFIX}`;
const NOW = "2026-11-26T10:00:00.000Z";
const FIXTURE = readFileSync(new URL("../fixtures/ldap/planet-express.ldif", import.meta.url), "utf8");

// Member values spelled the many ways directories and tools write them.
const GROUPS: SlapdGroup[] = [
  {
    dn: `cn=admin_staff,${PEOPLE}`,
    attributes: { objectClass: "groupOfNames", cn: "admin_staff", member: [`cn=Hubert J. Farnsworth,${PEOPLE}`, "CN=Hermes Conrad, OU=People, DC=PlanetExpress, DC=Com"] },
  },
  {
    dn: `cn=ship_crew,${PEOPLE}`,
    attributes: {
      objectClass: "groupOfNames",
      cn: "ship_crew",
      member: [
        `cn=Turanga Leela,${PEOPLE}`,
        `cn=Philip J. Fry,${PEOPLE}`,
        `cn=Bender Bending Rodr\\C3\\ADguez,${PEOPLE}`,
        `sn=Kroker+cn=Amy Wong,${PEOPLE}`,
        `cn=Kroker\\2C Kif,${PEOPLE}`,
      ],
    },
  },
  {
    // Groups inside a group: everyone in ship_crew and admin_staff is staff.
    dn: `cn=staff,ou=groups,${SUFFIX}`,
    attributes: { objectClass: "groupOfNames", cn: "staff", member: [`cn=ship_crew,${PEOPLE}`, `cn=admin_staff,${PEOPLE}`, `cn=John A. Zoidberg,${PEOPLE}`] },
  },
  {
    // groupOfUniqueNames with an optional unique id; the memberof overlay does not cover it.
    dn: `cn=delivery_managers,ou=groups,${SUFFIX}`,
    attributes: { objectClass: "groupOfUniqueNames", cn: "delivery_managers", uniqueMember: `cn=Turanga Leela,${PEOPLE}#'0101'B` },
  },
  {
    dn: `cn=robots,ou=groups,${SUFFIX}`,
    attributes: { objectClass: "posixGroup", cn: "robots", gidNumber: "3000", memberUid: "bender" },
  },
  {
    dn: `cn=interns,ou=groups,${SUFFIX}`,
    attributes: { objectClass: "groupOfNames", cn: "interns", member: `cn=Amy Wong+sn=Kroker,${PEOPLE}` },
  },
];

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => (error ? reject(new Error(`${file}: ${stderr}`)) : resolve(stdout)));
  });
}

const installed = existsSync("/usr/sbin/slapd") && existsSync("/usr/bin/ldapsearch");

describe.skipIf(!installed)(`live ldap and its LDIF export read the same (needs: ${INSTALL_LINE})`, () => {
  let server: SlapdServer;
  let dir: string;
  let live: SourceRecord[];
  let exported: SourceRecord[];
  const warnings: Finding[] = [];

  beforeAll(async () => {
    server = await startSlapd({ suffix: SUFFIX, ldif: FIXTURE, groups: GROUPS });
    dir = await mkdtemp(join(tmpdir(), "scopesync-parity-"));
    const ldapContext: SourceContext = {
      name: "planet",
      config: { type: "ldap", options: { url: server.url, bindDN: server.bindDN, password: "${env:PW}", people: { baseDN: PEOPLE }, groups: { baseDN: SUFFIX }, now: NOW } },
      repoDir: dir,
      env: { PW: server.password },
      warn: (finding) => warnings.push(finding),
    };
    live = await ldapSource.read(ldapContext);

    // The export an administrator makes: the people and the groups, with the attributes the live
    // reader asks for (ldapsearch folds long lines and writes non-ASCII values in base64).
    const common = ["-x", "-LLL", "-H", server.url, "-D", server.bindDN, "-w", server.password];
    const people = await run("ldapsearch", [...common, "-b", PEOPLE, "(objectClass=inetOrgPerson)", ...peopleAttributes({ anchor: undefined })]);
    const groups = await run("ldapsearch", [...common, "-b", SUFFIX, groupFilter(undefined), ...GROUP_ATTRIBUTES]);
    await writeFile(join(dir, "planet.ldif"), `${people}${groups}`);
    exported = await ldifSource.read({ name: "planet", config: { type: "ldif", path: "planet.ldif", options: { exportedAt: NOW } }, repoDir: dir, env: {} });
  }, 30_000);

  afterAll(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const comparable = (records: SourceRecord[]) =>
    records.map(({ position: _position, ...rest }) => rest).sort((a, b) => (a.externalId < b.externalId ? -1 : 1));

  it("gives identical records, raw attributes and memberships", () => {
    expect(live).toHaveLength(9);
    expect(comparable(exported)).toEqual(comparable(live));
  });

  it("reads every membership: escaped and multi-valued DNs, nested groups, uniqueMember, memberUid", () => {
    const groups = Object.fromEntries(live.map((r) => [r.userName, r.groups]));
    expect(groups).toEqual({
      professor: ["admin_staff", "staff"],
      hermes: ["admin_staff", "staff"],
      leela: ["delivery_managers", "ship_crew", "staff"],
      fry: ["ship_crew", "staff"],
      bender: ["robots", "ship_crew", "staff"],
      amy: ["interns", "ship_crew", "staff"],
      kif: ["ship_crew", "staff"],
      zoidberg: ["staff"],
      scruffy: [],
    });
  });

  it("keeps every value of a multi-valued attribute, and no photo or password", () => {
    const leela = live.find((r) => r.userName === "leela")!;
    expect(leela.title).toBe("Captain");
    expect(leela.attributes).toEqual({ title: ["Captain", "Pilot"], employmentType: ["captain", "pilot"] });
    expect(leela.raw["title"]).toEqual(["Captain", "Pilot"]);
    for (const record of [...live, ...exported]) {
      expect(Object.keys(record.raw).map((k) => k.toLowerCase())).not.toContain("jpegphoto");
      expect(Object.keys(record.raw).map((k) => k.toLowerCase())).not.toContain("userpassword");
    }
    const scruffy = exported.find((r) => r.userName === "scruffy")!;
    expect(scruffy.status).toBe("suspended");
    const kif = exported.find((r) => r.userName === "kif")!;
    expect(kif.name.display).toBe("Kroker, Kif");
    expect(kif.manager).toBe(`cn=Turanga Leela,${PEOPLE}`);
  });

  it("reports nothing to warn about on a sound directory", () => {
    expect(warnings).toEqual([]);
  });
});
