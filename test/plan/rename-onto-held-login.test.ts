// HR renames Jane (W5, jdoe → jsmith; the accepted snapshot knows the earlier login), and an
// account of the app already has "jsmith": a leaver's left-over under the recycled login. Her own
// account stays hers and keeps working under "jdoe"; its other attributes follow; the rename waits
// (login-held) until the holder is freed, then happens in place. The left-over is never adopted,
// enabled or granted for her (rv110: it was, and her own account was left unmanaged), and the
// rename is not planned into a 409 that fails every apply (SCIM userName, RFC 7643 section 4.1.1).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { SCENARIO_NOW, scenarioForTest } from "../helpers/scenario.js";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";

type Account = { id: string; login: string; externalId?: string; active: boolean; attributes: Record<string, string>; entitlements: string[] };

async function plan(dir: string, env: Record<string, string> = {}, live = false): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", SCENARIO_NOW, ...(live ? ["--live"] : [])], { env });
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

async function applyPlan(dir: string, env: Record<string, string> = {}, live = false): Promise<void> {
  const planPath = join(dir, "plan.json");
  const written = await runCli(["plan", "--repo", dir, "--format", "json", "--out", planPath, "--now", SCENARIO_NOW, ...(live ? ["--live"] : [])], { env });
  expect(written.code, written.stderr).toBe(0);
  const applied = await runCli(["apply", "--repo", dir, "--plan", planPath, "--now", SCENARIO_NOW], { env });
  expect(applied.code, `${applied.stdout}\n${applied.stderr}`).toBe(0);
}

const accounts = (dir: string, file: string): Account[] => (JSON.parse(readFileSync(join(dir, "state", file), "utf8")) as { accounts: Account[] }).accounts;
const lines = (p: Plan): string[] => p.changes.map((c) => `${c.action} ${c.account ?? "-"}${c.attributes ? ` ${Object.keys(c.attributes).sort().join(",")}` : ""}`);

describe("a rename onto a login a leaver's account holds, in an app that links by login", () => {
  it("keeps her own account, leaves the left-over alone, and renames in place once the login is free", async () => {
    const dir = await scenarioForTest("rename-onto-held-login");
    const first = await plan(dir);
    expect(lines(first)).toEqual(["update-account a5 displayName"]);
    expect(first.changes[0]!.reason).toContain('the rename of "jdoe" to "jsmith" waits: the account "jsmith" (id a9), unmarked');
    const held = first.findings.filter((f) => f.rule === "login-held");
    expect(held.map((f) => `${f.severity} ${f.identity}`)).toEqual(["warning jsmith"]);
    expect(held[0]!.message).toContain('their app account "jdoe" (id a5) stays theirs and would be renamed to "jsmith", but the account "jsmith" (id a9), unmarked and disabled, has that login');
    expect(held[0]!.remediation).toMatch(/^free "jsmith" in app: if the account is a leaver's, delete it or rename it there/);
    expect(first.findings.filter((f) => f.rule === "unmanaged-account").map((f) => f.identity)).toEqual(["jsmith"]);

    await applyPlan(dir);
    const after = accounts(dir, "app.json");
    expect(after.find((a) => a.id === "a5")).toMatchObject({ login: "jdoe", active: true, attributes: { displayName: "Jane Smith" }, entitlements: ["team:engineering"] });
    expect(after.find((a) => a.id === "a9")).toMatchObject({ login: "jsmith", active: false, attributes: { displayName: "John Smith" }, entitlements: ["role:admin"] });

    // The app's admins delete the left-over: the next plan renames her account in place.
    const state = JSON.parse(readFileSync(join(dir, "state", "app.json"), "utf8")) as { accounts: Account[] };
    state.accounts = state.accounts.filter((a) => a.id !== "a9");
    writeFileSync(join(dir, "state", "app.json"), JSON.stringify(state));
    const freed = await plan(dir);
    expect(freed.findings.filter((f) => f.rule === "login-held")).toEqual([]);
    expect(freed.changes.map((c) => `${c.action} ${c.account} ${JSON.stringify(c.attributes)}`)).toEqual(['update-account a5 {"login":{"from":"jdoe","to":"jsmith"}}']);
    expect(freed.changes[0]!.reason).toContain("rename in place: login jdoe → jsmith (the sources renamed jsmith; its account was found by the earlier login)");
  });
});

/** `scopesync snapshot`, as merging the day's sync PR accepts it: W5's record as the snapshot keeps it. */
async function acceptSnapshot(dir: string): Promise<{ userName: string; formerIds?: string[] }> {
  const r = await runCli(["snapshot", "--repo", dir, "--now", SCENARIO_NOW]);
  expect(r.code, r.stderr).toBe(0);
  const records = (JSON.parse(readFileSync(join(dir, "state", "sources", "hr.json"), "utf8")) as { records: Array<{ externalId: string; userName: string; formerIds?: string[] }> }).records;
  return records.find((r) => r.externalId === "W5")!;
}

const heldFor = (p: Plan): string[] => p.findings.filter((f) => f.rule === "login-held" || (f.rule === "unmanaged-account" && f.severity !== "info")).map((f) => `${f.rule} ${f.identity}`);

describe("a rename onto the login of a leaver the same plan offboards, in an app that links by login (rv111 L3)", () => {
  it("names the leaver as the holder instead of calling the account nobody's", async () => {
    const dir = await scenarioForTest("rename-onto-held-login", (d) => {
      // W4 (linus) leaves HR's export; Jane (W5) is renamed onto "linus".
      const rows = readFileSync(join(d, "hr.csv"), "utf8").split("\n").filter((l) => !l.startsWith("W4,"));
      writeFileSync(join(d, "hr.csv"), rows.join("\n").replace("W5,jsmith,Jane,Smith,jane.smith@", "W5,linus,Jane,Smith,jane.smith@"));
    });
    const p = await plan(dir);
    expect(p.changes.filter((c) => c.account === "a4").map((c) => c.action)).toContain("disable-account");
    const held = p.findings.find((f) => f.rule === "login-held")!;
    expect(held.message).toContain('the account "linus" (id a4), unmarked and active, has that login and is linus\'s (hr:W4, the last accepted snapshot gives them this login), who is no longer in source "hr": a leaver\'s, offboarded in this plan');
    expect(held.message).not.toContain("no identity's");
    expect(held.remediation).toMatch(/^this plan offboards "linus" as linus's \(hr:W4\); once that is applied, free "linus" in app/);
  });
});

describe("a held rename across syncs whose snapshots are accepted (rv111 H1)", () => {
  it("stays held on every plan until the login is freed, then renames in place and forgets the earlier login", async () => {
    const dir = await scenarioForTest("rename-onto-held-login");
    const first = await plan(dir);
    expect(heldFor(first)).toEqual(["login-held jsmith", "unmanaged-account jsmith"]);
    await applyPlan(dir);

    // The sync PR is merged: the snapshot with W5 under "jsmith" is accepted. It keeps "jdoe", which her account still has.
    expect(await acceptSnapshot(dir)).toMatchObject({ userName: "jsmith", formerIds: ["jdoe"] });
    const second = await plan(dir);
    expect(lines(second)).toEqual([]);
    expect(heldFor(second)).toEqual(["login-held jsmith", "unmanaged-account jsmith"]);
    expect(second.findings.find((f) => f.rule === "login-held")!.message).toContain('their app account "jdoe" (id a5) stays theirs');

    // Another day, another accepted snapshot, nobody has freed "jsmith" yet: still held.
    expect(await acceptSnapshot(dir)).toMatchObject({ formerIds: ["jdoe"] });
    expect(heldFor(await plan(dir))).toEqual(["login-held jsmith", "unmanaged-account jsmith"]);

    // The app's admins delete the left-over; the plan after that renames her account in place.
    const state = JSON.parse(readFileSync(join(dir, "state", "app.json"), "utf8")) as { accounts: Account[] };
    state.accounts = state.accounts.filter((a) => a.id !== "a9");
    writeFileSync(join(dir, "state", "app.json"), JSON.stringify(state));
    const third = await plan(dir);
    expect(heldFor(third)).toEqual([]);
    expect(third.changes.map((c) => `${c.action} ${c.account} ${JSON.stringify(c.attributes)}`)).toEqual(['update-account a5 {"login":{"from":"jdoe","to":"jsmith"}}']);
    await applyPlan(dir);

    // No app has an account under "jdoe" any more: the next snapshot forgets it, and nothing changes.
    const record = await acceptSnapshot(dir);
    expect(record.formerIds).toBeUndefined();
    const settled = await plan(dir);
    expect(lines(settled)).toEqual([]);
    expect(heldFor(settled)).toEqual([]);
  }, 60_000);
});

/** The scenario with its app as a SCIM target at `url` (the scimmy server), linking by login or by our externalId. */
function scimScenario(url: string, linkByLogin: boolean): Promise<string> {
  return scenarioForTest("rename-onto-held-login", (d) => {
    const config = readFileSync(join(d, "scopesync.yaml"), "utf8");
    writeFileSync(join(d, "scopesync.yaml"), config.replace(/targets:[\s\S]*?(?=safety:)/, `targets:\n  crm:\n    type: scim\n    url: ${url}\n    token: "\${env:CRM_TOKEN}"\n    state: state/crm.json\n`));
    writeFileSync(join(d, "policies", "apps", "app.yaml"), `kind: AppPolicy\nid: crm\ntarget: crm\nscope:\n  include:\n    - kinds: [person]\naccounts:\n${linkByLogin ? "  linkBy: login\n" : ""}  attributes:\n    displayName: { from: displayName }\nonLeaveScope: disable\n`);
  });
}

describe("a rename onto a held userName, in a SCIM app", () => {
  let server: ScimServer;
  beforeAll(async () => {
    server = await startScimServer();
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("is known at plan time: the other attributes apply, the rename waits, and apply does not fail", async () => {
    await server.seed({
      users: [
        { userName: "ada", externalId: "hr:W1", displayName: "Ada Lovelace", active: true },
        { userName: "alan", externalId: "hr:W2", displayName: "Alan Turing", active: true },
        { userName: "grace", externalId: "hr:W3", displayName: "Grace Hopper", active: true },
        { userName: "linus", externalId: "hr:W4", displayName: "Linus Torvalds", active: true },
        { userName: "jdoe", externalId: "hr:W5", displayName: "Jane Doe", active: true },
        // John Smith left years ago; HR no longer exports him; his account stayed, disabled.
        { userName: "jsmith", externalId: "hr:W9", displayName: "John Smith", active: false },
      ],
    });
    const env = { CRM_TOKEN: server.token };
    const dir = await scimScenario(server.url, false);
    const pulled = await runCli(["state", "pull", "--repo", dir, "--now", SCENARIO_NOW], { env });
    expect(pulled.code, pulled.stderr).toBe(0);

    const p = await plan(dir, env, true);
    const jane = accounts(dir, "crm.json").find((a) => a.login === "jdoe")!;
    const john = accounts(dir, "crm.json").find((a) => a.login === "jsmith")!;
    expect(p.changes.map((c) => `${c.action} ${c.account === jane.id ? "jane" : c.account} ${JSON.stringify(c.attributes)}`)).toEqual(['update-account jane {"displayName":{"from":"Jane Doe","to":"Jane Smith"}}']);
    const held = p.findings.filter((f) => f.rule === "login-held");
    expect(held.map((f) => `${f.severity} ${f.identity}`)).toEqual(["warning jsmith"]);
    expect(held[0]!.message).toContain(`the account "jsmith" (id ${john.id}), marked hr:W9 and disabled, has that login and is no identity's (no longer in source "hr": a leaver's, offboarded in this plan)`);

    await applyPlan(dir, env, true);
    await runCli(["state", "pull", "--repo", dir, "--now", SCENARIO_NOW], { env });
    expect(accounts(dir, "crm.json").find((a) => a.id === jane.id)).toMatchObject({ login: "jdoe", active: true, attributes: { displayName: "Jane Smith" } });
    expect((await server.stats()).statuses["409"]).toBeUndefined();
  }, 60_000);

  it("keeps her account under the earlier userName while the state pulled from the app has it", async () => {
    await server.reset();
    await server.seed({
      users: [
        { userName: "ada", displayName: "Ada Lovelace", active: true },
        { userName: "alan", displayName: "Alan Turing", active: true },
        { userName: "grace", displayName: "Grace Hopper", active: true },
        { userName: "jdoe", displayName: "Jane Doe", active: true },
        // A leaver's left-over under the login HR now gives Jane.
        { userName: "jsmith", displayName: "John Smith", active: false },
      ],
    });
    const env = { CRM_TOKEN: server.token };
    const dir = await scimScenario(server.url, true);
    const pull = async (): Promise<void> => {
      const pulled = await runCli(["state", "pull", "--repo", dir, "--now", SCENARIO_NOW], { env });
      expect(pulled.code, pulled.stderr).toBe(0);
    };
    await pull();
    const jane = accounts(dir, "crm.json").find((a) => a.login === "jdoe")!;
    const heldOnJane = (p: Plan): string[] => [...p.changes.filter((c) => c.identity === "jsmith").map((c) => `${c.action} ${c.account === jane.id ? "jane" : c.account}`), ...heldFor(p)];

    expect(heldOnJane(await plan(dir, env, true))).toEqual(["update-account jane", "login-held jsmith", "unmanaged-account jsmith"]);
    await applyPlan(dir, env, true);
    await pull();
    expect(await acceptSnapshot(dir)).toMatchObject({ userName: "jsmith", formerIds: ["jdoe"] });
    expect(heldOnJane(await plan(dir, env, true))).toEqual(["login-held jsmith", "unmanaged-account jsmith"]);
    expect(heldOnJane(await plan(dir))).toEqual(["login-held jsmith", "unmanaged-account jsmith"]);
  }, 60_000);
});
