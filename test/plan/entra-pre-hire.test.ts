// An Entra pre-hire whose user is blocked until her start (rv61 finding 4). Microsoft's Lifecycle
// Workflows enable a new hire's user on the hire date: the joiner workflow is triggered by
// employeeHireDate (offsetInDays 0) and its task "Enable User Account" enables the user in the
// directory (https://learn.microsoft.com/en-us/graph/api/identitygovernance-lifecycleworkflowscontainer-post-workflows),
// and the "Onboard pre-hire employee" template holds "tasks that must be completed before an
// employee's start date" (https://learn.microsoft.com/en-us/entra/id-governance/lifecycle-workflow-templates).
// So until then Graph returns her with accountEnabled: false, like a leaver whose sign-in was blocked.
// With options.disabledMeans: terminated she was read as a leaver: accounts.preStart never gave her
// an account and the plan said nothing of her. She is now a joiner who has not started, as an HR
// export's future hire is, and the plan's texts say why a blocked user is one. The export is one
// Graph `GET /users?$select=…` page (https://learn.microsoft.com/en-us/graph/api/user-list), as the
// entra source's hint asks for it.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();
const PIA = "pia.sand@corp.example";
const PIA_ID = "0b7e2c1a-0003-4a5f-9a9b-0c1d2e3f4a03";
/** Her start: the joiner workflow enables her user then. */
const HIRED = "2026-11-30T08:00:00Z";
const BLOCKED = "blocked in entra before their start (accountEnabled false at the export, before employeeHireDate): a pre-hire, read as a joiner and not by options.disabledMeans";

interface GraphUser { id: string; local: string; given: string; family: string; enabled: boolean; hired: string; left: string | null }

const users = (pia: Partial<GraphUser> = {}): GraphUser[] => [
  { id: "0b7e2c1a-0001-4a5f-9a9b-0c1d2e3f4a01", local: "ines.vald", given: "Ines", family: "Vald", enabled: true, hired: "2020-01-06T00:00:00Z", left: null },
  // A leaver: blocked, her leave date passed.
  { id: "0b7e2c1a-0004-4a5f-9a9b-0c1d2e3f4a04", local: "rolf.kett", given: "Rolf", family: "Kett", enabled: false, hired: "2019-03-04T00:00:00Z", left: "2026-11-20T17:00:00Z" },
  { id: PIA_ID, local: "pia.sand", given: "Pia", family: "Sand", enabled: false, hired: HIRED, left: null, ...pia },
];

function graphPage(list: readonly GraphUser[]): string {
  const value = list.map((u) => ({
    id: u.id,
    userPrincipalName: `${u.local}@corp.example`,
    mail: `${u.local}@corp.example`,
    proxyAddresses: [`SMTP:${u.local}@corp.example`],
    givenName: u.given,
    surname: u.family,
    displayName: `${u.given} ${u.family}`,
    accountEnabled: u.enabled,
    employeeId: null,
    employeeType: "Employee",
    department: "Engineering",
    jobTitle: "Engineer",
    userType: "Member",
    onPremisesImmutableId: null,
    employeeHireDate: u.hired,
    employeeLeaveDateTime: u.left,
  }));
  const select = "id,userPrincipalName,mail,proxyAddresses,givenName,surname,displayName,accountEnabled,employeeId,employeeType,department,jobTitle,userType,onPremisesImmutableId,employeeHireDate,employeeLeaveDateTime";
  return JSON.stringify({ "@odata.context": `https://graph.microsoft.com/v1.0/$metadata#users(${select})`, value }, null, 1);
}

interface Setup { exportedAt: string; disabledMeans: "terminated" | "suspended"; pia?: Partial<GraphUser>; piaAccount?: boolean }

/** A repository whose only source of people is the Entra export, and one file target `wiki` with accounts.preStart: 7d. */
function repo(s: Setup): string {
  const dir = tempDir("scopesync-entra-pre-hire-");
  for (const d of ["entra", "state", "policies/apps"]) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, "scopesync.yaml"), `version: 1
organisation: corp
sources:
  entra:
    type: entra
    path: entra/users.json
    authoritative: [name, department, title, employmentType, status, employeeId, hireDate, terminationDate]
    options: { exportedAt: "${s.exportedAt}", disabledMeans: ${s.disabledMeans} }
targets:
  wiki:
    type: file
    path: state/wiki.json
`);
  writeFileSync(join(dir, "entra/users.json"), graphPage(users(s.pia)));
  writeFileSync(join(dir, "policies/apps/wiki.yaml"), `kind: AppPolicy
id: wiki
target: wiki
scope:
  include:
    - kinds: [person]
      where: { department: [Engineering] }
accounts:
  login: userName
  preStart: 7d
`);
  // Ines and Rolf have their accounts; Pia's, when she has one, was made by an earlier plan within accounts.preStart.
  const account = (id: string, login: string, externalId: string) => ({ id, login, externalId, active: true, attributes: {}, entitlements: [] });
  const accounts = [account("w1", "ines.vald@corp.example", "entra:0b7e2c1a-0001-4a5f-9a9b-0c1d2e3f4a01"), account("w2", "rolf.kett@corp.example", "entra:0b7e2c1a-0004-4a5f-9a9b-0c1d2e3f4a04"), ...(s.piaAccount ? [account("w3", PIA, `entra:${PIA_ID}`)] : [])];
  writeFileSync(join(dir, "state/wiki.json"), JSON.stringify({ formatVersion: 1, readAt: s.exportedAt, accounts, credentials: [] }, null, 1));
  return dir;
}

async function plan(s: Setup, now: string): Promise<Plan> {
  const r = await runCli(["plan", "--repo", repo(s), "--format", "json", "--now", now]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

const piaChanges = (p: Plan) => p.changes.filter((c) => c.identity === PIA).map((c) => [c.action, c.reason]);
const piaFindings = (p: Plan) => p.findings.filter((f) => f.identity === PIA).map((f) => [f.rule, f.message]);

describe("an Entra user blocked until her hire date, in a tenant where blocking is how people leave", () => {
  it("more than accounts.preStart before her start: no account yet, and joiner-not-started says when and why", async () => {
    const p = await plan({ exportedAt: "2026-11-22T06:00:00Z", disabledMeans: "terminated" }, "2026-11-22T09:00:00Z");
    expect(piaChanges(p)).toEqual([]);
    expect(piaFindings(p)).toEqual([
      [
        "joiner-not-started",
        `${PIA} starts on 2026-11-30T08:00:00.000Z (hireDate from entra entra/users.json entry 3): a joiner who has not started; ${BLOCKED}. Access in wiki begins on 2026-11-23T08:00:00.000Z, 7d before it (accounts.preStart) (policies/apps/wiki.yaml:10); until then no account is made for them there`,
      ],
    ]);
  });

  for (const disabledMeans of ["terminated", "suspended"] as const) {
    it(`within accounts.preStart (4 days before her start): her account is made, the reason saying why (disabledMeans: ${disabledMeans})`, async () => {
      const p = await plan({ exportedAt: "2026-11-26T06:00:00Z", disabledMeans }, "2026-11-26T09:00:00Z");
      expect(piaChanges(p)).toEqual([["create-account", `joiner: in the scope of wiki, no account yet; ${BLOCKED}`]]);
      expect(piaFindings(p)).toEqual([]);
    });
  }

  it("on her first morning, from the export taken before her start: she keeps the account (not a leaver)", async () => {
    // The 06:00 export shows her blocked; the workflow enables her at 08:00; the plan runs at 09:00.
    const p = await plan({ exportedAt: "2026-11-30T06:00:00Z", disabledMeans: "terminated", piaAccount: true }, "2026-11-30T09:00:00Z");
    expect(piaChanges(p)).toEqual([]);
    expect(piaFindings(p)).toEqual([]);
  });

  it("blocked in an export taken after her start: read as disabledMeans says, as anyone's blocked user is", async () => {
    const p = await plan({ exportedAt: "2026-12-01T06:00:00Z", disabledMeans: "terminated", piaAccount: true }, "2026-12-01T09:00:00Z");
    expect(piaChanges(p)).toEqual([["disable-account", "left the organisation (disabled in entra (accountEnabled false: sign-in blocked), read as having left (options.disabledMeans: terminated))"]]);
  });

  it("the leaver beside her is still a leaver, and she is the only joiner", async () => {
    const p = await plan({ exportedAt: "2026-11-26T06:00:00Z", disabledMeans: "terminated" }, "2026-11-26T09:00:00Z");
    expect(p.changes.map((c) => [c.action, c.identity])).toEqual([
      ["create-account", PIA],
      ["disable-account", "rolf.kett@corp.example"],
    ]);
    expect(p.changes.find((c) => c.identity === "rolf.kett@corp.example")?.reason).toBe("left the organisation on 2026-11-20T17:00:00.000Z (employeeLeaveDateTime in entra has passed)");
  });

  it("a rehire blocked until the rehire: between employments, the reason saying Entra blocks her rather than 'entra says active'", async () => {
    const rehire = { hired: "2026-12-14T08:00:00Z", left: "2026-06-30T17:00:00Z" };
    const p = await plan({ exportedAt: "2026-11-26T06:00:00Z", disabledMeans: "terminated", pia: rehire, piaAccount: true }, "2026-11-26T09:00:00Z");
    expect(piaChanges(p)).toEqual([
      [
        "disable-account",
        "left on 2026-06-30T17:00:00.000Z, rehired from 2026-12-14T08:00:00.000Z (terminationDate and hireDate in entra; entra has the user blocked until then (accountEnabled false at the export, before employeeHireDate)): between employments, a leaver in wiki until its access begins again on 2026-12-07T08:00:00.000Z",
      ],
    ]);
  });
});
