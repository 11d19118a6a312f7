// `plan` after an apply, from a state file read before it, against the scimmy SCIM server (rv87
// L1). The plan listed the leaver's two applied changes again, "ready for review", with the same
// fingerprint, and nothing pointed at the journal that records them done: a newcomer concluded
// apply had done nothing, or applied again. Now the plan says, per target, how many of its changes
// the journal records done since the state was read, and to pull the state; its changes and
// fingerprint are what the state file gives, as before.
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { scimEngineering } from "./helpers/scim-engineering.js";
import type { Person } from "./helpers/policy-repo.js";

const base: Person[] = [
  { worker: "W1", login: "ada", department: "Engineering" },
  { worker: "W4", login: "linus", department: "Engineering" },
];
const scim = scimEngineering(base);

describe("a plan from a state file read before an apply", () => {
  it("says how many of the target's changes the journal records done since the read, in JSON, text and markdown; its changes and fingerprint are unchanged; gone after state pull", async () => {
    const repo = scim.repo();
    expect((await repo.cli(["apply", "--auto-approve"], scim.env())).code).toBe(0);
    expect((await repo.cli(["state", "pull"], scim.env())).code).toBe(0);
    repo.setPeople(base.map((p) => (p.login === "linus" ? { ...p, status: "Terminated" as const } : p)));
    const fromState = async (): Promise<Plan> => {
      const r = await repo.cli(["plan", "--format", "json", "--out", "state-plan.json"], scim.env());
      expect(r.code, r.stderr).not.toBe(3);
      return JSON.parse(repo.read("state-plan.json")) as Plan;
    };
    const before = await fromState();
    expect(before.changes.map((c) => `${c.identity} ${c.action}`)).toEqual(["linus revoke", "linus disable-account"]);
    expect(before.findings.filter((f) => f.rule === "applied-since-state-read")).toEqual([]);

    await repo.plan(scim.env(), "reviewed.json");
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], scim.env());
    expect(applied.code, applied.stderr).toBe(0);

    const after = await fromState();
    expect(after.changes).toEqual(before.changes);
    expect(after.fingerprint).toBe(before.fingerprint);
    const readAt = (JSON.parse(repo.read("state/crm.json")) as { readAt: string }).readAt;
    const said = `target "crm": 2 of its 2 planned change(s) the apply journal (.scopesync/journal.jsonl) records done since state/crm.json was read (${readAt}): the state still shows them undone, so this plan lists them again`;
    expect(after.findings.filter((f) => f.rule === "applied-since-state-read").map((f) => [f.severity, f.target, f.message, f.remediation?.split(": ")[0]])).toEqual([
      ["warning", "crm", said, "run scopesync state pull --target crm (or plan --live) and plan again"],
    ]);
    for (const format of ["text", "markdown"]) {
      const r = await repo.cli(["plan", "--format", format], scim.env());
      expect(r.stdout, format).toContain("applied-since-state-read");
      // Markdown escapes the brackets: the words around them are the same.
      for (const words of ["2 of its 2 planned change", "records done since state/crm.json was read", "state pull"]) expect(r.stdout, format).toContain(words);
    }

    // The state as it is now: nothing to do, nothing to say.
    expect((await repo.cli(["state", "pull", "--target", "crm"], scim.env())).code).toBe(0);
    const pulled = await fromState();
    expect(pulled.changes).toEqual([]);
    expect(pulled.findings.filter((f) => f.rule === "applied-since-state-read")).toEqual([]);
  }, 90_000);
});
