// The reports write a name that reads as an ASCII one with its code points, as the plan does
// (loginForReview). Before, `nhi report` printed an NHI id "build-bоt@corp.example" (a CYRILLIC
// SMALL LETTER O, U+043E) raw, which reads as the "build-bot@corp.example" a reviewer knows, and `report leavers` and
// explain's journal lines printed a revoked entitlement "group:Рlatform" (a CYRILLIC CAPITAL
// LETTER ER, U+0420) raw, or in the Markdown as an entity GitHub shows as the look-alike letter.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { PolicyRepo } from "../apply/helpers/policy-repo.js";
import { runCli } from "../helpers/run-cli.js";
import { SCENARIO_NOW, scenarioForTest } from "../helpers/scenario.js";

let repo: PolicyRepo | undefined;
afterEach(() => repo?.cleanup());

it("nhi report writes a look-alike NHI id with its code points, as text and Markdown", async () => {
  // A service user an Okta export gives (GET /api/v1/users, profile.userType Service) is an NHI
  // named by its login as the directory spells it: "build-bоt@corp.example", with a CYRILLIC SMALL
  // LETTER O (U+043E), reads as the "build-bot@corp.example" a reviewer knows.
  const dir = await scenarioForTest("credential-unused");
  const login = "build-b\u043et@corp.example";
  const user = { id: "00u1bld0000000000001", status: "ACTIVE", created: "2025-03-01T09:00:00.000Z", activated: "2025-03-01T09:05:00.000Z", statusChanged: "2025-03-01T09:05:00.000Z", lastLogin: null, lastUpdated: "2025-03-01T09:05:00.000Z", passwordChanged: null, type: { id: "oty1a2b3c4d5e6f7g8h9" }, profile: { firstName: "Build", lastName: "Bot", login, email: login, userType: "Service", displayName: "Build Bot" }, credentials: { provider: { type: "OKTA", name: "OKTA" } }, _links: { self: { href: "https://corp.okta.com/api/v1/users/00u1bld0000000000001" } } };
  writeFileSync(join(dir, "okta-users.json"), JSON.stringify([user], null, 2));
  const config = join(dir, "scopesync.yaml");
  writeFileSync(config, readFileSync(config, "utf8").replace("targets:\n", `  okta:\n    type: okta\n    path: okta-users.json\n    options:\n      pages: single\n      exportedAt: "2026-11-26T06:00:00Z"\ntargets:\n`));
  const text = await runCli(["nhi", "report", "--repo", dir, "--now", SCENARIO_NOW]);
  expect(text.code, text.stderr).toBe(0);
  expect(text.stdout).toContain("  build-b\\u043et@corp.example  service-account  active  directory  no owner  exported by okta\n");
  expect(text.stdout).not.toContain("\u043e");
  const md = await runCli(["nhi", "report", "--repo", dir, "--now", SCENARIO_NOW, "--format", "markdown"]);
  expect(md.code, md.stderr).toBe(0);
  // mdCode writes the backslash as &#92;; the look-alike has no entity of its own (&#1086;).
  expect(md.stdout).toContain("| <code>build-b&#92;u043et&#64;\u2060corp.example</code> |");
  expect(md.stdout).not.toMatch(/\u043e|&#1086;/);
});

it("report leavers and explain's journal lines write a look-alike team revoked from a leaver with its code points", async () => {
  const ALIKE = "group:\u0420latform";
  repo = new PolicyRepo({
    targetName: "app",
    target: { type: "file", path: "state/app.json" },
    people: [{ worker: "W1", login: "ada", department: "Engineering", status: "Terminated" }, { worker: "W2", login: "grace", department: "Engineering" }],
    groups: [{ id: "engineering", departments: ["Engineering"] }],
    policy: { scope: { include: [{ kinds: ["person"] }] }, accounts: {}, entitlements: [{ group: "engineering", entitlement: ALIKE }], onLeaveScope: "disable" },
  });
  const account = (id: string, login: string, worker: string) => ({ id, login, externalId: `hr:${worker}`, active: true, attributes: {}, entitlements: [ALIKE] });
  repo.write("state/app.json", JSON.stringify({ formatVersion: 1, accounts: [account("1", "ada", "W1"), account("2", "grace", "W2")], credentials: [] }));
  const applied = await repo.cli(["apply", "--auto-approve"], {});
  expect(applied.code, applied.stderr).toBe(0);
  expect(repo.read(".scopesync/journal.jsonl")).toContain(`"entitlement":"${ALIKE}"`);

  const md = await repo.cli(["report", "leavers", "--since", "2026-11-01", "--format", "markdown"], {});
  expect(md.stdout).toContain("## ada");
  expect(md.stdout).toContain("revoke <code>group&#58;&#92;u0420latform</code>");
  expect(md.stdout).not.toMatch(/\u0420|&#1056;/);

  const explained = await repo.cli(["explain", "ada", "--history"], {});
  expect(explained.code, explained.stderr).toBe(0);
  expect(explained.stdout).toContain("revoke group:\\u0420latform");
  expect(explained.stdout).not.toContain("\u0420");
});
