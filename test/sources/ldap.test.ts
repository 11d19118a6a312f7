// The live ldap source against a real OpenLDAP slapd (test/servers/slapd.ts). No mocks: paging,
// memberOf, operational attributes and failures are the server's own behaviour.
import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { SourceConfig } from "../../src/model/documents.js";
import { SourceError } from "../../src/model/errors.js";
import type { Finding } from "../../src/model/finding.js";
import type { SourceRecord } from "../../src/model/source-record.js";
import { ldapSource } from "../../src/sources/ldap/index.js";
import { readLdap } from "../../src/sources/ldap/read-ldap.js";
import type { SourceContext } from "../../src/sources/source.js";
import { GROUPS_DN, INSTALL_LINE, PEOPLE_DN, startSlapd, type SlapdGroup, type SlapdServer } from "../servers/slapd.js";

const FIXTURE = readFileSync(new URL("../fixtures/ldap/people.ldif", import.meta.url), "utf8");
const NOW = "2026-11-26T10:00:00.000Z";
const BULK = 1200;
const HAND_WRITTEN = FIXTURE.match(/^objectClass: inetOrgPerson$/gm)!.length;
const PEOPLE = BULK + HAND_WRITTEN;

function generatedPeople(count: number): string {
  const entries: string[] = [];
  for (let i = 1; i <= count; i++) {
    const n = String(i).padStart(4, "0");
    entries.push(`dn: uid=user${n},${PEOPLE_DN}
objectClass: inetOrgPerson
uid: user${n}
cn: User ${n}
givenName: User
sn: Number${n}
mail: user${n}@globex.example
employeeNumber: E${n}
departmentNumber: Dept${i % 7}
title: Engineer ${i % 3}
employeeType: Employee
`);
  }
  return entries.join("\n");
}

const GROUPS: SlapdGroup[] = [
  {
    dn: `cn=platform,${GROUPS_DN}`,
    attributes: { objectClass: "groupOfNames", cn: "platform", member: ["UID=Ada,OU=People,DC=globex,DC=example", `uid=zoe,${PEOPLE_DN}`] },
  },
  {
    // groupOfUniqueNames: the memberof overlay does not cover it, only the group side tells,
    // with a DN in another case and an optional unique id.
    dn: `cn=admins,${GROUPS_DN}`,
    attributes: { objectClass: "groupOfUniqueNames", cn: "admins", uniqueMember: "UID=Grace, OU=People,DC=Globex,DC=Example#'0101'B" },
  },
  {
    dn: `cn=devs,${GROUPS_DN}`,
    attributes: { objectClass: "posixGroup", cn: "devs", gidNumber: "5000", memberUid: ["pat", "ADA"] },
  },
  {
    // Outside the groups search base: only memberOf on grace names it.
    dn: "cn=auditors,ou=special,dc=globex,dc=example",
    attributes: { objectClass: "groupOfNames", cn: "auditors", member: `uid=grace,${PEOPLE_DN}` },
  },
];

function context(server: SlapdServer, options: Record<string, unknown> = {}, env?: Record<string, string | undefined>): SourceContext {
  const config: SourceConfig = {
    type: "ldap",
    options: {
      url: server.url,
      bindDN: server.bindDN,
      password: "${env:LDAP_PASSWORD}",
      people: { baseDN: PEOPLE_DN },
      groups: { baseDN: GROUPS_DN },
      now: NOW,
      ...options,
    },
  };
  return { name: "corp", config, repoDir: "/nonexistent", env: env ?? { LDAP_PASSWORD: server.password } };
}

/** Runs a read that must fail and returns its SourceError; a resolved read fails the test. */
async function failure(read: Promise<SourceRecord[]>): Promise<SourceError> {
  const outcome = await read.then(
    (records) => ({ records }),
    (error: unknown) => ({ error }),
  );
  if ("records" in outcome) throw new Error(`expected the read to fail, got ${outcome.records.length} records`);
  expect(outcome.error).toBeInstanceOf(SourceError);
  return outcome.error as SourceError;
}

function everything(error: SourceError): string {
  return [error.message, error.hint ?? "", String(error), JSON.stringify(error), error.stack ?? ""].join("\n");
}

// Without slapd (and without CI), these are skipped after one notice: see test/required-tools.ts.
const withSlapd = describe.skipIf(!inject("tools").slapd);

withSlapd("ldap source against OpenLDAP slapd", () => {
  let server: SlapdServer;
  let records: SourceRecord[];
  const pages: number[] = [];
  const byUser = (userName: string) => {
    const record = records.find((r) => r.userName === userName);
    if (!record) throw new Error(`no record for ${userName}`);
    return record;
  };

  beforeAll(async () => {
    server = await startSlapd({ ldif: `${FIXTURE}\n${generatedPeople(BULK)}`, groups: GROUPS });
    console.info(`slapd with ${PEOPLE} people and ${GROUPS.length} groups started in ${server.startMs} ms`);
    records = await readLdap(
      context(server, { pageSize: 100, statusAttribute: "description", disabledValues: ["disabled"] }),
      { afterPage: ({ what, entries }) => void (what === "people" && pages.push(entries)) },
    );
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("reads every person across many pages, none twice", () => {
    expect(records).toHaveLength(PEOPLE);
    expect(new Set(records.map((r) => r.externalId)).size).toBe(PEOPLE);
    // 1,207 people in pages of at most 100: the read really paged, and no page was over size.
    expect(pages).toHaveLength(Math.ceil(PEOPLE / 100));
    expect(pages.length).toBeGreaterThan(10);
    const sizes = pages.map((total, i) => total - (pages[i - 1] ?? 0));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
    expect(pages.at(-1)).toBe(PEOPLE);
  });

  it("maps generated people from the first, middle and last page", () => {
    for (const n of ["0001", "0600", "1200"]) {
      const record = byUser(`user${n}`);
      expect(record).toMatchObject({
        source: "corp",
        kind: "person",
        emails: [`user${n}@globex.example`],
        name: { given: "User", family: `Number${n}`, display: `User ${n}` },
        employeeId: `E${n}`,
        department: `Dept${Number(n) % 7}`,
        title: `Engineer ${Number(n) % 3}`,
        employmentType: "employee",
        status: "active",
        groups: [],
        position: `uid=user${n},${PEOPLE_DN}`,
        exportedAt: NOW,
      });
    }
  });

  it("maps an inetOrgPerson like an OpenLDAP export, anchored on entryUUID", () => {
    const ada = byUser("ada");
    expect(ada.externalId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(ada.raw.entryUUID).toBe(ada.externalId);
    expect(ada.raw.modifyTimestamp).toMatch(/^\d{14}Z$/);
    // Addresses compare case-insensitively (model/keys.ts); raw keeps them as written.
    expect(ada.emails).toEqual(["ada@globex.example", "ada.lovelace@globex.example"]);
    expect(ada.name).toEqual({ given: "Ada", family: "Lovelace", display: "Ada King" });
    expect(ada).toMatchObject({
      employeeId: "W1001",
      department: "Platform",
      title: "Staff Engineer",
      manager: `uid=grace,${PEOPLE_DN}`,
      employmentType: "employee",
      status: "active",
      position: `uid=ada,${PEOPLE_DN}`,
    });
    expect(ada.raw.mail).toEqual(["ada@globex.example", "Ada.Lovelace@Globex.example"]);
  });

  it("never keeps userPassword in raw", () => {
    const ada = byUser("ada");
    expect(Object.keys(ada.raw).map((k) => k.toLowerCase())).not.toContain("userpassword");
    expect(JSON.stringify(records)).not.toContain("notarealhash");
  });

  it("decodes UTF-8 names stored base64, and takes the department from ou", () => {
    const zoe = byUser("zoe");
    expect(zoe.name).toEqual({ given: "Zoë", family: "Ångström", display: "Zoë Ångström" });
    expect(zoe.department).toBe("Research");
    expect(zoe.employmentType).toBe("contractor");
  });

  it("collects groups from member, uniqueMember, memberUid and memberOf, by cn, ignoring DN case", () => {
    expect(byUser("ada").groups).toEqual(["devs", "platform"]);
    expect(byUser("zoe").groups).toEqual(["platform"]);
    expect(byUser("grace").groups).toEqual(["admins", "auditors"]);
    expect(byUser("pat").groups).toEqual(["devs"]);
    // The memberof overlay filled memberOf because the groups were added online.
    expect(byUser("ada").raw.memberOf).toBe(`cn=platform,${GROUPS_DN}`);
    expect(byUser("grace").raw.memberOf).toBe("cn=auditors,ou=special,dc=globex,dc=example");
  });

  // The group search asks for entryUUID (operational: `*` alone does not return it), so a group
  // keeps its id when it is moved or renamed (RFC 4530); the DN is kept beside it.
  it("identifies each group entry by its entryUUID, with its DN beside it", () => {
    const refs = byUser("ada").groupRefs!;
    expect(refs.map((r) => [r.name, r.dn])).toEqual(expect.arrayContaining([["platform", `cn=platform,${GROUPS_DN}`]]));
    for (const ref of refs) expect(ref.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it("marks an administrator's ppolicy lock and a statusAttribute match as suspended, not a lockout", () => {
    expect(byUser("mallory").status).toBe("suspended");
    expect(byUser("mallory").raw.pwdAccountLockedTime).toBe("000001010000Z");
    expect(byUser("trudy").status).toBe("active");
    expect(byUser("trudy").raw.pwdAccountLockedTime).toBe("20261126093000Z");
    expect(byUser("oscar").status).toBe("suspended");
    expect(records.filter((r) => r.status === "suspended").map((r) => r.userName).sort()).toEqual(["mallory", "oscar"]);
  });

  // A lock or a disabled value is the organisation's to read: a leave (the default) or a leaving.
  it("reads a locked or disabled account as options.disabledMeans says, with the directory's words", async () => {
    expect(byUser("mallory").attributes?.["accountDisabled"]).toBe("pwdAccountLockedTime 000001010000Z: locked by an administrator");
    expect(byUser("oscar").attributes?.["accountDisabled"]).toBe('description "DISABLED"');
    expect(byUser("trudy").attributes?.["accountDisabled"]).toBeUndefined();
    const left = await ldapSource.read(context(server, { statusAttribute: "description", disabledValues: ["disabled"], disabledMeans: "terminated" }));
    expect(left.filter((r) => r.status !== "active").map((r) => [r.userName, r.status]).sort()).toEqual([["mallory", "terminated"], ["oscar", "terminated"]]);
  });

  it("does not treat a site attribute as a status unless told to", async () => {
    const plain = await ldapSource.read(context(server, { groups: undefined }));
    expect(plain.find((r) => r.userName === "oscar")?.status).toBe("active");
    expect(plain.find((r) => r.userName === "mallory")?.status).toBe("suspended");
    // Without the groups search, memberOf still tells.
    expect(plain.find((r) => r.userName === "ada")?.groups).toEqual(["platform"]);
  });

  it("warns when the group search finds no groups, and reads AD group entries by default", async () => {
    const warnings: Finding[] = [];
    const empty = { ...context(server, { groups: { baseDN: PEOPLE_DN } }), warn: (f: Finding) => warnings.push(f) };
    const plain = await ldapSource.read(empty);
    expect(plain.find((r) => r.userName === "ada")?.groups).toEqual(["platform"]);
    expect(warnings).toEqual([
      {
        rule: "source-no-groups",
        severity: "warning",
        message: `source "corp": no groups under "${PEOPLE_DN}" match (|(objectClass=group)(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=posixGroup)); memberships come only from the people's memberOf`,
        remediation: expect.stringContaining("options.groupClasses"),
        location: server.url,
      },
    ]);
    warnings.length = 0;
    await ldapSource.read({ ...context(server), warn: (f: Finding) => warnings.push(f) });
    expect(warnings).toEqual([]);
  });

  it("fails, naming them, on entries the people filter chose that are not people, and group entries of no group class", async () => {
    const notPeople = await failure(ldapSource.read(context(server, { people: { baseDN: server.baseDN, filter: "(|(uid=ada)(ou=special))" } })));
    expect(notPeople.message).toContain(`the people search returned 1 entries that are not people: "ou=special,${server.baseDN}" (no person or service-account objectClass)`);
    const notGroups = await failure(ldapSource.read(context(server, { groups: { baseDN: PEOPLE_DN, filter: "(uid=ada)" } })));
    expect(notGroups.message).toContain(`the groups search returned 1 entries of no group class (add their class to options.groupClasses): "uid=ada,${PEOPLE_DN}"`);
  });

  it("stamps exportedAt from the wall clock when no clock is injected", async () => {
    const before = Date.now();
    const read = await ldapSource.read(context(server, { now: undefined, people: { baseDN: PEOPLE_DN, filter: "(uid=ada)" } }));
    const after = Date.now();
    expect(read).toHaveLength(1);
    const at = Date.parse(read[0]!.exportedAt);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(after);
  });

  it("fails on a wrong password without ever showing a password", async () => {
    const wrong = "Wr0ng-but-s3cret-value";
    const error = await failure(ldapSource.read(context(server, {}, { LDAP_PASSWORD: wrong })));
    expect(error.message).toBe(
      `source "corp": ${server.url}: bind as "${server.bindDN}" rejected: invalid credentials after 0 entries`,
    );
    expect(error.hint).toContain("LDAP_PASSWORD");
    expect(everything(error)).not.toContain(wrong);
    expect(everything(error)).not.toContain(server.password);
  });

  it("names an unset password variable, and refuses an inline password without echoing it", async () => {
    const unset = await failure(ldapSource.read(context(server, {}, {})));
    expect(unset.message).toContain("environment variable LDAP_PASSWORD (options.password) is not set");

    const inline = await failure(ldapSource.read(context(server, { password: server.password })));
    expect(inline.message).toContain("options.password must be a ${env:NAME} reference");
    expect(everything(inline)).not.toContain(server.password);
  });

  it("fails when nobody matches instead of returning an empty list", async () => {
    const error = await failure(ldapSource.read(context(server, { people: { baseDN: PEOPLE_DN, filter: "(uid=nobody)" } })));
    expect(error.message).toContain(`no people under "${PEOPLE_DN}" match (uid=nobody)`);
  });

  it("fails on a base DN that does not exist", async () => {
    const error = await failure(ldapSource.read(context(server, { people: { baseDN: "ou=nowhere,dc=globex,dc=example" } })));
    expect(error.message).toMatch(/LDAP result code 32\) while reading people under "ou=nowhere,dc=globex,dc=example" \(page 1\) after 0 entries$/);
    expect(error.hint).toContain("base DN does not exist");
  });
});

withSlapd("ldap source when the server fails", () => {
  const servers: SlapdServer[] = [];
  const start = async (options?: Parameters<typeof startSlapd>[0]) => {
    const server = await startSlapd(options);
    servers.push(server);
    return server;
  };
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
  });

  it("fails with 'connection refused' when the server is down before the read", async () => {
    const server = await start({ ldif: FIXTURE });
    await server.stop();
    const error = await failure(ldapSource.read(context(server)));
    expect(error.source).toBe("corp");
    expect(error.message).toBe(`source "corp": ${server.url}: connection refused after 0 entries`);
    expect(error.hint).toContain("options.url");
  });

  it("fails naming how far it got when the server dies between pages", async () => {
    const server = await start({ ldif: generatedPeople(250) });
    let pagesSeen = 0;
    const error = await failure(
      readLdap(context(server, { pageSize: 100, groups: undefined }), {
        afterPage: async ({ entries }) => {
          pagesSeen += 1;
          // The first page has arrived: crash the server before the second is asked for.
          if (entries === 100) await server.kill();
        },
      }),
    );
    expect(pagesSeen).toBe(1);
    expect(error.source).toBe("corp");
    expect(error.message).toBe(
      `source "corp": ${server.url}: connection lost while reading people under "${PEOPLE_DN}" (page 2) after 100 entries`,
    );
    expect(everything(error)).not.toContain(server.password);
  });

  it("fails with the result code's name when the server's size limit cuts the result, never a short list", async () => {
    // The limit binds every DN but the rootdn: read as a plain reader entry.
    const reader = `cn=reader,${PEOPLE_DN.replace(/^ou=people,/, "")}`;
    const server = await start({ ldif: `${generatedPeople(6)}\ndn: ${reader}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: reader\nuserPassword: reader-pw\n`, sizeLimit: 3 });
    const error = await failure(readLdap(context(server, { bindDN: reader, pageSize: 2, groups: undefined }, { LDAP_PASSWORD: "reader-pw" })));
    expect(error.message).toMatch(/: server answered "sizeLimitExceeded" \(LDAP result code 4\) while reading people under "ou=people,dc=globex,dc=example" \(page \d\) after \d entries$/);
    expect(error.hint).toContain("size limit");
  });

  // A referral is judged as the ldif source judges a search reference in an export
  // (src/sources/common/directory/search-references.ts; rv51 finding 1): it used to stop the read,
  // and with it every plan. An AD groups search from the domain's root always meets the
  // DomainDnsZones, ForestDnsZones and Configuration partitions (https://documentation.avaya.com/en-us/home/bundle/avaya-device-services/deployingavayadeviceservicesr102x/ldap-examples-andsearchresults/LDAP_Search_Results_and_Referrals.html).
  it("a referral to another server leaves the read unproven, naming it: no one absent is a leaver, the people read still count", async () => {
    const server = await start({
      ldif: `${FIXTURE}
dn: ou=remote,${PEOPLE_DN}
objectClass: referral
objectClass: extensibleObject
ou: remote
ref: ldap://ldap.remote.example/ou=remote,dc=globex,dc=example
`,
    });
    const findings: Finding[] = [];
    const records = await ldapSource.read({ ...context(server, { groups: undefined }), warn: (f) => findings.push(f) });
    expect(records.map((r) => r.userName)).toContain("ada");
    expect(findings).toEqual([
      {
        rule: "source-unproven-export",
        severity: "warning",
        message:
          `source "corp": ${server.url}: the people search under "${PEOPLE_DN}" returned a referral to a part of the directory another server holds (ldap://ldap.remote.example/ou=remote,dc=globex,dc=example??sub), ` +
          'which scopesync does not follow: the people under "ou=remote,dc=globex,dc=example" are not in the read, so it cannot be proven complete and no one is taken as a leaver for being absent from it; the people it lists still count, an explicit disable or expiry too',
        remediation: expect.stringContaining("scopesync does not follow referrals. Start the search (options.people.baseDN, options.groups.baseDN) at a base that does not span"),
        location: server.url,
      },
    ]);
  });

  it("referrals to Active Directory's partitions that hold no people (a groups search from the domain's root) are an info, and the read is whole", async () => {
    const partition = (rdn: string, url: string) => `dn: ${rdn},dc=globex,dc=example\nobjectClass: referral\nobjectClass: extensibleObject\n${rdn.replace("=", ": ")}\nref: ${url}\n`;
    const server = await start({
      ldif: [FIXTURE, partition("dc=DomainDnsZones", "ldap://DomainDnsZones.globex.example/DC=DomainDnsZones,DC=globex,DC=example"), partition("cn=Configuration", "ldap://globex.example/CN=Configuration,DC=globex,DC=example")].join("\n"),
      groups: GROUPS,
    });
    const findings: Finding[] = [];
    await ldapSource.read({ ...context(server, { groups: { baseDN: "dc=globex,dc=example" } }), warn: (f) => findings.push(f) });
    expect(findings).toEqual([
      {
        rule: "source-partition-references",
        severity: "info",
        message: `source "corp": ${server.url}: the groups search under "dc=globex,dc=example" returned 2 referrals to Active Directory partitions that hold no users or groups of the domain (DomainDnsZones, Configuration): not followed, and no one is missing for them`,
        remediation: expect.stringContaining("start it at the OU that holds the entries"),
        location: server.url,
      },
    ]);
  });

  it("reads over ldaps:// and over StartTLS, trusting the CA in tls.caFile", async () => {
    const server = await start({ ldif: FIXTURE, tls: true });
    const people = { baseDN: PEOPLE_DN, filter: "(uid=ada)" };
    const overLdaps = await ldapSource.read(context(server, { url: server.ldapsUrl, people, tls: { caFile: server.caFile } }));
    expect(overLdaps.map((r) => r.userName)).toEqual(["ada"]);
    const overStartTls = await ldapSource.read(context(server, { people, tls: { caFile: server.caFile, startTLS: true } }));
    expect(overStartTls.map((r) => r.userName)).toEqual(["ada"]);
    // Without startTLS the settings would not say how to use TLS on ldap://: a config error.
    const unclear = await failure(ldapSource.read(context(server, { people, tls: { caFile: server.caFile } })));
    expect(unclear.message).toContain("options.tls on an ldap:// URL needs startTLS: true");
  });

  it("fails on a certificate it cannot trust, before sending the password", async () => {
    const server = await start({ ldif: FIXTURE, tls: true });
    const error = await failure(ldapSource.read(context(server, { url: server.ldapsUrl })));
    expect(error.message).toMatch(new RegExp(`^source "corp": ${server.ldapsUrl}: TLS failed while binding: .*certificate.* after 0 entries$`));
    expect(error.hint).toContain("options.tls.caFile");
  });

  it("times out instead of hanging when the server stops answering", async () => {
    const server = await start({ ldif: FIXTURE });
    await server.pause();
    try {
      const started = Date.now();
      const error = await failure(ldapSource.read(context(server, { timeoutMs: 300 })));
      expect(Date.now() - started).toBeLessThan(5000);
      expect(error.message).toBe(`source "corp": ${server.url}: no answer within 300 ms while binding after 0 entries`);
    } finally {
      server.resume();
    }
  });
});

describe("slapd test harness", () => {
  it("says how to install slapd when it is missing, instead of skipping", async () => {
    await expect(startSlapd({ slapdPath: "/nonexistent/slapd" })).rejects.toThrow(INSTALL_LINE);
  });

  it.skipIf(!inject("tools").slapd)("stop() ends the process and removes its files, and may be called twice", async () => {
    const server = await startSlapd();
    expect(server.url).toMatch(/^ldap:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(server.dir)).toBe(true);
    await server.stop();
    await server.stop();
    expect(() => process.kill(server.pid, 0)).toThrow(/ESRCH/);
    expect(existsSync(server.dir)).toBe(false);
  });
});
