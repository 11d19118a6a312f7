import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Change } from "../../src/model/change.js";
import type { Plan } from "../../src/plan/plan.js";
import { COMMENT_MARKER, GITHUB_COMMENT_LIMIT, renderMarkdown } from "../../src/plan/render/markdown.js";
import { runCli } from "../helpers/run-cli.js";
import { buildScenario, SCENARIO_NOW } from "../helpers/scenario.js";

// Names and titles come from HR and directories: untrusted. They must neither break the PR
// comment's structure nor spoof anything in it (tags, links, mentions, the sticky marker).
const HOSTILE = [
  "<script>alert(1)</script>",
  "Eve | Mallory | col",
  "`rm -rf /` ``` fence",
  "@acme/admins please approve",
  "[click](javascript:alert(1))",
  `${COMMENT_MARKER} <!-- hidden -->`,
  "![img](https://evil.example/x.png)",
  "line1\nline2\r\n# Heading",
];

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function hostilePlanMarkdown(): Promise<string> {
  const s = await buildScenario("joiner");
  cleanup = s.cleanup;
  const header = "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate";
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const rows = HOSTILE.map((name, i) => [`X${i}`, `user${i}`, quote(name), quote("x".repeat(10_000)), `u${i}@corp.example`, "Active", "Employee", quote(HOSTILE[(i + 1) % HOSTILE.length]!), "Engineering", "W1", "2026-11-01", ""].join(","));
  writeFileSync(join(s.dir, "hr.csv"), `${header}\n${rows.join("\n")}\nW1,ada,Ada,Lovelace,ada@corp.example,Active,Employee,Head of Platform,Platform,,2019-01-07,\n`);
  const r = await runCli(["plan", "--repo", s.dir, "--format", "markdown", "--now", SCENARIO_NOW]);
  expect(r.stderr).toBe("");
  expect([0, 3]).toContain(r.code);
  return r.stdout;
}

/** Table rows must keep their column count: only escaped pipes may appear inside cells. */
function columnCounts(md: string): number[] {
  return md.split("\n").filter((l) => l.startsWith("| ")).map((l) => l.replace(/\\\|/g, "").split("|").length);
}

describe("Markdown plan comment with hostile source data", () => {
  it("escapes tags, links, images, mentions, code fences and the sticky marker", async () => {
    const md = await hostilePlanMarkdown();
    expect(md).toContain("&lt;script&gt;"); // the name is shown, harmlessly
    expect(md).not.toContain("<script>");
    expect(md).not.toMatch(/\]\(javascript:/);
    expect(md).not.toContain("![img](");
    expect(md).not.toContain("@acme/admins");
    expect(md).not.toContain("<!-- hidden -->");
    expect(md.split(COMMENT_MARKER).length - 1).toBe(1); // the marker appears once: ours
    expect(md).not.toContain("```\u0020fence");
    expect(md).not.toMatch(/^# Heading/m);
  });

  it("keeps every table row's column count", async () => {
    const md = await hostilePlanMarkdown();
    const tables = md.split("\n\n").filter((block) => block.includes("|---"));
    expect(tables.length).toBeGreaterThan(0);
    for (const t of tables) expect(new Set(columnCounts(t)).size).toBe(1);
  });

  it("cuts 10 kB values instead of carrying them", async () => {
    const md = await hostilePlanMarkdown();
    expect(md).not.toContain("x".repeat(300));
    expect(md).toContain("x".repeat(20));
  });
});

describe("long attribute values", () => {
  it("show as a word diff, escaped", () => {
    const from = `Senior engineer working on the <b>compiler</b> and the runtime of the platform, based in Berlin`;
    const to = `Senior engineer working on the <b>compiler</b> and the runtime of the platform, based in Lisbon`;
    const change: Change = { id: "x", target: "crm", action: "update-account", identity: "ada", privileged: false, origin: "source", reason: "attributes differ", evidence: [], attributes: { title: { from, to } } };
    const plan: Plan = { formatVersion: 1, fingerprint: "sha256:x", generatedAt: SCENARIO_NOW, organisation: "o", summary: { "update-account": 1 }, changes: [change], findings: [], blocked: false, blockedReasons: [], overrides: [], exceptions: [], approvals: [], targets: { crm: { accounts: 1, readFrom: "x" } } };
    const md = renderMarkdown(plan);
    expect(md).toContain("<del>Berlin</del><ins>Lisbon</ins>");
    expect(md).toContain("&lt;b&gt;compiler&lt;/b&gt;");
    expect(md).not.toContain("<b>compiler</b>");
  });
});

describe("Markdown plan comment size", () => {
  const change = (i: number): Change => ({ id: `id${i}`, target: i % 2 ? "github" : "crm", action: "grant", identity: `person.${i}`, login: `person-${i}`, entitlement: `team:t${i % 40}`, privileged: i % 10 === 0, origin: "source", reason: `birthright member of group-${i % 40} because of a rule with a long explanation ${"y".repeat(80)}`, evidence: [] });
  const bigPlan = (n: number): Plan => {
    const changes = Array.from({ length: n }, (_, i) => change(i));
    return { formatVersion: 1, fingerprint: "sha256:abc", generatedAt: SCENARIO_NOW, organisation: "acme", summary: { grant: n }, changes, findings: [], blocked: false, blockedReasons: [], overrides: [], exceptions: [], approvals: [], targets: { crm: { accounts: n, readFrom: "x" }, github: { accounts: n, readFrom: "y" } } };
  };

  it("stays under GitHub's limit and points at the full plan when it must cut", () => {
    const md = renderMarkdown(bigPlan(5000), { artifactUrl: "https://github.com/acme/access/actions/runs/1" });
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(md).toContain("does not fit in one comment");
    expect(md).toContain("[The full plan](https://github.com/acme/access/actions/runs/1)");
    expect(md).toContain("| **total** |"); // counts always come first and survive the cut
    expect(md).toContain("sha256:abc");
  });

  it("does not cut a plan that fits", () => {
    const md = renderMarkdown(bigPlan(20));
    expect(md).not.toContain("did not fit");
    expect(md).toContain("<summary><b>github</b>: 10 changes, 0 privileged</summary>".replace(", 0 privileged", ""));
  });
});
