// rv103 L4: an Okta profile.managerId is often the manager's login, mapped from Active Directory as
// getManagerUser("active_directory").login (the UPN; Okta's support article "How to Map the Manager
// Email/UPN from AD" gives both shapes). Where the login is not the e-mail, the reference was
// looked up as an anchor, employeeId, e-mail and DN only, named no one, and the person had no
// manager (manager-ref-unresolved). It is now tried as the manager's Okta login too.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { oktaUser } from "../helpers/okta-export.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();
const NOW = "2026-01-02T00:00:00Z";

/** An Okta user whose login (the AD UPN) differs from their e-mail, with profile.managerId when given. */
function user(n: number, name: string, upn: string, managerId?: string): Record<string, unknown> {
  const u = oktaUser(n, name, "ACTIVE") as { profile: Record<string, string> };
  u.profile.login = upn;
  if (managerId !== undefined) u.profile.managerId = managerId;
  return u;
}

/** `scopesync init`'s repository with an okta source `idp` listing `users`, beside init's HR source. */
async function identities(users: Array<Record<string, unknown>>): Promise<{ managers: Record<string, unknown>; unresolved: string[]; explain: string }> {
  const dir = join(tempDir("scopesync-manager-login-"), "repo");
  expect((await runCli(["init", dir])).code).toBe(0);
  writeFileSync(join(dir, "exports/okta.json"), JSON.stringify(users, null, 1));
  const config = join(dir, "scopesync.yaml");
  const idp = `  idp:\n    type: okta\n    path: exports/okta.json\n    options: { pages: single, exportedAt: "2026-01-01T06:00:00Z" }\n\n`;
  writeFileSync(config, readFileSync(config, "utf8").replace("sources:\n", `sources:\n${idp}`));
  const r = await runCli(["identities", "--repo", dir, "--format", "json", "--now", NOW]);
  expect(r.code, r.stderr).toBe(0);
  const j = JSON.parse(r.stdout) as { identities: Array<{ id: string; attributes: Record<string, unknown> }>; findings: Array<{ rule: string; message: string }> };
  const explain = await runCli(["explain", "bo.k@corp.example.com", "--repo", dir, "--now", NOW]);
  return {
    managers: Object.fromEntries(j.identities.filter((i) => i.id.startsWith("ana") || i.id.startsWith("bo")).map((i) => [i.id, i.attributes.manager ?? i.attributes.managerRef ?? null])),
    unresolved: j.findings.filter((f) => f.rule === "manager-ref-unresolved").map((f) => f.message),
    explain: explain.stdout,
  };
}

describe("an okta profile.managerId holding the manager's Okta login", () => {
  it("names the manager whose profile.login it is, though their e-mail differs; explain says it was found by login", async () => {
    const got = await identities([user(1, "ana", "ana.l@corp.example.com"), user(2, "bo", "bo.k@corp.example.com", "ANA.L@corp.example.com")]);
    expect(got.managers).toEqual({ "ana.l@corp.example.com": null, "bo.k@corp.example.com": "ana.l@corp.example.com" });
    expect(got.unresolved).toEqual([]);
    expect(got.explain).toContain("found in idp by Okta login");
  });
});
