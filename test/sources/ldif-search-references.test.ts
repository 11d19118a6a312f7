// Search references in an LDIF export (rv51 finding 1). docs/formats.md asks for ldapsearch without
// -L, where each SearchResultReference (RFC 4511 §4.5.3) is a record of its own ("# search
// reference" / "ref: <URL>", one line per URL, "# numReferences: N" after the search); with -L,
// -LL, -LLL it is a comment ("# refldap://..."). Active Directory answers every subtree search from
// a domain's root with references to its DomainDnsZones, ForestDnsZones and Configuration partitions
// ("# search reference / ref: ldap://DomainDnsZones.ottawa.valley.eh/DC=DomainDnsZones,...":
// https://documentation.avaya.com/en-us/home/bundle/avaya-device-services/deployingavayadeviceservicesr102x/ldap-examples-andsearchresults/LDAP_Search_Results_and_Referrals.html),
// and to its child domains ("the search will also return referrals to any subordinate domains":
// https://learn.microsoft.com/en-us/windows/win32/ad/referrals). Before, the parser read a "ref:"
// record as an entry without "dn:" and stopped every plan. Everything here is real slapd (with
// `referral` entries, which slapd answers with search references as AD does) and real ldapsearch.
import { ldapsearch } from "../helpers/ldapsearch.js";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Finding } from "../../src/model/finding.js";
import type { SourceRecord } from "../../src/model/source-record.js";
import { SourceError } from "../../src/model/errors.js";
import type { Plan } from "../../src/plan/plan.js";
import { peopleAttributes } from "../../src/sources/ldap/read-ldap.js";
import { ldifSource } from "../../src/sources/ldif/index.js";
import { runCli } from "../helpers/run-cli.js";
import { startSlapd, type SlapdServer } from "../servers/slapd.js";

const SUFFIX = "dc=globex,dc=example";
const CHILD = `dc=emea,${SUFFIX}`;
const GROUPS_FILTER = "(|(objectClass=group)(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=posixGroup))";
const GROUP_ATTRIBUTES = ["cn", "objectClass", "member", "uniqueMember", "memberUid", "memberOf"];
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const person = (n: number, suffix: string) =>
  `dn: uid=u${n},ou=people,${suffix}\nobjectClass: inetOrgPerson\nuid: u${n}\ncn: Worker ${n}\nsn: W${n}\nmail: u${n}@globex.example\nentryUUID: ${uuid(n)}\n`;
/** A `referral` entry: slapd answers a subtree search above it with a search reference to `url`. */
const referral = (rdn: string, url: string) => {
  const [type, value] = rdn.split("=");
  return `dn: ${rdn},${SUFFIX}\nobjectClass: referral\nobjectClass: extensibleObject\n${type}: ${value}\nref: ${url}\n`;
};
// The three partitions AD refers every subtree search from the domain's root to, as AD names them.
const PARTITIONS = [
  referral("dc=ForestDnsZones", "ldap://ForestDnsZones.globex.example/DC=ForestDnsZones,DC=globex,DC=example"),
  referral("dc=DomainDnsZones", "ldap://DomainDnsZones.globex.example/DC=DomainDnsZones,DC=globex,DC=example"),
  referral("cn=Configuration", "ldap://globex.example/CN=Configuration,DC=globex,DC=example"),
];

describe.skipIf(!inject("tools").slapd)("search references in an LDIF export (real slapd, real ldapsearch)", () => {
  /** The AD-shaped domain: people, a group, the three partitions' references. */
  let domain: SlapdServer;
  /** The same, plus a child domain (dc=emea) that another server holds. */
  let forest: SlapdServer;
  /** The child domain's own server. */
  let child: SlapdServer;
  let dir: string;

  const search = (server: SlapdServer, flags: string[], base: string, filter: string, attributes: string[]) =>
    ldapsearch(["-x", ...flags, "-H", server.url, "-D", server.bindDN, "-w", server.password, "-b", base, filter, ...attributes]);
  const people = (server: SlapdServer, flags: string[] = ["-E", "pr=2/noprompt"], base = `ou=people,${server.baseDN}`) =>
    search(server, flags, base, "(objectClass=inetOrgPerson)", peopleAttributes({ anchor: undefined }));
  const groups = (server: SlapdServer, flags: string[] = ["-E", "pr=2/noprompt"], base = server.baseDN) => search(server, flags, base, GROUPS_FILTER, GROUP_ATTRIBUTES);

  beforeAll(async () => {
    const group = { dn: `cn=staff,ou=groups,${SUFFIX}`, attributes: { objectClass: "groupOfNames", cn: "staff", member: [`uid=u1,ou=people,${SUFFIX}`] } };
    const ldif = [person(1, SUFFIX), person(2, SUFFIX), ...PARTITIONS].join("\n");
    [domain, forest, child] = await Promise.all([
      startSlapd({ suffix: SUFFIX, ldif, groups: [group] }),
      startSlapd({ suffix: SUFFIX, ldif: `${ldif}\n${referral("dc=emea", `ldap://emea.globex.example/DC=emea,DC=globex,DC=example`)}`, groups: [group] }),
      startSlapd({ suffix: CHILD, ldif: person(3, CHILD) }),
    ]);
    dir = mkdtempSync(join(tmpdir(), "scopesync-ldif-refs-"));
  }, 30_000);

  afterAll(async () => {
    await Promise.all([domain?.stop(), forest?.stop(), child?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function read(name: string, text: string): Promise<{ records: SourceRecord[]; findings: Finding[] }> {
    writeFileSync(join(dir, `${name}.ldif`), text);
    const findings: Finding[] = [];
    const records = await ldifSource.read({ name: "ad", config: { type: "ldif", path: `${name}.ldif`, options: { exportedAt: "2026-11-26T06:00:00Z" } }, repoDir: dir, env: {}, warn: (f) => findings.push(f) });
    return { records, findings };
  }
  const linesOf = (text: string, pattern: RegExp) => text.split("\n").flatMap((line, i) => (pattern.test(line) ? [i + 1] : []));

  it("ldapsearch without -L writes each reference as a \"ref:\" record and counts them in \"# numReferences\"", async () => {
    // slapd writes the referral entry's own DN into the URL, with the scope the search continues in.
    const { stdout, code } = await groups(domain);
    expect(code).toBe(0);
    // Folded at 76 columns, as every LDIF line: the reader unfolds it.
    expect(stdout).toMatch(/^ref: ldap:\/\/ForestDnsZones\.globex\.example\/dc=ForestDnsZones,dc=globex,dc=examp\n le\?\?sub$/m);
    expect(stdout.replace(/\n /g, "")).toMatch(/^# search reference\nref: ldap:\/\/ForestDnsZones\.globex\.example\/dc=ForestDnsZones,dc=globex,dc=example\?\?sub$/m);
    expect(stdout.match(/^# search reference$/gm)).toHaveLength(3);
    expect(stdout).toMatch(/^# numReferences: 3$/m);
  });

  it("the documented export, groups searched from the domain's root, reads whole: the AD partitions' references are an info, no warning", async () => {
    const text = (await people(domain)).stdout + (await groups(domain)).stdout;
    const { records, findings } = await read("partitions", text);
    expect(records.map((r) => [r.userName, r.groups])).toEqual([["u1", ["staff"]], ["u2", []]]);
    const lines = linesOf(text, /^ref: /).join(", ");
    expect(findings).toEqual([
      {
        rule: "source-partition-references",
        severity: "info",
        message: `source "ad": partitions.ldif holds 3 search references (lines ${lines}) to Active Directory partitions that hold no users or groups of the domain (ForestDnsZones, DomainDnsZones, Configuration): not followed, and no one is missing for them`,
        remediation: expect.stringContaining("start it at the OU that holds the entries"),
        location: "partitions.ldif",
      },
    ]);
  });

  it("the groups search from the OU that holds the groups (as docs/formats.md now shows) gets no reference at all", async () => {
    const onOu = await groups(domain, ["-E", "pr=2/noprompt"], `ou=groups,${SUFFIX}`);
    expect(onOu.stdout).not.toMatch(/^ref:/m);
    const { findings } = await read("on-ou", (await people(domain)).stdout + onOu.stdout);
    expect(findings).toEqual([]);
  });

  it("a reference to a child domain leaves the export unproven, naming the reference, its line and how to export that part too", async () => {
    const text = (await people(forest)).stdout + (await groups(forest)).stdout;
    const [line] = linesOf(text, /^ref: ldap:\/\/emea\./);
    const { records, findings } = await read("child", text);
    expect(records.map((r) => r.userName)).toEqual(["u1", "u2"]);
    const unproven = findings.find((f) => f.rule === "source-unproven-export")!;
    expect(unproven.message).toBe(
      `source "ad": child.ldif holds a search reference to a part of the directory another server holds (line ${line}: ldap://emea.globex.example/dc=emea,dc=globex,dc=example??sub), ` +
        'which scopesync does not follow: the people under "dc=emea,dc=globex,dc=example" are not in the file: the export cannot be proven complete, so no one is taken as a leaver for being absent from it; the people it lists still count, an explicit disable or expiry too',
    );
    expect(unproven.remediation).toContain('export "dc=emea,dc=globex,dc=example" too, from the server the reference names, with the same ldapsearch command (-H that server, -b that DN, without -L) appended to this file');
    // The partitions are still only noted, beside it.
    expect(findings.map((f) => f.rule)).toEqual(["source-unproven-export", "source-partition-references"]);
  });

  it("the child domain exported from its own server and appended answers the reference: proven again, its people read", async () => {
    const text = (await people(forest)).stdout + (await groups(forest)).stdout + (await people(child, ["-E", "pr=2/noprompt"], CHILD)).stdout;
    const { records, findings } = await read("child-appended", text);
    expect(records.map((r) => r.userName)).toEqual(["u1", "u2", "u3"]);
    expect(findings.map((f) => f.rule)).toEqual(["source-partition-references"]);
  });

  it("a part of the child domain appended does not answer the reference to all of it", async () => {
    const text = (await people(forest)).stdout + (await groups(forest)).stdout + (await people(child)).stdout;
    const { findings } = await read("child-part", text);
    expect(findings.map((f) => f.rule)).toEqual(["source-unproven-export", "source-partition-references"]);
  });

  it("with -L the references are comments: read, counted and judged the same (the file is unproven anyway, and says both why)", async () => {
    const text = (await people(forest, ["-L"])).stdout + (await groups(forest, ["-L"])).stdout;
    expect(text).toMatch(/^# refldap:\/\/emea\.globex\.example\//m);
    const { findings } = await read("child-L", text);
    const unproven = findings.find((f) => f.rule === "source-unproven-export")!;
    expect(unproven.message).toContain('has no search result ("result: 0 Success"');
    expect(unproven.message).toContain("; it also holds a search reference to a part of the directory another server holds (line");
    expect(unproven.message).toContain("ldap://emea.globex.example/dc=emea,dc=globex,dc=example??sub");
    // The partitions' comments are folded at 76 columns ("# refldap://ForestDnsZones...examp" / " le??sub"): unfolded, they are still only noted.
    expect(text).toMatch(/^# refldap:\/\/ForestDnsZones\.globex\.example\/[^\n]*\n [^\n]+$/m);
    expect(unproven.message).not.toContain("DnsZones");
    expect(findings.find((f) => f.rule === "source-partition-references")!.message).toContain("(ForestDnsZones, DomainDnsZones, Configuration)");
  });

  it("a reference with two URLs (a server and its replica) is one reference, in both forms, as \"# numReferences\" counts it", async () => {
    const server = await startSlapd({
      suffix: SUFFIX,
      ldif: `${person(1, SUFFIX)}\n${referral("ou=branch", "ldap://a.globex.example/ou=branch,dc=globex,dc=example")}ref: ldap://b.globex.example/ou=branch,dc=globex,dc=example\n`,
    });
    try {
      for (const flags of [[], ["-L"]]) {
        const text = (await people(server, flags, SUFFIX)).stdout;
        expect(text).toMatch(/^# numReferences: 1$/m);
        const { findings } = await read(`two-urls${flags.join("")}`, text);
        const unproven = findings.find((f) => f.rule === "source-unproven-export")!;
        expect(unproven.message).toContain("ldap://a.globex.example/ou=branch,dc=globex,dc=example??sub ldap://b.globex.example/ou=branch,dc=globex,dc=example??sub");
        expect(unproven.message).toContain('the people under "ou=branch,dc=globex,dc=example" are not in the file');
      }
    } finally {
      await server.stop();
    }
  });

  it("a reference record lost from the file (\"# numReferences\" says more) stops the read, naming the count's line", async () => {
    const whole = (await groups(domain)).stdout;
    const cut = whole.replace(/^# search reference\nref: ldap:\/\/DomainDnsZones[^\n]*\n(?: [^\n]*\n)*\n/m, "");
    expect(cut).not.toBe(whole);
    writeFileSync(join(dir, "cut.ldif"), cut);
    const error = await read("cut", cut).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    const [line] = linesOf(cut, /^# numReferences: 3$/);
    expect((error as SourceError).message).toBe(`source "ad": cut.ldif line ${line}: ldapsearch reported 3 search references for this search but the file holds 2 (truncated export?)`);
  });

  it("in a plan: a person absent from an export with a child-domain reference is not offboarded; with only the partitions' references, they are", async () => {
    async function planWith(ldif: string): Promise<Plan> {
      const repo = mkdtempSync(join(dir, "repo-"));
      for (const d of ["exports", "policies/apps", "state"]) mkdirSync(join(repo, d), { recursive: true });
      writeFileSync(join(repo, "exports/people.ldif"), ldif);
      writeFileSync(join(repo, "scopesync.yaml"), `version: 1\norganisation: globex\nsources:\n  ad:\n    type: ldif\n    path: exports/people.ldif\n    options: { exportedAt: "2026-11-26T06:00:00Z" }\ntargets:\n  wiki: { type: file, path: state/wiki.json }\n`);
      writeFileSync(join(repo, "policies/apps/wiki.yaml"), "kind: AppPolicy\nid: wiki\ntarget: wiki\nscope:\n  include:\n    - kinds: [person]\naccounts:\n  login: userName\nonLeaveScope: disable\n");
      // u3 lives in the child domain: an account linked to them that this source would judge.
      const accounts = [1, 2, 3].map((n) => ({ id: `a${n}`, login: `u${n}`, externalId: `ad:${uuid(n)}`, active: true, attributes: {}, entitlements: [] }));
      writeFileSync(join(repo, "state/wiki.json"), JSON.stringify({ formatVersion: 1, target: "wiki", accounts }));
      const r = await runCli(["plan", "--repo", repo, "--format", "json", "--now", "2026-11-26T09:00:00Z"]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as Plan;
    }
    const withChild = await planWith((await people(forest)).stdout + (await groups(forest)).stdout);
    expect(withChild.changes).toEqual([]);
    expect(withChild.findings.find((f) => f.rule === "source-unproven-export")!.message).toContain(`ad:${uuid(3)}`);
    const partitionsOnly = await planWith((await people(domain)).stdout + (await groups(domain)).stdout);
    expect(partitionsOnly.changes.map((c) => `${c.action} ${c.identity}`)).toEqual([`disable-account ad:${uuid(3)}`]);
  });
});

// Active Directory's own bytes, as ldapsearch without -L writes them for a subtree search from the
// domain's root (Avaya, "LDAP search results and referrals": "# search reference" /
// "ref: ldap://DomainDnsZones.ottawa.valley.eh/DC=DomainDnsZones,DC=ottawa,DC=valley,DC=eh"; AD
// sends the partition's DN, in its own case, without "??sub"). Runs without slapd.
describe("search references in an Active Directory export", () => {
  const AD = (refs: string[]) => `# extended LDIF
#
# LDAPv3
# base <DC=corp,DC=example> with scope subtree
# filter: (&(objectCategory=person)(objectClass=user))
# requesting: * objectGUID
# with pagedResults control: size=1000
#

# Ada Quill, Staff, corp.example
dn: CN=Ada Quill,OU=Staff,DC=corp,DC=example
objectClass: user
cn: Ada Quill
sAMAccountName: aquill
userAccountControl: 512
accountExpires: 9223372036854775807
objectGUID:: 3q2+7wAAAAAAAAAAAAAAAQ==
${refs.map((ref) => `\n# search reference\nref: ${ref}\n`).join("")}
# search result
search: 2
result: 0 Success
control: 1.2.840.113556.1.4.319 false MAUCAQAEAA==
pagedresults: cookie=

# numResponses: ${refs.length + 2}
# numEntries: 1
# numReferences: ${refs.length}
`;
  async function read(text: string): Promise<Finding[]> {
    const dir = mkdtempSync(join(tmpdir(), "scopesync-ldif-ad-refs-"));
    try {
      writeFileSync(join(dir, "ad.ldif"), text);
      const findings: Finding[] = [];
      const records = await ldifSource.read({ name: "ad", config: { type: "ldif", path: "ad.ldif", options: { exportedAt: "2026-11-26T06:00:00Z" } }, repoDir: dir, env: {}, warn: (f) => findings.push(f) });
      expect(records.map((r) => r.userName)).toEqual(["aquill"]);
      return findings;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it("ForestDnsZones, DomainDnsZones and Configuration are noted; the export stays proven", async () => {
    const findings = await read(AD(["ldap://ForestDnsZones.corp.example/DC=ForestDnsZones,DC=corp,DC=example", "ldap://DomainDnsZones.corp.example/DC=DomainDnsZones,DC=corp,DC=example", "ldap://corp.example/CN=Configuration,DC=corp,DC=example"]));
    expect(findings.map((f) => [f.rule, f.severity, f.message])).toEqual([
      ["source-partition-references", "info", 'source "ad": ad.ldif holds 3 search references (lines 20, 23, 26) to Active Directory partitions that hold no users or groups of the domain (ForestDnsZones, DomainDnsZones, Configuration): not followed, and no one is missing for them'],
    ]);
  });

  it("a child domain, or a container merely named like a partition, is a part the export lacks", async () => {
    const findings = await read(AD(["ldap://emea.corp.example/DC=emea,DC=corp,DC=example", "ldap://other.example/CN=Configuration,OU=Apps,DC=corp,DC=example"]));
    expect(findings.map((f) => f.rule)).toEqual(["source-unproven-export"]);
    expect(findings[0]!.message).toContain('holds 2 search references to a part of the directory another server holds (line 20: ldap://emea.corp.example/DC=emea,DC=corp,DC=example; line 23: ldap://other.example/CN=Configuration,OU=Apps,DC=corp,DC=example)');
    expect(findings[0]!.message).toContain('the people under "DC=emea,DC=corp,DC=example", "CN=Configuration,OU=Apps,DC=corp,DC=example" are not in the file');
  });
});
