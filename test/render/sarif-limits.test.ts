// SARIF that GitHub code scanning accepts and shows whole, for an organisation with tens of
// thousands of findings. GitHub rejects a file over 10 MB of gzip and a run over 25,000 results,
// and keeps only 5,000 results of a run; locations, rules, runs and tags have limits of their own
// ("SARIF support for code scanning", "SARIF results exceed limit"). scopesync keeps to all of them,
// fills the 5,000 by its own priority, and says in the file what it left out.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { changeId, type Change } from "../../src/model/change.js";
import { compareFindings, type Finding } from "../../src/model/finding.js";
import { fingerprint } from "../../src/plan/build-plan.js";
import type { Plan } from "../../src/plan/plan.js";
import { SARIF_MAX_BYTES } from "../../src/plan/render/sarif-budget.js";
import { renderSarif, sarifFile } from "../../src/plan/render/sarif.js";
import { sarifValidator } from "../helpers/sarif-schema.js";

/** GitHub's documented limits: what it rejects, and what it shows. */
const GITHUB = { gzipBytes: 10_000_000, results: 25_000, shownResults: 5_000, rules: 25_000, runs: 20, locations: 1_000, tags: 20, shownTags: 10 };

interface Result { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: unknown[]; partialFingerprints: Record<string, string>; properties?: { findings?: number; kept?: number; omitted?: Record<string, number> } }
interface Run { tool: { driver: { rules: Array<{ id: string; properties: { tags: string[]; controls?: string[] } }> } }; results: Result[]; invocations?: Array<{ executionSuccessful: boolean; toolExecutionNotifications: Array<{ level: string; message: { text: string } }> }> }
interface Sarif { runs: Run[] }

function planOf(findings: Finding[], changes: Change[] = [], extra: Partial<Plan> = {}): Plan {
  findings.sort(compareFindings);
  return { formatVersion: 1, fingerprint: fingerprint(changes), generatedAt: "2026-12-06T09:00:00.000Z", organisation: "acme", summary: {}, changes, findings, blocked: false, blockedReasons: [], overrides: [], exceptions: [], approvals: [], targets: { aws: { accounts: 8800, readFrom: "exports/aws/credential-report.csv" } }, ...extra };
}

function change(identity: string, origin: Change["origin"], privileged: boolean): Change {
  return { id: changeId("github", "grant", identity, "team:ops"), target: "github", action: "grant", identity, login: identity, entitlement: "team:ops", privileged, origin, reason: "member of ops", evidence: [] };
}

const range = (n: number) => Array.from({ length: n }, (_, k) => k);

/**
 * What an organisation of 1,000 people with 8,800 discovered AWS keys gives: every undeclared key
 * twice (nhi-undeclared, credential-expiry-required), and the findings a reviewer must see.
 */
function largePlan(): Plan {
  const keys = range(9_000).map((k) => `aws:key-${String(k).padStart(5, "0")}`);
  const findings: Finding[] = [
    ...range(30).map((k): Finding => ({ rule: "nhi-owner-required", severity: "error", identity: `svc-${k}`, message: `svc-${k} has no owner`, location: `identities/nhi/svc-${k}.yaml:2`, controls: ["OWASP-NHI1"] })),
    ...keys.map((id): Finding => ({ rule: "nhi-undeclared", severity: "warning", identity: id, message: `access key ${id} is not declared`, location: `exports/aws/credential-report.csv row ${id.slice(8)} (line ${Number(id.slice(8)) + 2})` })),
    ...keys.map((id): Finding => ({ rule: "credential-expiry-required", severity: "warning", identity: id, message: `access key ${id} has no expiry`, location: `exports/aws/credential-report.csv row ${id.slice(8)} (line ${Number(id.slice(8)) + 2})`, controls: ["OWASP-NHI7"] })),
    // About this pull request's own changes: warnings, and a note at a line of a file the PR edits.
    ...range(50).map((k): Finding => ({ rule: "credential-max-age", severity: "warning", identity: `pr.${k}`, message: `a key of pr.${k} is older than 90 days`, location: `identities/people/pr.${k}.yaml:4` })),
    { rule: "membership-expired", severity: "info", message: "ops membership of ada ended", location: "identities/groups/ops.yaml:7" },
    // About identities with privileged changes.
    ...range(50).map((k): Finding => ({ rule: "credential-unused", severity: "warning", identity: `priv.${k}`, message: `a key of priv.${k} was not used for 90 days`, location: `identities/people/priv.${k}.yaml:4` })),
    ...range(20).map((k): Finding => ({ rule: "agent-expired", severity: "warning", identity: `agent-${k}`, message: `agent-${k} is past expiresAt`, location: `identities/agents/agent-${k}.yaml:3` })),
    // A rule set's own rule with more controls than code scanning shows as tags, one twice.
    ...range(3).map((k): Finding => ({ rule: "vendor-review", severity: "warning", identity: `vendor-${k}`, message: `vendor-${k} needs review`, controls: [...range(14).map((c) => `CTRL-${c}`), "CTRL-0"] })),
    ...range(500).map((k): Finding => ({ rule: "unmanaged-account", severity: "info", identity: `account:u${k}`, target: "github", message: `account u${k} matches no identity`, location: "policies/apps/github.yaml:2" })),
  ];
  const changes = [...range(50).map((k) => change(`pr.${k}`, "pr", false)), ...range(50).map((k) => change(`priv.${k}`, "drift", true))];
  return planOf(findings, changes, { base: "main", desiredStateDiff: [{ file: "identities/groups/ops.yaml", patch: "@@ -7 +7 @@\n-    until: 2027-01-01\n+    until: 2026-12-01\n" }] });
}

/** The alert fingerprint the SARIF gives a finding. */
const alertOf = (f: Finding) => createHash("sha256").update(`${f.rule}\u0000${f.identity ?? ""}\u0000${f.message}`).digest("hex");

function withinGithubLimits(text: string): Sarif {
  const log = JSON.parse(text) as Sarif;
  const validate = sarifValidator();
  expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  // 10 MB of gzip, also as the REST upload's base64 of it.
  const gzip = gzipSync(text);
  expect(gzip.length).toBeLessThanOrEqual(GITHUB.gzipBytes);
  expect(Math.ceil(gzip.length / 3) * 4).toBeLessThanOrEqual(GITHUB.gzipBytes);
  expect(Buffer.byteLength(text)).toBeLessThanOrEqual(SARIF_MAX_BYTES);
  expect(log.runs.length).toBeLessThanOrEqual(GITHUB.runs);
  for (const run of log.runs) {
    expect(run.results.length).toBeLessThanOrEqual(GITHUB.shownResults);
    expect(run.tool.driver.rules.length).toBeLessThanOrEqual(GITHUB.rules);
    for (const r of run.results) {
      expect(r.locations.length).toBeLessThanOrEqual(GITHUB.locations);
      expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
    }
    for (const rule of run.tool.driver.rules) expect(rule.properties.tags.length).toBeLessThanOrEqual(GITHUB.shownTags);
  }
  return log;
}

/** Findings of the plan per rule that the run does not hold, as the plan has them. */
function leftOut(plan: Plan, run: Run): Record<string, number> {
  const held = new Set(run.results.map((r) => r.partialFingerprints["scopesyncFinding/v1"]));
  const out: Record<string, number> = {};
  for (const f of plan.findings) if (!held.has(alertOf(f))) out[f.rule] = (out[f.rule] ?? 0) + 1;
  return out;
}

describe("SARIF of an organisation with tens of thousands of findings", () => {
  const plan = largePlan();
  const text = renderSarif(plan);

  it("stays within every limit GitHub code scanning documents, and shows every result it holds", () => {
    expect(plan.findings.length).toBeGreaterThan(GITHUB.results / 2);
    const log = withinGithubLimits(text);
    expect(log.runs).toHaveLength(1);
    // Filled to what code scanning shows, not fewer.
    expect(log.runs[0]!.results).toHaveLength(GITHUB.shownResults);
  });

  it("holds the errors, this pull request's findings and the privileged ones, then shares the warnings between rules; notes come last", () => {
    const run = (JSON.parse(text) as Sarif).runs[0]!;
    const held = new Set(run.results.map((r) => r.partialFingerprints["scopesyncFinding/v1"]));
    const must = plan.findings.filter((f) => f.severity === "error" || /^(pr|priv)\./.test(f.identity ?? "") || f.rule === "membership-expired");
    expect(must.length).toBe(131);
    for (const f of must) expect(held.has(alertOf(f)), `${f.rule} ${f.identity}`).toBe(true);
    // A small rule is not crowded out by the two with 9,000 findings each; those two share the rest.
    const kept = (rule: string) => run.results.filter((r) => r.ruleId === rule).length;
    expect(kept("agent-expired")).toBe(20);
    expect(kept("vendor-review")).toBe(3);
    expect(Math.abs(kept("nhi-undeclared") - kept("credential-expiry-required"))).toBeLessThanOrEqual(1);
    expect(kept("nhi-undeclared") + kept("credential-expiry-required")).toBe(GITHUB.shownResults - 1 - 131 - 20 - 3);
    expect(kept("unmanaged-account")).toBe(0);
    // Each rule keeps its first findings in plan order, and the file lists them in plan order.
    const undeclared = run.results.filter((r) => r.ruleId === "nhi-undeclared").map((r) => r.message.text);
    expect(undeclared[0]).toBe("aws:key-00000: access key aws:key-00000 is not declared");
    expect(undeclared.at(-1)).toBe(`aws:key-${String(undeclared.length - 1).padStart(5, "0")}: access key aws:key-${String(undeclared.length - 1).padStart(5, "0")} is not declared`);
    const order = plan.findings.map(alertOf);
    const positions = run.results.filter((r) => r.ruleId !== "sarif-results-omitted").map((r) => order.indexOf(r.partialFingerprints["scopesyncFinding/v1"]!));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it("says in the file how many findings of each rule it left out and where they all are", () => {
    const run = (JSON.parse(text) as Sarif).runs[0]!;
    const records = run.results.filter((r) => r.ruleId === "sarif-results-omitted");
    expect(records).toHaveLength(1);
    const [record] = records;
    const missing = leftOut(plan, run);
    expect(record!.properties).toEqual({ findings: plan.findings.length, kept: GITHUB.shownResults - 1, omitted: missing });
    expect(Object.values(missing).reduce((a, b) => a + b, 0)).toBe(plan.findings.length - (GITHUB.shownResults - 1));
    expect(record!.level).toBe("warning");
    expect(record!.message.text).toContain(`${(plan.findings.length - 4_999).toLocaleString("en-US")} of ${plan.findings.length.toLocaleString("en-US")} findings are not in this SARIF`);
    expect(record!.message.text).toContain(`unmanaged-account 500`);
    expect(record!.message.text).toContain("`scopesync-plan.json`");
    expect(run.invocations).toEqual([{ executionSuccessful: true, toolExecutionNotifications: [{ level: "warning", message: { text: record!.message.text } }] }]);
  });

  it("keeps at most ten tags of a rule, each once, and the rule's every control", () => {
    const rule = (JSON.parse(text) as Sarif).runs[0]!.tool.driver.rules.find((r) => r.id === "vendor-review")!;
    expect(rule.properties.tags).toEqual(["security", "access-governance", ...range(8).map((c) => `CTRL-${c}`)]);
    expect(rule.properties.controls).toEqual([...range(14).map((c) => `CTRL-${c}`), "CTRL-0"]);
  });

  it("is the same bytes every time", () => {
    expect(renderSarif(largePlan())).toBe(text);
  });
});

describe("SARIF of findings too large for 10 MB", () => {
  it("keeps to the bytes by the same priority, and counts what it left out", () => {
    // 3,000 findings of 3 KB each, under the count limit; their text would be 9 MB.
    const words = (k: number) => range(400).map((w) => `w${(k * 7919 + w * 104_729) % 1_000_003}`).join(" ");
    const findings: Finding[] = [
      ...range(5).map((k): Finding => ({ rule: "nhi-owner-required", severity: "error", identity: `svc-${k}`, message: `svc-${k} has no owner: ${words(k)}` })),
      ...range(3_000).map((k): Finding => ({ rule: "credential-max-age", severity: "warning", identity: `svc-${k}`, message: `an old key: ${words(k)}` })),
    ];
    const plan = planOf(findings);
    const out = sarifFile(plan);
    const run = withinGithubLimits(out.text).runs[0]!;
    expect(Buffer.byteLength(out.text)).toBeGreaterThan(SARIF_MAX_BYTES * 0.95);
    expect(run.results.filter((r) => r.level === "error")).toHaveLength(5);
    const omitted = run.results.find((r) => r.ruleId === "sarif-results-omitted")!;
    expect(omitted.properties!.omitted).toEqual(leftOut(plan, run));
    expect(omitted.properties!.omitted!["credential-max-age"]).toBeGreaterThan(0);
    expect(out.omission).toEqual({ findings: 3_005, kept: run.results.length - 1, omitted: [["credential-max-age", 3_005 - run.results.length + 1]] });
  });
});

describe("SARIF at the edge of what code scanning shows", () => {
  const warnings = (n: number) => planOf(range(n).map((k): Finding => ({ rule: "credential-max-age", severity: "warning", identity: `svc-${String(k).padStart(4, "0")}`, message: "an old key" })));

  it("holds 5,000 findings whole, with no record of anything left out", () => {
    const out = sarifFile(warnings(5_000));
    const run = withinGithubLimits(out.text).runs[0]!;
    expect(run.results).toHaveLength(5_000);
    expect(out.omission).toBeUndefined();
    expect(run.invocations).toBeUndefined();
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(["credential-max-age"]);
  });

  it("holds 4,999 of 5,001 findings and the record of the two left out", () => {
    const out = sarifFile(warnings(5_001));
    const run = withinGithubLimits(out.text).runs[0]!;
    expect(run.results).toHaveLength(5_000);
    expect(run.results.at(-1)!.properties).toEqual({ findings: 5_001, kept: 4_999, omitted: { "credential-max-age": 2 } });
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(["credential-max-age", "sarif-results-omitted"]);
  });

  it("counts a finding the plan lists twice twice", () => {
    const same: Finding = { rule: "credential-max-age", severity: "warning", identity: "svc-ci", message: "an old key" };
    const out = sarifFile(planOf(range(5_001).map(() => same)));
    expect(withinGithubLimits(out.text).runs[0]!.results).toHaveLength(5_000);
    expect(out.omission).toEqual({ findings: 5_001, kept: 4_999, omitted: [["credential-max-age", 2]] });
  });
});

describe("SARIF of a plan that fits", () => {
  it("is byte for byte what scopesync wrote before it bounded SARIF", () => {
    const findings: Finding[] = [
      { rule: "nhi-owner-required", severity: "error", identity: "svc-x", message: "svc-x has no owner", location: "identities/svc.yaml:1", controls: ["OWASP-NHI1"] },
      { rule: "credential-max-age", severity: "warning", identity: "svc-ci", message: "ci key is 400 days old", remediation: "rotate it", location: "exports/aws/credential-report.csv row 2 (line 3)" },
      { rule: "vendor-review", severity: "info", identity: "svc-\u202Egnp.exe", message: "needs review", controls: ["CTRL-1", "CTRL-2"], help: "https://wiki.example/vendor-review" },
      { rule: "source-gate-max-age", severity: "warning", message: "hr export is 3 days old" },
    ];
    const version = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
    const before = readFileSync(new URL("../fixtures/sarif/small-plan.sarif", import.meta.url), "utf8").replace('"version": "0.1.0"', `"version": "${version}"`);
    expect(renderSarif(planOf(findings))).toBe(before);
  });
});
