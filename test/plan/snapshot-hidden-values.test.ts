// A snapshot (state/sources/) is committed, so every secret-shaped value in it is hidden: the
// record holds "(a value not shown: it looks like a secret, …)" where the export held the secret.
// A plan made from the snapshots (plan --from-snapshots) must not take that text for the value:
// written to an app it would replace a title with a sentence about a secret. The planner leaves
// it out, as it leaves out the secret it stands for (attribute-secret-shaped), and a login a
// snapshot hid is refused as a secret-shaped login is (login-secret-shaped).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { engineeringFileRepo, type PolicyRepo, type Person } from "../apply/helpers/policy-repo.js";

// Built at run time, so that no secret-shaped literal sits in the repository.
const TOKEN = ["ghp", "R4nd0mT0kenValue0123456789abcdefABCD"].join("_");
const URL_PASSWORD = ["https://svc", "Pa55w0rdX@intranet.example/x"].join(":");

const people: Person[] = [
  { worker: "W1", login: "ada", department: "Engineering", title: TOKEN },
  { worker: "W2", login: "alan", department: "Engineering", title: URL_PASSWORD },
  { worker: "W3", login: "grace", department: "Engineering", title: "Engineer" },
];

let repo: PolicyRepo;
beforeEach(() => {
  repo = engineeringFileRepo(people, ["title"], [{ id: "1", login: "grace", externalId: "hr:W3", active: true, attributes: { title: "Intern" }, entitlements: ["group:Engineering"] }]);
});
afterEach(() => repo?.cleanup());

async function planFrom(...args: string[]): Promise<Plan> {
  const r = await repo.cli(["plan", "--format", "json", "--out", "plan.json", ...args], {});
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(repo.read("plan.json")) as Plan;
}

describe("plan --from-snapshots and the values a snapshot hid", () => {
  it("writes no hidden value to the app: the same changes as the plan from the export, each said", async () => {
    expect((await repo.cli(["snapshot"], {})).code).toBe(0);
    expect(repo.read("state/sources/hr.json")).toContain("(a value not shown: it looks like a secret, GitHub token)");
    const fromExport = await planFrom();
    const fromSnapshots = await planFrom("--from-snapshots");
    const written = (p: Plan) => p.changes.flatMap((c) => Object.entries(c.attributes ?? {}).map(([name, v]) => `${c.action} ${c.identity} ${name}=${v.to}`)).sort();
    expect(written(fromSnapshots)).toEqual(written(fromExport));
    expect(JSON.stringify(fromSnapshots.changes)).not.toContain("a value not shown");
    const said = (p: Plan) => p.findings.filter((f) => f.rule === "attribute-secret-shaped").map((f) => `${f.identity}: ${f.message.match(/looks like a secret \(([^)]+)\)/)?.[1]}`);
    expect(said(fromSnapshots)).toEqual(["ada: GitHub token", "alan: password in a URL"]);
    expect(said(fromSnapshots)).toEqual(said(fromExport));
  });
});
