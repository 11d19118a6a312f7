import { describe, expect, it } from "vitest";
import { flagParts } from "../../src/cli/command.js";
import { GLOBAL_OPTIONS } from "../../src/cli/options.js";
import { COMMANDS } from "../../src/cli/registry.js";
import { runCli } from "../helpers/run-cli.js";

describe("help", () => {
  it("lists every command with its summary, the exit codes and examples", async () => {
    const r = await runCli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: scopesync <command> \[options\]/);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c.name}\\b.*  ${c.summary.slice(0, 30).replace(/[()]/g, "\\$&")}`, "m"));
    expect(r.stdout).toContain("Exit codes: 0 ok, 1 invalid input");
    expect(r.stdout).toContain("Examples:\n  scopesync validate");
    expect((await runCli([])).stdout).toBe(r.stdout);
  });

  for (const c of COMMANDS) {
    it(`${c.name} --help shows its own usage, every flag, examples and exit codes; help ${c.name} says the same`, async () => {
      const r = await runCli([c.name, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe("");
      expect(r.stdout).toMatch(new RegExp(`^Usage: scopesync ${c.name} `));
      for (const o of [...c.options, ...GLOBAL_OPTIONS]) expect(r.stdout).toMatch(new RegExp(`^  --${flagParts(o.flags).long}\\b`, "m"));
      expect(c.examples.length).toBeGreaterThan(0);
      expect(r.stdout).toContain(`Examples:\n${c.examples.map((e) => `  ${e}`).join("\n")}\n`);
      expect(c.examples.some((e) => e.startsWith(`scopesync ${c.name}`) || e.includes(`scopesync ${c.name} `))).toBe(true);
      expect(r.stdout).toContain(`Exit codes: ${c.exitCodes}`);
      expect((await runCli(["help", c.name])).stdout).toBe(r.stdout);
    });
  }

  it("plan --help documents --live and its other flags", async () => {
    const r = await runCli(["plan", "--help"]);
    expect(r.stdout).toMatch(/^  --live +read every target through its connector/m);
    expect(r.stdout).toMatch(/^  --format <format> +text \(colour on a terminal\), markdown/m);
  });

  it("apply --help and drift --help are their own, not the general usage", async () => {
    expect((await runCli(["apply", "--help"])).stdout).toMatch(/^Usage: scopesync apply \[options\]\n\nRe-plans against the live targets/);
    expect((await runCli(["drift", "--help"])).stdout).toMatch(/^Usage: scopesync drift \[options\]\n\nReads every target/);
  });

  it("drift --help says a blocked plan exits 2 too, as drift does (test/apply/duplicate-link.test.ts)", async () => {
    const help = (await runCli(["drift", "--help"])).stdout;
    expect(help).toContain("Exit codes: 0 no drift, 1 invalid input or unreadable target, 2 drift found or the plan is blocked by an error finding");
  });

  it("--version prints the package version", async () => {
    expect((await runCli(["--version"])).stdout).toMatch(/^scopesync \d+\.\d+\.\d+\n$/);
  });
});
