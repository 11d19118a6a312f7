import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planWith, stateWith } from "../helpers/plan-with.js";
import { runCli } from "../helpers/run-cli.js";
import { sarifValidator as validator } from "../helpers/sarif-schema.js";

// SARIF for GitHub code scanning, checked against the SARIF 2.1.0 JSON Schema itself.
const ROOT = new URL("../../", import.meta.url).pathname;

interface Sarif {
  runs: Array<{
    tool: { driver: { name: string; rules: Array<{ id: string; helpUri: string; properties: { "security-severity": string; tags: string[] } }> } };
    results: Array<{ ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>; partialFingerprints: Record<string, string> }>;
  }>;
}

describe("plan --format sarif", () => {
  it("is valid SARIF 2.1.0, with results at the YAML line of each finding", async () => {
    const r = await runCli(["plan", "--repo", ROOT, "--format", "sarif", "--now", "2026-11-26T09:00:00Z"]);
    expect(r.code).toBe(0);
    const log = JSON.parse(r.stdout) as Sarif;
    const validate = validator();
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe("scopesync");
    const stale = run.results.find((x) => x.ruleId === "credential-max-age" && x.message.text.startsWith("svc-ci-deployer") && x.message.text.includes("ci-deployer-deploy-key"))!;
    // A credential a discovery source reported points at the export line that reported it.
    const discovered = run.results.find((x) => x.ruleId === "credential-max-age" && x.message.text.includes("access_key_1 (aws: ci-deployer)"))!;
    expect(discovered.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: "examples/exports/aws/credential-report.csv" }, region: { startLine: 3 } });
    // An entry of a JSON export has no line of its own: the export file, at its first line (not scopesync.yaml).
    const undeclared = run.results.find((x) => x.ruleId === "nhi-undeclared" && x.message.text.includes("demo-lab-provisioner"))!;
    expect(undeclared.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: "examples/exports/entra-apps/applications.json" }, region: { startLine: 1 } });
    expect(stale.level).toBe("warning");
    expect(stale.locations[0]!.physicalLocation.artifactLocation.uri).toBe("identities/service-accounts/svc-ci-deployer.yaml");
    expect(stale.locations[0]!.physicalLocation.region.startLine).toBeGreaterThan(1);
    expect(run.tool.driver.rules[stale.ruleIndex]!.id).toBe("credential-max-age");
    expect(run.tool.driver.rules[stale.ruleIndex]!.properties["security-severity"]).toBe("5.0");
    expect(run.tool.driver.rules[stale.ruleIndex]!.properties.tags).toContain("OWASP-NHI7");
  });

  it("shows the invisible, bidi and control characters of a name from a target as escapes, as the PR comment does, and stays valid SARIF", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scopesync-sarif-"));
    try {
      cpSync(new URL("../scenarios/_base/", import.meta.url).pathname, dir, { recursive: true });
      // An account whose login the app (or whoever controls it) chose: read as "svc-exe.png", with an ANSI escape that hides what follows.
      const statePath = join(dir, "state/app.json");
      const state = JSON.parse(readFileSync(statePath, "utf8")) as { accounts: unknown[] };
      state.accounts.push({ id: "z9", login: "svc-\u202Egnp.exe\u001b[8m", active: true, attributes: {}, entitlements: [] });
      writeFileSync(statePath, JSON.stringify(state));
      const r = await runCli(["plan", "--repo", dir, "--now", "2026-11-26T09:00:00Z", "--format", "sarif"]);
      const log = JSON.parse(r.stdout) as Sarif & { runs: Array<{ results: Array<{ properties?: { identity?: string } }> }> };
      expect(validator()(log)).toBe(true);
      const texts = log.runs[0]!.results.map((x) => x.message.text);
      const hit = texts.find((t) => t.includes("svc-\\u202egnp.exe\\u001b[8m"));
      expect(hit, texts.join("\n")).toBeDefined();
      expect(JSON.stringify(log.runs[0]!.results)).not.toMatch(/[\u202e\u001b]/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a blocking finding is an error with high security-severity, and fingerprints are stable", async () => {
    const files = { "identities/svc.yaml": "kind: ServiceAccount\nid: svc-x\n" };
    const a = await planWith(files, { format: "sarif" });
    const b = await planWith(files, { format: "sarif" });
    expect(a.code).toBe(3);
    const log = JSON.parse(a.stdout) as Sarif;
    expect(validator()(log)).toBe(true);
    const hit = log.runs[0]!.results.find((x) => x.ruleId === "nhi-owner-required")!;
    expect(hit.level).toBe("error");
    expect(log.runs[0]!.tool.driver.rules[hit.ruleIndex]!.properties["security-severity"]).toBe("8.0");
    expect(hit.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: "identities/svc.yaml" }, region: { startLine: 1 } });
    expect(b.stdout).toBe(a.stdout);
  });

  it("says on standard error, as in the file, what it left out of a plan of more findings than code scanning shows", async () => {
    const strays = Array.from({ length: 5_050 }, (_, k) => ({ id: `x${k}`, login: `stray-${String(k).padStart(5, "0")}`, active: true, attributes: {}, entitlements: [] }));
    const r = await planWith({ "state/app.json": stateWith({}, strays) }, { format: "sarif" });
    const log = JSON.parse(r.stdout) as Sarif;
    expect(log.runs[0]!.results).toHaveLength(5_000);
    const record = log.runs[0]!.results.at(-1)!;
    expect(record.ruleId).toBe("sarif-results-omitted");
    expect(r.stderr).toContain(`SARIF: ${record.message.text}`);
  });
});
