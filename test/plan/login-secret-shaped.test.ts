// A login that looks like a secret (an API key pasted into HR's UserID column) is not used: no
// account is made or changed under it, and the plan says where it is (login-secret-shaped) without
// echoing it, in any format, nor in the app; an account already linked to the identity is not
// renamed to it. A snapshot hides such a login; planned from the
// snapshot (plan --from-snapshots) it is refused the same way, never taken for a login.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { engineeringFileRepo, type PolicyRepo, type Person } from "../apply/helpers/policy-repo.js";

// Built at run time, so that no secret-shaped literal sits in the repository.
const TOKEN = ["ghp", "R4nd0mT0kenValue0123456789abcdefABCD"].join("_");
/** Logins are read lower-cased: a part of the token no mask keeps, in any case, is a leak. */
const LEAK = /r4nd0mt0kenvalue/i;

const people: Person[] = [
  { worker: "W1", login: TOKEN, department: "Engineering" },
  { worker: "W2", login: "grace", department: "Engineering" },
  // Their account in the app, linked by its mark: not renamed to the token.
  { worker: "W3", login: TOKEN.replace("R4nd0m", "Acc0nt"), department: "Engineering" },
];

let repo: PolicyRepo;
beforeEach(() => {
  repo = engineeringFileRepo(people, ["displayName"], [{ id: "7", login: "old-name", externalId: "hr:W3", active: true, attributes: {}, entitlements: ["group:Engineering"] }]);
});
afterEach(() => repo?.cleanup());

async function planJson(...args: string[]): Promise<{ plan: Plan; text: string }> {
  const r = await repo.cli(["plan", "--format", "json", "--out", "plan.json", ...args], {});
  const text = repo.read("plan.json");
  expect(r.code, (JSON.parse(text) as Plan).blockedReasons.join("\n")).toBe(0);
  return { plan: JSON.parse(text) as Plan, text };
}

describe("a login that looks like a secret", () => {
  it("plans no account under it, says where it is, and shows it nowhere", async () => {
    const { plan, text } = await planJson();
    expect(text).not.toMatch(LEAK);
    expect(plan.changes.map((c) => `${c.action} ${c.identity}${c.entitlement ? ` ${c.entitlement}` : ""}`).sort()).toEqual(["create-account grace", "grant grace group:Engineering"]);
    const said = plan.findings.filter((f) => f.rule === "login-secret-shaped");
    expect(said.map((f) => f.identity)).toEqual(["hr:W1", "hr:W3"]);
    expect(said[0]).toEqual(
      {
        rule: "login-secret-shaped",
        severity: "warning",
        identity: "hr:W1",
        message: "hr:W1's userName (hr.csv row 1 (line 2)), the login app would use, looks like a secret (GitHub token): no account is planned or changed under it in app, and it is not shown here",
        remediation: "correct the login in hr.csv row 1 (line 2) and rotate the secret: whoever can read that export has it. The next plan after that plans hr:W1's account as usual",
        location: "hr.csv row 1 (line 2)",
        target: "app",
      });
    for (const format of ["text", "markdown", "sarif"]) {
      const r = await repo.cli(["plan", "--format", format], {});
      expect(r.stdout + r.stderr, format).not.toMatch(LEAK);
    }
    const applied = await repo.cli(["apply", "--auto-approve"], {});
    expect(applied.code, applied.stderr + applied.stdout).toBe(0);
    expect(applied.stdout + applied.stderr + repo.read(".scopesync/journal.jsonl") + repo.read("state/app.json")).not.toMatch(LEAK);
  });

  it("an AWS secret access key, whose shape needs its case, is found though logins are lower-cased", async () => {
    const key = ["wJalrXUtnFEMI/K7MDENG", "bPxRfiCYJ01n3rKeyZ"].join("/");
    repo.setPeople([{ worker: "W1", login: key, first: "Jo", email: "jo@corp.example", department: "Engineering" }, people[1]!]);
    const { plan, text } = await planJson();
    expect(text).not.toMatch(/rXUtnFEMI\/K7MDENG\/bPxRfiCYJ01n3r/i);
    expect(plan.changes.filter((c) => c.action === "create-account").map((c) => c.login)).toEqual(["grace"]);
    expect(plan.findings.filter((f) => f.rule === "login-secret-shaped").map((f) => [f.identity, f.message.match(/looks like a secret \(([^)]+)\)/)?.[1]])).toEqual([["hr:W1", "AWS secret access key"]]);
  });

  it("hidden by the snapshot, is refused the same way when planned from it", async () => {
    // One such login: two would be hidden as the same text, one login of two records in the snapshot.
    repo.setPeople(people.slice(0, 2));
    expect((await repo.cli(["snapshot"], {})).code).toBe(0);
    const { plan, text } = await planJson("--from-snapshots");
    expect(text).not.toMatch(LEAK);
    expect(plan.changes.filter((c) => c.action === "create-account").map((c) => c.login)).toEqual(["grace"]);
    expect(plan.findings.filter((f) => f.rule === "login-secret-shaped").map((f) => [f.identity, f.message.match(/looks like a secret \(([^)]+)\)/)?.[1]])).toEqual([["hr:W1", "github token"]]);
    expect(plan.findings.filter((f) => f.rule === "login-invalid")).toEqual([]);
  });
});
