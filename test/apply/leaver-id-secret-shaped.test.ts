// A leaver whose id is itself a secret: an API key or an AWS secret access key pasted into HR's
// UserID column, read as the person's login and so as their identity id. No account is planned
// under such a login (login-secret-shaped), but the account the leaver already has is offboarded,
// and that change named them by the id. Once the plan's decisions are made the leaver is named by
// their anchor, as login-secret-shaped names them (plan/masked-change-identities.ts): no file the
// run writes (plan JSON, Markdown, SARIF, the journal) nor anything printed (explain, report
// leavers) holds the key, apply still disables the right account, found by the target's own
// account id, and the leavers report finds the journal's steps under that name.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { engineeringFileRepo, type PolicyRepo } from "./helpers/policy-repo.js";

// Built at run time, so that no secret-shaped literal sits in the repository.
const SHAPES = [
  // A GitHub token: `ghp_` and 36 characters. Logins are read lower-cased; no case of it may show.
  { kind: "GitHub token", id: ["ghp", "L34v3rT0kenValue0123456789abcdefABCD"].join("_") },
  // An AWS secret access key: 40 characters of base64, AWS's documented example with its own tail.
  { kind: "AWS secret access key", id: ["wJalrXUtnFEMI/K7MDENG", "bPxRfiCYQ9z8Kd3LmP"].join("/") },
];

/** Every file under `dir` (but the export the key came from), as text. */
function filesUnder(dir: string, skip: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    if (name === skip || statSync(path).isDirectory()) continue;
    out.push([name, readFileSync(path, "utf8")]);
  }
  return out;
}

let repo: PolicyRepo | undefined;
afterEach(() => repo?.cleanup());

describe.each(SHAPES)("a leaver whose id is a $kind", ({ kind, id }) => {
  it("is offboarded, and no output names the id", async () => {
    // Their account in the app is under another login, linked by the mark HR's WorkerID gives. Only
    // the UserID cell holds the key (the helper would make a name and an address of it otherwise).
    repo = engineeringFileRepo(
      [{ worker: "W1", login: id, first: "Lee", email: "lee@corp.example", department: "Engineering", status: "Terminated" }, { worker: "W2", login: "grace", department: "Engineering" }],
      ["displayName"],
      [{ id: "7", login: "old-name", externalId: "hr:W1", active: true, attributes: {}, entitlements: ["group:Engineering"] }],
    );
    const leak = new RegExp(id.slice(4, 24).replace(/[/+]/g, "\\$&"), "i");
    const planned = await repo.cli(["plan", "--format", "json", "--out", "plan.json"], {});
    expect(planned.code, planned.stderr).toBe(0);
    const plan = JSON.parse(repo.read("plan.json")) as Plan;
    const masked = "hr:W1";
    expect(plan.changes.filter((c) => c.anchor === "hr:W1").map((c) => [c.action, c.identity, c.account])).toEqual([
      ["revoke", masked, "7"],
      ["disable-account", masked, "7"],
    ]);
    const printed: string[] = [planned.stdout, planned.stderr];
    for (const [format, out] of [["markdown", "plan.md"], ["sarif", "plan.sarif"], ["text", "plan.txt"]]) {
      const r = await repo.cli(["plan", "--format", format!, "--out", out!], {});
      expect(r.code, r.stderr).toBe(0);
      printed.push(r.stdout, r.stderr);
    }
    expect(repo.read("plan.md")).toContain("| disable | hr:W1 (login <code>old-name</code>) |");
    const applied = await repo.cli(["apply", "--plan", "plan.json"], {});
    expect(applied.code, applied.stderr + applied.stdout).toBe(0);
    printed.push(applied.stdout, applied.stderr);
    const state = JSON.parse(repo.read("state/app.json")) as { accounts: Array<{ id: string; active: boolean; entitlements: string[] }> };
    expect(state.accounts.find((a) => a.id === "7")).toMatchObject({ active: false, entitlements: [] });
    const journal = repo.read(".scopesync/journal.jsonl").trim().split("\n").map((l) => JSON.parse(l) as { identity: string; outcome?: string; account?: string });
    expect(journal.filter((l) => l.account === "7" && l.outcome).map((l) => [l.identity, l.outcome])).toEqual([
      [masked, "applied"],
      [masked, "applied"],
    ]);
    for (const args of [["explain", "hr:W1", "--history"], ["report", "leavers", "--since", "2026-11-01"], ["report", "leavers", "--since", "2026-11-01", "--format", "json"]]) {
      const r = await repo.cli(args, {});
      expect(r.stdout, `${args.join(" ")}: ${r.stderr}`).toContain("hr:W1");
      printed.push(r.stdout, r.stderr);
    }
    // The report is the evidence the leaver was offboarded: the journal's steps are theirs.
    const report = JSON.parse(printed.at(-2)!) as { leavers: Array<{ identity: string; targets: Array<{ steps: Array<{ action: string }> }> }> };
    expect(report.leavers.map((l) => [l.identity, l.targets[0]!.steps.map((s) => s.action)])).toEqual([["hr:W1", ["revoke", "disable-account"]]]);
    for (const [name, text] of filesUnder(repo.dir, "hr.csv")) expect(text, name).not.toMatch(leak);
    for (const text of printed) expect(text).not.toMatch(leak);
  });

  // The journal names the leaver by the anchor; the planner looked it up by the raw id, and so lost
  // every journal-based warning for them (rv92 M1): a hand re-enable of the account read as the
  // first offboarding. Compared with the same steps for a leaver with an ordinary login.
  it.each([
    { who: "this leaver", login: id, name: "hr:W1" },
    { who: "a leaver with an ordinary login", login: "lee", name: "lee" },
  ])("whose account is re-enabled by hand gets offboarding-undone, as $who does", async ({ login, name }) => {
    repo = engineeringFileRepo(
      [{ worker: "W1", login, first: "Lee", email: "lee@corp.example", department: "Engineering", status: "Terminated" }, { worker: "W2", login: "grace", department: "Engineering" }],
      ["displayName"],
      [{ id: "7", login: "old-name", externalId: "hr:W1", active: true, attributes: {}, entitlements: ["group:Engineering"] }],
    );
    const planned = await repo.cli(["plan", "--format", "json", "--out", "plan.json"], {});
    expect(planned.code, planned.stderr).toBe(0);
    const applied = await repo.cli(["apply", "--plan", "plan.json"], {});
    expect(applied.code, applied.stderr + applied.stdout).toBe(0);
    // Someone gives account 7 back in the app by hand; the state is read afterwards.
    const state = JSON.parse(repo.read("state/app.json")) as { readAt?: string; accounts: Array<{ id: string; active: boolean; entitlements: string[]; disabledAt?: string }> };
    const account = state.accounts.find((a) => a.id === "7")!;
    account.active = true;
    account.entitlements = ["group:Engineering"];
    delete account.disabledAt;
    state.readAt = new Date(Date.now() + 1000).toISOString();
    repo.write("state/app.json", JSON.stringify(state));
    const again = await repo.cli(["plan", "--format", "json", "--out", "plan2.json"], {});
    expect(again.code, again.stderr).toBe(0);
    const plan = JSON.parse(repo.read("plan2.json")) as Plan;
    expect(plan.findings.filter((f) => f.rule === "offboarding-undone").map((f) => f.identity)).toEqual([name]);
    const disable = plan.changes.find((c) => c.account === "7" && c.action === "disable-account");
    expect(disable?.reason).toContain("given back outside scopesync");
    if (login === id) for (const [file, text] of filesUnder(repo.dir, "hr.csv")) expect(text, file).not.toMatch(new RegExp(id.slice(4, 24).replace(/[/+]/g, "\\$&"), "i"));
  });
});
