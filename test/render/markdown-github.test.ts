import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Change } from "../../src/model/change.js";
import type { Plan } from "../../src/plan/plan.js";
import { renderMarkdown } from "../../src/plan/render/markdown.js";
import { renderText } from "../../src/plan/render/text.js";
import { BIDI, CROSS_REFERENCE, filteredText, MATH, MENTION, renderLikeGithub } from "../helpers/github-markdown.js";
import { FIXTURES, runCli } from "../helpers/run-cli.js";
import { buildScenario, SCENARIO_NOW } from "../helpers/scenario.js";

// What GitHub does to a comment after Markdown: @name notifies a person or a team, #12 links an
// issue, www.host / scheme:// / a@b.c become links, $…$ becomes math, and a bidi override reorders
// what the reviewer reads. None of it may come from data (names, titles, reasons, findings).
// The comment is rendered by cmark-gfm, GitHub's own parser, and its HTML is read as GitHub's
// filters read it.
const HOSTILE = (JSON.parse(readFileSync(join(FIXTURES, "hostile", "names.json"), "utf8")) as { names: string[] }).names;
const INVISIBLE_FROM_DATA = /[\u200b\u200d\ufeff\u2066\u2069\u{E0041}\u{E0042}]/u;

function hostileChange(i: number, text: string): Change {
  return {
    id: `c${i}`,
    target: "crm",
    action: i % 2 ? "grant" : "update-account",
    identity: text,
    login: text,
    ...(i % 2 ? { entitlement: `group:${text}` } : { attributes: { title: { from: text, to: `${text} (new)` }, description: { from: `${"long ".repeat(20)}${text}`, to: `${"long ".repeat(20)}changed ${text}` } } }),
    privileged: false,
    origin: "source",
    reason: `because ${text}`,
    evidence: [],
  };
}

function hostilePlan(): Plan {
  const changes = HOSTILE.map((t, i) => hostileChange(i, t));
  return {
    formatVersion: 1,
    fingerprint: "sha256:abc",
    generatedAt: SCENARIO_NOW,
    organisation: HOSTILE[0]!,
    summary: { grant: 6, "update-account": 5 },
    changes,
    findings: HOSTILE.map((t, i) => ({ rule: "custom-rule", severity: i % 2 ? "warning" : "error", identity: t, message: `finding ${t}`, remediation: `fix ${t}`, location: `identities/${t}.yaml:1`, controls: [t] })),
    blocked: true,
    blockedReasons: HOSTILE.map((t) => `blocked by ${t}`),
    overrides: [{ target: "crm", limit: "deletes", allow: 3, reason: HOSTILE[1]! }],
    exceptions: HOSTILE.map((t) => ({ rule: "r", identity: t, message: t, ticket: t, approver: t, expiresAt: "2027-01-01", at: t })),
    approvals: HOSTILE.map((t) => ({ reviewer: t, changes: 1 })),
    targets: { crm: { accounts: 1, readFrom: HOSTILE[3]! } },
    desiredStateDiff: [{ file: `identities/${HOSTILE[0]}.yaml`, patch: HOSTILE.map((t) => `+title: ${t}`).join("\n") }],
    base: HOSTILE[2]!,
  } as Plan;
}

function expectDefused(markdown: string): void {
  const html = renderLikeGithub(markdown);
  expect(html).not.toMatch(/<a\b/i);
  const text = filteredText(html);
  expect(text.length).toBeGreaterThan(10);
  for (const t of text) {
    expect(t, t).not.toMatch(MENTION);
    expect(t, t).not.toMatch(CROSS_REFERENCE);
    expect(t, t).not.toMatch(MATH);
  }
  expect(html).not.toMatch(BIDI);
  expect(html).not.toMatch(INVISIBLE_FROM_DATA);
  // Our own word joiners sit only where they break a pattern.
  for (const m of html.matchAll(/\u2060/g)) expect(html.slice(m.index - 6, m.index + 6)).toMatch(/[@#:]\u2060|\u2060\\?[.-]|#\d+;\u2060/);
  // …and the data is still there to read: the bidi override shown as an escape.
  expect(html).toContain("\\u202e");
  expect(html).toContain("\\u200b");
}

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe("the PR comment as GitHub renders it (cmark-gfm)", () => {
  it("the hostile strings themselves would mention, link, cross-reference and typeset math unescaped", () => {
    // The test can fail: rendered raw, the same data produces everything the comment must not.
    const html = renderLikeGithub(HOSTILE.join("\n\n"));
    expect(html).toMatch(/<a\b/);
    const text = filteredText(html).join("\n");
    expect(text).toMatch(MENTION);
    expect(text).toMatch(CROSS_REFERENCE);
    expect(text).toMatch(MATH);
    expect(html).toMatch(BIDI);
  });

  it("no field of a plan can produce a link, a mention, a cross-reference, math or a bidi override", () => {
    expectDefused(renderMarkdown(hostilePlan()));
  });

  it("nor can names and titles that arrive from the HR export, through the CLI", async () => {
    const s = await buildScenario("joiner");
    cleanup = s.cleanup;
    const header = "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate";
    const q = (v: string) => `"${v.replace(/"/g, '""')}"`;
    const rows = HOSTILE.map((t, i) => [`X${i}`, `user${i}`, q(t), q(HOSTILE[(i + 3) % HOSTILE.length]!), `u${i}@corp.example`, "Active", "Employee", q(HOSTILE[(i + 1) % HOSTILE.length]!), "Engineering", "W1", "2026-11-01", ""].join(","));
    writeFileSync(join(s.dir, "hr.csv"), `${header}\n${rows.join("\n")}\nW1,ada,Ada,Lovelace,ada@corp.example,Active,Employee,Head of Platform,Platform,,2019-01-07,\n`);
    const r = await runCli(["plan", "--repo", s.dir, "--format", "markdown", "--now", SCENARIO_NOW]);
    expect(r.stderr).toBe("");
    expect(renderLikeGithub(r.stdout)).toContain("admin\\u202egpj.exe");
    expectDefused(r.stdout);
  });
});

describe("control characters in the comment", () => {
  const control = (from: string, to: string): Plan => ({ ...hostilePlan(), changes: [{ id: "c1", target: "crm", action: "update-account", identity: "ivy.chen", login: "ivy.chen", attributes: { displayName: { from, to } }, privileged: false, origin: "source", reason: "attributes changed", evidence: [] }] }) as Plan;

  it("a change made only of control characters is shown as one, not as spaces that read as no change", () => {
    const html = renderLikeGithub(renderMarkdown(control("Ivy Chen    XX", "Ivy Chen\u0007\u0008\u0008\u0008\u0008XX")));
    expect(html).toContain("Ivy Chen\\u0007\\u0008\\u0008\\u0008\\u0008XX");
    expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });

  it("an ANSI escape in a name is written as \\u001b, not dropped to a space", () => {
    const html = renderLikeGithub(renderMarkdown(control("Ivy Chen", "Ivy \u001b[31mChen\u001b[0m")));
    expect(html).toContain("\\u001b[31mChen\\u001b[0m");
    expect(html).not.toContain("\u001b");
  });

  it("a change of nothing but a tab or a line break is shown as one, with its escapes", () => {
    const html = renderLikeGithub(renderMarkdown(control("Ben Ortiz Jr", "Ben Ortiz\tJr")));
    expect(html).toContain("Ben Ortiz Jr → Ben Ortiz\\u0009Jr");
    const broken = renderMarkdown(control("Ben Ortiz Jr", "Ben Ortiz\nJr"));
    // Still one row of the table, and the break is shown.
    expect(broken.split("\n").filter((l) => l.includes("ivy.chen") && l.startsWith("|"))).toHaveLength(1);
    expect(renderLikeGithub(broken)).toContain("Ben Ortiz Jr → Ben Ortiz\\u000aJr");
  });

  it("a line break in a value still becomes a space: the row stays one row of the table", () => {
    const markdown = renderMarkdown(control("Ivy Chen", "Ivy\r\nChen"));
    const row = markdown.split("\n").find((l) => l.includes("ivy.chen") && l.startsWith("|"))!;
    // The word diff marks the break that became a space; both words stay on the row.
    expect(row).toMatch(/displayName: Ivy.*Chen \| source \| attributes changed \|$/);
    expect(row).not.toMatch(/[\r\u2028\u2029]/);
  });
});

describe("terminal text", () => {
  it("shows bidi, zero-width and tag characters as escapes", () => {
    const out = renderText(hostilePlan(), { color: false });
    expect(out).not.toMatch(BIDI);
    expect(out).not.toMatch(INVISIBLE_FROM_DATA);
    expect(out).not.toMatch(/\u2060/);
    expect(out).toContain("admin\\u202egpj.exe");
    expect(out).toContain("zero\\u200bwidth\\u200djoin\\ufeffbom\\u2060joiner\\u2066iso\\u2069");
    expect(out).toContain("tag\\u{E0041}\\u{E0042}chars");
  });
});
