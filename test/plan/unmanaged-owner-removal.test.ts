// An account no identity matches, removed because the policy says unmanagedAccounts: disable
// (rv73 finding 2): on GitHub the disable removes the member from the org, with every team and the
// owner role. The plan gave it one unprivileged "disable" naming nothing it held, where a person's
// offboarding revokes role:admin as a 🔐 privileged change and names what goes for good. Now it is
// removed as any account is. The bundled example, copied; the real CLI.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { EXAMPLE_NOW, editFile, exampleForTest } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

describe("unmanagedAccounts: disable removes an unmatched org owner", () => {
  it("revokes role:admin (privileged) and the mapped team by name before the removal, and the removal names the team the policy does not map", async () => {
    const dir = exampleForTest();
    const statePath = join(dir, "examples/state/github.json");
    const state = JSON.parse(readFileSync(statePath, "utf8")) as { accounts: Array<{ login: string; entitlements: string[] }> };
    state.accounts.find((a) => a.login === "kpatel-consult")!.entitlements = ["role:admin", "team:engineering", "team:contractors-2019"];
    writeFileSync(statePath, JSON.stringify(state, null, 2));
    editFile(join(dir, "policies/apps/github.yaml"), (t) => t.replace("unmanagedAccounts: report", "unmanagedAccounts: disable"));
    const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", EXAMPLE_NOW]);
    expect([0, 3]).toContain(r.code);
    const plan = JSON.parse(r.stdout) as Plan;
    const changes = plan.changes.filter((c) => c.identity === "account:kpatel-consult").map((c) => ({ action: c.action, entitlement: c.entitlement, privileged: c.privileged, lost: c.lost }));
    expect(changes).toEqual([
      { action: "revoke", entitlement: "role:admin", privileged: true, lost: undefined },
      { action: "revoke", entitlement: "team:engineering", privileged: false, lost: undefined },
      { action: "disable-account", entitlement: undefined, privileged: false, lost: ["team:contractors-2019 (held by hand)"] },
    ]);
    const removal = plan.changes.find((c) => c.identity === "account:kpatel-consult" && c.action === "disable-account")!;
    expect(removal.reason).toContain("unmanaged account (policies/apps/github.yaml:2: unmanagedAccounts: disable)");
    expect(removal.reason).toContain("team:contractors-2019");
  });
});
