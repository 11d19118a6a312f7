import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { renderMarkdown } from "../../src/plan/render/markdown.js";
import { renderText } from "../../src/plan/render/text.js";
import { EXAMPLE_NOW, editFile, examplePullRequest, exampleForTest } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

// A pull request that makes a CI account GitHub org owner. Its plan (43 changes) fits in one
// comment, whose layout had no list of the pull request's own changes nor of the privileged ones:
// the head counted "6 privileged changes" and the grant was row 23 of the collapsed github
// section, after the findings, while a plan too large for one comment put both lists first and
// open (rv94). Every layout now shows them first, the text plan too.

const ADMIN_ROW = "| github | 🔐 grant | svc\\-staging\\-deployer (login <code>acme-staging-deployer</code>) | <code>role&#58;admin</code> | this PR | mapped to role:admin by this pull request at policies/apps/github.yaml:58; explicit member of staging\\-deployers \\(Deploys every merged PR to staging\\) |";

let planned: Promise<Plan> | undefined;
/** Planned once for every test: the plan is what they read, the copy is removed after the first. */
function adminPullRequest(): Promise<Plan> {
  return (planned ??= planAdminPullRequest());
}

async function planAdminPullRequest(): Promise<Plan> {
  const old = "  - group: staging-deployers\n    entitlement: team:staging-deployers\n";
  const dir = await examplePullRequest((d) => editFile(join(d, "policies/apps/github.yaml"), (s) => {
    expect(s).toContain(old);
    return s.replace(old, `${old}  - group: staging-deployers\n    entitlement: role:admin\n`);
  }));
  const out = await runCli(["plan", "--repo", dir, "--base", "main", "--now", EXAMPLE_NOW, "--format", "json"]);
  expect(out.stderr).toBe("");
  return JSON.parse(out.stdout) as Plan;
}

/** Where each open or collapsed section starts, by its summary. */
function sections(md: string): string[] {
  return [...md.matchAll(/^<details( open)?><summary>(.*?)<\/summary>/gm)].map((m) => `${m[1] ? "open" : "closed"} ${m[2]}`);
}

describe("this pull request's changes and the privileged ones come first", () => {
  it("in a comment that fits whole: two open tables right after the head, before the findings", async () => {
    const plan = await adminPullRequest();
    expect(plan.changes.filter((c) => c.origin === "pr").map((c) => `${c.target} ${c.action} ${c.identity} ${c.entitlement}`)).toEqual(["github grant svc-staging-deployer role:admin"]);
    const md = renderMarkdown(plan);
    expect(md).not.toContain("does not fit in one comment");
    expect(sections(md).slice(0, 3)).toEqual(["open <b>Changes this pull request makes</b> (1)", "open <b>Privileged changes</b> not made by this pull request (5)", "closed <b>Findings</b> (0 error, 19 warning, 10 info)"]);
    const open = md.slice(0, md.indexOf("<details><summary><b>Findings"));
    expect(open).toContain(ADMIN_ROW);
    // The privileged table holds the others' privileged changes, each once; the PR's own is not repeated.
    const privileged = open.slice(open.indexOf("<b>Privileged changes</b>"));
    expect(privileged.split("\n").filter((l) => l.startsWith("| github | 🔐"))).toHaveLength(5);
    expect(privileged).not.toContain("svc\\-staging\\-deployer");
    // The same two tables, in the same words, as a comment cut to fit (comment-budget.ts) shows.
    const cut = renderMarkdown(plan, { limit: 12_000 });
    expect(cut).toContain("does not fit in one comment");
    const tables = (text: string): string => text.slice(text.indexOf("<details open><summary><b>Changes this pull request makes"), text.indexOf("</details>", text.indexOf("<b>Privileged changes</b>")));
    expect(tables(md)).toBe(tables(cut));
  });

  it("in the text plan: both lists, each change with its target, before the per-target lists", async () => {
    const plan = await adminPullRequest();
    const lines = renderText(plan, { color: false }).split("\n");
    const at = (prefix: string): number => lines.findIndex((l) => l.startsWith(prefix));
    expect(lines.slice(at("This pull request's changes"), at("This pull request's changes") + 3)).toEqual([
      "This pull request's changes (1)",
      "  + grant             github: svc-staging-deployer (login acme-staging-deployer) role:admin [privileged]  (this PR)",
      "      mapped to role:admin by this pull request at policies/apps/github.yaml:58; explicit member of staging-deployers (Deploys every merged PR to staging)",
    ]);
    expect(at("Privileged changes not made by this pull request (5)")).toBeGreaterThan(at("This pull request's changes"));
    expect(at("crm (")).toBeGreaterThan(at("Privileged changes not made by this pull request"));
    // Without --base there is no pull request: the privileged list says only what it is.
    const { base: _base, ...without } = plan;
    const text = renderText({ ...(without as Plan), changes: plan.changes.map((c) => ({ ...c, origin: c.origin === "pr" ? "policy" : c.origin })) }, { color: false });
    expect(text).not.toContain("This pull request's changes");
    expect(text).toContain("\nPrivileged changes (6)\n");
  });

  it("marks a mover's change as one in both lists, as the per-target lists do (rv94 LOW 3)", async () => {
    // marcus.chen moved from Platform to Sales: three privileged revokes in github.
    const out = await runCli(["plan", "--repo", exampleForTest(), "--now", EXAMPLE_NOW, "--format", "json"]);
    const plan = JSON.parse(out.stdout) as Plan;
    const text = renderText(plan, { color: false });
    const privileged = text.slice(text.indexOf("Privileged changes (5)"), text.indexOf("\n\n", text.indexOf("Privileged changes (5)")));
    expect(privileged).toContain("  - revoke            github: marcus.chen (login mchen-dev) role:admin [privileged] [mover]  (source)\n");
    expect(privileged).toContain("  - revoke            github: nikhil.rao (login nikhilrao) role:admin [privileged]  (policy)\n");
    // The same line under its target, and the comment's review-first table says "(mover)" as its target section does.
    expect(text.split("\n").filter((l) => l.includes("marcus.chen (login mchen-dev) role:admin [privileged] [mover]"))).toHaveLength(2);
    const md = renderMarkdown(plan);
    expect(md.split("\n").filter((l) => l.includes("marcus.chen (login <code>mchen-dev</code>) | <code>role&#58;admin</code> | source (mover) |"))).toHaveLength(2);
  });
});
