// The CLI's `apply --plan` names every reviewed change it does not carry out, as the Action's apply
// does (github/apply-reviewed-not-made.test.ts): both run src/apply-reviewed.ts. Before, the CLI had
// its own copy of the reviewed apply, which counted such a change "no longer needed" or "held back"
// and never named it, in its output, its --json report or the journal. A reviewed create the re-plan
// makes differently (HR corrected the name after review) is held back as not reviewed, and the
// reviewed grant of that account waits for it. With the file target, whose data file is the app.
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Journal } from "../../src/apply/journal.js";
import { engineeringFileRepo, type PolicyRepo, type Person } from "./helpers/policy-repo.js";

let repo: PolicyRepo;
const ada: Person = { worker: "W1", login: "ada", department: "Engineering" };

beforeEach(() => {
  repo = engineeringFileRepo([ada], ["displayName"], []);
});
afterEach(() => repo?.cleanup());

describe("the CLI's apply --plan names the reviewed changes it does not carry out", () => {
  it("says each with why, counts them, warns, journals each, and still exits 0", async () => {
    const { plan: reviewed } = await repo.plan({});
    expect(reviewed.changes.map((c) => `${c.action} ${c.identity}`)).toEqual(["create-account ada", "grant ada"]);
    repo.setPeople([{ ...ada, first: "Augusta" }]);

    const r = await repo.cli(["apply", "--plan", "reviewed.json"], {});

    expect(r.code).toBe(0);
    const out = r.stdout.split("\n");
    expect(out).toContain("reviewed change not made: app create-account ada: the re-plan at the commit applied makes another change under this decision (attributes differ from the reviewed plan), which was not reviewed and is held back");
    expect(out).toContain("reviewed change not made: app grant ada group:Engineering: it waits for create-account ada, which was not reviewed and is held back; a plan that shows it, reviewed and merged, applies both");
    expect(out).toContain("applied 0, already in place 0, failed 0, skipped 0, held back 2, 2 reviewed change(s) not made");
    expect(r.stderr).toContain("warning: 2 reviewed change(s) not made (named above)");
    expect([...new Journal(join(repo.dir, ".scopesync/journal.jsonl")).records()].map((l) => [l.phase, l.action, l.review, l.attempts])).toEqual([
      ["dropped", "create-account", "reviewed", 0],
      ["dropped", "grant", "reviewed", 0],
    ]);
  });

  it("a dropped line says why the reviewed plan made the change (why, evidence), as the runner's lines do, beside why it was not made (reason)", async () => {
    const { plan: reviewed } = await repo.plan({});
    repo.setPeople([{ ...ada, first: "Augusta" }]);
    expect((await repo.cli(["apply", "--plan", "reviewed.json"], {})).code).toBe(0);
    const lines = [...new Journal(join(repo.dir, ".scopesync/journal.jsonl")).records()];
    expect(lines.map((l) => [l.phase, l.why, l.evidence])).toEqual(reviewed.changes.map((c) => ["dropped", c.reason, c.evidence]));
    expect(lines.every((l) => typeof l.reason === "string" && l.reason !== l.why)).toBe(true);
  });

  it("reports them in --json", async () => {
    const { plan: reviewed } = await repo.plan({});
    expect(reviewed.changes).toHaveLength(2);
    repo.setPeople([{ ...ada, first: "Augusta" }]);

    const r = await repo.cli(["apply", "--plan", "reviewed.json", "--json"], {});

    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { notMade?: Array<{ action: string; identity: string; kind: string }> };
    expect(report.notMade?.map((n) => [n.action, n.identity, n.kind])).toEqual([
      ["create-account", "ada", "changed"],
      ["grant", "ada", "waiting"],
    ]);
  });
});
