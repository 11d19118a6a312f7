// A break-glass holder who drops out of the HR export (moved to another legal entity's HR system,
// filtered out by an HR-side change) while the export still passes its gates. Her Person file
// still says breakGlass: true, but it names nobody the sources export (overlay-without-person), so
// her accounts are offboarded under the id and logins the accepted snapshot knew, as origin
// `source` revocations. docs/formats.md §Safety: the guard holds for "any change at all for an
// identity whose Person file says breakGlass: true". It used to pass: the plan was not blocked,
// and apply with a reviewed plan applied the revocations as unreviewed ones.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { editFile, EXAMPLE_NOW, exampleForTest } from "../helpers/example-copy.js";

/** hana.sato (W1006) is the example's break-glass holder of the GitHub owner role. */
const dropHana = (dir: string) => editFile(join(dir, "examples/exports/hr.csv"), (t) => t.split("\n").filter((l) => !l.startsWith("W1006,")).join("\n"));

const localAccount = (dir: string) => (JSON.parse(readFileSync(join(dir, "examples/state/local.json"), "utf8")) as { accounts: Array<{ login: string; active: boolean; entitlements: string[] }> }).accounts.find((a) => a.login === "hana.sato");

describe("a break-glass holder no source exports any more", () => {
  it("blocks the plan for every change to her accounts, by her id and by the GitHub login her file names", async () => {
    const dir = exampleForTest();
    expect(readFileSync(join(dir, "identities/people/hana.sato.yaml"), "utf8")).toContain("breakGlass: true");
    dropHana(dir);
    const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", EXAMPLE_NOW]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(3);
    const plan = JSON.parse(r.stdout) as Plan;
    const hers = plan.changes.filter((c) => c.identity === "hana.sato").map((c) => `${c.target} ${c.action}${c.entitlement ? ` ${c.entitlement}` : ""}`);
    expect(hers).toEqual(["github revoke role:admin", "github revoke team:security", "github disable-account", "local revoke group:everyone", "local disable-account"]);
    const why = ", whom the break-glass Person file identities/people/hana.sato.yaml:2 names (no source exports that person now: overlay-without-person); change break-glass access by hand, with its own review, or remove breakGlass from that file in a reviewed pull request first";
    expect(plan.blockedReasons).toEqual([
      `github: the plan would revoke role:admin for hana.sato (login hsato-sec)${why}`,
      `github: the plan would revoke team:security for hana.sato (login hsato-sec)${why}`,
      `github: the plan would disable-account for hana.sato (login hsato-sec)${why}`,
      `local: the plan would revoke group:everyone for hana.sato (login hana.sato)${why}`,
      `local: the plan would disable-account for hana.sato (login hana.sato)${why}`,
    ]);
    // The overlay's own warning is still there: it says why her file applies to no identity.
    expect(plan.findings.filter((f) => f.rule === "overlay-without-person").map((f) => f.identity)).toEqual(["hana.sato"]);
  });

  it("apply with a plan reviewed before she dropped out applies none of her revocations unreviewed", async () => {
    const dir = exampleForTest();
    const reviewed = join(dir, "reviewed.json");
    const before = await runCli(["plan", "--repo", dir, "--format", "json", "--out", reviewed, "--now", EXAMPLE_NOW]);
    expect(before.code, before.stderr).toBe(0);
    dropHana(dir);
    // apply.unreviewed is revocations-only (the default): her revocations would be applied anyway.
    const r = await runCli(["apply", "--repo", dir, "--plan", reviewed, "--target", "local", "--now", EXAMPLE_NOW]);
    expect(r.code).toBe(3);
    // Blocked by reasons on her changes alone: the others' revocations would go ahead, hers are held.
    expect(r.stderr).toContain("apply is blocked; only the revocations no reason below holds are applied, and nothing that gives access:\n  - local: the plan would revoke group:everyone for hana.sato (login hana.sato), whom the break-glass Person file identities/people/hana.sato.yaml:2 names");
    expect(localAccount(dir)).toMatchObject({ active: true, entitlements: ["group:everyone"] });
    expect(r.stdout).toMatch(/^held back \(held back by the blocked plan: local: the plan would .* for hana\.sato .*\): local disable-account hana\.sato$/m);
  });
});
