// rv63 #2: a support agent's API key in a SCIM-provisioned helpdesk, declared in the agent's file
// (`credentials: [{ target: helpdesk }]`). When the agent expired, or its owner left, the plan
// disabled the SCIM user and said "credentials revoked" (nhi-owner-active) or "the plan disables
// it" (agent-expired), while nothing revoked the key: SCIM has users and groups and no credential
// resource, and an app's API token is often not the user's ("The API token itself remains active
// even after the user is deleted", Zendesk, https://support.zendesk.com/hc/en-us/articles/115004902188).
// Now every finding about the offboarded agent names the key as still valid, with the fix in the
// app's admin console, on this plan and on each later one. Against the scimmy server, plan --live
// and apply as a user runs them.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { changeLines, PolicyRepo, type Person } from "./helpers/policy-repo.js";
import { scimView } from "./helpers/scim-state.js";

let server: ScimServer;
let repo: PolicyRepo;
let env: Record<string, string>;

const ines: Person = { worker: "E100", login: "ines.moreau", department: "Support", title: "Support Lead" };
const tariq: Person = { worker: "E101", login: "tariq.nasser", department: "Support", title: "Support Engineer" };

/** The agent's file: `expiresAt` as given, its helpdesk API token listed with `target: helpdesk`. */
function agentFile(expiresAt: string, keyExpiresAt = "2027-09-01"): string {
  return `kind: Agent
id: agent-ticket-triage
displayName: Ticket triage agent
owner: ines.moreau
model: claude-sonnet-4-5
purpose: Tags and routes incoming tickets in the helpdesk.
expiresAt: "${expiresAt}"
attributes:
  platform: helpdesk
credentials:
  - id: triage-helpdesk-token
    type: api-key
    target: helpdesk
    issuedAt: "2026-09-01"
    expiresAt: "${keyExpiresAt}"
    secretRef: vault:support/triage-agent#helpdesk_api_token
`;
}

const keyFindings = (p: Plan) => p.findings.filter((f) => JSON.stringify(f).includes("triage-helpdesk-token"));

beforeAll(async () => {
  server = await startScimServer();
  env = { HELPDESK_SCIM_TOKEN: server.token };
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(async () => {
  await server.reset();
  repo = new PolicyRepo({
    targetName: "helpdesk",
    target: { type: "scim", url: server.url, token: "${env:HELPDESK_SCIM_TOKEN}", options: { timeoutMs: 5000 } },
    people: [ines, tariq],
    groups: [],
    policy: { scope: { include: [{ kinds: ["person"], where: { department: ["Support"] } }, { kinds: ["agent"], where: { platform: ["helpdesk"] } }] }, accounts: { login: "userName" } },
  });
  // Day 1: the agent is live and has its helpdesk user.
  repo.write("identities/agents/agent-ticket-triage.yaml", agentFile("2027-05-31"));
  await repo.plan(env, "day1.json");
  expect((await repo.cli(["apply", "--plan", "day1.json"], env)).code).toBe(0);
  expect((await scimView(server)).users.find((u) => u.userName === "agent-ticket-triage")?.active).toBe(true);
});
afterEach(() => repo?.cleanup());

describe("an offboarded agent's API key on a SCIM target", () => {
  it("expired: the SCIM user is disabled, and the key is named as still valid, never as disabled with it, on this plan and the next", async () => {
    repo.write("identities/agents/agent-ticket-triage.yaml", agentFile("2026-11-20"));
    const { plan } = await repo.plan(env, "day2.json");
    expect(changeLines(plan)).toEqual(["disable-account agent-ticket-triage"]);
    const [key] = plan.findings.filter((f) => f.rule === "nhi-offboarded-credential-active");
    expect(key!.message).toBe('agent-ticket-triage is offboarded (expired on 2026-11-20 (identities/agents/agent-ticket-triage.yaml:1)), but its api-key triage-helpdesk-token on target "helpdesk" stays valid until 2027-09-01: a scim target cannot revoke credentials, and disabling the account there need not stop a key the app issued');
    expect(key!.remediation).toBe('revoke api-key triage-helpdesk-token in the admin console of the app behind target "helpdesk" (its API token or key settings), then remove it from the NHI\'s credentials');
    expect(key!.location).toBe("identities/agents/agent-ticket-triage.yaml:11");
    const [expired] = plan.findings.filter((f) => f.rule === "agent-expired");
    expect(expired!.message).toBe('agent agent-ticket-triage expired on 2026-11-20; this plan offboards what the targets hold of it, but its api-key triage-helpdesk-token on target "helpdesk" stays valid until 2027-09-01: a scim target cannot revoke credentials, and disabling the account there need not stop a key the app issued, so it is not switched off');
    expect(expired!.remediation).not.toMatch(/plan disables it/);

    // Applied: the user is disabled in the app; the next plan has nothing to change, and still names the key.
    expect((await repo.cli(["apply", "--plan", "day2.json"], env)).code).toBe(0);
    expect((await scimView(server)).users.find((u) => u.userName === "agent-ticket-triage")?.active).toBe(false);
    const { plan: next } = await repo.plan(env, "day3.json");
    expect(next.changes).toEqual([]);
    expect(keyFindings(next).map((f) => f.rule).sort()).toEqual(["agent-expired", "nhi-offboarded-credential-active"]);
    expect(next.findings.find((f) => f.rule === "agent-expired")!.message).toMatch(/; no target holds an active account or credential of it, and its api-key triage-helpdesk-token .*: this plan switches nothing off$/);
  });

  it("its owner left: nhi-owner-active no longer says the credentials are revoked", async () => {
    repo.setPeople([{ ...ines, status: "Terminated" }, tariq]);
    const { plan } = await repo.plan(env, "day2.json");
    expect(changeLines(plan)).toEqual(["disable-account agent-ticket-triage", "disable-account ines.moreau"]);
    const [owner] = plan.findings.filter((f) => f.rule === "nhi-owner-active");
    expect(owner!.message).toBe('agent-ticket-triage has lost its owner: owner "ines.moreau" is terminated; this plan quarantines what the targets hold of it, but its api-key triage-helpdesk-token on target "helpdesk" stays valid until 2027-09-01: a scim target cannot revoke credentials, and disabling the account there need not stop a key the app issued, so it is not switched off');
    expect(owner!.remediation).toBe('revoke api-key triage-helpdesk-token in the admin console of the app behind target "helpdesk" (its API token or key settings), then remove it from the NHI\'s credentials; and assign a new owner in the identity\'s file');
    expect(plan.findings.filter((f) => f.rule === "nhi-offboarded-credential-active").map((f) => f.identity)).toEqual(["agent-ticket-triage"]);
    expect(JSON.stringify(plan.findings)).not.toContain("credentials revoked");
  });

  it("a key past its own expiresAt no longer works: nothing names it, and the expired agent is disabled as before", async () => {
    repo.write("identities/agents/agent-ticket-triage.yaml", agentFile("2026-11-20", "2026-11-21"));
    const { plan } = await repo.plan(env, "day2.json");
    expect(changeLines(plan)).toEqual(["disable-account agent-ticket-triage"]);
    expect(plan.findings.filter((f) => f.rule === "nhi-offboarded-credential-active")).toEqual([]);
    expect(plan.findings.find((f) => f.rule === "agent-expired")!.remediation).toMatch(/until then the plan disables it$/);
  });
});
