// The bundled example with its HR export cut short (the first 20 of 61 rows): the minRecords and
// maxChurn gates fail. The Globex people HR no longer exports are still in the Globex LDAP export,
// under other logins and with Globex's departments; resolved from it alone they would lose their
// GitHub teams and accounts, and get second accounts (with globex: anchors) in crm and local. A
// source that fails its gates decides nothing about them: they are held as the last accepted
// snapshot had them, and a source-person-held warning names them.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { copyExample } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

const NOW = "2026-11-26T09:00:00Z";
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function planWithShortHr(): Promise<{ plan: Plan; dir: string }> {
  const example = copyExample();
  cleanup = example.cleanup;
  const hr = join(example.dir, "examples/exports/hr.csv");
  writeFileSync(hr, `${readFileSync(hr, "utf8").split("\n").slice(0, 21).join("\n")}\n`);
  const r = await runCli(["plan", "--repo", example.dir, "--format", "json", "--now", NOW]);
  expect(r.code).toBe(3);
  return { plan: JSON.parse(r.stdout) as Plan, dir: example.dir };
}

describe("a source that fails its gates, with people another source still exports", () => {
  it("plans nothing for them: no globex-anchored second account, no change for the Globex people HR lost", async () => {
    const { plan } = await planWithShortHr();
    expect(plan.blocked).toBe(true);
    const globexLogins = ["cdubois", "elund", "fzahra", "lmeier", "mgarcia", "npetrova", "rsingh", "ytanabe", "gobi", "pnovak"];
    const theirs = plan.changes.filter((c) => globexLogins.includes(c.identity) || ["chloe.dubois", "erik.lund", "fatima.zahra", "lukas.meier", "mateo.garcia", "nina.petrova", "raj.singh", "yuki.tanabe", "grace.obi", "petr.novak"].includes(c.identity));
    expect(theirs).toEqual([]);
    // The Globex joiner the full plan also creates is the only globex-anchored account made.
    const globexCreates = plan.changes.filter((c) => c.action === "create-account" && c.attributes?.externalId?.to?.startsWith("globex:"));
    expect(globexCreates.map((c) => `${c.target} ${c.identity}`)).toEqual(["local akim"]);
    const held = plan.findings.filter((f) => f.rule === "source-person-held");
    expect(held.map((f) => [f.severity, f.location])).toEqual([["warning", "scopesync.yaml:14"]]);
    expect(held[0]!.message).toBe('source "hr" failed its quality gates and no longer exports 10 person(s) that another source still does: chloe.dubois, erik.lund, fatima.zahra, grace.obi, lukas.meier, mateo.garcia, nina.petrova, pavel.novak, rajesh.singh, yuki.tanabe; they are held, with no change planned for them, until it passes');
    // Held people are not renames: no overlay-login-stale for them.
    expect(plan.findings.filter((f) => f.rule === "overlay-login-stale")).toEqual([]);
  });

  it("validate gives no rename advice for them, and says the failing source's missing names are unknown", async () => {
    const { dir } = await planWithShortHr();
    const r = await runCli(["validate", "--repo", dir]);
    expect(r.stderr.split("\n")[0]).toBe('note: source "hr" fails its quality gates (scopesync plan shows which): a name reported as not defined may be one it no longer exports, which is unknown, not gone');
    // Before: "person "chloe.dubois" is the earlier login of cdubois, whom the sources renamed", for each Globex overlay.
    expect(r.stderr).not.toMatch(/renamed|earlier login/);
    expect(r.stderr).not.toContain("chloe.dubois");
  });

  it("explain says why: held as the last accepted snapshot had them", async () => {
    const { dir } = await planWithShortHr();
    const r = await runCli(["explain", "chloe.dubois", "--app", "github", "--repo", dir, "--now", NOW]);
    expect(r.stdout).toContain("held: hr failed its quality gates and no longer exports this person, whom another source still does");
    expect(r.stdout).toContain("decision: nothing: hr failed its quality gates and no longer exports this person (finding source-person-held); no change until it passes");
    // The account it has, as the state shows it: held, not "none".
    expect(r.stdout).toMatch(/account now \([^)]*\): cdubois/);
    const listed = await runCli(["identities", "--repo", dir, "--now", NOW]);
    expect(listed.stdout).toContain("chloe.dubois  person  active  anchor hr:W1052\n  merged records: globex:b870e923-3b6d-11ea-9ad4-5254009e3c1d, hr:W1052\n  held: hr failed its quality gates and no longer exports this person; nothing is planned for them until it passes\n");
  });
});
