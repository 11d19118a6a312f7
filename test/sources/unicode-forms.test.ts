// Canonically equivalent text is the same text (src/model/nfc.ts): an HR export that writes
// "Développement" decomposed (e + U+0301, as macOS tools do) is read as the department a policy
// types composed. Before, such an export matched no `where:`, and against a snapshot written in NFC
// every person with an accent in their department was a mover whose group was revoked.
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { SCENARIO_NOW, SCENARIOS } from "../helpers/scenario.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const temp = tempDirs();
const DEPT = "D\u00e9veloppement";
const HEADER = "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate";
const hrCsv = (form: "NFC" | "NFD", status = "Active"): string =>
  [
    HEADER,
    "W1,ada,Ada,Lovelace,ada@corp.example,Active,Employee,Head of Platform,Platform,,2019-01-07,",
    "W2,alan,Alan,Turing,alan@corp.example,Active,Employee,Platform Engineer,Platform,W1,2020-02-03,",
    `W3,grace,Grace,Hopper,grace@corp.example,${status},Employee,Ing\u00e9nieure,${DEPT},W1,2021-03-01,`,
    `W4,linus,Linus,Torvalds,linus@corp.example,Active,Employee,Ing\u00e9nieur,${DEPT},W1,2022-04-04,`,
  ].join("\n").normalize(form) + "\n";

/** The scenario base with the engineers in "Développement", which policies name composed. */
function repo(): string {
  const dir = temp("scopesync-nfc-");
  cpSync(join(SCENARIOS, "_base"), dir, { recursive: true });
  const group = join(dir, "identities/groups/engineering.yaml");
  writeFileSync(group, readFileSync(group, "utf8").replace("where: { department: Engineering }", `where: { department: "${DEPT}" }`));
  const app = join(dir, "policies/apps/app.yaml");
  writeFileSync(app, readFileSync(app, "utf8").replace("[Engineering, Platform]", `["${DEPT}", Platform]`));
  const state = join(dir, "state/app.json");
  writeFileSync(state, readFileSync(state, "utf8").replaceAll('"Engineering"', `"${DEPT}"`).replace('"title": "Engineer", "department"', '"title": "Ing\u00e9nieure", "department"'));
  writeFileSync(join(dir, "hr.csv"), hrCsv("NFC"));
  return dir;
}

async function plan(dir: string): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", SCENARIO_NOW]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

const engineers = (p: Plan) => p.changes.filter((c) => c.identity === "grace" || c.identity === "linus").map((c) => `${c.identity} ${c.action} ${c.entitlement ?? ""} ${c.reason}`);

describe("source values in another Unicode form", () => {
  it("a decomposed export matches a where: typed composed: the engineers keep their account and team", async () => {
    const dir = repo();
    writeFileSync(join(dir, "hr.csv"), hrCsv("NFD"));
    const p = await plan(dir);
    expect(engineers(p)).toEqual([]);
    const explained = await runCli(["explain", "grace", "--repo", dir, "--now", SCENARIO_NOW]);
    expect(explained.stdout).toContain("member of (groups in identities/):\n  engineering: birthright");
  });

  it("a where: typed decomposed matches a composed export", async () => {
    const dir = repo();
    const group = join(dir, "identities/groups/engineering.yaml");
    writeFileSync(group, readFileSync(group, "utf8").normalize("NFD"));
    const app = join(dir, "policies/apps/app.yaml");
    writeFileSync(app, readFileSync(app, "utf8").normalize("NFD"));
    expect(engineers(await plan(dir))).toEqual([]);
  });

  it("against a snapshot written composed, a decomposed export moves nobody and revokes nothing", async () => {
    const dir = repo();
    expect((await runCli(["snapshot", "--repo", dir, "--now", SCENARIO_NOW])).code).toBe(0);
    writeFileSync(join(dir, "hr.csv"), hrCsv("NFD"));
    const p = await plan(dir);
    expect(p.changes.filter((c) => c.action === "revoke" || c.move)).toEqual([]);
    expect(engineers(p)).toEqual([]);
  });

  it("a snapshot that holds decomposed text (written before, or edited on a Mac) is read as the composed export", async () => {
    const dir = repo();
    // grace's explicit privileged membership is re-reviewed when she moves (privilege-after-move).
    writeFileSync(join(dir, "identities/groups/platform-admins.yaml"), "kind: Group\nid: platform-admins\nprivileged: true\nowners: [ada]\nbirthright:\n  - kinds: [person]\n    where: { department: Platform }\nmembers:\n  - identity: grace\n    reason: on-call rota\n");
    expect((await runCli(["snapshot", "--repo", dir, "--now", SCENARIO_NOW])).code).toBe(0);
    const snapshot = join(dir, "state/sources/hr.json");
    writeFileSync(snapshot, readFileSync(snapshot, "utf8").normalize("NFD"));
    const p = await plan(dir);
    expect(p.changes.filter((c) => c.action === "revoke" || c.move)).toEqual([]);
    expect(p.findings.filter((f) => f.rule === "privilege-after-move")).toEqual([]);
  });

  it("the snapshot of a decomposed export holds the values composed, and the anchor as exported", async () => {
    const dir = repo();
    writeFileSync(join(dir, "hr.csv"), hrCsv("NFD"));
    expect((await runCli(["snapshot", "--repo", dir, "--now", SCENARIO_NOW])).code).toBe(0);
    const text = readFileSync(join(dir, "state/sources/hr.json"), "utf8");
    const grace = (JSON.parse(text) as { records: Array<{ externalId: string; department: string; title: string }> }).records.find((r) => r.externalId === "W3")!;
    expect(grace.department).toBe(DEPT);
    expect(grace.title).toBe("Ing\u00e9nieure");
    expect(text).not.toContain("e\u0301");
    // The same export gives the same snapshot, byte for byte.
    expect((await runCli(["snapshot", "--repo", dir, "--now", SCENARIO_NOW])).code).toBe(0);
    expect(readFileSync(join(dir, "state/sources/hr.json"), "utf8")).toBe(text);
  });
});

describe("status values in another Unicode form", () => {
  const withStatusValues = (dir: string, values: string) => {
    const config = join(dir, "scopesync.yaml");
    writeFileSync(config, readFileSync(config, "utf8").replace('      exportedAt: "2026-11-26T06:00:00Z"\n', `      exportedAt: "2026-11-26T06:00:00Z"\n      statusValues: ${values}\n`));
  };

  it("a decomposed status is the composed value of statusValues", async () => {
    const dir = repo();
    withStatusValues(dir, '{ Active: active, "Cong\u00e9": suspended, Parti: terminated }');
    writeFileSync(join(dir, "hr.csv"), hrCsv("NFD", "Cong\u00e9"));
    const r = await runCli(["explain", "grace", "--repo", dir, "--now", SCENARIO_NOW]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("grace (person, suspended)");
  });

  it("a refused status that only reads like a known one says so, with the code points", async () => {
    const dir = repo();
    writeFileSync(join(dir, "hr.csv"), hrCsv("NFC", "On\u00a0Leave"));
    const r = await runCli(["plan", "--repo", dir, "--now", SCENARIO_NOW]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown WorkerStatus "On\u00a0Leave"');
    expect(r.stderr).toContain('"On\\u00a0Leave" only reads like the known "on leave"');
  });
});
