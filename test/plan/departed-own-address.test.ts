// Before a deciding source's first snapshot, a gone anchor's account says who left
// (departed-unsnapshotted.ts). rv101 H1: it was matched by every address the account held, so the
// leaver's mapped `manager` (Dana, a directory-only VP) made her the leaver and she was offboarded;
// and one gone anchor matched by two people offboarded both. Now only the account's own addresses
// match (its login, what the policy maps from `email`/`emails`), and an anchor two people match
// decides nobody. The repository follows the review's repro script.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();
const NOW = "2026-11-26T09:00:00Z";
const HEADER = "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate";
// HR (new, no snapshot yet) no longer exports linus (W4): he left.
const HR = ["W1,ada,Ada,Lovelace,ada@corp.example,Active,Employee,Head of Platform,Platform,,2019-01-07,", "W2,alan,Alan,Turing,alan@corp.example,Active,Employee,Platform Engineer,Platform,W1,2020-02-03,", "W3,grace,Grace,Hopper,grace@corp.example,Active,Employee,Engineer,Engineering,W1,2021-03-01,"];
const LINUS = "D4,linus@corp.example,Linus,Torvalds,linus@corp.example,Active,Employee,Engineer,Engineering,,2022-04-04,";
const DANA = "D9,dana@corp.example,Dana,Scully,dana@corp.example,Active,Employee,VP Engineering,Engineering,,2018-01-01,";

const MAPPED = ["    displayName: { from: displayName }", "    mail: { from: email }", "    manager: { from: manager }"];

function repo(dir: string[], linusAttributes: Record<string, string>, mappings: string[] = MAPPED): string {
  const root = tempDir("scopesync-departed-own-");
  for (const sub of ["state", "policies/apps", "identities/groups"]) mkdirSync(join(root, sub), { recursive: true });
  writeFileSync(join(root, "scopesync.yaml"), [
    "version: 1", "organisation: rv101", "sources:",
    "  hr:", "    type: csv", "    path: hr.csv", "    authoritative: [name, department, title, manager, employmentType, status, employeeId]",
    "    gates: { required: [externalId, userName, status], maxChurn: \"60%\", minRecords: 3 }", "    options: { exportedAt: \"2026-11-26T06:00:00Z\" }",
    "  dir:", "    type: csv", "    path: dir.csv", "    options: { exportedAt: \"2026-11-26T06:00:00Z\" }",
    "correlation: { precedence: [hr, dir] }",
    "targets:", "  app: { type: file, path: state/app.json, runAs: scopesync-bot }",
    "safety: { default: { deletes: { count: 5 }, disables: { count: 5 }, removals: { count: 10 }, changes: { count: 50 }, floor: 10 } }", "",
  ].join("\n"));
  writeFileSync(join(root, "policies/apps/app.yaml"), [
    "kind: AppPolicy", "id: app", "target: app", "scope: { include: [ { kinds: [person], where: { department: [Engineering, Platform] } } ] }",
    "accounts:", "  attributes:", ...mappings,
    "entitlements: [ { group: engineering, entitlement: \"team:engineering\" } ]", "onLeaveScope: disable", "",
  ].join("\n"));
  writeFileSync(join(root, "identities/groups/engineering.yaml"), "kind: Group\nid: engineering\nbirthright:\n  - kinds: [person]\n    where: { department: Engineering }\n");
  writeFileSync(join(root, "hr.csv"), `${[HEADER, ...HR].join("\n")}\n`);
  writeFileSync(join(root, "dir.csv"), `${[HEADER, ...dir].join("\n")}\n`);
  const account = (id: string, login: string, anchor: string, attributes: Record<string, string>, entitlements: string[] = []) => ({ id, login, externalId: anchor, active: true, attributes, entitlements });
  const accounts = [
    account("a1", "ada", "hr:W1", { displayName: "Ada Lovelace", mail: "ada@corp.example" }),
    account("a2", "alan", "hr:W2", { displayName: "Alan Turing", mail: "alan@corp.example" }),
    account("a3", "grace", "hr:W3", { displayName: "Grace Hopper", mail: "grace@corp.example" }, ["team:engineering"]),
    account("a4", "linus", "hr:W4", { displayName: "Linus Torvalds", ...linusAttributes }, ["team:engineering"]),
    account("a9", "dana@corp.example", "dir:D9", { displayName: "Dana Scully", mail: "dana@corp.example" }, ["team:engineering"]),
    { id: "a0", login: "scopesync-bot", active: true, attributes: {}, entitlements: [] },
  ];
  writeFileSync(join(root, "state/app.json"), JSON.stringify({ formatVersion: 1, target: "app", readAt: "2026-11-26T06:00:00Z", accounts, credentials: [] }, null, 2));
  return root;
}

async function plan(dir: string): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", NOW]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

const actionsOf = (p: Plan, identity: string) => p.changes.filter((c) => c.identity === identity).map((c) => c.action);
const findingsOf = (p: Plan, rule: string) => p.findings.filter((f) => f.rule === rule);

describe("departed-still-exported before the first snapshot matches the account's own addresses only (rv101 H1)", () => {
  it("does not offboard the person whose address is only the leaver account's manager attribute", async () => {
    const p = await plan(repo([LINUS, DANA], { mail: "linus@corp.example", manager: "dana@corp.example" }));
    expect(actionsOf(p, "dana@corp.example")).toEqual([]);
    // The leaver is matched by the address the policy maps from his e-mail (`mail`), and only he.
    expect(findingsOf(p, "departed-still-exported").map((f) => [f.identity, f.message.slice(0, f.message.indexOf("): ") + 1)])).toEqual([["linus@corp.example", 'linus@corp.example (dir:D4, active) matches hr:W4 (app account "linus"; the e-mail linus@corp.example)']]);
    expect(actionsOf(p, "linus@corp.example")).toEqual([]);
    expect(actionsOf(p, "hr:W4")).toEqual(["revoke", "disable-account"]);
    expect(p.blocked).toBe(false);
  });

  it("matches by an e-mail attribute the policy does not map (an imported state), in any case", async () => {
    // `email`/`emails`/`mail` hold the holder's own address by convention: unmatched, the leaver was disabled and made a joiner.
    for (const attribute of ["email", "Emails", "MAIL"]) {
      const p = await plan(repo([LINUS], { [attribute]: "linus@corp.example" }, ["    displayName: { from: displayName }"]));
      expect(findingsOf(p, "departed-still-exported").map((f) => f.identity)).toEqual(["linus@corp.example"]);
      expect(actionsOf(p, "linus@corp.example")).toEqual([]);
      expect(actionsOf(p, "hr:W4")).toEqual(["revoke", "disable-account"]);
    }
  });

  it("does not match by an `email` attribute the policy fills from the manager", async () => {
    // Named `email` but mapped from someone else's address: matched by it, Dana was offboarded as the leaver.
    const p = await plan(repo([LINUS, DANA], { email: "dana@corp.example" }, ["    displayName: { from: displayName }", "    Email: { from: manager }"]));
    expect(findingsOf(p, "departed-still-exported")).toEqual([]);
    expect(actionsOf(p, "dana@corp.example")).toEqual([]);
    expect(actionsOf(p, "linus@corp.example")).toContain("create-account");
  });

  it("does not match by an unmapped `email` where the policy maps the holder's address to `mail`", async () => {
    // The policy says the own address is in `mail`: an unmapped `email` beside it holds another's (a supervisor's), rv108 L1.
    const p = await plan(repo([LINUS, DANA], { mail: "linus@corp.example", email: "dana@corp.example" }));
    expect(findingsOf(p, "departed-still-exported").map((f) => f.identity)).toEqual(["linus@corp.example"]);
    expect(findingsOf(p, "departed-match-ambiguous")).toEqual([]);
    expect(actionsOf(p, "dana@corp.example")).toEqual([]);
    expect(actionsOf(p, "linus@corp.example")).toEqual([]);
  });

  it("decides nobody when one gone anchor matches two people, and names the anchor and both", async () => {
    // The account's login is one person's address and its mapped mail another's: which of them left is not known.
    const LINA = "D5,lina@corp.example,Lina,Torvalds,lina@corp.example,Active,Employee,Engineer,Engineering,,2023-01-09,";
    const root = repo([LINUS, LINA], { mail: "lina@corp.example" });
    const state = join(root, "state/app.json");
    const saved = JSON.parse(readFileSync(state, "utf8")) as { accounts: Array<{ id: string; login: string }> };
    saved.accounts.find((a) => a.id === "a4")!.login = "linus@corp.example";
    writeFileSync(state, JSON.stringify(saved, null, 2));
    const p = await plan(root);
    expect(findingsOf(p, "departed-still-exported")).toEqual([]);
    const ambiguous = findingsOf(p, "departed-match-ambiguous");
    expect(ambiguous.map((f) => [f.severity, f.identity])).toEqual([["warning", "lina@corp.example"], ["warning", "linus@corp.example"]]);
    expect(ambiguous[0]!.message).toBe('hr:W4 (app account "linus@corp.example") is no longer in "hr", and 2 people match it: lina@corp.example (dir:D5; the e-mail lina@corp.example), linus@corp.example (dir:D4; the e-mail linus@corp.example). One worker cannot be 2 people, so none of them is offboarded as its leaver: each keeps the status their sources give, and hr:W4\'s accounts are offboarded as a gone anchor\'s');
    for (const who of ["lina@corp.example", "linus@corp.example"]) expect(actionsOf(p, who)).not.toContain("disable-account");
    expect(actionsOf(p, "hr:W4")).toEqual(["revoke", "disable-account"]);
  });
});
