// An LDIF export cut short by the server's size limit (rv44 finding 1). slapd's `sizelimit`
// (default 500) applies to paged searches too (OpenLDAP Admin Guide §9 Limits,
// https://openldap.org/doc/admin24/limits.html); the server sends the entries it had and ends the
// search with sizeLimitExceeded (RFC 4511 §4.1.9). ldapsearch writes that result into the file only
// without -L; with -L, -LL or -LLL a cut file looks like a whole one. Before, such a file was read
// as the whole directory, and the people past the limit were offboarded as "no longer in source
// (the export passed every quality gate)". Now an export proves itself whole with ldapsearch's
// "result: 0 Success", or is read with a source-unproven-export warning and decides nothing about
// who left. Everything here is real slapd and real ldapsearch output, bound as an ordinary account
// (the rootdn, which the parity tests bind as, is subject to no limit).
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
import { PEOPLE_DN, startSlapd, type SlapdServer } from "../servers/slapd.js";

const SUFFIX = "dc=globex,dc=example";
const LIMIT = 5;
const PEOPLE = 8;
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const uid = (n: number) => `u${String(n).padStart(3, "0")}`;
const people = Array.from({ length: PEOPLE }, (_, i) => i + 1)
  .map((n) => `dn: uid=${uid(n)},${PEOPLE_DN}\nobjectClass: inetOrgPerson\nuid: ${uid(n)}\ncn: Worker ${n}\nsn: W${n}\nmail: ${uid(n)}@globex.example\nentryUUID: ${uuid(n)}\n`)
  .join("\n");
const GROUPS_FILTER = "(|(objectClass=group)(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=posixGroup))";

// Without slapd (and without CI), these are skipped after one notice: see test/required-tools.ts.
describe.skipIf(!inject("tools").slapd)("an LDIF export against a slapd whose size limit cuts the search", () => {
  let server: SlapdServer;
  let dir: string;
  /** `limited`: bound by slapd's sizelimit; `lifted`: `limits ... size=unlimited`, as docs/formats.md says to set. */
  const search = (account: "limited" | "lifted", flags: string[], base = PEOPLE_DN, filter = "(objectClass=inetOrgPerson)", attributes = peopleAttributes({ anchor: undefined })) =>
    ldapsearch(["-x", ...flags, "-H", server.url, "-D", `cn=${account},ou=system,${SUFFIX}`, "-w", server.exportPassword, "-b", base, filter, ...attributes]);

  beforeAll(async () => {
    server = await startSlapd({
      suffix: SUFFIX,
      ldif: people,
      sizeLimit: LIMIT,
      exportAccounts: [{ cn: "limited" }, { cn: "lifted", limits: "size=unlimited" }],
      groups: [{ dn: `cn=staff,ou=groups,${SUFFIX}`, attributes: { objectClass: "groupOfNames", cn: "staff", member: [1, 2, 8].map((n) => `uid=${uid(n)},${PEOPLE_DN}`) } }],
    });
    dir = mkdtempSync(join(tmpdir(), "scopesync-ldif-limit-"));
  }, 30_000);

  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function read(name: string, text: string): Promise<{ records: SourceRecord[]; warnings: Finding[] }> {
    writeFileSync(join(dir, `${name}.ldif`), text);
    const warnings: Finding[] = [];
    const records = await ldifSource.read({ name: "dir", config: { type: "ldif", path: `${name}.ldif`, options: { exportedAt: "2026-11-26T06:00:00Z" } }, repoDir: dir, env: {}, warn: (f) => warnings.push(f) });
    return { records, warnings };
  }
  async function readError(name: string, text: string): Promise<SourceError> {
    const error = await read(name, text).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    return error as SourceError;
  }
  const lineOf = (text: string, line: string) => text.split("\n").indexOf(line) + 1;

  it.each([
    ["-LLL", ["-LLL"]],
    ["-LLL paged", ["-LLL", "-E", "pr=3/noprompt"]],
    ["-LL paged", ["-LL", "-E", "pr=3/noprompt"]],
    ["-L", ["-L"]],
    ["-L paged", ["-L", "-E", "pr=3/noprompt"]],
  ])("%s: a cut export shows no sign of the cut; it gives the people it lists, with a source-unproven-export warning", async (form, flags) => {
    const cut = await search("limited", flags);
    // The cut, as ldapsearch reports it: on stderr and in the exit code only.
    expect(cut.code).toBe(4);
    expect(cut.stderr).toContain("Size limit exceeded (4)");
    expect(cut.stdout).not.toMatch(/^result:/m);
    const { records, warnings } = await read(`cut${form.replace(/\W+/g, "-")}`, cut.stdout);
    expect(records.map((r) => r.userName)).toEqual([1, 2, 3, 4, 5].map(uid));
    expect(warnings).toEqual([
      expect.objectContaining({
        rule: "source-unproven-export",
        severity: "warning",
        message: expect.stringMatching(/^source "dir": cut[\w-]*\.ldif has no search result \("result: 0 Success", which ldapsearch writes only without -L, -LL and -LLL; ldifde and slapcat write none\).*no one is taken as a leaver for being absent from it/),
        remediation: expect.stringContaining('limits dn.exact="<export DN>" size=unlimited'),
      }),
    ]);
  });

  it("a whole -L export is unproven too: its file differs from a cut one only in length", async () => {
    const whole = await search("lifted", ["-L"]);
    expect(whole.code).toBe(0);
    const { records, warnings } = await read("whole-L", whole.stdout);
    expect(records).toHaveLength(PEOPLE);
    expect(warnings.map((w) => w.rule)).toEqual(["source-unproven-export"]);
  });

  it.each([
    ["unpaged", []],
    ["paged", ["-E", "pr=3/noprompt"]],
  ])("without -L (%s), a cut export ends with result 4 and stops the read, naming the line", async (form, flags) => {
    const cut = await search("limited", flags);
    expect(cut.code).toBe(4);
    const error = await readError(`cut-plain-${form}`, cut.stdout);
    expect(error.message).toBe(`source "dir": cut-plain-${form}.ldif line ${lineOf(cut.stdout, "result: 4 Size limit exceeded")}: ldapsearch reported result 4 "Size limit exceeded": the export is incomplete`);
    expect(error.hint).toContain('limits dn.exact="<export DN>" size=unlimited');
  });

  it("docs/formats.md's export (people, then groups appended, without -L, paged, the limit lifted) proves itself: every person, no warning", async () => {
    const paged = ["-E", "pr=3/noprompt"];
    const peopleSearch = await search("lifted", paged);
    const groupsSearch = await search("lifted", paged, SUFFIX, GROUPS_FILTER, ["cn", "objectClass", "member", "uniqueMember", "memberUid", "memberOf"]);
    expect([peopleSearch.code, groupsSearch.code]).toEqual([0, 0]);
    // Each search ends with its own result and its own count ("# numEntries: 8", then "1").
    const text = peopleSearch.stdout + groupsSearch.stdout;
    expect(text.match(/^# numEntries: \d+$/gm)).toEqual([`# numEntries: ${PEOPLE}`, "# numEntries: 1"]);
    const { records, warnings } = await read("documented", text);
    expect(records.map((r) => r.userName)).toEqual(Array.from({ length: PEOPLE }, (_, i) => uid(i + 1)));
    expect(records.find((r) => r.userName === uid(8))!.groups).toEqual(["staff"]);
    expect(warnings).toEqual([]);
  });

  it("a paged export whose last page still asks for more (ldapsearch stopped mid-way) stops the read", async () => {
    const whole = (await search("lifted", ["-E", "pr=3/noprompt"])).stdout;
    // Everything up to the first page's result record, the way a killed ldapsearch leaves it.
    const firstPage = whole.slice(0, whole.indexOf("\n", whole.indexOf("pagedresults: cookie=")) + 1);
    expect(firstPage).toMatch(/^pagedresults: cookie=\S+$/m);
    const error = await readError("stopped", firstPage);
    expect(error.message).toBe(`source "dir": stopped.ldif line ${lineOf(firstPage, firstPage.match(/^pagedresults: cookie=\S+$/m)![0])}: the last page of a paged search says more pages follow (a non-empty pagedresults cookie), but the file ends there: the export is incomplete`);
  });

  it("entries appended after the last search result (a -LLL search added to a proven one) leave the file unproven, naming their line", async () => {
    const proven = (await search("lifted", [])).stdout;
    const appended = (await search("lifted", ["-LLL"], SUFFIX, GROUPS_FILTER, ["cn", "objectClass", "member"])).stdout;
    const { warnings } = await read("appended", proven + appended);
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(new RegExp(`^source "dir": appended\\.ldif has entries from line ${proven.split("\n").length} on that no search result \\("result: 0 Success"\\) follows`)),
    ]);
  });

  describe("in a plan", () => {
    /** The repro's shape: one file app holding every person's account, linked by anchor; the export as given. */
    async function planWith(ldif: string): Promise<Plan> {
      return JSON.parse(await planText(ldif, "json")) as Plan;
    }
    async function planText(ldif: string, format: "json" | "text" | "markdown"): Promise<string> {
      const repo = mkdtempSync(join(dir, "repo-"));
      for (const d of ["exports", "policies/apps", "state"]) mkdirSync(join(repo, d), { recursive: true });
      writeFileSync(join(repo, "exports/people.ldif"), ldif);
      writeFileSync(
        join(repo, "scopesync.yaml"),
        `version: 1\norganisation: globex\nsources:\n  dir:\n    type: ldif\n    path: exports/people.ldif\n    gates: { minRecords: 4 }\n    options: { exportedAt: "2026-11-26T06:00:00Z" }\ntargets:\n  wiki: { type: file, path: state/wiki.json }\nsafety:\n  default:\n    disables: { count: 10, percent: 50 }\n`,
      );
      writeFileSync(join(repo, "policies/apps/wiki.yaml"), "kind: AppPolicy\nid: wiki\ntarget: wiki\nscope:\n  include:\n    - kinds: [person]\naccounts:\n  login: userName\nonLeaveScope: disable\n");
      const accounts = Array.from({ length: PEOPLE }, (_, i) => ({ id: `a${i + 1}`, login: uid(i + 1), externalId: `dir:${uuid(i + 1)}`, active: true, attributes: {}, entitlements: [] }));
      writeFileSync(join(repo, "state/wiki.json"), JSON.stringify({ formatVersion: 1, target: "wiki", accounts }));
      const r = await runCli(["plan", "--repo", repo, "--format", format, "--now", "2026-11-26T09:00:00Z"]);
      expect(r.code, r.stderr).toBe(0);
      return r.stdout;
    }

    it("the cut -LLL export offboards no one past the limit; the warning names the accounts left alone", async () => {
      const plan = await planWith((await search("limited", ["-LLL", "-E", "pr=3/noprompt"])).stdout);
      expect(plan.changes).toEqual([]);
      const unproven = plan.findings.filter((f) => f.rule === "source-unproven-export");
      expect(unproven).toHaveLength(1);
      expect(unproven[0]!.message).toContain(`it could not account for 3 record(s) that accounts are linked to: ${[6, 7, 8].map((n) => `dir:${uuid(n)} (wiki login ${uid(n)})`).join(", ")}`);
    });

    // rv52 #2: the text plan (the CI log) and the PR comment cut a finding's message at 400
    // characters, and the unproven export's why is longer than that: the names came after it and
    // were never shown. With no accepted snapshot, the anchor was all they said. Now the count and
    // who come first, by the login the target's account has.
    it("who is left alone comes first, by their login in the app when there is no snapshot, so the text plan and the PR comment show them", async () => {
      const cut = (await search("limited", ["-LLL", "-E", "pr=3/noprompt"])).stdout;
      const who = "3 records it lacks are left alone, unknown rather than gone: wiki login u006, wiki login u007, wiki login u008; ";
      const plan = await planWith(cut);
      expect(plan.findings.find((f) => f.rule === "source-unproven-export")!.message).toMatch(new RegExp(`^source "dir": ${who.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\S+\\.ldif has no search result`));
      const text = await planText(cut, "text");
      expect(text.split("\n").find((l) => l.includes("warning source-unproven-export"))).toContain(`source "dir": ${who}`);
      const markdown = await planText(cut, "markdown");
      expect(markdown.split("\n").find((l) => l.includes("<code>source-unproven-export</code>"))).toContain(`source &quot;dir&quot;: ${who}`);
    });

    it("a proven export still decides who left: a person deleted from the directory is offboarded", async () => {
      // As if u008 had been deleted in the directory: a whole, proven search that does not find them.
      const without = (await search("lifted", [], PEOPLE_DN, `(&(objectClass=inetOrgPerson)(!(uid=${uid(8)})))`)).stdout;
      expect(without.match(/^dn: /gm)).toHaveLength(PEOPLE - 1);
      const plan = await planWith(without);
      expect(plan.changes.map((c) => `${c.action} ${c.identity}`)).toEqual([`disable-account dir:${uuid(8)}`]);
      expect(plan.findings.filter((f) => f.rule === "source-unproven-export")).toEqual([]);
    });
  });
});
