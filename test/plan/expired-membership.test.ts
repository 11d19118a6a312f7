// An explicit member added with an `until` already past (rv73 finding 4): `until: "2025-12-31"`,
// meant for 2026, passed validate, and the plan had no change and no finding for it, so the pull
// request read as an elevation and, merged, gave nobody anything. Now it is a warning at the entry.
// The bundled example, copied; the real CLI.
import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { EXAMPLE_NOW, exampleForTest } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

async function plan(dir: string): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", EXAMPLE_NOW]);
  expect([0, 3]).toContain(r.code);
  return JSON.parse(r.stdout) as Plan;
}
const expired = (p: Plan) => p.findings.filter((f) => f.rule === "membership-expired").map(({ rule: _r, ...f }) => f);

describe("an explicit membership whose until has passed", () => {
  it("is a warning at its entry when it grants nothing and the plan revokes nothing for it", async () => {
    const dir = exampleForTest();
    const file = join(dir, "identities/groups/platform-admins.yaml");
    const line = readFileSync(file, "utf8").split("\n").length;
    appendFileSync(file, '  - identity: erik.lund\n    until: "2025-12-31"\n    reason: SRE lead covers the on-call rota (OPS-812)\n');
    const p = await plan(dir);
    expect(p.changes.filter((c) => c.identity === "erik.lund")).toEqual([]);
    expect(expired(p)).toEqual([
      {
        severity: "warning",
        identity: "erik.lund",
        message: `erik.lund's membership of platform-admins (identities/groups/platform-admins.yaml:${line}) ended on 2025-12-31 (until), before 2026-11-26: it grants nothing, and this plan revokes nothing for it`,
        remediation: `if the date is a typo, correct until at identities/groups/platform-admins.yaml:${line}; if the membership is over, delete the entry`,
        location: `identities/groups/platform-admins.yaml:${line}`,
      },
    ]);
  });

  it("is not said where the plan revokes what it granted (the example's nikhil.rao)", async () => {
    const p = await plan(exampleForTest());
    expect(p.changes.some((c) => c.identity === "nikhil.rao" && c.reason.startsWith("grant to platform-admins expired on 2026-11-20"))).toBe(true);
    expect(expired(p)).toEqual([]);
  });
});
