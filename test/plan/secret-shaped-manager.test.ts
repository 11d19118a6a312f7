// A key pasted into HR's UserID makes that person's id their anchor (hr:W1); the people who report
// to them name that anchor as their manager, and an app that maps `manager` writes it. Before, the
// manager was hidden as a secret, not written, and attribute-secret-shaped told the user to remove
// a secret from the report's own row, which holds only the manager's worker id.
import { afterEach, expect, it } from "vitest";
import { engineeringFileRepo, type PolicyRepo } from "../apply/helpers/policy-repo.js";
import type { Plan } from "../../src/plan/plan.js";

// Built at run time, so that no secret-shaped literal sits in the repository.
const KEY = ["ghp", "B0ssT0kenValue0123456789abcdefABCDEF"].join("_");

let repo: PolicyRepo | undefined;
afterEach(() => repo?.cleanup());

it("a report's manager is the secret-shaped manager's anchor, in identities and in what the plan writes", async () => {
  repo = engineeringFileRepo(
    [
      { worker: "W1", login: KEY, first: "Ada", email: "ada@corp.example", department: "Engineering" },
      { worker: "W2", login: "bob", department: "Engineering", manager: "W1" },
    ],
    ["manager"],
    [],
  );
  const listed = await repo.cli(["identities", "--format", "json"], {});
  expect(listed.code, listed.stderr).toBe(0);
  const { identities } = JSON.parse(listed.stdout) as { identities: Array<{ id: string; attributes: Record<string, unknown> }> };
  expect(identities.find((i) => i.id === "bob")?.attributes.manager).toBe("hr:W1");

  const planned = await repo.cli(["plan", "--format", "json"], {});
  expect(planned.code, planned.stderr).toBe(0);
  const plan = JSON.parse(planned.stdout) as Plan;
  const bob = plan.changes.find((c) => c.identity === "bob" && c.action === "create-account");
  expect(bob?.attributes?.manager).toEqual({ from: null, to: "hr:W1" });
  expect(plan.findings.filter((f) => f.rule === "attribute-secret-shaped" && f.identity === "bob")).toEqual([]);
  expect(planned.stdout).not.toContain(KEY.slice(4, 20));
});
