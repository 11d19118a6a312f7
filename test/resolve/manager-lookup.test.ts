// A manager reference was looked up among the records of its own source only, and no order said
// where else: an Okta profile.managerId that holds the HR worker id (as many HR-to-Okta imports
// write it) named no Okta record, and a contractor only Okta exports had no manager. A source's
// `managerLookup` lists the sources to try after its own, in order; its own records still come
// first, and explain says where the manager was found.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { oktaUser, oktaUserId } from "../helpers/okta-export.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();
const NOW = "2026-01-02T00:00:00Z";
const HEADER = "WorkerID,EmployeeID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate";
const HR = [HEADER, "1,E1,alice,Alice,Able,alice@example.com,Active,Employee,VP Engineering,Engineering,,2024-03-01,", "2,E2,bob,Bob,Baker,bob@example.com,Active,Employee,Engineer,Engineering,1,2024-03-01,"];

/** An Okta user only Okta exports (a contractor), with profile.managerId and, when given, profile.employeeNumber. */
function contractor(n: number, login: string, managerId: string | undefined, employeeNumber?: string): Record<string, unknown> {
  const user = oktaUser(n, login, "ACTIVE") as { profile: Record<string, string> };
  if (managerId !== undefined) user.profile.managerId = managerId;
  if (employeeNumber !== undefined) user.profile.employeeNumber = employeeNumber;
  return user;
}

/** `scopesync init`'s repository with the HR rows (those above unless given) and an okta source `idp` listing `users`. */
async function repo(users: Array<Record<string, unknown>>, lookup: string, hr: readonly string[] = HR): Promise<string> {
  const dir = join(tempDir("scopesync-manager-lookup-"), "repo");
  expect((await runCli(["init", dir])).code).toBe(0);
  writeFileSync(join(dir, "exports/hr.csv"), `${hr.join("\n")}\n`);
  writeFileSync(join(dir, "exports/okta.json"), JSON.stringify(users, null, 1));
  const config = join(dir, "scopesync.yaml");
  const idp = `  idp:\n    type: okta\n    path: exports/okta.json\n${lookup}    options: { pages: single, exportedAt: "2026-01-01T06:00:00Z" }\n\n`;
  writeFileSync(config, readFileSync(config, "utf8").replace("sources:\n", `sources:\n${idp}`));
  return dir;
}

async function managers(dir: string): Promise<Record<string, unknown>> {
  const r = await runCli(["identities", "--repo", dir, "--format", "json", "--now", NOW]);
  expect(r.code, r.stderr).toBe(0);
  const j = JSON.parse(r.stdout) as { identities: Array<{ id: string; attributes: Record<string, unknown> }>; findings: Array<{ rule: string; message: string; remediation?: string }> };
  const unresolved = j.findings.filter((f) => f.rule === "manager-ref-unresolved");
  return { ...Object.fromEntries(j.identities.map((i) => [i.id, i.attributes.manager ?? i.attributes.managerRef ?? null])), unresolved: unresolved.map((f) => f.message), fix: unresolved.map((f) => f.remediation) };
}

describe("a manager reference that names no record of its own source", () => {
  it("is looked up in the sources managerLookup lists, and explain says where the manager was found", async () => {
    const dir = await repo([contractor(3, "dana", "1")], "    managerLookup: [hr]\n");
    expect(await managers(dir)).toMatchObject({ "dana@example.com": "alice", bob: "alice", unresolved: [] });
    const r = await runCli(["explain", "dana@example.com", "--repo", dir, "--now", NOW]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("manager = alice    from idp exports/okta.json entry 1 (precedence: idp), found in hr by anchor (worker id), after no record of idp (managerLookup)");
    const bob = await runCli(["explain", "bob", "--repo", dir, "--now", NOW]);
    expect(bob.stdout).toMatch(/manager = alice {4}from hr exports\/hr\.csv row 2 \(line 3\) \(authoritative: hr\), found in hr by anchor \(worker id\)/);
  });

  it("stays unresolved without managerLookup, and the finding says where to declare another source", async () => {
    const dir = await repo([contractor(3, "dana", "1")], "");
    const got = await managers(dir);
    expect(got).toMatchObject({ "dana@example.com": "1" });
    expect(got.unresolved).toEqual([expect.stringMatching(/^1 of 1 manager references of source "idp" match no record of it, so/)]);
    expect(got.fix).toEqual([expect.stringContaining("a manager another source exports is found there once sources.idp.managerLookup lists it")]);
  });

  it("prefers a record of its own source to one of a listed source", async () => {
    // "2" is eve's employeeNumber in Okta and bob's worker id in HR: Okta's own record decides.
    const dir = await repo([contractor(3, "dana", "2"), contractor(4, "eve", undefined, "2")], "    managerLookup: [hr]\n");
    expect(await managers(dir)).toMatchObject({ "dana@example.com": "eve@example.com" });
  });

  it("refuses a managerLookup naming no source, or the source itself", async () => {
    const dir = await repo([contractor(3, "dana", "1")], "    managerLookup: [hrr, idp]\n");
    const r = await runCli(["validate", "--repo", dir]);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/scopesync\.yaml:\d+:\d+.*source "hrr" is not defined.*did you mean "hr"/s);
    expect(r.stdout + r.stderr).toMatch(/scopesync\.yaml:\d+:\d+.*source "idp" is looked up first already/s);
  });
});

// The merge keeps the authoritative source's reference (HR's) and dropped the others: when HR's
// ManagerID named no one (the manager is not in HR's export) while Okta's managerId named the
// manager, the person had no manager though Okta knew it.
describe("a manager reference that names no one, where another source's reference for the same person names the manager", () => {
  // Bob's HR row names a manager HR does not export ("99"); Okta exports Alice and Bob, and Bob's
  // profile.managerId is Alice's Okta id (the anchor).
  const hr = [HR[0]!, HR[1]!, "2,E2,bob,Bob,Baker,bob@example.com,Active,Employee,Engineer,Engineering,99,2024-03-01,"];
  const okta = (bobsManager: string) => [oktaUser(1, "alice", "ACTIVE"), { ...contractor(2, "bob", bobsManager) }];

  it("takes the next source's reference, explain says whose and why, and the reference that named no one is still reported", async () => {
    const dir = await repo(okta(oktaUserId(1)), "", hr);
    const got = await managers(dir);
    expect(got).toMatchObject({ alice: null, bob: "alice" });
    expect(got.unresolved).toEqual([
      '1 of 1 manager references of source "hr" match no record of it, so that person\'s manager is the one another source\'s reference names (explain says whose): exports/hr.csv row 2 (line 3) (bob) gives "99" (their manager is alice, by idp\'s reference)',
    ]);
    const r = await runCli(["explain", "bob", "--repo", dir, "--now", NOW]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('manager = alice    from idp exports/okta.json entry 2 (fallback: hr\'s reference "99" names no one), found in idp by anchor (worker id)');
    // Where the other source's reference names no one either, the person has no manager, as before.
    const neither = await managers(await repo(okta("00u-nobody"), "", hr));
    expect(neither).toMatchObject({ bob: "99" });
    expect(neither.unresolved).toEqual([
      expect.stringMatching(/^1 of 1 manager references of source "hr" match no record of it, so those people have no manager \(managerRef keeps the reference as written\): exports\/hr\.csv row 2 \(line 3\) \(bob\) gives "99"$/),
    ]);
  });
});
