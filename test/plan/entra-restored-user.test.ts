// An Entra user deleted and restored. Graph keeps a deleted user in directory/deletedItems for 30
// days, and restoring it brings back the same object (learn.microsoft.com/graph/api/directory-deleteditems-restore:
// "Restore a recently deleted ... user ... from deleted items"; the restored object keeps its id).
// scopesync reads GET /users, which lists no deleted user: on the day after the deletion the user is
// gone from a source that passed its gates, a leaver; restored, the same id is back. What this holds:
// the restore enables the very account the leaving disabled (its externalId anchor, entra:<id>) and
// grants again what the leaving revoked, with no new account, and the leavers report shows the
// leaving from the journal and says they came back. It already worked so; no test held it.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const dirs = tempDirs();
const BEN_ID = "d0000000-0000-4000-8000-000000000002";
const user = (n: number, login: string) => ({ id: `d0000000-0000-4000-8000-00000000000${n}`, userPrincipalName: `${login}@contoso.example`, mail: `${login}@contoso.example`, displayName: login, accountEnabled: true, userType: "Member", department: "Engineering" });
const PEOPLE = [user(1, "ada"), user(2, "ben"), user(3, "cy")];

const CONFIG = (exportedAt: string) => `version: 1
organisation: contoso
sources:
  entra:
    type: entra
    path: exports/users.json
    gates: { minRecords: 1 }
    options:
      exportedAt: "${exportedAt}"
targets:
  wiki:
    type: file
    path: state/wiki.json
`;

function day(dir: string, users: object[], exportedAt: string): void {
  writeFileSync(join(dir, "scopesync.yaml"), CONFIG(exportedAt));
  writeFileSync(join(dir, "exports", "users.json"), JSON.stringify({ "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users", value: users }));
}

async function run(dir: string, ...args: string[]): Promise<string> {
  const r = await runCli([...args, "--repo", dir]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

const changes = (p: Plan) => p.changes.map((c) => `${c.action} ${c.identity}${c.entitlement ? ` ${c.entitlement}` : ""}: ${c.reason}`);

describe("an Entra user deleted, then restored with the same id", () => {
  it("day 1 offboards them; day 5 enables the same account and grants again; the leavers report shows them returned", async () => {
    const dir = dirs("scopesync-restored-");
    for (const folder of ["exports", "state", "policies/apps", "identities/groups"]) mkdirSync(join(dir, folder), { recursive: true });
    writeFileSync(join(dir, "policies/apps/wiki.yaml"), 'kind: AppPolicy\nid: wiki\ntarget: wiki\nscope: { include: [ { kinds: [person], where: { department: Engineering } } ] }\naccounts: { login: userName }\nentitlements:\n  - { group: engineering, entitlement: "group:engineering" }\nonLeaveScope: disable\n');
    writeFileSync(join(dir, "identities/groups/engineering.yaml"), "kind: Group\nid: engineering\nowners: [ada@contoso.example]\nbirthright: [ { kinds: [person], where: { department: Engineering } } ]\n");
    const accounts = PEOPLE.map((u, i) => ({ id: String(i + 1), login: u.userPrincipalName, externalId: `entra:${u.id}`, active: true, attributes: {}, entitlements: ["group:engineering"] }));
    writeFileSync(join(dir, "state/wiki.json"), JSON.stringify({ formatVersion: 1, target: "wiki", readAt: "2026-11-20T06:00:00Z", accounts, credentials: [] }));
    day(dir, PEOPLE, "2026-11-20T06:00:00Z");
    await run(dir, "snapshot", "--now", "2026-11-20T09:00:00Z");

    // Day 1: Ben's user deleted (in deletedItems, so not in GET /users).
    day(dir, PEOPLE.filter((u) => u.id !== BEN_ID), "2026-11-21T06:00:00Z");
    const gone = JSON.parse(await run(dir, "plan", "--format", "json", "--now", "2026-11-21T09:00:00Z")) as Plan;
    const left = `entra:${BEN_ID} is no longer in source "entra" (the export passed its gates (minRecords 1) and the built-in checks)`;
    expect(changes(gone)).toEqual([`revoke ben@contoso.example group:engineering: ${left}`, `disable-account ben@contoso.example: ${left}`]);
    await run(dir, "apply", "--auto-approve", "--allow-any-now", "--now", "2026-11-21T09:00:00Z");
    await run(dir, "snapshot", "--now", "2026-11-21T09:30:00Z");

    // Day 5: restored from deletedItems, the same id.
    day(dir, PEOPLE, "2026-11-25T06:00:00Z");
    const back = JSON.parse(await run(dir, "plan", "--format", "json", "--now", "2026-11-25T09:00:00Z")) as Plan;
    expect(changes(back)).toEqual([`enable-account ben@contoso.example: rehire: entra:${BEN_ID} is active again; the old account comes back`, "grant ben@contoso.example group:engineering: birthright member of engineering"]);
    expect(back.changes.map((c) => c.account)).toEqual(["2", "2"]);
    await run(dir, "apply", "--auto-approve", "--allow-any-now", "--now", "2026-11-25T09:00:00Z");
    const wiki = JSON.parse(readFileSync(join(dir, "state/wiki.json"), "utf8")) as { accounts: Array<{ id: string; externalId: string; active: boolean; entitlements: string[] }> };
    expect(wiki.accounts.filter((a) => a.externalId === `entra:${BEN_ID}`)).toMatchObject([{ id: "2", active: true, entitlements: ["group:engineering"] }]);

    // The journal's times are the wall clock's: the report's period reaches them.
    const report = await run(dir, "report", "leavers", "--format", "json", "--since", "2026-11-01", "--until", "2999-12-31", "--now", new Date().toISOString());
    const leavers = (JSON.parse(report) as { leavers: Array<{ identity: string; status: string; outstanding: number; left: { source: string } }> }).leavers;
    expect(leavers.map((l) => [l.identity, l.status, l.outstanding, l.left.source])).toEqual([["ben@contoso.example", "returned", 0, "entra"]]);
  });
});
