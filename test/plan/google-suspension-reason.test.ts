// Google suspends accounts itself as well as on an administrator's word: the Admin SDK's
// `suspensionReason` "has the reason a user account is suspended either by the administrator or
// by Google". A suspension is a suspension either way, but the plan's reason used to say only
// "suspended in google", so a reviewer could not tell a hold Google put on an account from an
// administrator's decision. The reason now quotes it. An administrator's suspension is read as
// options.disabledMeans says (a leave by default), and its reason says so in Google's words
// (cloud-directory-disabled.test.ts); Google's own hold stays a suspension.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";
import { googleConfig } from "../helpers/google-workspace.js";

const NOW = "2026-11-26T09:00:00Z";
const tempDir = tempDirs();

function googleRepo(): string {
  const dir = tempDir("scopesync-google-suspension-");
  for (const sub of ["policies/apps", "identities/groups", "state", "exports/google"]) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, "scopesync.yaml"), googleConfig({ authoritative: "name, status", minRecords: 3 }));
  writeFileSync(
    join(dir, "policies/apps/app.yaml"),
    ["kind: AppPolicy", "id: app", "target: app", "description: Everyone.", "scope: { include: [ { kinds: [person] } ] }", "accounts: { login: userName, onSuspended: disable }", 'entitlements: [ { group: everyone, entitlement: "group:everyone" } ]', ""].join("\n"),
  );
  writeFileSync(join(dir, "identities/groups/everyone.yaml"), "kind: Group\nid: everyone\ndescription: every person\nbirthright:\n  - kinds: [person]\n");
  // users.list items as the Admin SDK returns them; suspensionReason only while suspended.
  const user = (n: number, local: string, reason?: string) => ({
    kind: "admin#directory#user",
    id: `10000000000000000000${n}`,
    primaryEmail: `${local}@acme.example`,
    name: { givenName: local, familyName: "Example", fullName: `${local} Example` },
    isAdmin: false,
    suspended: reason !== undefined,
    archived: false,
    orgUnitPath: "/",
    ...(reason ? { suspensionReason: reason } : {}),
  });
  writeFileSync(join(dir, "exports/google/users.json"), JSON.stringify({ kind: "admin#directory#users", users: [user(1, "ana"), user(2, "bob", "ADMIN"), user(3, "wes", "WEB_LOGIN_REQUIRED")] }));
  const account = (n: number, login: string) => ({ id: `u-${n}`, login, externalId: `google:10000000000000000000${n}`, active: true, attributes: {}, entitlements: ["group:everyone"] });
  writeFileSync(join(dir, "state/app.json"), JSON.stringify({ formatVersion: 1, target: "app", readAt: "2026-11-26T06:00:00Z", accounts: [account(1, "ana"), account(2, "bob"), account(3, "wes")] }));
  return dir;
}

describe("a Google suspension's reason", () => {
  it("is quoted in the offboarding reason, an administrator's and Google's own alike", async () => {
    const r = await runCli(["plan", "--repo", googleRepo(), "--format", "json", "--now", NOW]);
    expect(r.code).toBe(0);
    const disables = (JSON.parse(r.stdout) as Plan).changes.filter((c) => c.action === "disable-account").map((c) => [c.identity, c.reason]);
    expect(disables).toEqual([
      ["bob", "disabled in google (suspensionReason ADMIN: suspended by an administrator), read as on leave (options.disabledMeans: suspended)"],
      ["wes", "suspended in google (suspensionReason WEB_LOGIN_REQUIRED)"],
    ]);
  });
});
