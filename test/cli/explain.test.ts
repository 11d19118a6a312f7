import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { EXAMPLE_NOW, EXAMPLE_ROOT } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";
import { buildScenario, SCENARIO_NOW, scenarioNames } from "../helpers/scenario.js";

// `explain` renders the planner's own decisions. Golden files on the bundled example, one per
// semantic, were read line by line; UPDATE_GOLDEN=1 rewrites them (then read the diff).
const GOLDEN = new URL("./explain/", import.meta.url).pathname;
const CASES: Array<[file: string, args: string[]]> = [
  ["mover-marcus.chen.txt", ["marcus.chen"]],
  ["leaver-derek.walsh.txt", ["derek.walsh", "--app", "github"]],
  ["unmanaged-account-demo.user.txt", ["account:demo.user"]],
  ["nhi-owner-gone-svc-demo-provisioner.txt", ["svc-demo-provisioner", "--app", "github"]],
  ["rehire-jonas.berg.txt", ["jonas.berg", "--app", "github"]],
];

describe("explain on the example organisation (golden)", () => {
  for (const [file, args] of CASES) {
    it(`${args.join(" ")} → ${file}`, async () => {
      const r = await runCli(["explain", ...args, "--now", EXAMPLE_NOW, "--repo", EXAMPLE_ROOT]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const path = join(GOLDEN, file);
      if (process.env.UPDATE_GOLDEN || !existsSync(path)) writeFileSync(path, r.stdout);
      expect(r.stdout).toBe(readFileSync(path, "utf8"));
      expect(assertConsistent(r.stdout)).toBeGreaterThan(0);
    });
  }

  it("finds an identity by its anchor and by its email, and an unmanaged account by its login", async () => {
    const byId = (await runCli(["explain", "marcus.chen", "--now", EXAMPLE_NOW, "--repo", EXAMPLE_ROOT])).stdout;
    expect((await runCli(["explain", "hr:W1012", "--now", EXAMPLE_NOW, "--repo", EXAMPLE_ROOT])).stdout).toBe(byId);
    expect((await runCli(["explain", "Marcus.Chen@acme-robotics.example", "--now", EXAMPLE_NOW, "--repo", EXAMPLE_ROOT])).stdout).toBe(byId);
    const account = (await runCli(["explain", "account:demo.user", "--now", EXAMPLE_NOW, "--repo", EXAMPLE_ROOT])).stdout;
    expect((await runCli(["explain", "demo.user", "--now", EXAMPLE_NOW, "--repo", EXAMPLE_ROOT])).stdout).toBe(account);
  });

  it("any spelling of an anchor, and a renamed person's earlier login (docs/formats.md, Value types)", async () => {
    const lower = await runCli(["explain", "hr:w1012", "--now", EXAMPLE_NOW, "--repo", EXAMPLE_ROOT]);
    expect(lower.code, lower.stderr).toBe(0);
    expect(lower.stdout).toBe((await runCli(["explain", "marcus.chen", "--now", EXAMPLE_NOW, "--repo", EXAMPLE_ROOT])).stdout);
    // HR renamed mei.tanaka to mei.kowalski (the same worker, hr:W1027).
    const now = (await runCli(["explain", "mei.kowalski", "--now", EXAMPLE_NOW, "--repo", EXAMPLE_ROOT])).stdout;
    const earlier = await runCli(["explain", "Mei.Tanaka", "--now", EXAMPLE_NOW, "--repo", EXAMPLE_ROOT]);
    expect(earlier.code, earlier.stderr).toBe(0);
    expect(earlier.stdout).toBe(now);
    expect(earlier.stderr).toBe('explain: "mei.tanaka" is the earlier login of mei.kowalski, whom the sources renamed\n');
  });

  it("a name that is neither: exit 1 with the closest name a plan knows", async () => {
    const r = await runCli(["explain", "account:demo.usr", "--now", EXAMPLE_NOW, "--repo", EXAMPLE_ROOT]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: no identity or account "account:demo.usr"\n  fix: did you mean "account:demo.user"? (scopesync identities lists every identity)\n');
  });
});

/**
 * What explain says must agree with itself and the plan: an entitlement is never both justified
 * and not; a planned grant is justified and not held; a planned revoke is held and not justified.
 */
function assertConsistent(text: string): number {
  let checked = 0;
  for (const section of text.split(/\n(?=app )/).slice(1)) {
    const seen = new Map<string, string>();
    for (const m of section.matchAll(/^ {4}(\S+?)(?: \(privileged\))?: (held|not held), (justified by|not justified)[^;\n]*(?:; planned: (\S+)|; not (revoked|granted): see the decision)?$/gm)) {
      const [, entitlement, held, justified, planned, kept] = m;
      checked++;
      if (kept === "revoked") expect([held, justified]).toEqual(["held", "not justified"]);
      if (kept === "granted") expect([held, justified]).toEqual(["not held", "justified by"]);
      expect(seen.has(entitlement!), `${entitlement} listed twice`).toBe(false);
      seen.set(entitlement!, justified!);
      if (planned === "grant") expect([held, justified]).toEqual(["not held", "justified by"]);
      if (planned === "revoke") expect([held, justified]).toEqual(["held", "not justified"]);
      if (!planned && !kept) expect((held === "held") === (justified === "justified by"), `${entitlement}: ${held}, ${justified}, nothing planned`).toBe(true);
    }
  }
  return checked;
}

describe("explain answers for every identity string a plan contains", () => {
  const check = async (dir: string, now: string) => {
    const plan = JSON.parse((await runCli(["plan", "--format", "json", "--now", now, "--repo", dir])).stdout) as Plan;
    for (const name of new Set(plan.changes.map((c) => c.identity))) {
      const r = await runCli(["explain", name, "--now", now, "--repo", dir]);
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      // Every change the plan makes for the name is in its explanation, with its reason.
      for (const c of plan.changes.filter((x) => x.identity === name)) expect(r.stdout).toContain(`    ${c.action}${c.entitlement ? ` ${c.entitlement}` : ""}${c.credential ? ` credential ${c.credential}` : ""} (${c.origin}${c.privileged ? ", privileged" : ""}${c.move ? ", mover" : ""}): ${c.reason}`);
      assertConsistent(r.stdout);
    }
    return plan.changes.length;
  };

  it("on the example organisation", async () => {
    expect(await check(EXAMPLE_ROOT, EXAMPLE_NOW)).toBe(42);
  });

  for (const name of scenarioNames()) {
    describe(`scenario ${name}`, () => {
      let repo: { dir: string; cleanup: () => void };
      beforeAll(async () => {
        repo = await buildScenario(name);
      });
      afterAll(() => repo.cleanup());
      it("every name", async () => {
        await check(repo.dir, SCENARIO_NOW);
      });
    });
  }
});

describe("explain by an earlier login that also names an account no identity holds", () => {
  it("shows the renamed person and the account's planned changes, in any spelling of the login", async () => {
    const repo = await buildScenario("gate-failed-held-left-accepted");
    try {
      for (const asked of ["linus", "Linus", " linus"]) {
        const r = await runCli(["explain", asked, "--now", SCENARIO_NOW, "--repo", repo.dir]);
        expect(r.code).toBe(0);
        expect(r.stderr).toBe('explain: "linus" is the earlier login of ltorvalds, whom the sources renamed\n');
        expect(r.stdout.split("\n")[0]).toBe("ltorvalds (person, terminated), anchor dir:D4");
        expect(r.stdout).toContain("linus: no identity has this account; what each app decided for it:");
        expect(r.stdout).toContain("    disable-account (source): hr:W4 is no longer in source \"hr\" (the export passed its gates (required, minRecords 4, maxChurn 60%) and the built-in checks)");
      }
    } finally {
      repo.cleanup();
    }
  });
});

describe("explain and identities on a held person who left", () => {
  it("say the held leaver is offboarded all the same, not that nothing is planned", async () => {
    const repo = await buildScenario("gate-failed-held-left-by-authority");
    try {
      const r = await runCli(["explain", "linus", "--now", SCENARIO_NOW, "--repo", repo.dir]);
      expect(r.stdout).toContain("held: hr failed its quality gates and no longer exports this person, whom another source still does; shown as the last accepted snapshot had them, offboarded all the same: they left (status terminated)\n");
      expect(r.stdout).toContain("  status = terminated    from dir dir.csv row 1 (line 2) (authoritative: dir)\n");
      expect(r.stdout).toContain("    disable-account (source)");
      const listed = await runCli(["identities", "--now", SCENARIO_NOW, "--repo", repo.dir]);
      expect(listed.stdout).toContain("  held: hr failed its quality gates and no longer exports this person; they left (status terminated), so they are offboarded all the same\n");
    } finally {
      repo.cleanup();
    }
  });
});
