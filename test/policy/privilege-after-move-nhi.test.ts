// privilege-after-move names the NHIs a mover owns. alan, a platform engineer, moves to Sales: the
// plan takes his platform access away, and his coding agent, the explicit member of a privileged
// agents-only group (as nhi-in-human-group asks), kept it with nothing naming it (rv63 #5). Its
// membership was approved for alan's old role, as his own would have been.
import { describe, expect, it } from "vitest";
import { planWith } from "../helpers/plan-with.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SCENARIOS } from "../helpers/scenario.js";

const BASE_HR = readFileSync(join(SCENARIOS, "_base/hr.csv"), "utf8");
/** alan moves from Platform to Sales. */
const HR = BASE_HR.replace("W2,alan,Alan,Turing,alan@corp.example,Active,Employee,Platform Engineer,Platform,", "W2,alan,Alan,Turing,alan@corp.example,Active,Employee,Account Executive,Sales,");

const agent = (id: string, owner: string) => `kind: Agent\nid: ${id}\nowner: ${owner}\nmodel: claude-sonnet-4-5\npurpose: opens pull requests for its owner\nexpiresAt: "2027-03-31"\nattributes: { platform: github }\n`;

const APP = readFileSync(join(SCENARIOS, "_base/policies/apps/app.yaml"), "utf8").replace("entitlements:\n", "entitlements:\n  - group: fleet\n    entitlement: team:fleet\n");

const FILES = {
  "policies/apps/app.yaml": APP,
  "hr.csv": HR,
  "identities/agents/agent-alan-infra.yaml": agent("agent-alan-infra", "alan"),
  "identities/agents/agent-alan-notes.yaml": agent("agent-alan-notes", "alan"),
  "identities/agents/agent-alan-fleet.yaml": agent("agent-alan-fleet", "alan"),
  "identities/agents/agent-ada-infra.yaml": agent("agent-ada-infra", "ada"),
  // Explicit, privileged: alan's agent and ada's (ada did not move).
  "identities/groups/infra-agents.yaml": "kind: Group\nid: infra-agents\nprivileged: true\nowners: [ada]\nmembers:\n  - identity: agent-alan-infra\n    reason: alan's coding agent; opens Terraform PRs for him\n  - identity: agent-ada-infra\n    reason: ada's coding agent\n",
  // Explicit, not privileged.
  "identities/groups/notes.yaml": "kind: Group\nid: notes\nmembers:\n  - identity: agent-alan-notes\n    reason: writes release notes\n",
  // Privileged by a birthright rule on the agent's own attributes, which alan's move does not change.
  "identities/groups/fleet.yaml": "kind: Group\nid: fleet\nprivileged: true\nallowPrivilegedBirthright: true\nbirthright:\n  - kinds: [agent]\n    where: { platform: github }\n",
};

describe("privilege-after-move: the NHIs a mover owns", () => {
  it("names the mover's agent that is still an explicit member of a privileged group, and no other", async () => {
    const { plan } = await planWith(FILES, { baseline: true });
    // The move itself is planned: alan leaves the app's scope.
    expect(plan.changes.some((c) => c.identity === "alan")).toBe(true);
    // The birthright agent does hold privilege (so leaving it out below is a decision, not an accident).
    expect(plan.changes.filter((c) => c.identity === "agent-alan-fleet" && c.entitlement === "team:fleet").map((c) => [c.action, c.privileged])).toEqual([["grant", true]]);
    const hits = plan.findings.filter((f) => f.rule === "privilege-after-move");
    expect(hits.map((f) => [f.severity, f.identity, f.message, f.location, f.remediation])).toEqual([
      [
        "warning",
        "agent-alan-infra",
        "agent-alan-infra is owned by alan, who moved (department Platform → Sales, title Platform Engineer → Account Executive), and is still an explicit member of the privileged group infra-agents",
        "identities/groups/infra-agents.yaml:6",
        "remove agent-alan-infra from infra-agents, or re-approve its membership in a PR that states why alan's new role still needs it (or name an owner whose role does)",
      ],
    ]);
  });

  it("says nothing of the agent when its owner did not move", async () => {
    const { plan } = await planWith({ ...FILES, "hr.csv": BASE_HR }, { baseline: true });
    expect(plan.findings.filter((f) => f.rule === "privilege-after-move")).toEqual([]);
  });
});
