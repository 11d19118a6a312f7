// An Entra B2B guest as the owner of an application (nhi-owner-guest). Graph's user resource
// (learn.microsoft.com/graph/api/resources/user): userType "Member" or "Guest"; creationType
// "Invitation" for "an external user invited"; externalUserState "PendingAcceptance" or "Accepted"
// for an invited user; the guest's userPrincipalName is their address with "@" as "_" and "#EXT#@"
// before a domain of the inviting tenant, and mail is the guest's own address. An application's
// `$expand=owners` lists such a user as it lists a member. A guest is active but not employed by
// the organisation: before, it owned the NHI as any employee does, with no finding at all.
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { SCENARIOS } from "../helpers/scenario.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const ENV = { SCENARIO_ENTRA_SECRET: "dummy" };
const ALICE_UPN = "alice_contoso.com#EXT#@corp.onmicrosoft.com";
const ALICE = ALICE_UPN.toLowerCase();
const SECRET = "password:8e2b1c3d-4a5f-4b60-9c71-8d9eaf0b1cb1";

/** Users as GET /users?$select=…,userType,creationType,externalUserState returns them. */
const alice = { id: "b0000000-0000-4000-8000-0000000000a1", userPrincipalName: ALICE_UPN, mail: "alice@contoso.com", displayName: "Alice (Contoso)", accountEnabled: true, userType: "Guest", creationType: "Invitation", externalUserState: "Accepted", externalUserStateChangeDateTime: "2026-05-01T10:00:00Z" };
const bob = { id: "b0000000-0000-4000-8000-0000000000b1", userPrincipalName: "bob@corp.example", mail: "bob@corp.example", displayName: "Bob", accountEnabled: true, userType: "Member", creationType: null, externalUserState: null };
/** An owner as `$expand=owners` lists a user (learn.microsoft.com/graph/api/application-list-owners). */
const owner = (u: typeof alice | typeof bob) => ({ "@odata.type": "#microsoft.graph.user", id: u.id, userPrincipalName: u.userPrincipalName, mail: u.mail });

const dirs = tempDirs();

/** The nhi-undeclared-sp-owner-gone scenario with an entra users source; Ledger Bridge (its secret held by the entra-apps target) owned as given. */
function repo(): string {
  const dir = dirs("scopesync-guest-owner-");
  cpSync(join(SCENARIOS, "_base"), dir, { recursive: true });
  cpSync(join(SCENARIOS, "nhi-undeclared-sp-owner-gone"), dir, { recursive: true });
  const config = readFileSync(join(dir, "scopesync.yaml"), "utf8").replace("  entra-apps:\n", '  entra:\n    type: entra\n    path: entra/users.json\n    options:\n      exportedAt: "2026-11-26T06:00:00Z"\n  entra-apps:\n');
  writeFileSync(join(dir, "scopesync.yaml"), config);
  return dir;
}

function exportAt(dir: string, users: object[], owners: object[], at: string): void {
  writeFileSync(join(dir, "entra", "users.json"), JSON.stringify({ "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users(id,userPrincipalName,mail,displayName,accountEnabled,userType,creationType,externalUserState)", value: users }));
  const apps = JSON.parse(readFileSync(join(dir, "entra", "applications.json"), "utf8")) as { value: Array<Record<string, unknown>> };
  apps.value[0]!["owners"] = owners;
  writeFileSync(join(dir, "entra", "applications.json"), JSON.stringify(apps));
  writeFileSync(join(dir, "scopesync.yaml"), readFileSync(join(dir, "scopesync.yaml"), "utf8").replace(/exportedAt: "[^"]+"/g, `exportedAt: "${at}"`));
}

async function plan(dir: string, now: string): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", now], { env: ENV });
  expect(r.code, r.stderr).not.toBe(1);
  return JSON.parse(r.stdout) as Plan;
}

const ledger = (p: Plan, rule: string) => p.findings.filter((f) => f.rule === rule && f.identity === "ledger-bridge");
const ledgerChanges = (p: Plan) => p.changes.filter((c) => c.identity === "ledger-bridge").map((c) => `${c.action} ${c.credential ?? ""}`.trim());

describe("an Entra guest as an application's owner", () => {
  it("alone: a warning that no member answers for it, and no quarantine while the guest is active", async () => {
    const dir = repo();
    exportAt(dir, [bob, alice], [owner(alice)], "2026-11-26T06:00:00Z");
    const p = await plan(dir, "2026-11-26T09:00:00Z");
    expect(ledgerChanges(p)).toEqual([]);
    expect(ledger(p, "nhi-owner-active")).toEqual([]);
    expect(ledger(p, "nhi-owner-guest").map((f) => [f.severity, f.message, f.location])).toEqual([
      [
        "warning",
        `ledger-bridge's owner "${ALICE}", as entra-apps names them, is a guest of the organisation (employmentType guest, as entra gives it), not a member of it: nobody the organisation employs answers for ledger-bridge. It is not quarantined while the guest is active; once the guest is removed from the directory, ledger-bridge has lost its owner (nhi-owner-active) and is quarantined`,
        "entra/applications.json entry 1",
      ],
    ]);
  });

  it("beside a member listed after them: the member owns it, and the guest is still named", async () => {
    const dir = repo();
    exportAt(dir, [bob, alice], [owner(alice), owner(bob)], "2026-11-26T06:00:00Z");
    const p = await plan(dir, "2026-11-26T09:00:00Z");
    expect(ledger(p, "nhi-owner-guest").map((f) => f.message)).toEqual([
      `ledger-bridge's owners, as entra-apps names them, include a guest of the organisation (employmentType guest, as entra gives it), "${ALICE}": "bob@corp.example" answers for ledger-bridge, but an owner can still manage it (an application's owners can add credentials to it) while no one the organisation employs vouches for the guest`,
    ]);
    const r = await runCli(["identities", "--repo", dir, "--now", "2026-11-26T09:00:00Z"], { env: ENV });
    expect(r.stdout).toMatch(/ledger-bridge {2}service-account[\s\S]*?\n {2}owner +bob@corp\.example /);
  });

  it("removed from the tenant (gone from the users and from the owners): the application is quarantined", async () => {
    const dir = repo();
    exportAt(dir, [bob, alice], [owner(alice)], "2026-11-26T06:00:00Z");
    const snap = await runCli(["snapshot", "--repo", dir, "--now", "2026-11-26T09:00:00Z"], { env: ENV });
    expect(snap.code, snap.stderr).toBe(0);
    // Deleting a user removes it from every owners list: the next export lists no owner.
    exportAt(dir, [bob], [], "2026-11-27T06:00:00Z");
    const p = await plan(dir, "2026-11-27T09:00:00Z");
    expect(ledgerChanges(p)).toEqual([`revoke-credential ${SECRET}`]);
    expect(ledger(p, "nhi-owner-active").map((f) => f.message)).toEqual([
      `ledger-bridge is quarantined: owner "${ALICE}" is in no source any more (the last accepted snapshot's owner, whom entra-apps no longer lists since its export of 2026-11-27T06:00:00.000Z, less than a day before this plan's time: deleting a leaver's user removes them from the owners) (owner as entra-apps reports it)`,
    ]);
    expect(ledger(p, "nhi-owner-guest")).toEqual([]);
  });
});

describe("a guest by HR's worker type as an NHI's owner (rv111 L4)", () => {
  it("says HR keeps their record and ends their time, not that nobody the organisation employs answers for it", async () => {
    const dir = dirs("scopesync-hr-guest-owner-");
    cpSync(join(SCENARIOS, "_base"), dir, { recursive: true });
    // A visiting academic: HR onboards and terminates them, as worker type "Guest".
    writeFileSync(join(dir, "hr.csv"), `${readFileSync(join(dir, "hr.csv"), "utf8").trimEnd()}\nW7,carl,Carl,Sagan,carl@corp.example,Active,Guest,Visiting Researcher,Engineering,W1,2026-09-01,\n`);
    writeFileSync(join(dir, "identities", "svc-carl.yaml"), "kind: ServiceAccount\nid: svc-carl\ndisplayName: Carl's lab sync\nowner: carl\npurpose: syncs the lab's data\n");
    const p = await plan(dir, "2026-11-26T09:00:00Z");
    const found = p.findings.filter((f) => f.rule === "nhi-owner-guest" && f.identity === "svc-carl");
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('is a guest of the organisation (employmentType guest, as hr gives it), not a member of it: HR keeps their record and ends their time, but no employee of the organisation answers for svc-carl meanwhile');
    expect(found[0]!.message).not.toContain("nobody the organisation employs");
    expect(found[0]!.message).toContain("once HR ends the guest's time, svc-carl has lost its owner (nhi-owner-active)");
  });
});
