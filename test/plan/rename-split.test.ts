// HR renames W1050 nina.petrova → nina.novak with a new e-mail; her Globex LDAP entry (no
// employeeNumber, joined to her by e-mail only) still has the old one. The LDAP record used to
// split off into a person of its own (npetrova), planned as a joiner with its own account, and
// the rename was dropped; when HR terminated her, that account was never offboarded.
// src/resolve/split-off.ts keeps it with her, as the last accepted snapshot had it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { editFile, EXAMPLE_NOW, exampleForTest } from "../helpers/example-copy.js";

const LDAP = "globex:0cdb7dc5-8370-11e8-9aba-5254009e3c1d";
const OLD_ROW = "W1050,nina.petrova,Nina,Petrova,nina.petrova@globex.example,";
const NEW_ROW = "W1050,nina.novak,Nina,Novak,nina.novak@acme-robotics.example,";

async function plan(dir: string): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", EXAMPLE_NOW]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

/** The example with HR's rename of W1050 (login and e-mail); Globex LDAP not updated yet. */
function renamedInHr(): string {
  const dir = exampleForTest();
  editFile(join(dir, "examples", "exports", "hr.csv"), (t) => {
    expect(t).toContain(OLD_ROW);
    return t.replace(OLD_ROW, NEW_ROW);
  });
  return dir;
}

const nina = (p: Plan) => p.changes.filter((c) => ["nina.novak", "nina.petrova", "npetrova"].includes(c.identity)).map((c) => `${c.target} ${c.action} ${c.identity}${c.entitlement ? ` ${c.entitlement}` : ""}`);

describe("a rename in HR whose new e-mail LDAP does not have yet", () => {
  it("is a rename in place: the LDAP record stays hers, no new person or account, a warning names the e-mails", async () => {
    const p = await plan(renamedInHr());
    // Only the rename: no create-account or grant for npetrova, and her Globex team is not revoked.
    expect(nina(p)).toEqual(["local update-account nina.novak"]);
    expect(p.changes.find((c) => c.target === "local" && c.identity === "nina.novak")?.reason).toBe("rename in place: login nina.petrova → nina.novak");
    const kept = p.findings.filter((f) => f.rule === "split-record-kept");
    expect(kept.map((f) => [f.severity, f.identity])).toEqual([["warning", "nina.novak"]]);
    expect(kept[0]!.message).toContain(`${LDAP} was part of nina.petrova (hr:W1050) in the last accepted snapshot`);
    expect(kept[0]!.message).toContain('hr:W1050 has employeeId "W1050", email "nina.novak@acme-robotics.example"');
    expect(kept[0]!.message).toContain(`${LDAP} has employeeId none, email "nina.petrova@globex.example"`);
    expect(p.blocked).toBe(false);
  });

  it("stays so after the day's snapshot is accepted: the snapshot keeps the LDAP record on her anchor record", async () => {
    const dir = renamedInHr();
    const accepted = await runCli(["snapshot", "--repo", dir, "--now", EXAMPLE_NOW]);
    expect(accepted.code, accepted.stderr).toBe(0);
    const records = (JSON.parse(readFileSync(join(dir, "examples", "snapshots", "hr.json"), "utf8")) as { records: Array<{ externalId: string; keptRecords?: string[] }> }).records;
    expect(records.find((r) => r.externalId === "W1050")?.keptRecords).toEqual([LDAP]);
    expect(records.filter((r) => r.keptRecords !== undefined).map((r) => r.externalId)).toEqual(["W1050"]);
    const p = await plan(dir);
    expect(nina(p).filter((c) => c.includes("npetrova") || c.includes("create-account"))).toEqual([]);
    expect(p.findings.filter((f) => f.rule === "split-record-kept").map((f) => f.identity)).toEqual(["nina.novak"]);
  });

  it("is not merged back when another HR worker now has her old e-mail: an error until a links entry decides", async () => {
    const dir = renamedInHr();
    editFile(join(dir, "examples", "exports", "hr.csv"), (t) => `${t.trimEnd()}\nW1099,nina.p,Nina,Perez,nina.petrova@globex.example,Active,Employee,Firmware Engineer,Engineering,W1009,2026-11-20,\n`);
    const p = await plan(dir);
    const moved = p.findings.filter((f) => f.rule.startsWith("split-record-"));
    expect(moved.map((f) => [f.rule, f.severity, f.identity])).toEqual([["split-record-moved", "error", "nina.p"]]);
    expect(moved[0]!.message).toContain(`${LDAP} was part of nina.petrova (hr:W1050) in the last accepted snapshot and now correlates with hr:W1099`);
    expect(p.blocked).toBe(true);

    editFile(join(dir, "identities", "links.yaml"), (t) => t.replace("links:\n", `links:\n  - records: [hr:W1099, "${LDAP}"]\n    reason: the Globex entry is Nina Perez's now\n`));
    const decided = await plan(dir);
    expect(decided.findings.filter((f) => f.rule.startsWith("split-record-"))).toEqual([]);
  });
});
