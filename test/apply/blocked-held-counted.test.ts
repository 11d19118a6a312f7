// apply's "reviewed plan …" line counts each kind of reviewed change it does not apply apart. The
// revocations a blocked reason holds (one target's safety limit here) were counted as "reviewed
// offboarding(s) not applied (the re-plan lacks the reviewed plan's base, below)" (rv71 finding 3):
// no --base was involved and nothing below spoke of a base.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const temp = tempDirs();
const NOW = "2026-11-26T09:00:00Z";

function repo(): string {
  const dir = temp("scopesync-held-counted-");
  for (const d of ["exports", "state", "identities/groups", "policies/apps"]) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, "scopesync.yaml"), `version: 1
organisation: initech
sources:
  hr:
    type: csv
    path: exports/hr.csv
    authoritative: [name, department, title, status, employeeId]
    gates: { required: [externalId, userName, status], minRecords: 1 }
    options:
      exportedAt: "2026-11-26T06:00:00Z"
      columns: { externalId: id, employeeId: id, userName: login, email: email, givenName: first_name, familyName: last_name, status: status, department: department, title: position }
      statusValues: { active: active, inactive: terminated }
targets:
  erp: { type: file, path: state/erp.json }
safety:
  default:
    disables: { count: 0 }
    removals: { count: 50, percent: 100 }
    changes: { count: 500, percent: 100 }
`);
  writeFileSync(join(dir, "exports/hr.csv"), "id,login,email,first_name,last_name,status,department,position\nE2,bill.lumbergh,bill.lumbergh@initech.example,Bill,Lumbergh,active,Finance,CFO\nE3,milton.waddams,milton.waddams@initech.example,Milton,Waddams,inactive,Finance,Accountant\n");
  const account = (id: string, login: string) => ({ id, login, externalId: `hr:E${id}`, active: true, attributes: {}, entitlements: ["group:finance"] });
  writeFileSync(join(dir, "state/erp.json"), JSON.stringify({ formatVersion: 1, accounts: [account("2", "bill.lumbergh"), account("3", "milton.waddams")], credentials: [] }));
  writeFileSync(join(dir, "identities/groups/finance.yaml"), "kind: Group\nid: finance\nowners: [bill.lumbergh]\nbirthright: [ { kinds: [person], where: { department: Finance } } ]\n");
  writeFileSync(join(dir, "policies/apps/erp.yaml"), 'kind: AppPolicy\nid: erp\ntarget: erp\nscope: { include: [ { kinds: [person], where: { department: Finance } } ] }\nentitlements:\n  - { group: finance, entitlement: "group:finance" }\nonLeaveScope: disable\n');
  return dir;
}

describe("apply's count of the reviewed changes it does not apply", () => {
  it("calls revocations a blocked reason holds what they are, not offboardings that lack the reviewed plan's base", async () => {
    const dir = repo();
    const planned = await runCli(["plan", "--repo", dir, "--now", NOW, "--format", "json", "--out", "plan.json"], { cwd: dir });
    expect(planned.code).toBe(3);

    const r = await runCli(["apply", "--repo", dir, "--plan", "plan.json", "--now", NOW], { cwd: dir });

    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^reviewed plan sha256:[0-9a-f]+: 0 reviewed change\(s\) to apply, 0 unreviewed revocation\(s\) applied anyway, 0 unreviewed change\(s\) held back, 0 no longer needed, 2 revocation\(s\) held back by the plan's blocked reasons \(below\)$/m);
    expect(r.stdout).not.toContain("reviewed plan's base");
    expect(r.stdout).toContain("applied 0, already in place 0, failed 0, skipped 0, held back 0, 2 revocation(s) held back by the plan's blocked reasons");
  });
});
