// The PR comment of a plan far larger than one comment: a 100k-person organisation's plan across
// ten targets. What the reviewer must see (this PR's changes, error findings, privileged changes)
// comes first and in full; the rest is counted and sampled, and every cut says how much it left out.
import { describe, expect, it } from "vitest";
import { planCommentBody } from "../../src/github/comment.js";
import { fingerprint, compareChanges } from "../../src/plan/build-plan.js";
import type { Plan } from "../../src/plan/plan.js";
import { GITHUB_COMMENT_LIMIT } from "../../src/plan/render/markdown.js";
import { changeRow, findingRow } from "../../src/plan/render/markdown-rows.js";
import { ACTIONS, changeId, type Action, type Change, type Origin } from "../../src/model/change.js";
import { compareFindings, type Finding } from "../../src/model/finding.js";
import { prng } from "../helpers/prng.js";

const TARGETS = ["app-0", "app-1", "app-2", "app-3", "app-4", "app-5", "app-6", "app-7", "app-8", "github"];
const URL = "https://github.com/acme-robotics/access/actions/runs/4242";

/** A plan of the shape a 100k-person org produces: ~1.3 changes a person, a few hundred findings. */
function bigPlan(o: { people?: number; pr?: number; errors?: number; privileged?: number; seed?: number } = {}): Plan {
  const people = o.people ?? 100_000;
  const random = prng(o.seed ?? 16);
  const changes: Change[] = [];
  for (let i = 0; i < people; i++) {
    const n = random() < 0.3 ? 2 : 1;
    for (let k = 0; k < n; k++) {
      const target = TARGETS[Math.floor(random() * TARGETS.length)]!;
      const action: Action = ACTIONS[Math.floor(random() * ACTIONS.length)]!;
      const identity = `person.${String(i).padStart(6, "0")}`;
      const entitlement = action === "grant" || action === "revoke" ? `team:team-${i % 97}` : undefined;
      changes.push({ id: changeId(target, action, identity, entitlement ?? String(k)), target, action, identity, login: identity, ...(entitlement ? { entitlement } : {}), privileged: false, origin: (["source", "drift", "policy"] as const)[i % 3]! as Origin, reason: `birthright member of group-${i % 97} (policies/apps/${target}.yaml:${5 + (i % 40)})`, evidence: [] });
    }
  }
  changes.sort(compareChanges);
  // This PR's own changes and the privileged ones, spread over the plan.
  const step = (n: number, offset: number): number[] => Array.from({ length: n }, (_, k) => Math.floor((k * changes.length) / n) + offset);
  for (const k of step(o.pr ?? 40, 0)) changes[k]!.origin = "pr";
  for (const k of step(o.privileged ?? 60, 3)) changes[k]!.privileged = true;
  const findings: Finding[] = [];
  for (let i = 0; i < (o.errors ?? 25); i++) findings.push({ rule: "nhi-owner-required", severity: "error", identity: `svc-${i}`, message: `svc-${i} has no owner`, location: `identities/nhi/svc-${i}.yaml:2`, controls: ["OWASP-NHI1"] });
  // unmanaged-account belongs to the target whose read found the account (github, app-3); the
  // credential rule is plan-wide (rules over identities): it has no target.
  for (let i = 0; i < 3000; i++) {
    if (i % 2) findings.push({ rule: "unmanaged-account", severity: "info", identity: `account:u${i}`, target: i % 3 ? "github" : "app-3", message: `account u${i} matches no identity`, location: "policies/apps/github.yaml:2" });
    else findings.push({ rule: "credential-max-age", severity: "warning", identity: `person.${i}`, message: `a key of person.${i} is older than 90 days`, location: `identities/people/${i}.yaml:2` });
  }
  findings.sort(compareFindings);
  const summary: Plan["summary"] = {};
  for (const c of changes) summary[c.action] = (summary[c.action] ?? 0) + 1;
  const errors = findings.filter((f) => f.severity === "error");
  const blockedReasons = [...errors.map((f) => `${f.rule} (${f.identity}): ${f.message}`), "app-3: 9000 disables exceed the safety limit (9000 > 500)"];
  return { formatVersion: 1, fingerprint: fingerprint(changes), generatedAt: "2026-11-26T09:00:00.000Z", organisation: "acme", summary, changes, findings, blocked: true, blockedReasons, overrides: [], exceptions: [], approvals: [], targets: Object.fromEntries(TARGETS.map((t) => [t, { accounts: 10_000, readFrom: `state/${t}.json` }])) };
}

describe("the PR comment of a 100k-person plan", () => {
  const plan = bigPlan();
  const body = planCommentBody(plan, { artifactUrl: URL, head: "a".repeat(40), run: "4242" });

  it("stays within GitHub's comment limit and fills it", () => {
    expect(plan.changes.length).toBeGreaterThan(100_000);
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    // Used, not left empty: the old layout gave 1.3 KB of summary and "11 sections did not fit".
    expect(body.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT * 0.9);
  });

  it("holds every change this pull request makes, every error finding and every privileged change", () => {
    const pr = plan.changes.filter((c) => c.origin === "pr");
    const privileged = plan.changes.filter((c) => c.privileged && c.origin !== "pr");
    expect(pr).toHaveLength(40);
    for (const c of pr) expect(body).toContain(changeRow(c, true));
    for (const f of plan.findings.filter((x) => x.severity === "error")) expect(body).toContain(findingRow(f));
    for (const c of privileged) expect(body).toContain(changeRow(c, true));
    // In that order: what the PR changes, what blocks, what grants or takes privilege.
    const at = (s: string) => body.indexOf(`<summary><b>${s}</b>`);
    expect(at("Changes this pull request makes")).toBeGreaterThan(0);
    expect(at("Changes this pull request makes")).toBeLessThan(at("Error findings"));
    expect(at("Error findings")).toBeLessThan(at("Privileged changes"));
    expect(at("Privileged changes")).toBeLessThan(at("Findings by rule and target"));
  });

  it("keeps the safety reasons and counts the error findings instead of repeating them in the head", () => {
    expect(body).toContain("- 25 error findings: listed under **Error findings** below");
    expect(body).toContain("app\\-3: 9000 disables exceed the safety limit");
  });

  it("counts findings per rule and target and samples every target, each cut saying how many rows it left out and where they are", () => {
    const counts = body.slice(body.indexOf("<summary><b>Findings by rule and target</b>"));
    expect(counts).toMatch(/^<summary><b>Findings by rule and target<\/b> \(3,025 findings: 25 error, 1,500 warning, 1,500 info\)<\/summary>\n\n\| severity \| rule \| target \| findings \|\n\|---\|---\|---\|--:\|\n/);
    // Plan-wide findings under "—"; a rule found in two targets has a row for each, targets in order.
    const rows = counts.split("\n").filter((l) => /^\| (error|warning|info) \|/.test(l));
    expect(rows).toEqual([
      "| error | <code>nhi-owner-required</code> | — | 25 |",
      "| warning | <code>credential-max-age</code> | — | 1,500 |",
      "| info | <code>unmanaged-account</code> | app\\-3 | 500 |",
      "| info | <code>unmanaged-account</code> | github | 1,000 |",
    ]);
    for (const t of TARGETS) {
      const n = plan.changes.filter((c) => c.target === t).length;
      const section = body.slice(body.indexOf(`<summary><b>${t.replace("-", "\\-")}</b>: ${n.toLocaleString("en-US")} changes`));
      const cut = /> ✂️ ([\d,]+) of ([\d,]+) rows not shown here; the full list is in the plan JSON \(`scopesync-plan.json`\) attached to \[the workflow run\]\(https:\/\/github.com\/acme-robotics\/access\/actions\/runs\/4242\)/.exec(section);
      expect(cut, t).not.toBeNull();
      const shown = section.slice(0, section.indexOf("> ✂️")).split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| action")).length;
      expect(shown, t).toBeGreaterThan(5);
      expect(Number(cut![1]!.replace(/,/g, "")) + shown).toBe(n);
      expect(cut![2]).toBe(n.toLocaleString("en-US"));
    }
  });

  it("is the same text every time, for the same plan", () => {
    expect(planCommentBody(bigPlan(), { artifactUrl: URL, head: "a".repeat(40), run: "4242" })).toBe(body);
  });
});

describe("when even the first sections do not fit", () => {
  it("lists as many of this PR's changes as fit, then counts the rest and points at the artifacts", () => {
    const plan = bigPlan({ people: 20_000, pr: 2_000, errors: 1_500, privileged: 800 });
    const body = planCommentBody(plan, { artifactUrl: URL });
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    const pr = plan.changes.filter((c) => c.origin === "pr");
    const shown = pr.filter((c) => body.includes(changeRow(c, true))).length;
    expect(shown).toBeGreaterThan(50);
    // The first rows in plan order, then the count of the rest.
    expect(pr.slice(0, shown).every((c) => body.includes(changeRow(c, true)))).toBe(true);
    expect(body).toContain(`> ✂️ ${(2_000 - shown).toLocaleString("en-US")} of 2,000 rows not shown here; the full list is in the plan JSON`);
    // The lists after it keep at least the line that counts them and says where they are.
    expect(body).toContain("\n> ✂️ **Error findings** (1,500): none of the 1,500 rows fit in this comment; the full list is in the plan JSON");
    expect(body).toMatch(/\n> ✂️ \*\*Privileged changes\*\* not made by this pull request \(([\d,]+)\): none of the \1 rows fit in this comment; the full list is in the plan JSON/);
    // No room for the counts per rule or a sample of any target: one closing line names each.
    const closing = body.split("\n").find((l) => l.startsWith("> ✂️ No room left in this comment for 11 more sections: "));
    expect(closing).toContain("**Findings by rule and target** (4,500 findings: 1,500 error, 1,500 warning, 1,500 info)");
    for (const t of TARGETS) expect(closing).toContain(`**${t.replace("-", "\\-")}** (${plan.changes.filter((c) => c.target === t).length.toLocaleString("en-US")} changes)`);
    expect(closing).toContain("; the full list is in the plan JSON (`scopesync-plan.json`)");
    expect(body).toContain("- 1,500 error findings: listed under **Error findings** below");
  });

  it("without a workflow run to link, names the artifacts and the command", () => {
    const body = planCommentBody(bigPlan({ people: 20_000 }));
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(body).toContain("attached to the workflow run, or `scopesync plan --format json`.");
  });
});
