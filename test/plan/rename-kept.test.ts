// A rename accepted with the daily snapshot while files still name the old login. The snapshot
// used to forget it: the overlay under the old login became nobody's (validate failed on it), the
// person lost their GitHub login (missing-login) and their GitHub account read as unmanaged.
import { readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { editFile, EXAMPLE_NOW, exampleForTest } from "../helpers/example-copy.js";


async function plan(dir: string): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", EXAMPLE_NOW]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

async function snapshot(dir: string): Promise<Array<{ externalId: string; formerIds?: string[]; logins?: Record<string, string> }>> {
  const r = await runCli(["snapshot", "--repo", dir, "--now", EXAMPLE_NOW]);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(readFileSync(join(dir, "examples", "snapshots", "hr.json"), "utf8")) as { records: Array<{ externalId: string; formerIds?: string[] }> }).records;
}

/** The example with HR renaming emma.schultz (W1016) to emma.novak, that rename accepted by `snapshot`. */
async function renamedAndAccepted(): Promise<{ dir: string; records: Awaited<ReturnType<typeof snapshot>> }> {
  const dir = exampleForTest();
  editFile(join(dir, "examples", "exports", "hr.csv"), (t) => t.replace("W1016,emma.schultz,Emma,Schultz,emma.schultz@", "W1016,emma.novak,Emma,Novak,emma.novak@"));
  return { dir, records: await snapshot(dir) };
}

const emma = (p: Plan) => p.findings.filter((f) => f.identity === "emma.novak" || f.identity === "emma.schultz" || f.identity === "eschultz").map((f) => f.rule).sort();

describe("a rename accepted while a file still names the old login", () => {
  it("is kept in the snapshot, so the overlay, its GitHub login and the account stay the person's", async () => {
    const { dir, records } = await renamedAndAccepted();
    expect(records.find((r) => r.externalId === "W1016")).toMatchObject({ formerIds: ["emma.schultz"], logins: { githubLogin: "eschultz" } });

    const p = await plan(dir);
    expect(emma(p)).toEqual(["overlay-login-stale"]);
    expect(p.findings.find((f) => f.rule === "overlay-login-stale")?.message).toContain("stays emma.novak's while a file names it");
    expect(p.changes.filter((c) => c.target === "github" && (c.identity === "emma.novak" || c.login === "eschultz"))).toEqual([]);
    const validate = await runCli(["validate", "--repo", dir]);
    expect(validate.code, validate.stderr).toBe(0);
    expect(validate.stderr).toContain('warning: person "emma.schultz" is the earlier login of emma.novak');
  });

  it("is dropped by the next snapshot once the overlay names the new login", async () => {
    const { dir } = await renamedAndAccepted();
    const people = join(dir, "identities", "people");
    renameSync(join(people, "emma.schultz.yaml"), join(people, "emma.novak.yaml"));
    editFile(join(people, "emma.novak.yaml"), (t) => t.replace("id: emma.schultz", "id: emma.novak"));
    const records = await snapshot(dir);
    expect(records.find((r) => r.externalId === "W1016")).toMatchObject({ logins: { githubLogin: "eschultz" } });
    expect(records.find((r) => r.externalId === "W1016")?.formerIds).toBeUndefined();
    const p = await plan(dir);
    expect(emma(p)).toEqual([]);
    expect(p.changes.filter((c) => c.target === "github" && c.identity === "emma.novak")).toEqual([]);
  });

  it("blocks a new hire given the old login while files still name it: what they name would pass to them", async () => {
    const { dir } = await renamedAndAccepted();
    editFile(join(dir, "examples", "exports", "hr.csv"), (t) => `${t.trimEnd()}\nW1099,emma.schultz,Emma,Schultz,emma.schultz@acme-robotics.example,Active,Employee,Software Engineer,Engineering,W1008,2026-11-24,\n`);
    const p = await plan(dir);
    expect(p.blocked).toBe(true);
    expect(p.findings.filter((f) => f.rule === "login-reused").map((f) => f.message).sort()).toEqual([
      expect.stringContaining('the githubLogin "eschultz" was hr:W1016 (Emma Novak)\'s in the last accepted snapshot and is now hr:W1099 (Emma Schultz)\'s'),
      expect.stringContaining('the login "emma.schultz" was hr:W1016 (Emma Novak)\'s earlier login, which files still name (hr:W1016 is "emma.novak" now), in the last accepted snapshot and is now hr:W1099 (Emma Schultz)'),
    ]);
  });

  it("offboards the renamed person's account under the old login when they leave, where the app links by login", async () => {
    const dir = exampleForTest();
    // The CRM links accounts by login (as an imported app does): helen.park's account knows no anchor.
    editFile(join(dir, "policies/apps/crm.yaml"), (t) => t.replace("  login: userName\n", "  login: userName\n  linkBy: login\n"));
    editFile(join(dir, "examples/exports/hr.csv"), (t) => t.replace("W1003,helen.park,Helen,Park,helen.park@", "W1003,helen.kim,Helen,Kim,helen.kim@"));
    const records = await snapshot(dir);
    expect(records.find((r) => r.externalId === "W1003")?.formerIds).toEqual(["helen.park"]);
    editFile(join(dir, "examples/exports/hr.csv"), (t) => t.split("\n").filter((l) => !l.startsWith("W1003,")).join("\n"));
    const p = await plan(dir);
    expect(p.changes.filter((c) => c.target === "crm" && c.login === "helen.park").map((c) => `${c.action} ${c.identity}${c.entitlement ? ` ${c.entitlement}` : ""}`)).toEqual([
      "revoke helen.kim group:finance",
      "revoke helen.kim group:finance-approvers",
      "disable-account helen.kim",
    ]);
  });
});
