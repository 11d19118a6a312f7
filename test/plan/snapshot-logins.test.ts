// A GitHub login is an overlay's, not a source's. The snapshot writes it on the person's anchor
// record, so that a leaver's GitHub account stays theirs once their overlay is removed (or reused
// for a new hire): without it, the account read as unmanaged and stayed in the org, or passed to
// the new hire with no finding.
import { readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { editFile, EXAMPLE_NOW, exampleForTest } from "../helpers/example-copy.js";


async function plan(dir: string): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", EXAMPLE_NOW]);
  return JSON.parse(r.stdout) as Plan;
}

describe("the logins overlays give, in the snapshot", () => {
  it("are written on each person's anchor record, and keep a leaver's GitHub account theirs after their overlay is removed", async () => {
    const dir = exampleForTest();
    // The example's snapshot carries them already; written again here by the command itself.
    const path = join(dir, "examples", "snapshots", "hr.json");
    editFile(path, (t) => JSON.stringify({ ...JSON.parse(t), records: (JSON.parse(t) as { records: Array<Record<string, unknown>> }).records.map(({ logins: _, ...r }) => r) }));
    const accepted = await runCli(["snapshot", "--repo", dir, "--now", EXAMPLE_NOW]);
    expect(accepted.code, accepted.stderr).toBe(0);
    const aisha = (JSON.parse(readFileSync(path, "utf8")) as { records: Array<{ externalId: string; logins?: Record<string, string> }> }).records.find((r) => r.externalId === "W1040");
    expect(aisha?.logins).toEqual({ githubLogin: "aishabello" });

    editFile(join(dir, "examples", "exports", "hr.csv"), (t) => t.split("\n").filter((l) => !l.startsWith("W1040,")).join("\n"));
    rmSync(join(dir, "identities", "people", "aisha.bello.yaml"));
    const p = await plan(dir);
    expect(p.changes.filter((c) => c.target === "github" && c.identity === "aisha.bello").map((c) => `${c.action} ${c.login}`)).toEqual(["revoke aishabello", "disable-account aishabello"]);
    expect(p.findings.filter((f) => f.rule === "unmanaged-account" && f.identity === "aishabello")).toEqual([]);
  });

  it("stay with a leaver the export still lists as terminated after their overlay is removed", async () => {
    const dir = exampleForTest();
    // derek.walsh is terminated in today's export; his GitHub login (dwalsh-se) is his overlay's.
    rmSync(join(dir, "identities", "people", "derek.walsh.yaml"));
    const p = await plan(dir);
    expect(p.changes.filter((c) => c.target === "github" && c.identity === "derek.walsh").map((c) => `${c.action} ${c.login}`)).toEqual(["revoke dwalsh-se", "disable-account dwalsh-se"]);
    expect(p.findings.filter((f) => f.rule === "unmanaged-account" && f.identity === "dwalsh-se")).toEqual([]);
  });

  it("make a leaver's GitHub login, moved to a new hire's overlay in the same pull request, login-reused", async () => {
    const dir = exampleForTest();
    editFile(join(dir, "examples", "exports", "hr.csv"), (t) => `${t.split("\n").filter((l) => !l.startsWith("W1040,")).join("\n").trimEnd()}\nW1099,ama.bell,Ama,Bell,ama.bell@acme-robotics.example,Active,Employee,Software Engineer,Engineering,W1008,2026-11-24,\n`);
    const people = join(dir, "identities", "people");
    renameSync(join(people, "aisha.bello.yaml"), join(people, "ama.bell.yaml"));
    editFile(join(people, "ama.bell.yaml"), (t) => t.replace("id: aisha.bello", "id: ama.bell"));
    const p = await plan(dir);
    expect(p.blocked).toBe(true);
    expect(p.findings.filter((f) => f.rule === "login-reused").map((f) => f.message)).toEqual([
      'the githubLogin "aishabello" was hr:W1040 (Aisha Bello)\'s in the last accepted snapshot and is now hr:W1099 (Ama Bell)\'s (identities/people/ama.bell.yaml:5:16): not known to be the same person; the account of an app that links by githubLogin would pass to them with what it holds, and hr:W1040 would not be offboarded there',
    ]);
  });
});
