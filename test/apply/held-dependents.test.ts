// Dependencies between changes (issue item 4): a create that is held back (not reviewed in this
// form) holds back the reviewed grants of the account it would make, and the summary says which
// change they wait for. Before, the grant ran against an account that was not there and apply
// failed with "no account for this change" on every rerun. With the file target: the rerun holds
// the same changes again without failing, and once the new plan is reviewed, apply converges.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PolicyRepo, type Person } from "./helpers/policy-repo.js";

let repo: PolicyRepo;
const base: Person[] = [{ worker: "W1", login: "ada", department: "Engineering" }];

beforeEach(() => {
  repo = new PolicyRepo({
    targetName: "app",
    target: { type: "file", path: "state/app.json" },
    people: base,
    groups: [
      { id: "engineering", departments: ["Engineering"] },
      { id: "everyone", departments: ["Engineering"] },
    ],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Engineering"] } }] },
      accounts: { attributes: { displayName: { from: "displayName" } } },
      entitlements: [
        { group: "engineering", entitlement: "group:Engineering" },
        { group: "everyone", entitlement: "group:Everyone" },
      ],
    },
  });
  repo.write("state/app.json", JSON.stringify({ formatVersion: 1, accounts: [], credentials: [] }));
});
afterEach(() => repo?.cleanup());

const state = () => JSON.parse(repo.read("state/app.json")) as { accounts: Array<{ login: string; active: boolean; entitlements: string[]; attributes: Record<string, string> }> };

describe("a held-back create holds back its grants", () => {
  it("holds the reviewed grants with the create, says so, reruns without failing, then converges on the new review", async () => {
    const reviewed = await repo.plan({});
    expect(reviewed.plan.changes.map((c) => `${c.action} ${c.identity}${c.entitlement ? ` ${c.entitlement}` : ""}`)).toEqual(["create-account ada", "grant ada group:Engineering", "grant ada group:Everyone"]);
    // After review, HR corrects ada's name: the create is no longer the reviewed one; the grants are.
    repo.setPeople([{ ...base[0]!, first: "Augusta" }]);

    for (const run of [1, 2]) {
      const applied = await repo.cli(["apply", "--plan", "reviewed.json"], {});
      expect(applied.code, `run ${run}: ${applied.stderr}`).toBe(0);
      // The three reviewed changes are not made, and the run says so (apply/reviewed-not-made.ts); nothing else on stderr.
      expect(applied.stderr).toBe("warning: 3 reviewed change(s) not made (named above); the merged policy decides, so running again finds the same: to make a change that is still wanted, plan it again and have that plan reviewed\n");
      expect(applied.stdout).toContain("0 reviewed change(s) to apply, 0 unreviewed revocation(s) applied anyway, 1 unreviewed change(s) held back, 2 reviewed change(s) held back with the change they need, 0 no longer needed");
      expect(applied.stdout).toContain("held back (not reviewed): app create-account ada\n");
      expect(applied.stdout).toContain("held back (waits for create-account ada, not reviewed): app grant ada group:Engineering\n");
      expect(applied.stdout).toContain("held back (waits for create-account ada, not reviewed): app grant ada group:Everyone\n");
      expect(applied.stdout).toContain("applied 0, already in place 0, failed 0, skipped 0, held back 3, 3 reviewed change(s) not made");
      expect(state().accounts).toEqual([]);
    }

    // The corrected plan is reviewed: everything applies, and there is nothing left to do.
    await repo.plan({});
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], {});
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain("applied 3, already in place 0, failed 0, skipped 0, held back 0");
    expect(state().accounts).toEqual([expect.objectContaining({ login: "ada", active: true, entitlements: ["group:Engineering", "group:Everyone"], attributes: { displayName: "Augusta Tester" } })]);
    expect((await repo.cli(["drift"], {})).code).toBe(0);
  });
});

describe("a joiner's account made by hand after review", () => {
  it("the reviewed grants wait for the unreviewed link of that account, instead of going to it", async () => {
    const reviewed = await repo.plan({});
    expect(reviewed.plan.changes.map((c) => `${c.action} ${c.identity}`)).toEqual(["create-account ada", "grant ada", "grant ada"]);
    // After review, someone makes ada's account in the app by hand: no externalId, no access yet.
    repo.write("state/app.json", JSON.stringify({ formatVersion: 1, accounts: [{ id: "by-hand-1", login: "ada", active: true, attributes: {}, entitlements: [] }], credentials: [] }));

    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], {});
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain("0 reviewed change(s) to apply, 0 unreviewed revocation(s) applied anyway, 1 unreviewed change(s) held back, 2 reviewed change(s) held back with the change they need, 1 no longer needed");
    expect(applied.stdout).toContain("held back (not reviewed): app update-account ada\n");
    expect(applied.stdout).toContain("held back (waits for update-account ada, not reviewed): app grant ada group:Engineering\n");
    expect(applied.stdout).toContain("note: held-back changes are not in the reviewed plan as they are now (the target or the sources moved since the review): plan again and have that plan reviewed to apply them");
    // The hand-made account got nothing the reviewer did not see.
    expect(state().accounts).toEqual([expect.objectContaining({ id: "by-hand-1", login: "ada", entitlements: [] })]);
  });
});

