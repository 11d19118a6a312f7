// An Okta org reached through a custom URL domain: each user's `_links.self.href` names the host
// the API was called at (https://{yourOktaDomain}/api/v1/users/{id}), so an export fetched through
// login.acme.example named that host, and a source whose gates.account is acme.okta.com was refused
// as "another org", with nothing to say that the two hosts may be one org. options.customDomains
// declares the org's custom domains; without it, the message says which host is which.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { accountGate, gatedPlan, writeGatedSourceRepo } from "../helpers/gated-source-repo.js";
import { oktaUser } from "../helpers/okta-export.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const NOW = "2026-11-26T09:00:00Z";
const ORG = "acme.okta.com";
const CUSTOM = "login.acme.example";
const tempDir = tempDirs();

/** A repo with one okta source; the first user read through `first`, the others through `rest`. */
function oktaRepo(gates: string, options = "", first = CUSTOM, rest = CUSTOM): string {
  const dir = tempDir("scopesync-okta-custom-");
  writeGatedSourceRepo(dir, { name: "idp", type: "okta", path: "exports/okta/users.json", gates, options: `{ pages: single, exportedAt: "2026-11-26T06:00:00Z"${options} }` });
  const users = [oktaUser(1, "ana", "ACTIVE", { org: first }), oktaUser(2, "rowan", "ACTIVE", { org: rest }), oktaUser(3, "dee", "ACTIVE", { org: rest })];
  writeFileSync(join(dir, "exports/okta/users.json"), JSON.stringify(users, null, 1));
  return dir;
}
const plan = (dir: string) => gatedPlan(dir, NOW);
const gate = accountGate;

describe("okta: an org reached through a custom domain", () => {
  it("without options.customDomains, says which host is the custom domain and how to declare it", async () => {
    const dir = oktaRepo(`{ account: ${ORG} }`);
    const { code, plan: p } = await plan(dir);
    expect(code).toBe(3);
    const [finding] = gate(p);
    expect(finding!.message).toBe(`source "idp": the export is of Okta org ${CUSTOM} (exports/okta/users.json entry 1), gates.account is ${ORG} (the export's ${CUSTOM} is a custom domain, ${ORG} an Okta org's own host)`);
    expect(finding!.remediation).toMatch(new RegExp(`^if ${CUSTOM} is the custom domain of ${ORG}, set gates.account to ${ORG} and list ${CUSTOM} in options.customDomains in scopesync.yaml:\\d+; if it is not, an Okta login is unique only within its org`));
  });

  it("names gates.account as the custom domain when that is the one configured", async () => {
    const dir = oktaRepo(`{ account: ${CUSTOM} }`, "", ORG, ORG);
    const [finding] = gate((await plan(dir)).plan);
    expect(finding!.message).toBe(`source "idp": the export is of Okta org ${ORG} (exports/okta/users.json entry 1), gates.account is ${CUSTOM} (gates.account's ${CUSTOM} is a custom domain, ${ORG} an Okta org's own host)`);
  });

  it("with the custom domain declared, its users are of the org: both hosts in one export pass, and the snapshot names the org", async () => {
    const dir = oktaRepo(`{ account: ${ORG} }`, `, customDomains: [${CUSTOM}]`, ORG, CUSTOM);
    const { code, plan: p } = await plan(dir);
    expect(gate(p)).toEqual([]);
    expect(code).toBe(0);
    expect((await runCli(["snapshot", "--repo", dir, "--now", NOW])).code).toBe(0);
    const snapshot = readFileSync(join(dir, "state/sources/idp.json"), "utf8");
    expect(snapshot).toContain(`"oktaOrg": "${ORG}"`);
    expect(snapshot).not.toContain(`"oktaOrg": "${CUSTOM}"`);
  });

  it("refuses customDomains without gates.account naming the org's own host", async () => {
    const dir = oktaRepo("{ required: [externalId] }", `, customDomains: [${CUSTOM}]`);
    const { code, stderr } = await plan(dir);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/options\.customDomains \(scopesync\.yaml:\d+:\d+\) names the custom domains of an org, but gates\.account is not set/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
