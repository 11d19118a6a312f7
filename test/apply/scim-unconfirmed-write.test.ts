// A SCIM app that answers a user PATCH with 200 and the user unchanged: an app that manages its
// users elsewhere (single sign-on, its own directory sync) and ignores `active`. RFC 7644 section
// 3.5.2 makes the 200 body the resource after the change, so the answer itself says the leaver is
// still active. Apply used to count the disable "applied" (exit 0, the journal too) and only a
// later drift showed the leaver active. Real SCIM server (scimmy), the CLI as an operator runs it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { PolicyRepo, type Person } from "./helpers/policy-repo.js";

const ada: Person = { worker: "W1", login: "ada", department: "Engineering" };
let scim: ScimServer;
let repo: PolicyRepo;

beforeAll(async () => {
  scim = await startScimServer();
  repo = new PolicyRepo({
    targetName: "crm",
    target: { type: "scim", url: scim.url, token: "${env:SCIM_TOKEN}", options: { timeoutMs: 3000 } },
    people: [ada],
    groups: [{ id: "engineering", departments: ["Engineering"] }],
    policy: { scope: { include: [{ kinds: ["person"] }] } },
  });
});
afterAll(async () => {
  repo?.cleanup();
  await scim?.stop();
});

const env = () => ({ SCIM_TOKEN: scim.token });
const adaInApp = async () => {
  const r = await fetch(`${scim.url}/Users?filter=${encodeURIComponent('userName eq "ada"')}`, { headers: { authorization: `Bearer ${scim.token}` } });
  return ((await r.json()) as { Resources: Array<{ active: boolean }> }).Resources[0]!;
};

describe("a leaver's disable that the app answers 200 without doing", () => {
  it("fails, says the account is still active and what to do, and the rerun disables it once the app does", async () => {
    const first = await repo.cli(["apply", "--auto-approve"], env());
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect((await adaInApp()).active).toBe(true);

    repo.setPeople([{ ...ada, status: "Terminated" }]);
    const { plan } = await repo.plan(env());
    expect(plan.changes.map((c) => `${c.action} ${c.identity}`)).toEqual(["disable-account ada"]);

    await scim.inject({ ignorePatches: true });
    const ignored = await repo.cli(["apply", "--plan", "reviewed.json"], env());
    expect(ignored.code, ignored.stdout + ignored.stderr).toBe(1);
    expect(ignored.stdout + ignored.stderr).toMatch(/failed: crm disable-account ada: .*the app answered 200 but "ada" is still active: it did not disable the account/);
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
  });
});
