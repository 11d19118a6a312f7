// A change a killed apply left open (a journal `start` with no end) that the next run's re-plan no
// longer has. That run used to close it `done` / `unchanged` ("already in place") whatever the
// reason, with the dead run's replan and planTime: after a rescinded termination, the journal said
// a privileged membership was removed while the app still held it. Now the closing line says what
// this run's live read shows: `done` / `unchanged` only when it shows the change in place, else
// `abandoned` with why; both with this run's replan and planTime and the cut run's id. Real SCIM
// server (scimmy), the CLI as an operator runs it; the killed run's `start` line is written by the
// project's own Journal, as the runner writes it (a real kill: test/apply/kill-mid-apply.test.ts).
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Journal } from "../../src/apply/journal.js";
import type { JournalRecord } from "../../src/model/journal-record.js";
import type { Plan } from "../../src/plan/plan.js";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { changeLines, NOW, PolicyRepo, type Person } from "./helpers/policy-repo.js";

const jonas: Person = { worker: "W1", login: "jonas.weber", department: "Engineering" };
const priya: Person = { worker: "W2", login: "priya.nair", department: "Engineering" };
let scim: ScimServer;
let repo: PolicyRepo;
const env = () => ({ SCIM_TOKEN: scim.token });

beforeEach(async () => {
  scim = await startScimServer();
  await scim.seed({ groups: [{ displayName: "Engineering" }, { displayName: "Admins" }] });
  repo = new PolicyRepo({
    targetName: "crm",
    target: { type: "scim", url: scim.url, token: "${env:SCIM_TOKEN}", options: { timeoutMs: 3000 } },
    people: [jonas, priya],
    groups: [
      { id: "engineering", departments: ["Engineering"] },
      { id: "admins", privileged: true, members: ["jonas.weber"] },
    ],
    policy: {
      scope: { include: [{ kinds: ["person"] }] },
      entitlements: [
        { group: "engineering", entitlement: "group:Engineering" },
        { group: "admins", entitlement: "group:Admins" },
      ],
    },
  });
  const first = await repo.cli(["apply", "--auto-approve"], env());
  expect(first.code, first.stdout + first.stderr).toBe(0);
});
afterEach(async () => {
  repo?.cleanup();
  await scim?.stop();
});

const journalPath = () => join(repo.dir, ".scopesync/journal.jsonl");
const records = () => [...new Journal(journalPath()).records()];

/**
 * HR terminates jonas; the reviewed plan revokes his groups and disables him. The run applying it
 * is killed while revoking the privileged Admins group: its `start` line, and nothing after it.
 */
async function revocationKilled(): Promise<{ reviewed: Plan; cut: JournalRecord }> {
  repo.setPeople([{ ...jonas, status: "Terminated" }, priya]);
  const { plan: reviewed } = await repo.plan(env());
  expect(changeLines(reviewed)).toEqual(["disable-account jonas.weber", "revoke jonas.weber group:Admins", "revoke jonas.weber group:Engineering"]);
  const c = reviewed.changes.find((x) => x.entitlement === "group:Admins")!;
  const cut: JournalRecord = { at: "2026-11-26T09:00:01.000Z", run: "killed-run", fingerprint: reviewed.fingerprint, review: "reviewed", replan: reviewed.fingerprint, planTime: "2026-11-26T09:00:00.000Z", change: c.id, target: "crm", action: c.action, identity: c.identity, account: c.account!, login: c.login!, entitlement: "group:Admins", phase: "start" };
  new Journal(journalPath()).write(cut);
  return { reviewed, cut };
}

async function adminsMembers(): Promise<string[]> {
  return (await scim.members()).Admins ?? [];
}

describe("apply closing a change a cut-off run left open", () => {
  it("a rescinded termination: the revoke is no longer planned and jonas still holds Admins, so it is closed abandoned, never done", async () => {
    const { reviewed, cut } = await revocationKilled();
    repo.setPeople([jonas, priya]); // entered in error: HR rescinds it
    const now = (await repo.plan(env(), "now.json")).plan;
    expect(now.changes).toEqual([]);

    const resumed = await repo.cli(["apply", "--plan", "reviewed.json"], env());
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain("note: a previous run was cut off while applying revoke for jonas.weber on crm; it is re-checked now");
    expect(resumed.stderr).toMatch(/note: revoke group:Admins for jonas\.weber on crm \(cut off in run killed-run\): not carried out: this run's re-plan no longer has it \(what is wanted changed since the cut-off run: a rescinded leaver, a rehire, a changed policy or source\), and its read of crm shows "jonas\.weber" \(account [0-9a-f-]+\) still holds group:Admins\n/);

    const closing = records().filter((r) => r.change === cut.change && r.phase !== "start");
    expect(closing).toHaveLength(1);
    const [line] = closing;
    expect(line).toMatchObject({ phase: "abandoned", attempts: 0, cutRun: "killed-run", fingerprint: reviewed.fingerprint, account: cut.account, entitlement: "group:Admins", replan: now.fingerprint, planTime: new Date(NOW).toISOString() });
    expect(line!.outcome).toBeUndefined();
    expect(line!.run).not.toBe("killed-run");
    expect(line!.reason).toContain('still holds group:Admins');
    expect(new Journal(journalPath()).interrupted(reviewed.fingerprint)).toEqual([]);
    expect(await adminsMembers()).toEqual(["jonas.weber"]);

    // Closed once: the next run of the plan has nothing cut off to report. It still names the three
    // reviewed revocations it does not make (HR rescinded the termination), as every run of this plan does.
    const again = await repo.cli(["apply", "--plan", "reviewed.json"], env());
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain("cut off");
    expect(again.stderr).toContain("warning: 3 reviewed change(s) not made, 3 of them revocation(s)");
    expect(again.stdout).toContain("reviewed change not made: crm revoke jonas.weber group:Admins: ");
  });

  it("the membership was removed since (by hand): closed done / unchanged on what this run's read shows, with this run's replan and planTime", async () => {
    const { reviewed, cut } = await revocationKilled();
    const group = (await (await fetch(`${scim.url}/Groups?filter=${encodeURIComponent('displayName eq "Admins"')}`, { headers: { authorization: `Bearer ${scim.token}` } })).json()) as { Resources: Array<{ id: string }> };
    const removed = await fetch(`${scim.url}/Groups/${group.Resources[0]!.id}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${scim.token}`, "content-type": "application/scim+json" },
      body: JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "remove", path: `members[value eq "${cut.account}"]` }] }),
    });
    expect(removed.ok).toBe(true);
    expect(await adminsMembers()).toEqual([]);

    const resumed = await repo.cli(["apply", "--plan", "reviewed.json"], env());
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain("applied 2, already in place 0, failed 0");
    const replan = records().find((r) => r.run !== "killed-run" && r.change !== cut.change && r.fingerprint === reviewed.fingerprint)!.replan;
    expect(replan).not.toBe(reviewed.fingerprint); // the re-plan lacks the Admins revoke
    const closing = records().filter((r) => r.change === cut.change && r.phase !== "start");
    expect(closing).toHaveLength(1);
    expect(closing[0]).toMatchObject({ phase: "done", outcome: "unchanged", attempts: 0, cutRun: "killed-run", replan, planTime: new Date(NOW).toISOString() });
    expect(closing[0]!.reason).toMatch(/^in place: this run's read of crm shows "jonas\.weber" \(account [0-9a-f-]+\) does not hold group:Admins, as the change was to make it/);
  });
});
