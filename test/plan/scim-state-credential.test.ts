// A credential a SCIM target's state file lists (the documented `credentials` of a state file: "so
// that offboarding can revoke them") on the account of an NHI the plan offboards. The planner
// revoked credentials only where the target supportsCredentials, so on a SCIM target it dropped
// this one without a word while it disabled the account (rv63 #2, src/plan/account-offboarding.ts).
// A SCIM target revokes no credential (apply refuses revoke-credential there), so the plan never
// proposes one; it names the credential for a person instead (credential-manual-revocation).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function repo(): string {
  const d = mkdtempSync(join(tmpdir(), "scim-state-credential-"));
  for (const sub of ["state", "identities/service-accounts", "policies/apps"]) mkdirSync(join(d, sub), { recursive: true });
  writeFileSync(join(d, "scopesync.yaml"), 'version: 1\norganisation: t\nsources:\n  hr:\n    type: csv\n    path: hr.csv\n    options: { exportedAt: "2026-11-26T06:00:00Z" }\ntargets:\n  helpdesk:\n    type: scim\n    url: https://helpdesk.corp.example/api/scim/v2\n    token: "${env:HELPDESK_SCIM_TOKEN}"\n    state: state/helpdesk.json\n');
  writeFileSync(join(d, "hr.csv"), "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department\nE1,ines,Ines,Moreau,ines@corp.example,Active,Employee,Support Lead,Support\n");
  writeFileSync(join(d, "identities/service-accounts/svc-macros.yaml"), "kind: ServiceAccount\nid: svc-macros\nowner: ines\nstatus: disabled\nattributes:\n  platform: helpdesk\n");
  writeFileSync(join(d, "policies/apps/helpdesk.yaml"), "kind: AppPolicy\nid: helpdesk\ntarget: helpdesk\nscope:\n  include:\n    - kinds: [person]\n      where: { department: Support }\n    - kinds: [service-account]\n      where: { platform: helpdesk }\naccounts:\n  login: userName\n");
  writeFileSync(join(d, "state/helpdesk.json"), JSON.stringify({ formatVersion: 1, target: "helpdesk", readAt: "2026-11-26T06:10:00Z", accounts: [
    { id: "a1", login: "ines", externalId: "hr:E1", active: true, attributes: {}, entitlements: [] },
    { id: "a2", login: "svc-macros", externalId: "nhi:svc-macros", active: true, attributes: {}, entitlements: [] },
  ], credentials: [{ id: "api-token:8812", account: "a2", type: "api-token", credentialId: "8812", createdAt: "2026-09-01T10:00:00Z" }] }));
  return d;
}

describe("a credential a SCIM target's state lists, on an offboarded account", () => {
  it("is named for a person to revoke in the app, never planned as a revoke the target cannot make, never dropped", async () => {
    dir = repo();
    const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", "2026-11-26T09:00:00Z"], { env: {} });
    expect(r.stderr).toBe("");
    const p = JSON.parse(r.stdout) as Plan;
    expect(p.changes.map((c) => `${c.action} ${c.identity}`)).toEqual(["disable-account svc-macros"]);
    const hits = p.findings.filter((f) => f.rule === "credential-manual-revocation");
    expect(hits.map((f) => [f.identity, f.message, f.remediation])).toEqual([[
      "svc-macros",
      'helpdesk: api-token 8812 on "svc-macros" must be revoked (status: disabled in identities/service-accounts/svc-macros.yaml:1), but target "helpdesk" cannot revoke it: it revokes no credentials',
      "revoke it in the app's admin console (its API token or key settings), then remove it from the target's state file",
    ]]);
  });
});
