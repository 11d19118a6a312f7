// A case correction in a source (`Staff engineer` → `Staff Engineer`) and a SCIM app: the plan
// compares by what the app's /Schemas declares (RFC 7643 §7). Declared `caseExact: true`, the
// correction is an update, applied and then in place; declared `caseExact: false` (scimmy and
// better-auth both serve RFC 7643 §8.7.1's values), it is no change, and an info finding counts
// the accounts whose correction is not sent. A plan from the pulled state file compares the same.
import { describe, expect, it } from "vitest";
import { startBetterAuthScim } from "../servers/better-auth-scim.js";
import { startScimServer } from "../servers/scim-server.js";
import { changeLines, type Person } from "./helpers/policy-repo.js";
import { scimPeerPerSuite } from "./helpers/scim-peer-repo.js";
import type { Plan } from "../../src/plan/plan.js";

const people: Person[] = [
  { worker: "W1", login: "ada", first: "Ada", last: "Lovelace", title: "Staff engineer", department: "Engineering" },
  { worker: "W2", login: "grace", first: "Grace", last: "Hopper", title: "Engineer", department: "Engineering" },
];
const corrected: Person[] = [{ ...people[0]!, title: "Staff Engineer" }, people[1]!];
const spec = { people, groups: [], policy: { scope: { include: [{ kinds: ["person"] }] }, accounts: { attributes: { email: { from: "email" }, title: { from: "title" } } } } };

type Peer = { url: string; token: string; stop(): Promise<void> };

async function scimmy(caseExactAttributes: string[]) {
  const server = await startScimServer();
  await server.inject({ caseExactAttributes });
  return server;
}

const caseFindings = (plan: Plan) => plan.findings.filter((f) => f.rule === "attribute-case-differs");

describe.each([
  ["scimmy", (): Promise<Peer> => scimmy([])],
  ["better-auth", (): Promise<Peer> => startBetterAuthScim()],
] as const)("scim (%s) declaring title caseExact: false", (_name, start) => {
  const suite = scimPeerPerSuite(start, spec);

  it("a case correction is no change, and the plan says it is not sent", async () => {
    await suite.repo.plan(suite.env);
    expect((await suite.repo.cli(["apply", "--plan", "reviewed.json"], suite.env)).stdout).toContain("applied 2, already in place 0, failed 0");
    suite.repo.setPeople(corrected);
    const { plan } = await suite.repo.plan(suite.env);
    expect(changeLines(plan)).toEqual([]);
    expect(caseFindings(plan)).toEqual([expect.objectContaining({
      severity: "info",
      message: 'crm: 1 account(s) hold a value that differs from the source\'s only in case (title of 1; ada): target "crm" compares these attributes without case (`caseExact: false` as the app\'s /Schemas declares, or RFC 7643\'s default where it declares none), so the case correction is not sent',
    })]);
  });
});

describe("scim (scimmy) declaring title caseExact: true", () => {
  const suite = scimPeerPerSuite(() => scimmy(["title"]), spec);

  it("a case correction is an update, applied, then in place; a plan from the pulled state plans it too", async () => {
    await suite.repo.plan(suite.env);
    expect((await suite.repo.cli(["apply", "--plan", "reviewed.json"], suite.env)).stdout).toContain("applied 2, already in place 0, failed 0");
    suite.repo.setPeople(corrected);
    // The state file keeps what the app declares, so an offline plan compares as the live one.
    expect((await suite.repo.cli(["state", "pull"], suite.env)).code).toBe(0);
    const pulled = JSON.parse(suite.repo.read("state/crm.json")) as { attributeCaseExact?: Record<string, boolean> };
    expect(pulled.attributeCaseExact?.title).toBe(true);
    const offline = await suite.repo.cli(["plan", "--format", "json", "--out", "offline.json"], suite.env);
    expect(offline.code).toBe(0);
    const fromState = JSON.parse(suite.repo.read("offline.json")) as Plan;
    expect(fromState.changes.find((c) => c.action === "update-account")?.attributes).toEqual({ title: { from: "Staff engineer", to: "Staff Engineer" } });

    const { plan } = await suite.repo.plan(suite.env);
    expect(changeLines(plan)).toEqual(["update-account ada"]);
    expect(plan.changes[0]!.attributes).toEqual({ title: { from: "Staff engineer", to: "Staff Engineer" } });
    expect(caseFindings(plan)).toEqual([]);
    expect((await suite.repo.cli(["apply", "--plan", "reviewed.json"], suite.env)).stdout).toContain("applied 1, already in place 0, failed 0");
    expect(changeLines((await suite.repo.plan(suite.env)).plan)).toEqual([]);
  });
});
