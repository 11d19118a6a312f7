// An Entra users export of another tenant (a test tenant, an acquired company's, synced from the
// same AD) was read as the configured one: a Graph GET /users page names no tenant. GET
// /organization does (its id is the tenant id, its verifiedDomains the domains every user's
// userPrincipalName is on): with options.organization, each user carries entraTenantId, and
// source-gate-account compares it with gates.account and the accepted snapshot, as an Okta org.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { graphOrganization, graphUsers, type CloudUser } from "../helpers/cloud-directory.js";
import { accountGate, gatedPlan, writeGatedSourceRepo } from "../helpers/gated-source-repo.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const NOW = "2026-11-26T09:00:00Z";
const OURS = "0b7c3d9e-51a2-4f6b-9c1d-2e3f4a5b6c7d";
const OTHER = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const tempDir = tempDirs();

const people: CloudUser[] = [
  { id: "6e1f5c2a-0d3b-4a7e-9f11-2b3c4d5e6f70", local: "ana", given: "Ana", family: "Example" },
  { id: "6e1f5c2a-0d3b-4a7e-9f11-2b3c4d5e6f71", local: "rowan", given: "Rowan", family: "Example" },
  { id: "6e1f5c2a-0d3b-4a7e-9f11-2b3c4d5e6f72", local: "dee", given: "Dee", family: "Example" },
];

/** A repo with one entra source: three users on `domain`, and (unless null) the organization file of `tenant` owning `domain`. */
function entraRepo(gates: string, tenant: string | null = OURS, domain = "contoso.example"): string {
  const dir = tempDir("scopesync-entra-tenant-");
  const organization = tenant === null ? "" : ", organization: exports/organization.json";
  writeGatedSourceRepo(dir, { name: "entra", type: "entra", path: "exports/users.json", gates, options: `{ exportedAt: "2026-11-26T06:00:00Z"${organization} }` });
  exported(dir, tenant, domain);
  return dir;
}
function exported(dir: string, tenant: string | null, domain: string, orgDomain = domain): void {
  writeFileSync(join(dir, "exports/users.json"), graphUsers(people, domain));
  if (tenant !== null) writeFileSync(join(dir, "exports/organization.json"), graphOrganization(tenant, [orgDomain, "contosotest.onmicrosoft.com"]));
}
const plan = (dir: string) => gatedPlan(dir, NOW);
const gate = accountGate;

describe("entra: the tenant an export is of", () => {
  it("binds to gates.account through the organization file: the same tenant passes, another fails", async () => {
    const dir = entraRepo(`{ account: ${OURS} }`);
    const ours = await plan(dir);
    expect(gate(ours.plan)).toEqual([]);
    exported(dir, OTHER, "fabrikam.example");
    const { code, plan: p } = await plan(dir);
    expect(code).toBe(3);
    const [finding] = gate(p);
    expect([finding!.severity, finding!.message]).toEqual(["error", `source "entra": the export is of Entra tenant ${OTHER} (exports/users.json entry 1), gates.account is ${OURS}`]);
    expect(finding!.remediation).toContain("check which tenant GET /users and GET /organization were fetched with");
  });

  it("keeps the tenant in the snapshot: an export of another tenant than the snapshot's fails without gates.account", async () => {
    const dir = entraRepo("{ required: [externalId] }");
    expect((await runCli(["snapshot", "--repo", dir, "--now", NOW])).code).toBe(0);
    expect(readFileSync(join(dir, "state/sources/entra.json"), "utf8")).toContain(`"entraTenantId": "${OURS}"`);
    exported(dir, OTHER, "contoso.example");
    const { code, plan: p } = await plan(dir);
    expect(code).toBe(3);
    expect(gate(p).map((f) => f.message)).toEqual([`source "entra": the export is of Entra tenant ${OTHER} (exports/users.json entry 1), the accepted snapshot of ${OURS}`]);
  });

  it("stops the read when the users are on a domain the organization does not own: two tenants' files", async () => {
    const dir = entraRepo(`{ account: ${OURS} }`);
    exported(dir, OURS, "fabrikam.example", "contoso.example");
    const { code, stderr } = await plan(dir);
    expect(code).not.toBe(0);
    expect(stderr).toContain(`exports/users.json entry 1: userPrincipalName "ana@fabrikam.example" is on "fabrikam.example", none of the verified domains of tenant ${OURS} (exports/organization.json: contoso.example; contosotest.onmicrosoft.com): the users export and the organization are of two tenants`);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("says that gates.account cannot be checked without the organization file", async () => {
    const dir = entraRepo(`{ account: ${OURS} }`, null);
    const { code, plan: p } = await plan(dir);
    expect(code).toBe(3);
    const [finding] = gate(p);
    expect(finding!.message).toBe(`source "entra": gates.account is ${OURS}, but no record of the export names its tenant`);
    expect(finding!.remediation).toContain("for entra, set options.organization to the GET /organization response");
  });
});
