// The PR comment's head grows with the organisation: a row of counts and a state per target, a
// blocked reason per target and safety limit, a line per safety override in use. A hundred targets
// after a reduction in force gave 300 overrides (or, before they were reviewed, 300 blocked
// reasons): the head alone filled the comment, the budget then dropped this pull request's own
// changes, the error findings and the privileged changes without a line, and the body passed
// GitHub's limit, so fitComment cut it from the end (rv47, finding 2). GitHub refuses a longer
// body with 422 "Body is too long (maximum is 65536 characters)" from
// POST /repos/{owner}/{repo}/issues/{n}/comments
// (https://docs.github.com/rest/issues/comments#create-an-issue-comment; the error as quoted in
// danger/danger#424 and telia-oss/github-pr-resource#259).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planCommentBody } from "../../src/github/comment.js";
import { ACTIONS, changeId, type Change } from "../../src/model/change.js";
import { compareFindings, type Finding } from "../../src/model/finding.js";
import { compareChanges, fingerprint } from "../../src/plan/build-plan.js";
import type { Plan } from "../../src/plan/plan.js";
import { GITHUB_COMMENT_LIMIT, renderMarkdown } from "../../src/plan/render/markdown.js";
import { changeRow, findingRow } from "../../src/plan/render/markdown-rows.js";
import { repoOnBranch } from "../helpers/branch-repo.js";
import { renderLikeGithub } from "../helpers/github-markdown.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();
const NOW = "2026-12-01T09:00:00Z";
const TARGETS = Array.from({ length: 100 }, (_, i) => `app-${String(i + 1).padStart(3, "0")}`);
const PEOPLE = 60;
const URL = "https://github.com/contoso/access/actions/runs/77";
const RIF = "RIF-2026-12 reduction in force approved by the COO and the works council (HR-5512); leavers per the HR export of 2026-12-01";

/**
 * A hundred file targets of 60 people each; HR has just terminated half of them, so every target
 * passes its disables, removals and changes limits. With `overrides` the reviewed overrides for all
 * 300 are committed on main. The pull request makes u002.staff a member of the privileged group
 * workspace-admins: role:admin in every app.
 */
async function rifOrg(overrides: boolean): Promise<string> {
  const files: Record<string, string> = {};
  const rows = ["WorkerID,UserID,FirstName,LastName,Email,Status,Department"];
  for (let i = 1; i <= PEOPLE; i++) {
    const n = String(i).padStart(3, "0");
    rows.push(`W${n},u${n}.staff,Ulla${i},Staff,u${n}@contoso.example,${i > 30 ? "Terminated" : "Active"},Operations`);
  }
  files["hr.csv"] = `${rows.join("\n")}\n`;
  const config = [
    "version: 1", "organisation: contoso", "sources:", "  hr:", "    type: csv", "    path: hr.csv", "    gates: { required: [externalId, userName, status] }", "    options:", '      exportedAt: "2026-12-01T06:00:00Z"',
    "      columns: { externalId: WorkerID, userName: UserID, givenName: FirstName, familyName: LastName, email: Email, status: Status, department: Department }",
    "      statusValues: { Active: active, Terminated: terminated }", "targets:",
  ];
  for (const t of TARGETS) {
    config.push(`  ${t}:`, "    type: file", `    path: state/${t}.json`);
    files[`policies/apps/${t}.yaml`] = `kind: AppPolicy\nid: ${t}\ntarget: ${t}\nscope:\n  include:\n    - kinds: [person]\naccounts:\n  login: userName\nentitlements:\n  - group: everyone\n    entitlement: group:everyone\n  - group: workspace-admins\n    entitlement: role:admin\n    privileged: true\nonLeaveScope: disable\nunmanagedAccounts: report\n`;
    const accounts = Array.from({ length: PEOPLE }, (_, k) => ({ id: String(k + 1), login: `u${String(k + 1).padStart(3, "0")}.staff`, externalId: `hr:W${String(k + 1).padStart(3, "0")}`, active: true, attributes: {}, entitlements: ["group:everyone"] }));
    files[`state/${t}.json`] = JSON.stringify({ formatVersion: 1, target: t, readAt: "2026-12-01T06:10:00Z", accounts });
  }
  config.push("safety:", "  default:", "    disables: { count: 10 }", "    removals: { count: 20 }", "    changes: { count: 40 }");
  if (overrides) {
    config.push("  overrides:");
    for (const t of TARGETS) for (const [limit, allow] of [["disables", 35], ["removals", 35], ["changes", 70]] as const) config.push(`    - { target: ${t}, limit: ${limit}, allow: ${allow}, reason: "${RIF}", expiresAt: "2026-12-15" }`);
  }
  files["scopesync.yaml"] = `${config.join("\n")}\n`;
  files["identities/groups/everyone.yaml"] = "kind: Group\nid: everyone\nbirthright:\n  - kinds: [person]\n";
  const admins = "kind: Group\nid: workspace-admins\nprivileged: true\nowners: [u001.staff]\nmembers:\n  - identity: u001.staff\n    reason: IT-100\n";
  files["identities/groups/workspace-admins.yaml"] = admins;
  const { dir, git } = await repoOnBranch(join(tempDir("scopesync-rif-"), "repo"), files);
  writeFileSync(join(dir, "identities/groups/workspace-admins.yaml"), `${admins}  - identity: u002.staff\n    reason: "IT-4711 temporary cover"\n`);
  await git.add(".").commit("u002: admin everywhere");
  return dir;
}

async function planOf(dir: string): Promise<{ plan: Plan; markdown: string }> {
  const json = await runCli(["plan", "--repo", dir, "--now", NOW, "--base", "main", "--format", "json"]);
  const markdown = await runCli(["plan", "--repo", dir, "--now", NOW, "--base", "main", "--format", "markdown"]);
  expect(markdown.stderr).not.toMatch(/\n\s+at /); // no stack trace
  return { plan: JSON.parse(json.stdout) as Plan, markdown: markdown.stdout };
}

/** The counts a cut line gives: "✂️ N more …" after `shown` lines of a list of `total`. */
function cutCount(text: string, pattern: RegExp): number {
  const m = pattern.exec(text);
  expect(m, String(pattern)).not.toBeNull();
  return Number(m![1]!.replace(/,/g, ""));
}

/**
 * Each target either has a sample of its changes or is left out in the closing line, which names
 * as many as fit and counts the rest: no target is left out silently.
 */
function expectEveryTargetAccountedFor(body: string): void {
  const closing = body.split("\n").find((l) => l.startsWith("> ✂️ No room left in this comment for")) ?? "";
  const sampled = TARGETS.filter((t) => body.includes(`<summary><b>${t.replace("-", "\\-")}</b>: `));
  const named = TARGETS.filter((t) => closing.includes(`**${t.replace("-", "\\-")}** (`));
  const left = closing ? cutCount(closing, /for a sample of the changes of ([\d,]+) more targets/) : 0;
  const more = closing.includes("; and ") ? cutCount(closing, /; and ([\d,]+) more; /) : 0;
  expect(sampled.filter((t) => named.includes(t))).toEqual([]);
  expect(sampled.length + left).toBe(TARGETS.length);
  expect(named.length + more).toBe(left);
}

describe("the PR comment of 100 targets after a reduction in force", () => {
  it("with the 300 reviewed overrides in use: this PR's own privileged changes all shown, the overrides counted, within GitHub's limit", async () => {
    const { plan, markdown } = await planOf(await rifOrg(true));
    const pr = plan.changes.filter((c) => c.origin === "pr");
    expect(plan.blocked).toBe(false);
    expect(plan.overrides).toHaveLength(300);
    expect(pr).toHaveLength(100);
    expect(pr.every((c) => c.privileged && c.identity === "u002.staff" && c.entitlement === "role:admin")).toBe(true);

    for (const body of [markdown, planCommentBody(plan, { artifactUrl: URL, head: "a".repeat(40), run: "77" })]) {
      expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
      // Laid out by the budget, never cut from the end by fitComment.
      expect(body).not.toContain("was cut here");
      expect(body).toContain("<summary><b>Changes this pull request makes</b> (100)</summary>");
      for (const c of pr) expect(body).toContain(changeRow(c, true));
      const shown = body.split("\n").filter((l) => l.startsWith("> Safety override in use: ")).length;
      expect(shown).toBeGreaterThan(10);
      expect(cutCount(body, /^> ✂️ ([\d,]+) more safety overrides in use not shown here \(limits: [\d,]+ <code>[a-z]+<\/code>, [\d,]+ <code>[a-z]+<\/code>, [\d,]+ <code>[a-z]+<\/code>\); every override is under `overrides` in the plan JSON \(`scopesync-plan.json`\)/m) + shown).toBe(300);
      // The order the priority gives: the head's lists, then this PR's changes, then the rest.
      expect(body.indexOf("> ✂️ This plan does not fit in one comment")).toBeLessThan(body.indexOf("<summary><b>Changes this pull request makes</b>"));
      expect(body.indexOf("<summary><b>Changes this pull request makes</b>")).toBeLessThan(body.indexOf("<summary><b>Privileged changes</b>"));
      expectEveryTargetAccountedFor(body);
    }
    // The counts table and the target states keep to their shares too, and each says what it left out.
    expect(markdown).toMatch(/Target state: .* · ✂️ \d+ more targets, each with where and when it was read under `targets` in the plan JSON/);
  });

  it("before the overrides: 300 blocked reasons counted after the first ones, and this PR's changes still shown", async () => {
    const { plan, markdown } = await planOf(await rifOrg(false));
    expect(plan.blocked).toBe(true);
    expect(plan.blockedReasons).toHaveLength(300);
    const pr = plan.changes.filter((c) => c.origin === "pr");
    expect(pr).toHaveLength(100);
    expect(markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    for (const c of pr) expect(markdown).toContain(changeRow(c, true));
    const blocked = markdown.slice(markdown.indexOf("### ⛔ Blocked"), markdown.indexOf("> ✂️ This plan does not fit"));
    const shown = blocked.split("\n").filter((l) => l.startsWith("- ") && !l.startsWith("- ✂️")).length;
    expect(shown).toBeGreaterThan(10);
    expect(cutCount(blocked, /^- ✂️ ([\d,]+) more reasons not shown here; every reason is under `blockedReasons` in the plan JSON/m) + shown).toBe(300);
    expectEveryTargetAccountedFor(markdown);
  });
});

/** A plan of `n` targets with everything the head lists at once, and all three must-see sections. */
function crowdedPlan(n = 100): Plan {
  const targets = Array.from({ length: n }, (_, i) => `app-${String(i + 1).padStart(3, "0")}`);
  const changes: Change[] = [];
  targets.forEach((target, t) => {
    for (let i = 0; i < 40; i++) {
      const action = ACTIONS[(i + t) % ACTIONS.length]!;
      const identity = `person.${String(i).padStart(4, "0")}`;
      changes.push({ id: changeId(target, action, identity, String(i)), target, action, identity, login: identity, privileged: i === 7 && t % 2 === 0, origin: i === 3 ? "pr" : "source", reason: `birthright member of group-${i % 9} (policies/apps/${target}.yaml:${5 + (i % 9)})`, evidence: [] });
    }
  });
  changes.sort(compareChanges);
  const findings: Finding[] = Array.from({ length: 30 }, (_, i) => ({ rule: "sod-conflict", severity: "error" as const, identity: `person.${String(i).padStart(4, "0")}`, target: targets[i]!, message: `holds both payments-approve and payments-create in ${targets[i]}`, location: "policies/rules/sod.yaml:4" }));
  findings.sort(compareFindings);
  const summary: Plan["summary"] = {};
  for (const c of changes) summary[c.action] = (summary[c.action] ?? 0) + 1;
  const limits = ["disables", "removals", "changes"] as const;
  const safety = targets.flatMap((t) => limits.map((l) => `${t}: 30 ${l} exceed the safety limit (30 > 10)`));
  return {
    formatVersion: 1, fingerprint: fingerprint(changes), generatedAt: "2026-12-01T09:00:00.000Z", organisation: "contoso", summary, changes, findings,
    blocked: true, blockedReasons: [...findings.map((f) => `${f.rule} (${f.identity}): ${f.message}`), ...safety],
    overrides: targets.flatMap((t) => limits.map((limit) => ({ target: t, limit, allow: 35, reason: RIF }))),
    exceptions: [],
    approvals: targets.map((t) => ({ reviewer: `@contoso/${t}-owners`, changes: 40 })),
    targets: Object.fromEntries(targets.map((t) => [t, { accounts: 60, readFrom: `state/${t}.json` }])),
  };
}

describe("a head crowded by every list at once", () => {
  it("400 targets: the counts table shows the first, then a row that sums the rest, so the total still adds up", () => {
    const big = crowdedPlan(400);
    const text = planCommentBody(big, { artifactUrl: URL });
    expect(text.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    const table = text.slice(0, text.indexOf("| **total** |"));
    const rows = table.split("\n").filter((l) => /^\| (app\\-\d{3}|✂️) /.test(l));
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.at(-1)).toMatch(/^\| ✂️ \d+ more targets \(each one's changes are in the plan JSON \(`scopesync-plan.json`\)/);
    expect(cutCount(rows.at(-1)!, /^\| ✂️ (\d+) more targets/) + rows.length - 1).toBe(400);
    expect(rows.reduce((n, r) => n + Number(r.split("|").at(-2)!.trim()), 0)).toBe(big.changes.length);
    // GitHub renders it as one table, the cut row among its rows.
    expect(renderLikeGithub(text)).toMatch(/<tr>\n<td>✂️ \d+ more targets \(each one's changes are in the plan JSON .*?<\/td>\n(<td align="right">\d+<\/td>\n)+<\/tr>\n<tr>\n<td><strong>total<\/strong><\/td>/);
    expect(text).toContain("<summary><b>Changes this pull request makes</b> (400)</summary>");
  });


  const plan = crowdedPlan();
  const body = planCommentBody(plan, { artifactUrl: URL, head: "b".repeat(40), run: "78" });

  it("keeps this PR's changes, every error finding and every privileged change, within GitHub's limit", () => {
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(body).not.toContain("was cut here");
    for (const c of plan.changes.filter((x) => x.origin === "pr")) expect(body).toContain(changeRow(c, true));
    for (const f of plan.findings) expect(body).toContain(findingRow(f));
    for (const c of plan.changes.filter((x) => x.privileged && x.origin !== "pr")) expect(body).toContain(changeRow(c, true));
    expect(body).toContain("- 30 error findings: listed under **Error findings** below");
  });

  it("cuts each of the head's lists at its share with a line that counts the rest and points at the plan JSON", () => {
    const lines = body.split("\n");
    const count = (prefix: string): number => lines.filter((l) => l.startsWith(prefix)).length;
    expect(cutCount(body, /^- ✂️ ([\d,]+) more reasons not shown here; every reason is under `blockedReasons` in the plan JSON \(`scopesync-plan.json`\) attached to \[the workflow run\]\(https:\/\/github.com\/contoso\/access\/actions\/runs\/77\)/m) + count("- ") - count("- ✂️") - count("- <code>") - 1).toBe(300);
    expect(cutCount(body, /^- ✂️ ([\d,]+) more reviewers \([\d,]+ changes\) not shown here; every approval is under `approvals`/m) + count("- <code>")).toBe(100);
    expect(cutCount(body, /^> ✂️ ([\d,]+) more safety overrides in use not shown here/m) + count("> Safety override in use: ")).toBe(300);
  });

  it("is well-formed as GitHub renders it: every <details> closed, every section after the head", () => {
    expect((body.match(/<details/g) ?? []).length).toBe((body.match(/<\/details>/g) ?? []).length);
    const html = renderLikeGithub(body);
    expect(html).toContain("<summary><b>Changes this pull request makes</b> (100)</summary>");
    expect(html).toContain("<summary><b>Error findings</b> (30)</summary>");
  });

  it("in a room of 4,500 characters (a step summary nearly full): each list is only its count line, and the three sections still say how many rows they have", () => {
    // Room too small for the head's lists at their shares and the sections' count lines after them.
    const small = renderMarkdown(plan, { limit: 4_500, artifactUrl: URL });
    expect(small.length).toBeLessThanOrEqual(4_500);
    expect(small).not.toContain("> Safety override in use: ");
    expect(small).toContain("> ✂️ 300 more safety overrides in use not shown here (limits: 100 <code>disables</code>, 100 <code>removals</code>, 100 <code>changes</code>)");
    expect(small).toContain("- ✂️ 301 more reasons not shown here");
    expect(small).toMatch(/Changes this pull request makes<\/b>|\*\*Changes this pull request makes\*\* \(100\)/);
    expect(small).toMatch(/Error findings<\/b> \(30\)|\*\*Error findings\*\* \(30\)/);
    expect(small).toMatch(/Privileged changes<\/b> not made by this pull request \(50\)|\*\*Privileged changes\*\* not made by this pull request \(50\)/);
  });

  it("is the same text every time", () => {
    expect(planCommentBody(crowdedPlan(), { artifactUrl: URL, head: "b".repeat(40), run: "78" })).toBe(body);
    expect(renderMarkdown(plan)).toBe(renderMarkdown(crowdedPlan()));
  });
});
