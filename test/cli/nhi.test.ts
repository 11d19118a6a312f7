// `scopesync nhi report` and `nhi propose` on the scenario repositories: the figures are worked
// out by hand from the scenario's credential report (now 2026-11-26T09:00Z, limits 90d).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { EXAMPLE_NOW, EXAMPLE_ROOT } from "../helpers/example-copy.js";
import { buildScenario, SCENARIO_NOW } from "../helpers/scenario.js";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe("nhi report", () => {
  it("counts rotation and use from the system's dates (credential-unused scenario)", async () => {
    const s = await buildScenario("credential-unused");
    cleanup = s.cleanup;
    const r = await runCli(["nhi", "report", "--repo", s.dir, "--format", "json", "--now", SCENARIO_NOW]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const inventory = JSON.parse(r.stdout);
    // access_key_1 issued 2026-08-01 (116 days), used yesterday; access_key_2 issued 2026-08-02, never used.
    expect(inventory).toMatchObject({ nhis: 1, declared: 1, undeclared: 0, withActiveOwner: 1, credentials: 2, rotatedWithinPolicy: 0, unused: 1, neverExpire: 2, ageBuckets: [0, 0, 2, 0] });
    expect(inventory.rows[0].credentials.map((c: { id: string; unused: boolean; ageDays: number }) => [c.id, c.ageDays, c.unused])).toEqual([["access_key_1", 116, false], ["access_key_2", 115, true]]);
  });

  it("shows a gone owner first and an undeclared NHI (discovered owner gone scenario), as text", async () => {
    const s = await buildScenario("nhi-discovered-owner-gone");
    cleanup = s.cleanup;
    const r = await runCli(["nhi", "report", "--repo", s.dir, "--now", SCENARIO_NOW]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("  with an active owner: 0% (0/1)\n");
    expect(r.stdout).toContain("  linus                    GONE    1 NHI(s), 1 credential(s), 0 not rotated, 0 unused\n");
    expect(r.stdout).toContain("  expense-connector  service-account  active  UNDECLARED  owner linus (gone)  from entra-apps\n");
  });

  it("a service account a directory exports is the directory's, not an undeclared NHI: report, plan and propose agree", async () => {
    const s = await buildScenario("credential-unused");
    cleanup = s.cleanup;
    // An Okta export (GET /api/v1/users, one page gathered whole) with one service user, profile.userType Service.
    const user = { id: "00u1bld0000000000001", status: "ACTIVE", created: "2025-03-01T09:00:00.000Z", activated: "2025-03-01T09:05:00.000Z", statusChanged: "2025-03-01T09:05:00.000Z", lastLogin: null, lastUpdated: "2025-03-01T09:05:00.000Z", passwordChanged: null, type: { id: "oty1a2b3c4d5e6f7g8h9" }, profile: { firstName: "Build", lastName: "Bot", login: "build-bot@corp.example", email: "build-bot@corp.example", userType: "Service", displayName: "Build Bot" }, credentials: { provider: { type: "OKTA", name: "OKTA" } }, _links: { self: { href: "https://corp.okta.com/api/v1/users/00u1bld0000000000001" } } };
    writeFileSync(join(s.dir, "okta-users.json"), JSON.stringify([user], null, 2));
    const config = join(s.dir, "scopesync.yaml");
    writeFileSync(config, readFileSync(config, "utf8").replace("targets:\n", `  okta:\n    type: okta\n    path: okta-users.json\n    options:\n      pages: single\n      exportedAt: "2026-11-26T06:00:00Z"\ntargets:\n`));
    const report = await runCli(["nhi", "report", "--repo", s.dir, "--format", "json", "--now", SCENARIO_NOW]);
    expect(report.stderr).toBe("");
    const inventory = JSON.parse(report.stdout);
    expect(inventory).toMatchObject({ nhis: 2, declared: 1, undeclared: 0, fromDirectories: 1 });
    expect(inventory.rows.find((r: { id: string }) => r.id === "build-bot@corp.example")).toMatchObject({ declared: false, sources: [], directory: ["okta"] });
    const text = await runCli(["nhi", "report", "--repo", s.dir, "--now", SCENARIO_NOW]);
    expect(text.stdout).toContain("  NHIs: 2 (1 declared, 0 undeclared, 1 from directories)\n");
    expect(text.stdout).toContain("  build-bot@corp.example  service-account  active  directory  no owner  exported by okta\n");
    const plan = JSON.parse((await runCli(["plan", "--repo", s.dir, "--format", "json", "--now", SCENARIO_NOW])).stdout);
    expect(plan.nhi).toMatchObject({ nhis: 2, undeclared: 0, fromDirectories: 1 });
    expect(plan.findings.filter((f: { rule: string }) => f.rule === "nhi-undeclared")).toEqual([]);
    const propose = await runCli(["nhi", "propose", "--repo", s.dir, "--out", join(s.dir, "drafts"), "--now", SCENARIO_NOW]);
    expect(propose.stdout).toContain("0 undeclared NHIs");
  });

  it("puts the figures in the plan and its comment once a discovery source is configured", async () => {
    const s = await buildScenario("credential-unused");
    cleanup = s.cleanup;
    const json = await runCli(["plan", "--repo", s.dir, "--format", "json", "--now", SCENARIO_NOW]);
    expect(JSON.parse(json.stdout).nhi).toMatchObject({ nhis: 1, credentials: 2, rotatedWithinPolicy: 0, unused: 1, byOwner: [{ owner: "ada", active: true, nhis: 1, credentials: 2, notRotated: 2, unused: 1 }] });
    const md = await runCli(["plan", "--repo", s.dir, "--format", "markdown", "--now", SCENARIO_NOW]);
    expect(md.stdout).toContain("<details><summary><b>Non-human identities</b>: 1 NHIs, 100% (1/1) with an active owner, 0% (0/2) of credentials rotated within 90d, 1 unused for more than 90d</summary>");
  });

  it("prints the same sections as Markdown as it does as text, names escaped, expiries as ISO dates", async () => {
    const args = ["nhi", "report", "--repo", EXAMPLE_ROOT, "--now", EXAMPLE_NOW];
    const text = (await runCli(args)).stdout;
    const md = await runCli([...args, "--format", "markdown"]);
    expect(md.code).toBe(0);
    for (const heading of ["## NHI inventory", "### By owner", "### NHIs"]) expect(md.stdout).toContain(`${heading}\n`);
    expect(md.stdout).toContain("- NHIs: 10 (8 declared, 2 undeclared; 2 platform-managed not counted)\n");
    expect(md.stdout).toContain("| <code>derek.walsh</code> | ⚠️ gone | 2 | 2 | 1 | 1 |\n");
    // Every NHI of the text report has its row, every credential its line.
    const ids = [...text.matchAll(/^ {2}(\S+) {2}(?:agent|service-account) /gm)].map((m) => m[1]!);
    expect(ids.length).toBe(10);
    for (const id of ids) expect(md.stdout).toContain(`| <code>${id}</code> |`);
    expect(md.stdout.match(/: \d+d old, /g)?.length).toBe(text.match(/: \d+d old, /g)?.length);
    expect(md.stdout).toContain("| <code>reports-export</code> | service\\-account | active | **undeclared** | _no owner_ | aws | api\\-key <code>access&#95;key&#95;1</code>: 905d old, NOT ROTATED, used 573d ago \\(UNUSED\\), no expiry \\(AWS cannot give one\\) |");
    // One form of expiry: an Entra date-time and a file's date alike.
    expect(text).toContain("used 148d ago (UNUSED), expires 2028-04-17\n");
    expect(text).toContain("expires 2027-01-18\n");
    expect(`${text}${md.stdout}`).not.toMatch(/expires \d{4}-\d\d-\d\dT/);
    expect(md.stdout).toContain("expires 2028\\-04\\-17 |");
  });

  it("escapes what a system names in the Markdown report", async () => {
    const s = await buildScenario("nhi-discovered-owner-gone");
    cleanup = s.cleanup;
    const md = (await runCli(["nhi", "report", "--repo", s.dir, "--now", SCENARIO_NOW, "--format", "markdown"])).stdout;
    expect(md).toContain("| <code>expense-connector</code> | service\\-account | active | **undeclared** | <code>linus</code> ⚠️ gone | entra\\-apps |");
    // An owner the system names and no source knows is shown as the system wrote it: escaped, and
    // unknown, not gone, as the plan takes it (lifecycle.ts ownerUnknown: nothing is quarantined for it).
    const apps = join(s.dir, "entra", "applications.json");
    writeFileSync(apps, readFileSync(apps, "utf8").replaceAll("linus@corp.example", "<img src=x>|@org/team"));
    const hostile = (await runCli(["nhi", "report", "--repo", s.dir, "--now", SCENARIO_NOW, "--format", "markdown"])).stdout;
    expect(hostile).not.toContain("<img");
    expect(hostile).not.toContain("@org");
    expect(hostile).toContain("<code>&#60;img src&#61;x&#62;&#124;&#64;\u2060org&#47;team</code> ❔ unknown"); // punctuation as entities, the mention broken
  });

  it("leaves the plan without an nhi part when no discovery source is configured", async () => {
    const s = await buildScenario("nhi-owner-gone");
    cleanup = s.cleanup;
    const json = await runCli(["plan", "--repo", s.dir, "--format", "json", "--now", SCENARIO_NOW]);
    expect(JSON.parse(json.stdout)).not.toHaveProperty("nhi");
  });
});

describe("nhi propose", () => {
  it("writes a file per undeclared NHI that validates, and never overwrites a hand-written file", async () => {
    const s = await buildScenario("nhi-undeclared-report");
    cleanup = s.cleanup;
    // A hand-written file where a proposal would go is never overwritten: nothing is written then.
    const manual = join(s.dir, "manual");
    mkdirSync(manual);
    writeFileSync(join(manual, "stray-bot.yaml"), "# mine\n");
    const refused = await runCli(["nhi", "propose", "--repo", s.dir, "--out", manual, "--now", SCENARIO_NOW]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("nhi propose would overwrite 1 file it did not write: stray-bot.yaml");
    expect(readFileSync(join(manual, "stray-bot.yaml"), "utf8")).toBe("# mine\n");
    const out = join(s.dir, "identities", "discovered");
    const r = await runCli(["nhi", "propose", "--repo", s.dir, "--out", out, "--now", SCENARIO_NOW]);
    expect(r.stderr).toBe("");
    expect(readdirSync(out)).toEqual(["stray-bot.yaml"]);
    expect(readFileSync(join(out, "stray-bot.yaml"), "utf8")).toContain("discoveredBy:\n  - source: aws\n    id: stray-bot\n");
    // Declared now (no owner yet: nhi-owner-required says so), the undeclared finding is gone.
    const plan = JSON.parse((await runCli(["plan", "--repo", s.dir, "--format", "json", "--now", SCENARIO_NOW])).stdout);
    const rules = plan.findings.filter((f: { identity?: string }) => f.identity === "stray-bot").map((f: { rule: string }) => f.rule);
    expect(rules).toContain("nhi-owner-required");
    expect(rules).not.toContain("nhi-undeclared");
    const again = await runCli(["nhi", "propose", "--repo", s.dir, "--out", join(s.dir, "elsewhere"), "--now", SCENARIO_NOW]);
    expect(again.stdout).toContain("0 undeclared NHIs");
    expect(existsSync(join(s.dir, "elsewhere", "stray-bot.yaml"))).toBe(false);
  });

  it("rewrites its own untouched draft, and never one a person has started to edit", async () => {
    const s = await buildScenario("nhi-undeclared-report");
    cleanup = s.cleanup;
    // Outside identities/ the draft is not read as a declaration, so the NHI stays undeclared and is proposed again.
    const drafts = join(s.dir, "drafts");
    expect((await runCli(["nhi", "propose", "--repo", s.dir, "--out", drafts, "--now", SCENARIO_NOW])).code).toBe(0);
    const draft = join(drafts, "stray-bot.yaml");
    const written = readFileSync(draft, "utf8");
    const again = await runCli(["nhi", "propose", "--repo", s.dir, "--out", drafts, "--now", SCENARIO_NOW]);
    expect(again.stdout).toContain("0 file(s) written, 1 unchanged");
    writeFileSync(draft, `${written}owner: theo.martin\n`);
    const edited = await runCli(["nhi", "propose", "--repo", s.dir, "--out", drafts, "--now", SCENARIO_NOW]);
    expect(edited.code).toBe(1);
    expect(edited.stderr).toContain("nhi propose would overwrite 1 file it did not write: stray-bot.yaml");
    expect(readFileSync(draft, "utf8")).toBe(`${written}owner: theo.martin\n`);
  });

  it("warns, in the draft and on stderr, when the owner the system names has left", async () => {
    const s = await buildScenario("nhi-discovered-owner-gone");
    cleanup = s.cleanup;
    const out = join(s.dir, "drafts");
    const r = await runCli(["nhi", "propose", "--repo", s.dir, "--out", out, "--now", SCENARIO_NOW]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('warning: expense-connector.yaml: owner "linus" is terminated; put an active person in its owner before you commit it, or the NHI is quarantined (nhi-owner-active)\n');
    const draft = readFileSync(join(out, "expense-connector.yaml"), "utf8");
    expect(draft).toContain("owner: linus\n");
    expect(draft).toContain("# warning: the owner the system names has left (terminated): put an active person in owner before you commit (as it is, the NHI is quarantined: nhi-owner-active)\n");
    // An active owner: no warning.
    const active = await buildScenario("nhi-undeclared-report");
    try {
      const quiet = await runCli(["nhi", "propose", "--repo", active.dir, "--out", join(active.dir, "drafts"), "--now", SCENARIO_NOW]);
      expect(quiet.stderr).toBe("");
      expect(readFileSync(join(active.dir, "drafts", "stray-bot.yaml"), "utf8")).not.toContain("warning");
    } finally {
      active.cleanup();
    }
  });

  it("proposes no file for the AWS root user: it cannot be declared away or deleted", async () => {
    const s = await buildScenario("nhi-undeclared-report");
    cleanup = s.cleanup;
    const report = join(s.dir, "aws", "credential-report.csv");
    const [header, ...rows] = readFileSync(report, "utf8").split("\n");
    writeFileSync(report, [header, "<root_account>,arn:aws:iam::123456789012:root,2019-01-07T09:00:00+00:00,not_supported,N/A,not_supported,not_supported,true,true,2021-03-01T10:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A", ...rows].join("\n"));
    const out = join(s.dir, "drafts");
    const r = await runCli(["nhi", "propose", "--repo", s.dir, "--out", out, "--now", SCENARIO_NOW]);
    expect(r.code).toBe(0);
    expect(readdirSync(out)).toEqual(["stray-bot.yaml"]);
    const plan = JSON.parse((await runCli(["plan", "--repo", s.dir, "--format", "json", "--now", SCENARIO_NOW])).stdout);
    expect(plan.findings.filter((f: { identity?: string }) => f.identity === "aws-root-account").map((f: { rule: string }) => f.rule)).toEqual(["aws-root-user"]);
  });

  it("refuses without --out", async () => {
    const s = await buildScenario("nhi-undeclared-report");
    cleanup = s.cleanup;
    const r = await runCli(["nhi", "propose", "--repo", s.dir, "--now", SCENARIO_NOW]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("nhi propose needs --out DIR");
  });
});

describe("nhi propose, an IAM user a person signs in with", () => {
  it("keeps interactiveLogin: true in the draft, with what to do about it", async () => {
    const s = await buildScenario("nhi-undeclared-interactive");
    cleanup = s.cleanup;
    const out = join(s.dir, "drafts");
    const r = await runCli(["nhi", "propose", "--repo", s.dir, "--out", out, "--now", SCENARIO_NOW]);
    expect(r.code).toBe(0);
    const drafts = Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(join(out, f), "utf8")]));
    const interactive = Object.entries(drafts).filter(([, text]) => /^interactiveLogin: true$/m.test(text)).map(([f]) => f);
    expect(interactive).toEqual(["dana.ops.yaml"]);
    expect(drafts["dana.ops.yaml"]).toContain("# warning: a person signs in with it (interactiveLogin: true, finding nhi-interactive-login)");
    // One without a console password says nothing of it (the schema's default is false).
    expect(Object.values(drafts).filter((text) => text.includes("interactiveLogin"))).toHaveLength(1);
  });
});
