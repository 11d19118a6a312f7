import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { copyExample, EXAMPLE_NOW } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

// rv64 #2. The example's crm is a SCIM app whose admins group has the displayName "CRM Admins"
// (SCIM gives a Group's displayName as the app's admins wrote it: RFC 7643 §4.2; compared without
// case, §8.7.1). Two people hold it; the policy maps it; the pull request under review empties the
// group, so the plan revokes it from both. With the guard spelled as people write ids,
// `group:crm-admins`, the guard counted 0 admins before and after, so the plan passed with exit 0
// and nothing said the guard was not armed; spelled as the app spells it, it blocked (exit 3).
// Now a policy's guard whose entitlement the target does not have blocks that target's plan with a
// reason naming the nearest entitlement the target has, and validate warns beforehand.
describe("an admins guard that names an entitlement the target does not have", () => {
  let dir = "";
  let cleanup = (): void => undefined;
  let policy = "";
  const write = (file: string, text: string): void => writeFileSync(join(dir, file), text);
  const guard = (entitlement: string, minimum = 1): void => write("policies/apps/crm.yaml", `${policy}admins: { entitlement: ${JSON.stringify(entitlement)}, minimum: ${minimum} }\n`);
  const plan = () => runCli(["plan", "--repo", dir, "--now", EXAMPLE_NOW]);
  const blocked = (stdout: string): string[] => stdout.slice(stdout.lastIndexOf("\nBLOCKED\n")).split("\n").filter((l) => l.startsWith("  - crm: "));

  beforeAll(() => {
    ({ dir, cleanup } = copyExample());
    const state = JSON.parse(readFileSync(join(dir, "examples/state/crm.json"), "utf8")) as { accounts: Array<{ login: string; entitlements: string[] }> };
    for (const a of state.accounts) if (a.login === "helen.park" || a.login === "ahmed.karimi") a.entitlements = [...a.entitlements, "group:CRM Admins"].sort();
    write("examples/state/crm.json", `${JSON.stringify(state, null, 2)}\n`);
    write("identities/groups/crm-admins.yaml", "kind: Group\nid: crm-admins\ndescription: Administrators of the sales CRM.\nprivileged: true\nowners: [helen.park]\nmembers: []\n");
    policy = readFileSync(join(dir, "policies/apps/crm.yaml"), "utf8").replace("entitlements:\n", "entitlements:\n  - group: crm-admins\n    entitlement: group:CRM Admins\n    privileged: true\n");
  });
  beforeEach(() => write("policies/apps/crm.yaml", policy));
  afterAll(() => cleanup());

  it("spelled as the app spells it, blocks the plan that takes the last two admins away (as before)", async () => {
    guard("group:CRM Admins");
    const r = await plan();
    expect(r.code).toBe(3);
    expect(blocked(r.stdout)).toEqual(["  - crm: after this plan 0 account(s) would hold group:CRM Admins (now 2); the minimum is 1; grant group:CRM Admins to another person in the same plan first"]);
  });

  it("spelled with a hyphen, blocks the crm plan naming the guard's line and the app's spelling (it passed with exit 0)", async () => {
    guard("group:crm-admins");
    const r = await plan();
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/- revoke +helen\.park group:CRM Admins \[privileged\]/);
    const line = readFileSync(join(dir, "policies/apps/crm.yaml"), "utf8").split("\n").findIndex((l) => l.startsWith("admins:")) + 1;
    expect(blocked(r.stdout)).toEqual([
      `  - crm: the admins guard (policies/apps/crm.yaml:${line}) counts holders of group:crm-admins, which target "crm" does not have: no account holds it, no group it lists is named so, and this plan grants it to nobody, so the guard counts 0 admins and protects none; the nearest entitlement it has is group:CRM Admins: write admins.entitlement as the target names it`,
    ]);
  });

  it("is warned of by validate, at the guard, with the policy's spelling; validate still passes", async () => {
    guard("group:crm-admins");
    const line = readFileSync(join(dir, "policies/apps/crm.yaml"), "utf8").split("\n").findIndex((l) => l.startsWith("admins:")) + 1;
    const v = await runCli(["validate", "--repo", dir]);
    expect(v.code).toBe(0);
    expect(v.stderr).toBe(
      `policies/apps/crm.yaml:${line}:24: warning: admins.entitlement group:crm-admins is not an entitlement this policy maps (group names compared without case, as target "crm" compares them): the guard counts only the accounts of target "crm" that hold it, and where the target has no such entitlement it counts 0 admins, protects none, and plan blocks the target's changes\n` +
        `  fix: did you mean "group:CRM Admins"? write the entitlement as the policy's entitlements: map it\n`,
    );
  });

  it("spelled in another case, is the app's group on a SCIM target: no warning, and the count itself blocks", async () => {
    guard("group:crm admins");
    expect((await runCli(["validate", "--repo", dir])).stderr).toBe("");
    const r = await plan();
    expect(r.code).toBe(3);
    expect(blocked(r.stdout)).toEqual(["  - crm: after this plan 0 account(s) would hold group:crm admins (now 2); the minimum is 1; grant group:crm admins to another person in the same plan first"]);
  });
});
