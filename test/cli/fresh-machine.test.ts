import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { INSTALL_LINE } from "../servers/slapd.js";

// The front door on a machine without slapd: `npm test` must not fail there for want of a server
// that npm cannot install, and CI must not go green by skipping. A nested vitest run of the LDAP
// test file, with slapd pointed at a path that does not exist, shows both.
const ROOT = new URL("../../", import.meta.url).pathname;

function vitestWithoutSlapd(ci: boolean): { code: number | null; out: string } {
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) if (k !== "CI" && !k.startsWith("VITEST") && k !== "NODE_ENV") env[k] = v;
  env.SCOPESYNC_TEST_SLAPD = "/nonexistent/slapd";
  env.NO_COLOR = "1";
  if (ci) env.CI = "true";
  const r = spawnSync(process.execPath, ["node_modules/vitest/vitest.mjs", "run", "test/sources/ldap.test.ts"], { cwd: ROOT, env, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe("a machine without slapd", () => {
  it("without CI: skips exactly the LDAP tests after one notice naming the install command, and counts them as skipped", () => {
    const r = vitestWithoutSlapd(false);
    expect(r.code).toBe(0);
    const notices = r.out.split("\n").filter((l) => l.startsWith("notice: not installed:"));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain("slapd (for the LDAP source tests in test/sources/ldap.test.ts)");
    expect(notices[0]).toContain(INSTALL_LINE);
    // Every test in the file but one is skipped: the one that checks the harness's own
    // "not installed" message needs no server. Our summary line counts them as skipped.
    const total = Number(/Tests\s+1 passed \| (\d+) skipped \((\d+)\)/.exec(r.out)?.[2]);
    expect(total).toBeGreaterThan(10);
    expect(r.out).toMatch(new RegExp(`^1 passed, 0 failed, ${total - 1} skipped$`, "m"));
  });

  it("with CI set: fails the run, naming what is missing and how to install it", () => {
    const r = vitestWithoutSlapd(true);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain("CI is set and slapd (for the LDAP source tests in test/sources/ldap.test.ts) is not installed");
    expect(r.out).toContain(INSTALL_LINE);
    expect(r.out).not.toMatch(/^[1-9]\d* passed/m);
  });
});
