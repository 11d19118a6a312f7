// One notion of "the same entitlement" for plan, rules and validate (src/model/entitlement-names.ts).
// GitHub ignores the case of team names, repository names and custom repository role names, as
// SCIM ignores the case of group names; every name on a target that keeps case is compared exactly.
import { describe, expect, it } from "vitest";
import { EntitlementNames, entitlementKey } from "../../src/model/entitlement-names.js";
import type { AppPolicyDoc, ProjectConfig } from "../../src/model/documents.js";
import type { Located } from "../../src/model/located.js";
import type { PolicyRepo } from "../../src/model/policy-repo.js";
import { TARGET_CAPABILITIES } from "../../src/model/target-types.js";

const located = <T>(value: T): Located<T> => ({ value, file: "x.yaml", line: 1, col: 1, locate: () => ({ line: 1, col: 1 }), locateKey: () => ({ line: 1, col: 1 }) });

describe("entitlementKey", () => {
  const github = TARGET_CAPABILITIES.github.groupNamesIgnoreCase;
  it("on github, a team slug, a repository name and a custom repository role's name ignore case", () => {
    expect(github).toBe(true);
    expect(entitlementKey("team:Engineering", github)).toBe(entitlementKey("team:engineering", github));
    expect(entitlementKey("repo:Infra:admin", github)).toBe("repo:infra:admin");
    // A custom repository role is one name in its org, as a team is: held as GitHub spells it, written as the policy does.
    expect(entitlementKey("repo:Infra:Security Reviewer", github)).toBe("repo:infra:security reviewer");
    expect(entitlementKey("repo:infra:security reviewer", github)).toBe(entitlementKey("repo:Infra:Security Reviewer", github));
    expect(entitlementKey("org-role:Auditors", github)).toBe("org-role:Auditors");
  });
  it("on a target that keeps case, every name is its own key", () => {
    expect(TARGET_CAPABILITIES.file.groupNamesIgnoreCase).toBe(false);
    for (const e of ["group:Sales", "team:Engineering", "repo:Infra:admin"]) expect(entitlementKey(e, false)).toBe(e);
  });
});

describe("EntitlementNames on a github app (what rules compare)", () => {
  const repo = {
    config: located({ targets: { github: { type: "github" } } } as unknown as ProjectConfig),
    apps: [located({ kind: "AppPolicy", id: "gh", target: "github", scope: { include: [] }, entitlements: [{ group: "eng", entitlement: "team:engineering" }] } as unknown as AppPolicyDoc)],
  } as unknown as Pick<PolicyRepo, "apps" | "config">;
  const names = new EntitlementNames(repo);

  it("a rule's team:Engineering is the policy's team:engineering", () => {
    expect(names.same("gh:team:Engineering", "gh:team:engineering")).toBe(true);
    expect(names.qualified("gh:team:Engineering")).toBe("gh:team:engineering");
    expect(names.holder("gh:team:Engineering")(new Set(["gh:team:engineering"]))).toBe(true);
  });
  it("a repository the policy does not map is found in the app's spelling", () => {
    expect(names.holder("gh:repo:infra:admin")(new Set(["gh:repo:Infra:admin"]))).toBe(true);
    expect(names.holder("gh:repo:infra:admin")(new Set(["gh:repo:Infra:write"]))).toBe(false);
  });
});
