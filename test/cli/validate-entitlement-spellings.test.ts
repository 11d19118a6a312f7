// Two spellings of one entitlement in an app policy are refused where the target says they are one
// (rv34 finding 4). On SCIM, group names compare case-insensitively (RFC 7643 §8.7.1:
// Group.displayName "caseExact": false, https://www.rfc-editor.org/rfc/rfc7643#section-8.7.1):
// `group:Finance-Approvers` beside the privileged `group:finance-approvers` is the same app group,
// and would grant it unmarked, needing none of the reviewers a rule names for the first spelling.
import { afterEach, describe, expect, it } from "vitest";
import { PolicyRepo, type Person } from "../apply/helpers/policy-repo.js";
import { runCli, type CliResult } from "../helpers/run-cli.js";

const people: Person[] = [{ worker: "W1", login: "milton", department: "Finance" }];
const entitlements = [
  { group: "finance-approvers", entitlement: "group:finance-approvers", privileged: true },
  { group: "finance-deputies", entitlement: "group:Finance-Approvers" },
];

function repoWith(target: Record<string, unknown>): PolicyRepo {
  return new PolicyRepo({
    targetName: "erp",
    target,
    people,
    groups: [{ id: "finance-approvers" }, { id: "finance-deputies", members: ["milton"] }],
    policy: { scope: { include: [{ kinds: ["person"] }] }, entitlements },
  });
}

function validate(repo: PolicyRepo, env: Record<string, string>): Promise<CliResult> {
  return runCli(["validate", "--repo", repo.dir], { env, cwd: repo.dir });
}

describe("validate: one entitlement, one spelling", () => {
  let repo: PolicyRepo | undefined;
  afterEach(() => repo?.cleanup());

  it("refuses a second letter case of a SCIM group, naming both places and the spelling to use", async () => {
    repo = repoWith({ type: "scim", url: "https://erp.example/scim/v2", token: "${env:ERP_TOKEN}" });
    const result = await validate(repo, { ERP_TOKEN: "unused" });
    expect(result.code).toBe(1);
    // The policy file the helper writes (YAML of kind, id, target, scope, entitlements): the
    // mappings' `entitlement:` lines are the 2nd line of each list item.
    const lines = repo.read("policies/apps/erp.yaml").split("\n");
    const at = (text: string): number => lines.findIndex((l) => l.includes(text)) + 1;
    expect(result.stdout + result.stderr).toContain(
      `policies/apps/erp.yaml:${at("entitlement: group:Finance-Approvers")}:`,
    );
    expect(result.stdout + result.stderr).toContain(
      `"group:Finance-Approvers" and "group:finance-approvers" (policies/apps/erp.yaml:${at("entitlement: group:finance-approvers")}) are one group of target "erp", which compares group names case-insensitively`,
    );
    expect(result.stdout + result.stderr).toContain('fix: spell it "group:finance-approvers"');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("accepts the two names on a target that keeps the case of group names (two groups there)", async () => {
    repo = repoWith({ type: "file", path: "state/erp.json" });
    const result = await validate(repo, {});
    expect(result.stdout + result.stderr).not.toContain("compares group names case-insensitively");
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });
});
