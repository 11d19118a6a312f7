// Enabling a disabled account is a rehire only where something says the account was this
// person's. A new hire whose login finds a leaver's forgotten, disabled account (no mark, no
// snapshot that still has the leaver) used to read "rehire: hr:W9 is active again", though hr:W9
// was never active before.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { editFile, EXAMPLE_NOW, exampleForTest } from "../helpers/example-copy.js";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { SCENARIO_NOW, scenarioForTest } from "../helpers/scenario.js";


describe("the reason an account is enabled", () => {
  it("does not call a new person whose login finds a forgotten leaver's disabled account a rehire", async () => {
    const dir = await scenarioForTest("gone-from-source-login-linked");
    // Past the 90 days: the snapshot has let linus (hr:W4) go; his account was offboarded then.
    editFile(join(dir, "state/sources/hr.json"), (t) => JSON.stringify({ ...JSON.parse(t), records: (JSON.parse(t) as { records: Array<{ externalId: string }> }).records.filter((r) => r.externalId !== "W4") }));
    editFile(join(dir, "state/app.json"), (t) => t.replace('"login": "linus",\n      "active": true,', '"login": "linus",\n      "active": false,').replace(/("login": "linus",[\s\S]*?"entitlements": )\[[^\]]*\]/, "$1[]"));
    editFile(join(dir, "hr.csv"), (t) => `${t}W9,linus,Linus,Nakamura,linus@corp.example,Active,Employee,Engineer,Engineering,W1,2026-11-24,\n`);

    const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", SCENARIO_NOW]);

    expect(r.stderr).toBe("");
    const enable = (JSON.parse(r.stdout) as Plan).changes.find((c) => c.action === "enable-account");
    expect(enable).toMatchObject({ identity: "linus", origin: "source", reason: 'the disabled account "linus" has linus\'s login (no mark says whose it was); it is enabled for hr:W9' });
  });

  it("calls a person who was not active before, back on their own account, a rehire", async () => {
    const dir = await scenarioForTest("rehire");
    const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", SCENARIO_NOW]);
    const enable = (JSON.parse(r.stdout) as Plan).changes.find((c) => c.action === "enable-account");
    expect(enable?.reason).toMatch(/^rehire: hr:W\d+ is active again; the old account comes back$/);
  });

  it("does not call it a rehire when the account is marked with someone else's anchor, though the person comes back", async () => {
    const dir = exampleForTest();
    const state = join(dir, "examples/state/github.json");
    editFile(state, (t) => {
      const doc = JSON.parse(t) as { accounts: Array<Record<string, unknown>> };
      doc.accounts.push({ id: "77770001", login: "ghost-dev", externalId: "hr:W0999", active: false, attributes: {}, entitlements: [] });
      return JSON.stringify(doc, null, 2);
    });
    // jonas.berg (hr:W1033) was terminated in the accepted snapshot and is active again today.
    editFile(join(dir, "identities/people/jonas.berg.yaml"), (t) => t.replace(/githubLogin: .*/, "githubLogin: ghost-dev"));
    const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", EXAMPLE_NOW]);
    const enable = (JSON.parse(r.stdout) as Plan).changes.find((c) => c.target === "github" && c.action === "enable-account");
    expect(enable).toMatchObject({ identity: "jonas.berg", reason: 'the disabled account "ghost-dev" has jonas.berg\'s login (it is marked hr:W0999, which no identity has); it is enabled for hr:W1033' });
  });
  it("says a person on leave gets their disabled account back because the app keeps the accounts of people on leave, not that they were rehired", async () => {
    const dir = exampleForTest();
    // aisha.bello (hr:W1040) is on Leave; the local app keeps such accounts (onSuspended: keep).
    // Her account was disabled in the directory when the leave began.
    editFile(join(dir, "examples/state/local.json"), (t) => {
      const doc = JSON.parse(t) as { accounts: Array<Record<string, unknown>> };
      const aisha = doc.accounts.find((a) => a["login"] === "aisha.bello")!;
      Object.assign(aisha, { active: false, entitlements: [], disabledAt: "2026-10-01T00:00:00Z" });
      return JSON.stringify(doc, null, 2);
    });
    const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", EXAMPLE_NOW]);
    const enable = (JSON.parse(r.stdout) as Plan).changes.find((c) => c.target === "local" && c.action === "enable-account");
    expect(enable).toMatchObject({
      identity: "aisha.bello",
      origin: "policy",
      reason: 'hr:W1040 is on leave (suspended in hr), and policies/apps/local.yaml:2 keeps the accounts of people on leave (accounts.onSuspended: keep): the disabled account "aisha.bello" is enabled',
    });
  });
});
