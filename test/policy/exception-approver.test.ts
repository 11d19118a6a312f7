// An exception is a waiver someone accountable approved (rv78 finding 2): an author excepted
// themselves from separation of duties with `approver:` themselves and `expiresAt: "2099-12-31"`,
// validate passed it and the plan read "ready for review". validate now refuses an exception approved
// by the identity it waives (by any of their names) or running longer than `exceptions.maxLength`
// (default 365d), at file:line:col; a plan that meets one anyway does not apply it. The bundled
// example, copied; the real CLI.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { editFile, EXAMPLE_NOW, exampleForTest } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

const RULES = "policies/rules/governance.yaml";
const SOD = "sod-finance-approver-sales-ops";

/** The example with FIN-311 (sofia.lindqvist's SoD exception, approved by helen.park) edited. */
function withException(edit: (text: string) => string, config?: (text: string) => string): string {
  const dir = exampleForTest();
  editFile(join(dir, RULES), edit);
  if (config) editFile(join(dir, "scopesync.yaml"), config);
  return dir;
}

const approvedBy = (approver: string) => (text: string) => text.replace("approver: helen.park", `approver: ${approver}`);
const expiring = (date: string) => (text: string) => text.replace('expiresAt: "2027-01-31"', `expiresAt: "${date}"`);
/** A day `days` from today, as expiresAt is written (validate reads the clock). */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function plan(dir: string): Promise<{ code: number; plan: Plan }> {
  const out = join(dir, "plan.json");
  const { code } = await runCli(["plan", "--repo", dir, "--now", EXAMPLE_NOW, "--format", "json", "--out", out]);
  return { code, plan: JSON.parse(readFileSync(out, "utf8")) as Plan };
}

describe("an exception approved by the identity it waives", () => {
  it("is refused by validate at the approver, with how to fix it", async () => {
    const dir = withException(approvedBy("sofia.lindqvist"));
    const { code, stdout, stderr } = await runCli(["validate", "--repo", dir]);
    expect(code).toBe(1);
    const out = stdout + stderr;
    expect(out).toMatch(new RegExp(`${RULES}:\\d+:\\d+: exception FIN-311 \\(rule ${SOD}\\) is approved by "sofia.lindqvist", the identity it waives: nobody approves a waiver of a control for themselves`));
    expect(out).toContain("fix: name as approver another active person");
    expect(out).not.toMatch(/at .*\.js:\d+/);
  });

  it("is the same person under another name: her e-mail address", async () => {
    const dir = withException(approvedBy("sofia.lindqvist@acme-robotics.example"));
    const { code, stdout, stderr } = await runCli(["validate", "--repo", dir]);
    expect(code).toBe(1);
    expect(stdout + stderr).toContain('is approved by "sofia.lindqvist@acme-robotics.example", sofia.lindqvist, the identity it waives, by another name');
  });

  it("waives nothing in a plan that meets it: the error finding stays, says why, and blocks", async () => {
    const { code, plan: p } = await plan(withException(approvedBy("sofia.lindqvist")));
    expect(code).toBe(3);
    expect(p.exceptions?.some((e) => e.identity === "sofia.lindqvist")).toBe(false);
    const sod = p.findings.filter((f) => f.rule === SOD && f.identity === "sofia.lindqvist");
    expect(sod).toHaveLength(1);
    expect(sod[0]!.severity).toBe("error");
    expect(sod[0]!.message).toMatch(/\(exception FIN-311 \(rule sod-finance-approver-sales-ops\) is approved by "sofia.lindqvist", the identity it waives: .*, at policies\/rules\/governance.yaml:\d+: it does not apply\)$/);
  });

  it("approved by someone else, as the example's is, applies", async () => {
    const { plan: p } = await plan(exampleForTest());
    expect(p.exceptions?.map((e) => [e.identity, e.approver])).toEqual([["sofia.lindqvist", "helen.park"]]);
  });
});

describe("an exception longer than exceptions.maxLength", () => {
  it("is refused by validate at expiresAt, past the default of a year", async () => {
    const dir = withException(expiring("2099-12-31"));
    const { code, stdout, stderr } = await runCli(["validate", "--repo", dir]);
    expect(code).toBe(1);
    expect(stdout + stderr).toMatch(/governance\.yaml:\d+:\d+: exception FIN-311 \(rule sod-finance-approver-sales-ops, sofia\.lindqvist\) runs until 2099-12-31, longer than an exception may run: 365d \(the default, as scopesync.yaml sets no exceptions.maxLength\)/);
    expect(await runCli(["validate", "--repo", withException(expiring(inDays(300)))])).toMatchObject({ code: 0 });
  });

  it("follows scopesync.yaml's exceptions.maxLength", async () => {
    const dir = withException(expiring(inDays(45)), (text) => `${text}exceptions:\n  maxLength: 30d\n`);
    const { code, stdout, stderr } = await runCli(["validate", "--repo", dir]);
    expect(code).toBe(1);
    expect(stdout + stderr).toContain("longer than an exception may run: 30d (scopesync.yaml exceptions.maxLength)");
  });

  it("waives nothing in the plan: the finding says why", async () => {
    const { plan: p } = await plan(withException(expiring("2099-12-31")));
    expect(p.exceptions ?? []).toEqual([]);
    expect(p.findings.find((f) => f.rule === SOD && f.identity === "sofia.lindqvist")?.message).toContain("runs until 2099-12-31, longer than an exception may run: 365d");
  });
});
