// rv102 #3 and #4. Google organisational units are a tree: an OU's orgUnitPath is its parent's
// path and its name ('/engineering/apps': Admin SDK OrgUnit resource), and a child OU inherits its
// parent's settings. `where: { orgUnitPath: /Contractors }` matched that path only, so a
// contractor in /Contractors/EMEA escaped an exclude, with nothing said. And "a user's
// organizational unit determines which Google Workspace services the user has access to" (same
// resource), yet an OU move was no move: explicit privilege survived it un-reviewed.
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { googleConfig, googleUser, usersList, writeFiles } from "../helpers/google-workspace.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const NOW = "2026-11-26T09:00:00Z";
const tempDir = tempDirs();
const EMPTY_STATE = { formatVersion: 1, target: "app", readAt: "2026-11-26T06:00:00Z", accounts: [] };

async function plan(dir: string): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", NOW]);
  expect(r.code, r.stderr).not.toBe(1);
  return JSON.parse(r.stdout) as Plan;
}

const APP = (scope: string) => `kind: AppPolicy\nid: app\ntarget: app\ndescription: employees only\nscope:\n${scope}\naccounts: { login: userName }\nentitlements: [ { group: staff, entitlement: "group:staff" } ]\n`;

describe("where: orgUnitPath is an OU and every OU under it", () => {
  const users = [
    googleUser(1, "ana", { orgUnitPath: "/Engineering" }),
    googleUser(2, "cy", { orgUnitPath: "/Contractors/EMEA" }),
    googleUser(3, "dee", { orgUnitPath: "/ContractorsAlumni" }),
    googleUser(4, "eve", { orgUnitPath: "/contractors/apac/Sydney" }),
  ];

  /** The four users, an app whose scope is `scope` (its YAML lines) with a birthright for every person, and no accounts yet. */
  const planScope = (scope: string): Promise<Plan> => {
    const dir = tempDir("scopesync-google-ou-");
    writeFiles(dir, {
      "scopesync.yaml": googleConfig(),
      "exports/google/users.json": usersList(users),
      "policies/apps/app.yaml": APP(scope),
      "identities/groups/staff.yaml": "kind: Group\nid: staff\ndescription: staff\nbirthright:\n  - kinds: [person]\n",
      "state/app.json": EMPTY_STATE,
    });
    return plan(dir);
  };

  it("an exclude on /Contractors leaves out its sub-OUs (any depth, any case), not an OU whose name merely starts so", async () => {
    const p = await planScope("  include: [ { kinds: [person] } ]\n  exclude: [ { where: { orgUnitPath: /Contractors } } ]");
    expect([...new Set(p.changes.map((c) => c.identity))].sort()).toEqual(["ana", "dee"]);
    // No one is at /Contractors itself, but people under it hold it: the value matches someone.
    expect(p.findings.filter((f) => f.rule === "where-value-unmatched")).toEqual([]);
  });

  // f191: and the plan says so at the value, as an info: "the top OU" reads narrower than it is.
  it("/ is the root: it holds every OU, and an info at the key says it selects every user", async () => {
    const p = await planScope("  include: [ { where: { orgUnitPath: / } } ]");
    expect([...new Set(p.changes.map((c) => c.identity))].sort()).toEqual(["ana", "cy", "dee", "eve"]);
    expect(p.findings.filter((f) => f.rule === "where-value-whole-tree").map((f) => [f.severity, f.location, f.message])).toEqual([
      ["info", "policies/apps/app.yaml:6", 'app policy app\'s scope.include: orgUnitPath "/" is the root, and an orgUnitPath value matches its path and every path under it, so this selects every user that has an orgUnitPath (the whole domain)'],
    ]);
  });

  it("a sub-OU is no such info", async () => {
    const p = await planScope("  include: [ { where: { orgUnitPath: [/Engineering, /Contractors] } } ]");
    expect(p.findings.filter((f) => f.rule === "where-value-whole-tree")).toEqual([]);
  });
});

describe("an OU move is a move", () => {
  it("an explicit member of a privileged group who moved OU raises privilege-after-move", async () => {
    const dir = tempDir("scopesync-google-ou-move-");
    const ana = (orgUnitPath: string) => usersList([googleUser(1, "ana", { orgUnitPath }), googleUser(2, "bo", { orgUnitPath: "/Sales" })]);
    writeFiles(dir, {
      "scopesync.yaml": googleConfig(),
      "exports/google/users.json": ana("/Engineering"),
      "policies/apps/app.yaml": `kind: AppPolicy\nid: app\ntarget: app\ndescription: x\nscope: { include: [ { kinds: [person] } ] }\naccounts: { login: userName }\nentitlements: [ { group: prod-admins, entitlement: "role:admin" } ]\n`,
      "identities/groups/prod-admins.yaml": "kind: Group\nid: prod-admins\ndescription: production admins\nprivileged: true\nmembers:\n  - identity: ana\n    reason: on-call for Engineering\n",
      "state/app.json": { ...EMPTY_STATE, accounts: [{ id: "u-1", login: "ana", externalId: "google:100000000000000000001", active: true, attributes: {}, entitlements: ["role:admin"] }] },
    });
    const snapshot = await runCli(["snapshot", "--repo", dir, "--now", NOW]);
    expect(snapshot.code, snapshot.stderr).toBe(0);
    writeFiles(dir, { "exports/google/users.json": ana("/Sales") });
    const p = await plan(dir);
    expect(p.findings.filter((f) => f.rule === "privilege-after-move").map((f) => [f.identity, f.message])).toEqual([
      ["ana", "ana moved (orgUnitPath /Engineering → /Sales) and is still an explicit member of the privileged group prod-admins"],
    ]);
  });
});
