// An acquisition: Globex's HR export (BambooHR) is read beside Acme's (Workday-style). Each system
// numbers its own workers, so worker 1042 is Priya Nair at Acme and Tomas Berg at Globex. With the
// default keys [anchor, employeeId, email] (a csv's employeeId is its worker id when it has no
// EmployeeID column) the two were merged into one identity: Tomas, a leaver, kept his wiki account,
// renamed to Priya; with both active, Tomas had no identity at all. Records that share only a
// self-assigned id while their names and e-mails disagree are now kept apart and block the plan
// (correlation-conflict, src/resolve/id-conflict.ts) until identities/links.yaml decides.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();
const NOW = "2026-11-26T09:00:00Z";

const ACME_HEADER = "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate";
const ACME = ["1001,ines.albarran,Ines,Albarran,ines.albarran@acme.example,Active,Employee,CEO,Executive,,2018-01-08,", "1042,priya.nair,Priya,Nair,priya.nair@acme.example,Active,Employee,Accountant,Finance,1001,2022-03-01,"];

// BambooHR's employee fields (id, firstName, lastName, workEmail, status, jobTitle, department,
// supervisorEId, hireDate, terminationDate: https://www.metacpan.org/pod/WebService::BambooHR::Employee,
// the field list of BambooHR's API); `id` is "the employee ID assigned by BambooHR", numeric
// (https://ifttt.com/bamboo_hr/triggers/employee_terminated: employee_id "123"). `status` is
// Active or Inactive. BambooHR has no login field: `username` is a custom field, as companies add.
const GLOBEX_HEADER = "id,username,firstName,lastName,workEmail,status,jobTitle,department,supervisorEId,hireDate,terminationDate";
const OLU = "1007,olu.bakare,Olu,Bakare,olu.bakare@globex.example,Active,CTO,Engineering,,2015-02-02,";
const TOMAS_LEFT = "1042,tomas.berg,Tomas,Berg,tomas.berg@globex.example,Inactive,SRE,Engineering,1007,2019-05-06,2026-11-20";
const TOMAS_ACTIVE = "1042,tomas.berg,Tomas,Berg,tomas.berg@globex.example,Active,SRE,Engineering,1007,2019-05-06,";

/** Globex's wiki account of worker 1042 (Tomas unless a case names another): [login, display name]. */
type Account = [login: string, name: string];

function acquisition(options: { globex: string[]; acme?: string[]; links?: string; keys?: string; account?: Account }): string {
  const dir = tempDir("scopesync-acquisition-");
  for (const sub of ["exports", "identities/groups", "policies/apps", "state"]) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(
    join(dir, "scopesync.yaml"),
    [
      "version: 1",
      "organisation: acme",
      "sources:",
      "  hr:",
      "    type: csv",
      "    path: exports/acme-hr.csv",
      "    authoritative: [name, department, title, manager, employmentType, status, employeeId]",
      '    options: { exportedAt: "2026-11-26T06:00:00Z" }',
      "  globex:",
      "    type: csv",
      "    path: exports/globex-hr.csv",
      "    authoritative: [name, department, title, manager, employmentType, status, employeeId]",
      "    options:",
      '      exportedAt: "2026-11-26T06:00:00Z"',
      "      columns: { externalId: id, userName: username, givenName: firstName, familyName: lastName, email: workEmail, status: status, title: jobTitle, department: department, manager: supervisorEId, hireDate: hireDate, terminationDate: terminationDate }",
      "      statusValues: { Active: active, Inactive: terminated }",
      // The documented default, also what `scopesync init` writes.
      `correlation: { keys: ${options.keys ?? "[anchor, employeeId, email]"}, precedence: [hr, globex] }`,
      "targets:",
      "  wiki: { type: file, path: state/wiki.json }",
      "",
    ].join("\n"),
  );
  writeFileSync(join(dir, "exports/acme-hr.csv"), `${[ACME_HEADER, ...(options.acme ?? ACME)].join("\n")}\n`);
  writeFileSync(join(dir, "exports/globex-hr.csv"), `${[GLOBEX_HEADER, ...options.globex].join("\n")}\n`);
  writeFileSync(
    join(dir, "policies/apps/wiki.yaml"),
    ["kind: AppPolicy", "id: wiki", "target: wiki", "scope: { include: [ { kinds: [person] } ] }", "accounts:", "  login: userName", "  attributes: { displayName: { from: displayName }, email: { from: email } }", 'entitlements: [ { group: engineering, entitlement: "group:engineering" } ]', "onLeaveScope: disable", "unmanagedAccounts: report", ""].join("\n"),
  );
  writeFileSync(join(dir, "identities/groups/engineering.yaml"), "kind: Group\nid: engineering\nowners: [olu.bakare]\nbirthright:\n  - kinds: [person]\n    where: { department: Engineering }\n");
  if (options.links) writeFileSync(join(dir, "identities/links.yaml"), options.links);
  // Globex's wiki, already managed: its accounts carry Globex HR anchors.
  const worker1042 = options.account ?? ["tomas.berg", "Tomas Berg"];
  const account = (id: string, login: string, anchor: string, name: string) => ({ id, login, externalId: anchor, active: true, attributes: { displayName: name, email: `${login}@globex.example` }, entitlements: ["group:engineering"] });
  writeFileSync(join(dir, "state/wiki.json"), JSON.stringify({ formatVersion: 1, accounts: [account("a1", worker1042[0], "globex:1042", worker1042[1]), account("a2", "olu.bakare", "globex:1007", "Olu Bakare")], credentials: [] }, null, 2));
  return dir;
}

async function plan(dir: string): Promise<{ code: number; plan: Plan }> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", NOW]);
  expect(r.stderr).toBe("");
  return { code: r.code, plan: JSON.parse(r.stdout) as Plan };
}

const SEPARATE = "kind: Links\nseparate:\n  - records: [hr:1042, globex:1042]\n    reason: Acme's Workday and Globex's BambooHR number their workers independently (IT-5120).\n";
const onTomasAccount = (p: Plan) => p.changes.filter((c) => c.account === "a1").map((c) => [c.action, c.identity]);
const conflicts = (p: Plan) => p.findings.filter((f) => f.rule === "correlation-conflict");

describe("two HR systems that number their workers themselves", () => {
  it("a leaver who shares only a worker id with an active person is not merged with them: the plan is blocked, naming both records, where they are and the fix", async () => {
    const dir = acquisition({ globex: [OLU, TOMAS_LEFT] });
    const { code, plan: p } = await plan(dir);
    expect(code).toBe(3);
    expect(p.blocked).toBe(true);
    // Nothing hands Tomas's account to Priya (before: an update renaming it, kept active).
    expect(onTomasAccount(p)).toEqual([]);
    expect(conflicts(p).map((f) => [f.severity, f.identity, f.location])).toEqual([
      ["error", "priya.nair", "hr exports/acme-hr.csv row 2 (line 3); globex exports/globex-hr.csv row 2 (line 3)"],
      ["error", "tomas.berg", "hr exports/acme-hr.csv row 2 (line 3); globex exports/globex-hr.csv row 2 (line 3)"],
    ]);
    expect(conflicts(p)[0]!.message).toBe(
      'priya.nair (hr:1042) is not planned: records hr:1042 and globex:1042 share employeeId "1042" but neither a name nor an e-mail ("Priya Nair" <priya.nair@acme.example>, "Tomas Berg" <tomas.berg@globex.example>): two systems that each assign their own employeeIds give different people the same one, so they are not merged',
    );
    expect(conflicts(p)[0]!.remediation).toContain("separate: [{ records: [hr:1042, globex:1042], reason: … }]");
    // The warning that told the reviewer to correct Priya's status is gone with the merge.
    expect(p.findings.filter((f) => f.rule === "termination-date-passed")).toEqual([]);
    // Same inputs, byte-identical plan.
    expect(JSON.stringify((await plan(dir)).plan)).toBe(JSON.stringify(p));
  });

  it("with both active, Tomas keeps his own identity and his account is not renamed", async () => {
    const { plan: p } = await plan(acquisition({ globex: [OLU, TOMAS_ACTIVE] }));
    expect(p.blocked).toBe(true);
    expect(onTomasAccount(p)).toEqual([]);
    expect(conflicts(p).map((f) => f.identity)).toEqual(["priya.nair", "tomas.berg"]);
  });

  it("once identities/links.yaml says they are two people: Tomas's account is offboarded and Priya gets her own", async () => {
    const { code, plan: p } = await plan(acquisition({ globex: [OLU, TOMAS_LEFT], links: SEPARATE }));
    expect(code).toBe(0);
    expect(conflicts(p)).toEqual([]);
    expect(onTomasAccount(p)).toEqual([["revoke", "tomas.berg"], ["disable-account", "tomas.berg"]]);
    expect(p.changes.filter((c) => c.identity === "priya.nair").map((c) => c.action)).toEqual(["create-account"]);
  });

  it("a `links` entry that says they are one person merges them without the finding", async () => {
    const links = "kind: Links\nlinks:\n  - records: [hr:1042, globex:1042]\n    reason: one person, renamed when she moved (IT-5121).\n";
    const { plan: p } = await plan(acquisition({ globex: [OLU, TOMAS_LEFT], links }));
    expect(conflicts(p)).toEqual([]);
    expect(p.changes.filter((c) => c.account === "a1").map((c) => c.identity)).toContain("priya.nair");
  });

  it("a shared login with no name or e-mail in common is the same case (keys [anchor, userName, email])", async () => {
    // Acme logs Ana Li in as "ali"; Globex logs Ali Hassan in as "ali".
    const acme = [ACME[0]!, "1042,ali,Ana,Li,ana.li@acme.example,Active,Employee,Accountant,Finance,1001,2022-03-01,"];
    const { plan: p } = await plan(acquisition({ acme, globex: [OLU, "2001,ali,Ali,Hassan,ali.hassan@globex.example,Active,SRE,Engineering,1007,2019-05-06,"], keys: "[anchor, userName, email]" }));
    expect(conflicts(p).map((f) => f.message.replace(/^.*?: records /, ""))[0]).toMatch(/^hr:1042 and globex:2001 share userName "ali" but neither a name nor an e-mail/);
  });

  it("the same worker with a different e-mail in each system (a name in common, accents or not) is still one person", async () => {
    // The employee number Globex back-filled from Acme's HR: Mateo is "García" in one and "Garcia" in the other.
    const acme = [ACME[0]!, "1054,mateo.garcia,Mateo,García,mateo.garcia@acme.example,Active,Employee,Embedded Software Engineer,Engineering,1001,2026-07-01,"];
    const { plan: p } = await plan(acquisition({ acme, globex: [OLU, "1054,mgarcia,Mateo,Garcia,mgarcia@globex.example,Active,Embedded Software Engineer,Engineering,1007,2019-05-06,"] }));
    expect(conflicts(p)).toEqual([]);
    expect(p.blocked).toBe(false);
    expect(p.changes.filter((c) => c.identity === "mateo.garcia").map((c) => c.action)).toEqual(["create-account", "grant"]);
    expect(p.changes.filter((c) => c.identity === "mgarcia")).toEqual([]);
  });
});

// rv41: one word in common was taken for one person. The given and family names are now compared
// each as a whole, and a match on only one of them needs the e-mails to back it (id-conflict.ts).
const acmeWorker = (login: string, given: string, family: string, email: string) => [ACME[0]!, `1042,${login},${given},${family},${email},Active,Employee,Accountant,Finance,1001,2022-03-01,`];
const globexLeaver = (login: string, given: string, family: string, email: string) => [OLU, `1042,${login},${given},${family},${email},Inactive,SRE,Engineering,1007,2019-05-06,2026-11-20`];
const globexActive = (login: string, given: string, family: string, email: string) => [OLU, `1042,${login},${given},${family},${email},Active,SRE,Engineering,1007,2019-05-06,`];
const why = (p: Plan) => conflicts(p).map((f) => f.message.replace(/^.*? but (.*?) \(".*$/, "$1"));

describe("two people of one worker id whose names share a word", () => {
  it("Ji-ho Kim and Seo-yeon Kim share only the family name (a fifth of Korea's): not merged, the leaver's account not renamed to Ji-ho", async () => {
    const dir = acquisition({
      acme: acmeWorker("jiho.kim", "Ji-ho", "Kim", "jiho.kim@acme.example"),
      globex: globexLeaver("seoyeon.kim", "Seo-yeon", "Kim", "seoyeon.kim@globex.example"),
      account: ["seoyeon.kim", "Seo-yeon Kim"],
    });
    const { code, plan: p } = await plan(dir);
    expect(code).toBe(3);
    // Before: update-account renaming seoyeon.kim to jiho.kim, kept active.
    expect(onTomasAccount(p)).toEqual([]);
    expect(conflicts(p).map((f) => f.identity)).toEqual(["jiho.kim", "seoyeon.kim"]);
    expect(conflicts(p)[0]!.message).toContain('share employeeId "1042" but only a family name, not an e-mail address or its local part ("Ji-ho Kim" <jiho.kim@acme.example>, "Seo-yeon Kim" <seoyeon.kim@globex.example>)');
    expect(JSON.stringify((await plan(dir)).plan)).toBe(JSON.stringify(p));
  });

  it("a hyphenated given name is one name, not its syllables: Ji-ho Lee and Ho-jin Park share nothing", async () => {
    // Revised Romanization writes a given name joined or hyphenated (Hong-rip or Hongrip:
    // https://es.stringtranslate.com/wiki/Romanizaci%C3%B3n_revisada_de_Corea); "ho" is no name of its own.
    const { plan: p } = await plan(acquisition({ acme: acmeWorker("jiho.lee", "Ji-ho", "Lee", "jiho.lee@acme.example"), globex: globexActive("hojin.park", "Ho-jin", "Park", "hojin.park@globex.example") }));
    expect(why(p)).toEqual(["neither a name nor an e-mail", "neither a name nor an e-mail"]);
  });

  it("two people called Michael at two companies share only a given name: not merged", async () => {
    const { plan: p } = await plan(acquisition({ acme: acmeWorker("michael.brown", "Michael", "Brown", "michael.brown@acme.example"), globex: globexActive("michael.chen", "Michael", "Chen", "michael.chen@globex.example") }));
    expect(p.blocked).toBe(true);
    expect(why(p)).toEqual(["only a given name, not an e-mail address, local part or domain", "only a given name, not an e-mail address, local part or domain"]);
  });

  it("names in Chinese script are names, not initials: 王 伟 and 李 娜 share nothing, so they are not merged", async () => {
    // Workday keeps a name in its native script beside the Western one, in given and family parts
    // of their own (FirstLocal, PrimaryLocal: "Workday tracks local names only for countries where a
    // non-Latin script is commonly used", https://cdn.cdata.com/help/JWM/odbc/pg_resttable-peoplepreferredname.htm);
    // these exports carry them in the given and family columns.
    const dir = acquisition({ acme: acmeWorker("wei.wang", "伟", "王", "wei.wang@acme.example"), globex: globexLeaver("na.li", "娜", "李", "na.li@globex.example"), account: ["na.li", "Li Na"] });
    const { code, plan: p } = await plan(dir);
    expect(code).toBe(3);
    expect(onTomasAccount(p)).toEqual([]);
    expect(conflicts(p)[0]!.message).toContain('share employeeId "1042" but neither a name nor an e-mail ("伟 王" <wei.wang@acme.example>, "娜 李" <na.li@globex.example>)');
  });
});

describe("one person of one worker id whose name or address changed in one system", () => {
  /** The merged person's changes on Globex's wiki account a1: it is theirs, renamed in place. */
  const mergedInto = (p: Plan, identity: string) => {
    expect(conflicts(p)).toEqual([]);
    expect(p.blocked).toBe(false);
    expect(p.changes.filter((c) => c.account === "a1").map((c) => c.identity)).toContain(identity);
    expect(p.changes.filter((c) => c.identity === identity).map((c) => c.action)).not.toContain("create-account");
  };

  it("the same name in Chinese script in both, with each company's address, is one person", async () => {
    const { plan: p } = await plan(acquisition({ acme: acmeWorker("wei.wang", "伟", "王", "wei.wang@acme.example"), globex: globexActive("wwang", "伟", "王", "wwang@globex.example"), account: ["wwang", "王伟"] }));
    mergedInto(p, "wei.wang");
  });

  it("a married name change: Jane Smith, Jane Doe in Acme's HR, with her new address at the domain of her old one", async () => {
    const { plan: p } = await plan(acquisition({ acme: acmeWorker("jane.doe", "Jane", "Doe", "jane.doe@acme.example"), globex: globexActive("jane.smith", "Jane", "Smith", "jane.smith@acme.example"), account: ["jane.smith", "Jane Smith"] }));
    mergedInto(p, "jane.doe");
  });

  it("a nickname: Robert Smith in one system, Bob Smith in the other, bob.smith@ at each company", async () => {
    const { plan: p } = await plan(acquisition({ acme: acmeWorker("bob.smith", "Robert", "Smith", "bob.smith@acme.example"), globex: globexActive("bsmith", "Bob", "Smith", "bob.smith@globex.example"), account: ["bsmith", "Bob Smith"] }));
    mergedInto(p, "bob.smith");
  });

  it("a Vietnamese name with its accents dropped in one system (Nguyễn Thị Lan, Nguyen Thi Lan)", async () => {
    const { plan: p } = await plan(acquisition({ acme: acmeWorker("lan.nguyen", "Thị Lan", "Nguyễn", "lan.nguyen@acme.example"), globex: globexActive("nguyen.lan", "Thi Lan", "Nguyen", "nguyen.lan@globex.example"), account: ["nguyen.lan", "Nguyen Thi Lan"] }));
    mergedInto(p, "lan.nguyen");
  });
});
