// Okta deactivates a user asynchronously: "The user's transitioningToStatus property is
// DEPROVISIONED during deactivation to indicate that the user hasn't completed the asynchronous
// operation. The user's status is DEPROVISIONED when the deactivation process is complete."
// (https://developer.okta.com/docs/api/openapi/okta-management/management/tags/userlifecycle/other/deactivateuser).
// A bulk deactivation "can take significant time to complete"
// (https://help.okta.com/en-us/Content/Topics/users-groups-profiles/usgp-deactivate-user-account.htm),
// so an export taken meanwhile shows leavers as `status: ACTIVE`. Before, such a user was planned
// as active, with no change and no finding (rv31 2); an administrator's deactivation now makes
// them a leaver at once, and the reason says Okta is still deactivating them. An activation under
// way (`transitioningToStatus: ACTIVE`) is not finished: a DEPROVISIONED user gets nothing back
// until Okta shows them ACTIVE.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";
import { oktaUser } from "../helpers/okta-export.js";

const NOW = "2026-11-26T09:00:00Z";
const tempDir = tempDirs();

function oktaRepo(): string {
  const dir = tempDir("scopesync-okta-transition-");
  for (const sub of ["policies/apps", "identities/groups", "state", "exports/okta"]) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(
    join(dir, "scopesync.yaml"),
    [
      "version: 1",
      "organisation: test",
      "sources:",
      "  idp:",
      "    type: okta",
      "    path: exports/okta/users.json",
      "    authoritative: [name, status]",
      "    gates: { required: [externalId, userName, status], minRecords: 3 }",
      '    options: { pages: single, exportedAt: "2026-11-26T06:00:00Z" }',
      "targets:",
      "  app: { type: file, path: state/app.json }",
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(dir, "policies/apps/app.yaml"),
    ["kind: AppPolicy", "id: app", "target: app", "description: Everyone.", "scope: { include: [ { kinds: [person] } ] }", "accounts: { login: userName }", 'entitlements: [ { group: everyone, entitlement: "group:everyone" } ]', ""].join("\n"),
  );
  writeFileSync(join(dir, "identities/groups/everyone.yaml"), "kind: Group\nid: everyone\ndescription: every person\nbirthright:\n  - kinds: [person]\n");
  const users = [
    oktaUser(1, "ana", "ACTIVE"),
    oktaUser(2, "rowan", "ACTIVE", { transitioningToStatus: "DEPROVISIONED" }), // a deactivation under way
    oktaUser(3, "dee", "DEPROVISIONED", { transitioningToStatus: "ACTIVE" }), // a reactivation under way
    oktaUser(4, "sam", "STAGED", { transitioningToStatus: "PROVISIONED" }), // an activation without a password, under way
  ];
  writeFileSync(join(dir, "exports/okta/users.json"), JSON.stringify(users, null, 1));
  const account = (n: number, login: string, active: boolean) => ({
    id: `u-${n}`,
    login: `${login}@example.com`,
    externalId: `idp:00u${String(n).padStart(17, "0")}`,
    active,
    attributes: {},
    entitlements: active ? ["group:everyone"] : [],
  });
  writeFileSync(
    join(dir, "state/app.json"),
    JSON.stringify({ formatVersion: 1, target: "app", readAt: "2026-11-26T06:00:00Z", accounts: [account(1, "ana", true), account(2, "rowan", true), account(3, "dee", false), account(4, "sam", true)] }),
  );
  return dir;
}

describe("an Okta user whose status Okta is still changing", () => {
  it("is a leaver while Okta deactivates them, and the reason says so; a reactivation under way gives nothing back yet", async () => {
    const dir = oktaRepo();
    const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", NOW]);
    expect(r.code).toBe(0);
    const changes = (JSON.parse(r.stdout) as Plan).changes.map((c) => [c.action, c.identity, c.reason]);
    const reason = "left the organisation (status terminated in idp: Okta is still deactivating them, transitioningToStatus DEPROVISIONED)";
    // Before: no change at all; rowan was an active person.
    expect(changes).toEqual([
      ["revoke", "rowan@example.com", reason],
      ["disable-account", "rowan@example.com", reason],
    ]);
  });

  it("explain shows the status Okta is moving them to", async () => {
    const r = await runCli(["explain", "rowan@example.com", "--repo", oktaRepo(), "--now", NOW]);
    expect(r.stdout.split("\n")[0]).toBe("rowan@example.com (person, terminated), anchor idp:00u00000000000000002");
    expect(r.stdout).toContain("transitioningToStatus = DEPROVISIONED");
  });
});
