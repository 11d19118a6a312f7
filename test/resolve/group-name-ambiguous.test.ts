// A group's name is not its identity (src/resolve/group-names.ts). Entra lets two groups share a
// displayName (azure-cli#24162 creates a second "AM-Test-100" through the API), and by default any
// member may create a security group and put themselves in it
// (learn.microsoft.com/entra/identity/users/groups-self-service-management). The exports below are
// GET /users?$count=true&$expand=memberOf, each memberOf item a directoryObject with @odata.type,
// id and displayName as learn.microsoft.com/graph/api/user-list-memberof shows it.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { onTestFinished, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";

const GOVERNED = "aaaaaaaa-0000-4000-8000-000000000001";
const LOOKALIKE = "aaaaaaaa-0000-4000-8000-000000000666";

const CONFIG = `version: 1
organisation: initech
sources:
  entra:
    type: entra
    path: exports/users.json
    gates: { minRecords: 1 }
    options: { exportedAt: "2026-11-26T06:00:00Z" }
correlation: { keys: [anchor, employeeId, email], precedence: [entra] }
targets:
  code: { type: file, path: state/code.json }
safety:
  default:
    deletes: { count: 50, percent: 100 }
    disables: { count: 50, percent: 100 }
    removals: { count: 50, percent: 100 }
    changes: { count: 500, percent: 100 }
`;

interface Member { n: number; login: string; group: { id: string; name: string }; also?: { id: string; name: string }; leftOn?: string; holds?: string[] }

const user = ({ n, login, group, also, leftOn }: Member) => ({
  id: `${n}${n}${n}${n}${n}${n}${n}${n}-${n}${n}${n}${n}-4${n}${n}${n}-8${n}${n}${n}-${String(n).repeat(12)}`,
  userPrincipalName: `${login}@initech.example`,
  mail: `${login}@initech.example`,
  displayName: login,
  accountEnabled: true,
  department: "Engineering",
  // A leaver as Graph shows one on the day: employeeLeaveDateTime passed (learn.microsoft.com/graph/api/resources/user).
  ...(leftOn ? { employeeLeaveDateTime: leftOn } : {}),
  "memberOf@odata.count": also ? 2 : 1,
  memberOf: [group, ...(also ? [also] : [])].map((g) => ({ "@odata.type": "#microsoft.graph.group", id: g.id, displayName: g.name })),
});

const governed = { id: GOVERNED, name: "GitHub Org Owners" };
const lookalike = (name = "GitHub Org Owners") => ({ id: LOOKALIKE, name });
/** Bill and Peter are in the governed group and hold role:admin; Mallory in a group she made with (nearly) its name. */
const members = (name?: string): Member[] => [
  { n: 1, login: "bill", group: governed, holds: ["role:admin"] },
  { n: 2, login: "peter", group: governed, holds: ["role:admin"] },
  { n: 3, login: "mallory", group: lookalike(name), holds: [] },
];

const APP = `kind: AppPolicy
id: code
target: code
scope: { include: [ { kinds: [person], where: { department: Engineering } } ] }
accounts: { login: userName }
entitlements:
  - { group: org-owners, entitlement: "role:admin" }
onLeaveScope: disable
`;

function write(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

/** Writes the export of these members: GET /users?$count=true&$expand=memberOf. */
function exportUsers(dir: string, people: readonly Member[]): void {
  const users = people.map(user);
  write(dir, "exports/users.json", JSON.stringify({ "@odata.count": users.length, value: users }, null, 2));
}

function repo(where: string, people: readonly Member[] = members(), app = APP): string {
  const dir = mkdtempSync(join(tmpdir(), "scopesync-groupname-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const accounts = people.filter((m) => m.holds).map((m) => ({ id: String(m.n), login: `${m.login}@initech.example`, externalId: `entra:${user(m).id}`, active: true, attributes: {}, entitlements: m.holds }));
  write(dir, "scopesync.yaml", CONFIG);
  exportUsers(dir, people);
  write(dir, "state/code.json", JSON.stringify({ formatVersion: 1, accounts, credentials: [] }));
  write(dir, "identities/groups/org-owners.yaml", `kind: Group
id: org-owners
privileged: true
allowPrivilegedBirthright: true
owners: [bill@initech.example]
birthright:
  - kinds: [person]
    where: ${where}
`);
  write(dir, "policies/apps/code.yaml", app);
  return dir;
}

/** Accepts the current export as the snapshot (scopesync snapshot), as the daily sync's merged PR does. */
async function acceptSnapshot(dir: string, now = "2026-11-25T09:00:00Z"): Promise<void> {
  const r = await runCli(["snapshot", "--repo", dir, "--now", now]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
}

async function plan(dir: string): Promise<{ code: number; plan: Plan }> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", "2026-11-26T09:00:00Z"]);
  expect(r.stderr).toBe("");
  return { code: r.code, plan: JSON.parse(r.stdout) as Plan };
}

const changes = (p: Plan) => p.changes.map((c) => `${c.action} ${c.identity}${c.entitlement ? ` ${c.entitlement}` : ""}`).sort();
const ambiguous = (p: Plan) => p.findings.filter((f) => f.rule === "group-name-ambiguous");
const BILL = "bill@initech.example";
const MILTON: Member = { n: 4, login: "milton", group: governed, holds: [] };

describe("a group name two Entra groups share, that no accepted snapshot settles", () => {
  it("grants nothing new through it, takes nothing it gives away, and warns (never blocks) naming both groups by id", async () => {
    // Milton has just joined the governed group: without history his membership cannot be told from Mallory's.
    const { code, plan: p } = await plan(repo('{ groups: "GitHub Org Owners" }', [...members(), MILTON]));
    expect(changes(p)).toEqual([]);
    expect(code).toBe(0);
    expect(p.blocked).toBe(false);
    expect(ambiguous(p)).toEqual([
      expect.objectContaining({
        severity: "warning",
        location: "identities/groups/org-owners.yaml:8",
        message: `group org-owners's birthright names the group "GitHub Org Owners", but source "entra" gives it to 2 groups (${GOVERNED}, ${LOOKALIKE}), and the source has no accepted snapshot to tell which one it meant: their members get nothing new through the name (nor through an exclude that names it ceasing to match) and lose nothing it gives, until the policy names the group by id`,
      }),
    ]);
    expect(ambiguous(p)[0]!.remediation).toContain(`where: { groupIds: "${GOVERNED}" }`);
  });

  it("is shared as well when the names differ only in letter case, as where: compares them", async () => {
    const { code, plan: p } = await plan(repo('{ groups: "GitHub Org Owners" }', members("github org owners")));
    expect(changes(p)).toEqual([]);
    expect(code).toBe(0);
    expect(ambiguous(p).map((f) => f.severity)).toEqual(["warning"]);
  });

  it("still offboards a leaver among the members", async () => {
    const people = members();
    people[0] = { ...people[0]!, leftOn: "2026-11-20T17:00:00Z" };
    const { code, plan: p } = await plan(repo('{ groups: "GitHub Org Owners" }', people));
    expect(code).toBe(0);
    expect(changes(p)).toEqual([`disable-account ${BILL}`, `revoke ${BILL} role:admin`]);
  });

  it("neither makes nor disables an account an app's scope gives only through the name", async () => {
    const app = APP.replace("where: { department: Engineering }", 'where: { groups: "GitHub Org Owners" }');
    // Bill has an account, Milton (new in the governed group) has none.
    const { code, plan: p } = await plan(repo(`{ groupIds: "${GOVERNED}" }`, [...members(), { ...MILTON, holds: undefined }], app));
    expect(changes(p)).toEqual([]);
    expect(code).toBe(0);
    expect(ambiguous(p).map((f) => f.location)).toEqual(["policies/apps/code.yaml:4"]);
  });

  it("lifts no scope.exclude that names it: an excluded member's disabled account stays disabled, and no one gets an account", async () => {
    // The usual way to keep a blocked population out. Bill is in the governed group, so his account
    // was disabled; Milton (in it too) and Mallory (in the look-alike only) have none.
    const app = APP.replace("onLeaveScope: disable", 'onLeaveScope: disable\n').replace(
      "scope: { include: [ { kinds: [person], where: { department: Engineering } } ] }",
      'scope:\n  include: [ { kinds: [person], where: { department: Engineering } } ]\n  exclude: [ { kinds: [person], where: { groups: "GitHub Org Owners" } } ]',
    );
    const people = [...members(), { ...MILTON, holds: undefined }];
    people[2] = { ...people[2]!, holds: undefined };
    const dir = repo(`{ groupIds: "${GOVERNED}" }`, people, app);
    const state = { formatVersion: 1, credentials: [], accounts: [{ id: "1", login: `${BILL}`, externalId: `entra:${user(people[0]!).id}`, active: false, attributes: {}, entitlements: [] }, { id: "2", login: "peter@initech.example", externalId: `entra:${user(people[1]!).id}`, active: false, attributes: {}, entitlements: [] }] };
    write(dir, "state/code.json", JSON.stringify(state));
    const { code, plan: p } = await plan(dir);
    expect(changes(p)).toEqual([]);
    expect(code).toBe(0);
    expect(ambiguous(p).map((f) => f.location)).toEqual(["policies/apps/code.yaml:6"]);
    expect(ambiguous(p)[0]!.message).toContain("an exclude that names it");
  });

  it("is unsettled where the accepted snapshot lists the name without group ids", async () => {
    const dir = repo('{ groups: "GitHub Org Owners" }', [...members(), MILTON]);
    // A snapshot written before group ids were kept: the governed group by name only.
    const users = [...members(), MILTON].filter((m) => m.group === governed).map((m) => ({ source: "entra", externalId: user(m).id, kind: "person", logins: {}, userName: `${m.login}@initech.example`, emails: [`${m.login}@initech.example`], name: {}, status: "active", groups: ["GitHub Org Owners"], raw: {}, position: `record ${m.n}` }));
    write(dir, "state/sources/entra.json", JSON.stringify({ formatVersion: 1, source: "entra", type: "entra", exportedAt: "2026-11-25T06:00:00Z", records: users }));
    const { code, plan: p } = await plan(dir);
    expect(changes(p)).toEqual([]);
    expect(code).toBe(0);
    expect(ambiguous(p)[0]!.message).toContain("and the last accepted snapshot lists the name without group ids: their members get nothing new");
  });
});

describe("a group name two Entra groups share, that the accepted snapshot knew as one group", () => {
  it("still means that group: its members keep and get what the name gives, the look-alike's get nothing", async () => {
    // Accepted yesterday: only the governed group had the name. Today Mallory's group takes it and Milton joins the governed one.
    const dir = repo('{ groups: "GitHub Org Owners" }', [...members(), MILTON]);
    exportUsers(dir, [members()[0]!, members()[1]!]);
    await acceptSnapshot(dir);
    exportUsers(dir, [...members(), MILTON]);
    const { code, plan: p } = await plan(dir);
    expect(changes(p)).toEqual(["grant milton@initech.example role:admin"]);
    expect(code).toBe(0);
    expect(ambiguous(p)).toEqual([
      expect.objectContaining({
        severity: "warning",
        message: `group org-owners's birthright names the group "GitHub Org Owners", but source "entra" gives it to 2 groups (${GOVERNED}, ${LOOKALIKE}): the last accepted snapshot knew one group by that name, ${GOVERNED}, so it still means that one; the members of ${LOOKALIKE} get nothing through it`,
      }),
    ]);
  });

  it("takes back what the name gave a look-alike's member", async () => {
    // Mallory's group took the name, and the admin role was given to her by hand.
    const people = members();
    people[2] = { ...people[2]!, holds: ["role:admin"] };
    const dir = repo('{ groups: "GitHub Org Owners" }', people);
    exportUsers(dir, [people[0]!, people[1]!]);
    await acceptSnapshot(dir);
    exportUsers(dir, people);
    const { plan: p } = await plan(dir);
    expect(changes(p)).toEqual(["revoke mallory@initech.example role:admin"]);
  });

  it("stays settled on that group through later snapshots that list both: a member moved out of it loses what it gave", async () => {
    // Day 0: only the governed group has the name; the daily sync accepts the snapshot. Day 1:
    // Bill, an owner, is in the governed group and in Mallory's look-alike; the sync accepts that
    // snapshot too, as every day. Day 2: IT removes Bill from the governed group.
    const people = members();
    const dir = repo('{ groups: "GitHub Org Owners" }', people);
    exportUsers(dir, [people[0]!, people[1]!, { ...people[2]!, group: { id: "aaaaaaaa-0000-4000-8000-000000000009", name: "Staff" } }]);
    await acceptSnapshot(dir, "2026-11-24T09:00:00Z");
    exportUsers(dir, [{ ...people[0]!, also: lookalike() }, people[1]!, people[2]!]);
    await acceptSnapshot(dir, "2026-11-25T09:00:00Z");
    // The snapshot carries the settled meaning: Bill's ref to the look-alike is marked as one.
    const snapshot = JSON.parse(readFileSync(join(dir, "state/sources/entra.json"), "utf8")) as { records: { userName: string; groupRefs?: { id: string; lookAlike?: true }[] }[] };
    expect(snapshot.records.find((r) => r.userName === BILL)!.groupRefs).toEqual([expect.objectContaining({ id: GOVERNED }), { id: LOOKALIKE, name: "GitHub Org Owners", lookAlike: true }]);
    exportUsers(dir, [{ ...people[0]!, group: lookalike() }, people[1]!, people[2]!]);
    const { code, plan: p } = await plan(dir);
    expect(changes(p)).toEqual([`revoke ${BILL} role:admin`]);
    expect(code).toBe(0);
    expect(ambiguous(p)[0]!.message).toContain(`so it still means that one; the members of ${LOOKALIKE} get nothing through it`);
  });

  it("is unsettled when the snapshot already had both groups of that name", async () => {
    const dir = repo('{ groups: "GitHub Org Owners" }', [...members(), MILTON]);
    exportUsers(dir, members());
    await acceptSnapshot(dir);
    exportUsers(dir, [...members(), MILTON]);
    const { code, plan: p } = await plan(dir);
    expect(changes(p)).toEqual([]);
    expect(code).toBe(0);
    expect(ambiguous(p)[0]!.message).toContain(`and the last accepted snapshot already had 2 groups of that name (${GOVERNED}, ${LOOKALIKE}): their members get nothing new`);
  });
});

describe("a group named by id", () => {
  it("is no problem: its members keep the access, the look-alike's get none", async () => {
    const { code, plan: p } = await plan(repo(`{ groupIds: "${GOVERNED}" }`));
    expect(code).toBe(0);
    expect(p.changes).toEqual([]);
    expect(p.findings.filter((f) => f.severity !== "info")).toEqual([]);
  });

  it("with one group of the name, the name still works as before", async () => {
    const people = members("GitHub Org Owners (mine)");
    const { code, plan: p } = await plan(repo('{ groups: "GitHub Org Owners" }', [...people, MILTON]));
    expect(code).toBe(0);
    expect(changes(p)).toEqual(["grant milton@initech.example role:admin"]);
    expect(ambiguous(p)).toEqual([]);
  });
});
