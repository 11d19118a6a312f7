// With accounts.onSuspended: keep, a person HR puts on leave keeps a privileged group for the whole
// leave, and no finding said so (rv112 L2): directory-disabled-access-kept is only for a leave read
// from a disabled directory account. leave-privilege-kept (info) names what they keep.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();

function repo(samStatus: "Active" | "Leave", onSuspended: "keep" | "disable"): string {
  const dir = tempDir("scopesync-leave-privilege-");
  for (const sub of ["policies/apps", "identities/groups", "exports", "state"]) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(
    join(dir, "scopesync.yaml"),
    'version: 1\norganisation: example\nsources:\n  hr:\n    type: csv\n    path: exports/hr.csv\n    gates: { required: [externalId, userName, status], minRecords: 1 }\n    options:\n      exportedAt: "2026-11-26T06:00:00Z"\n      statusValues: { Active: active, Leave: suspended, Terminated: terminated }\ntargets:\n  app: { type: file, path: state/app.json }\n',
  );
  writeFileSync(join(dir, "policies/apps/app.yaml"), `kind: AppPolicy\nid: app\ntarget: app\nscope: { include: [ { kinds: [person] } ] }\naccounts:\n  login: userName\n  onSuspended: ${onSuspended}\nentitlements:\n  - { group: admins, entitlement: "group:admins" }\n`);
  writeFileSync(join(dir, "identities/groups/admins.yaml"), "kind: Group\nid: admins\nprivileged: true\nowners: [alex.doe]\nmembers:\n  - { identity: alex.doe, reason: lead }\n  - { identity: sam.roe, reason: on-call }\n");
  writeFileSync(
    join(dir, "exports/hr.csv"),
    `WorkerID,UserID,FirstName,LastName,Email,WorkerStatus\nE100,alex.doe,Alex,Doe,alex.doe@example.com,Active\nE101,sam.roe,Sam,Roe,sam.roe@example.com,${samStatus}\n`,
  );
  const account = (n: number, login: string) => ({ id: `u-${n}`, login, externalId: `hr:E10${n}`, active: true, attributes: {}, entitlements: ["group:admins"] });
  writeFileSync(join(dir, "state/app.json"), JSON.stringify({ formatVersion: 1, target: "app", readAt: "2026-11-26T06:00:00Z", accounts: [account(0, "alex.doe"), account(1, "sam.roe")] }));
  return dir;
}

async function findings(dir: string): Promise<Plan["findings"]> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", "2026-11-26T09:00:00Z"]);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as Plan).findings.filter((f) => f.rule === "leave-privilege-kept");
}

describe("leave-privilege-kept", () => {
  it("a person HR puts on leave keeps a privileged group where the app keeps people on leave: an info finding names it", async () => {
    expect((await findings(repo("Leave", "keep"))).map((f) => [f.severity, f.identity, f.message, f.location])).toEqual([
      ["info", "sam.roe", "sam.roe is on leave (suspended in hr), and policies/apps/app.yaml:7 keeps the accounts of people on leave (accounts.onSuspended: keep): they keep group:admins (privileged) in app through the leave", "hr exports/hr.csv row 2 (line 3)"],
    ]);
  });

  it("not when the app disables people on leave, nor for a person who is active", async () => {
    expect(await findings(repo("Leave", "disable"))).toEqual([]);
    expect(await findings(repo("Active", "keep"))).toEqual([]);
  });
});
