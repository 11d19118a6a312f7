// A SCIM app that answers a PATCH without making the change: an app that manages its users
// elsewhere (single sign-on, its own directory sync) and ignores `active` and group members sent
// over SCIM. RFC 7644 section 3.5.2 makes a 200 body the resource after the change, so such an
// answer itself says the leaver is still active (and still a member); a 204 says nothing, and the
// user is read back. Apply used to count both "applied" (exit 0, the journal too), and only a
// later drift showed the leaver active. Real SCIM server (scimmy), the CLI as an operator runs it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { PolicyRepo, type Person } from "./helpers/policy-repo.js";

const ada: Person = { worker: "W1", login: "ada", department: "Engineering" };
let scim: ScimServer;
let repo: PolicyRepo;

beforeEach(async () => {
  scim = await startScimServer();
  await scim.seed({ groups: [{ displayName: "Engineering" }] });
  repo = new PolicyRepo({
    targetName: "crm",
    target: { type: "scim", url: scim.url, token: "${env:SCIM_TOKEN}", options: { timeoutMs: 3000 } },
    people: [ada],
    groups: [{ id: "engineering", departments: ["Engineering"] }],
    policy: { scope: { include: [{ kinds: ["person"] }] }, entitlements: [{ group: "engineering", entitlement: "group:Engineering" }] },
  });
});
afterEach(async () => {
  repo?.cleanup();
  await scim?.stop();
});

const env = () => ({ SCIM_TOKEN: scim.token });
const get = async (path: string) => (await fetch(`${scim.url}${path}`, { headers: { authorization: `Bearer ${scim.token}` } })).json();
const adaInApp = async () => ((await get(`/Users?filter=${encodeURIComponent('userName eq "ada"')}`)) as { Resources: Array<{ id: string; active: boolean }> }).Resources[0]!;
const engineering = async () => ((await get(`/Groups?filter=${encodeURIComponent('displayName eq "Engineering"')}`)) as { Resources: Array<{ members?: Array<{ value: string }> }> }).Resources[0]!.members ?? [];

/** Ada joins (applied normally), then leaves: the reviewed plan revokes her group and disables her. */
async function adaLeaves(): Promise<void> {
  const first = await repo.cli(["apply", "--auto-approve"], env());
  expect(first.code, first.stdout + first.stderr).toBe(0);
  expect((await adaInApp()).active).toBe(true);
  repo.setPeople([{ ...ada, status: "Terminated" }]);
  const { plan } = await repo.plan(env());
  expect(plan.changes.map((c) => `${c.action} ${c.identity}${c.entitlement ? ` ${c.entitlement}` : ""}`)).toEqual(["revoke ada group:Engineering", "disable-account ada"]);
}

describe("a leaver's offboarding that the app answers without doing", () => {
  it("answered 200 with the user still active and still a member: both fail, say so and what to do; the rerun finishes once the app does", async () => {
    await adaLeaves();
    await scim.inject({ ignorePatches: true });
    const ignored = await repo.cli(["apply", "--plan", "reviewed.json"], env());
    const text = ignored.stdout + ignored.stderr;
    expect(ignored.code, text).toBe(1);
    expect(text).toMatch(/failed: crm revoke ada group:Engineering: .*the app answered 200 but the group "Engineering" still has the member [0-9a-f-]+: it did not remove it/);
    expect(text).toMatch(/failed: crm disable-account ada: .*the app answered the PATCH but "ada" is still active: it did not disable the account/);
    expect(ignored.stderr).toContain("  fix: the app may manage this account elsewhere (single sign-on, its own directory sync) or not support the attribute over SCIM: make the change in the app by hand, then run apply again (it finds it done)");
    expect(ignored.stderr).toContain("note: run the same apply again (the same --plan) once the failures are dealt with: it resumes, and finds what is already done in place");
    expect((await adaInApp()).active).toBe(true);
    const journal = readFileSync(join(repo.dir, ".scopesync/journal.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { action: string; phase: string; outcome?: string });
    expect(journal.filter((e) => e.action === "disable-account").map((e) => `${e.phase}${e.outcome ? ` ${e.outcome}` : ""}`)).toEqual(["start", "failed"]);

    // The app's administrator fixes it: the same reviewed plan, run again, finishes the job.
    await scim.inject({});
    const rerun = await repo.cli(["apply", "--plan", "reviewed.json"], env());
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    expect((await adaInApp()).active).toBe(false);
    expect(await engineering()).toEqual([]);
  });

  it("answered 204, nothing in the body: the user is read back, and still active is a failure", async () => {
    await adaLeaves();
    await scim.inject({ ignorePatches: true, ignoredPatchStatus: 204 });
    const ignored = await repo.cli(["apply", "--plan", "reviewed.json"], env());
    expect(ignored.code, ignored.stdout + ignored.stderr).toBe(1);
    expect(ignored.stderr).toMatch(/failed: crm disable-account ada: .*the app answered the PATCH but "ada" is still active: it did not disable the account/);
    expect((await adaInApp()).active).toBe(true);
  });

  it("answered 204, and the user read back does not say whether it is active: not counted as done", async () => {
    await adaLeaves();
    await scim.inject({ ignorePatches: true, ignoredPatchStatus: 204, omitActiveOnGet: true });
    const ignored = await repo.cli(["apply", "--plan", "reviewed.json"], env());
    expect(ignored.code, ignored.stdout + ignored.stderr).toBe(1);
    expect(ignored.stderr).toMatch(/failed: crm disable-account ada: .*GET \/Users\/[0-9a-f-]+ does not say whether "ada" is active: nothing confirms the account was disabled/);
  });

  it("answered 200 with another user's resource: nothing confirms the change, it fails", async () => {
    await scim.seed({ users: [{ userName: "bystander" }] });
    await adaLeaves();
    await scim.inject({ patchAnswersOtherUser: true });
    const answered = await repo.cli(["apply", "--plan", "reviewed.json"], env());
    expect(answered.code, answered.stdout + answered.stderr).toBe(1);
    expect(answered.stderr).toMatch(/failed: crm disable-account ada: .*the app answered 200 with another user \(id [0-9a-f-]+\), so nothing confirms the change/);
    expect((await adaInApp()).active).toBe(true);
  });
});
