// A users.list export of another Google Workspace customer (a reseller's other customer, a test
// customer with the same addresses) was read as this source's: only two customers in one export
// stopped the run (one-customer.ts), so a whole export of another customer, or a first run, was
// judged as this customer's people. Each user carries `customerId` ("The customer ID to retrieve
// all account users", output only: Admin SDK Directory API, users resource), now kept as the
// attribute googleCustomerId, so source-gate-account compares it with the accepted snapshot's and
// with `gates.account`, as it does an Okta export's org.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { adminSdkUsers, type CloudUser } from "../helpers/cloud-directory.js";
import { writeGatedSourceRepo } from "../helpers/gated-source-repo.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const NOW = "2026-11-26T09:00:00Z";
const OURS = "C03az79cb";
const OTHER = "C01b2c3d4";
const tempDir = tempDirs();

const person = (n: number, local: string, customerId?: string | null): CloudUser => ({ id: `10437774153049571234${n}`, local, given: local, family: "Example", ...(customerId === undefined ? {} : { customerId }) });

/** A repo with one google source whose export lists three users of `customerId`. */
function googleRepo(gates = "{ required: [externalId, userName, status] }"): string {
  const dir = tempDir("scopesync-google-customer-");
  writeGatedSourceRepo(dir, { name: "gws", type: "google", path: "exports/users.json", gates, options: '{ exportedAt: "2026-11-26T06:00:00Z" }' });
  exported(dir, [person(1, "ana", OURS), person(2, "rowan", OURS), person(3, "dee", OURS)]);
  return dir;
}
function exported(dir: string, users: CloudUser[]): void {
  writeFileSync(join(dir, "exports/users.json"), adminSdkUsers(users));
}
async function plan(dir: string): Promise<{ code: number; plan: Plan }> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", NOW]);
  return { code: r.code, plan: JSON.parse(r.stdout) as Plan };
}
const gate = (p: Plan) => p.findings.filter((f) => f.rule === "source-gate-account");

describe("google: the customer an export is of", () => {
  it("is kept in the snapshot, and an export of another customer than the snapshot's fails source-gate-account", async () => {
    const dir = googleRepo();
    expect((await runCli(["snapshot", "--repo", dir, "--now", NOW])).code).toBe(0);
    expect(readFileSync(join(dir, "state/sources/gws.json"), "utf8")).toContain(`"googleCustomerId": "${OURS}"`);
    expect(gate((await plan(dir)).plan)).toEqual([]);
    exported(dir, [person(1, "ana", OTHER), person(2, "rowan", OTHER), person(3, "dee", OTHER)]);
    const { code, plan: p } = await plan(dir);
    expect(code).toBe(3);
    const [finding] = gate(p);
    expect([finding!.severity, finding!.message]).toEqual(["error", `source "gws": the export is of Google Workspace customer ${OTHER} (exports/users.json entry 1), the accepted snapshot of ${OURS}`]);
    expect(finding!.remediation).toContain(`if the source really moves to customer ${OTHER}, commit gates.accept: { account: "${OTHER}", export: "sha256:`);
  });

  it("binds a first run with gates.account, a customer id: an export of another customer fails", async () => {
    const dir = googleRepo(`{ account: ${OURS} }`);
    expect(gate((await plan(dir)).plan)).toEqual([]);
    exported(dir, [person(1, "ana", OTHER), person(2, "rowan", OTHER)]);
    const { code, plan: p } = await plan(dir);
    expect(code).toBe(3);
    expect(gate(p).map((f) => f.message)).toEqual([`source "gws": the export is of Google Workspace customer ${OTHER} (exports/users.json entry 1), gates.account is ${OURS}`]);
  });

  it("with gates.account, fails a user exported without customerId (a fields= mask) beside users that have it", async () => {
    const dir = googleRepo(`{ account: ${OURS} }`);
    exported(dir, [person(1, "ana", OURS), person(2, "rowan", null), person(3, "dee", OURS)]);
    const { code, plan: p } = await plan(dir);
    expect(code).toBe(3);
    const findings = gate(p);
    expect(findings.map((f) => f.message)).toEqual([`source "gws": gates.account is ${OURS}, but exports/users.json entry 2 names no Google Workspace customer`]);
    expect(findings[0]!.remediation).toContain("no fields= mask");
  });
});
