// Secrets pasted into an HR column that an app policy maps to a SCIM attribute (accounts.attributes),
// and one pasted into the app itself, against the real SCIM test server (scimmy): no output a plan
// reaches shows any of them (the JSON plan, text, the PR comment, SARIF, explain, apply's output
// and journal, drift), the app is never sent one, and a plan made twice is the same bytes. Each
// value the planner leaves out is said by an attribute-secret-shaped warning naming the identity,
// the app, the attribute and the secret's kind.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { aiApiKeys } from "../helpers/ai-api-keys.js";
import { PolicyRepo, type Person } from "./helpers/policy-repo.js";
import { scimView, user } from "./helpers/scim-state.js";

// Built at run time, so that no secret-shaped literal sits in the repository.
const SECRETS = {
  github: ["ghp", "R4nd0mT0kenValue0123456789abcdefABCD"].join("_"),
  awsSecret: ["wJalrXUtnFEMI", "K7MDENG", "bPxRfiCYzQ8Lk3Vq2P"].join("/"),
  jwt: ["eyJhbGciOiJIUzI1NiJ9", "eyJzdWIiOiJsaW51cyJ9", "c2lnbmF0dXJlLXZhbHVl"].join("."),
  urlPassword: ["https://svc", "Pa55w0rdX@intranet.example/x"].join(":"),
  anthropic: aiApiKeys(41)[0]!.key,
  /** What grace's account in the app holds: someone pasted it there. */
  slack: ["xoxb", "2048", "9f8e7d6c5b4a"].join("-"),
};
/** A part of each secret that no mask keeps: found anywhere, the secret leaked. */
const LEAKS = [SECRETS.github.slice(4, 30), SECRETS.awsSecret.slice(0, 30), SECRETS.jwt.slice(0, 40), "Pa55w0rdX", SECRETS.anthropic.slice(14, 60), SECRETS.slack.slice(5)];

const base: Person[] = [
  { worker: "W3", login: "grace", department: "Engineering", title: "Engineer" },
  { worker: "W4", login: "linus", department: "Engineering", title: "Engineer" },
];
const withSecrets: Person[] = [
  { worker: "W1", login: "ada", department: "Platform", title: SECRETS.github },
  { worker: "W2", login: "alan", department: "Platform", title: `Engineer ${SECRETS.awsSecret}` },
  { worker: "W3", login: "grace", department: "Engineering", title: "Engineer" },
  // A mover: the move's title is shown on its grant and revoke.
  { worker: "W4", login: "linus", department: "Platform", title: SECRETS.jwt },
  { worker: "W5", login: "ken", department: "Engineering", title: SECRETS.urlPassword },
  { worker: "W6", login: "joan", department: "Engineering", title: SECRETS.anthropic },
];

let server: ScimServer;
let repo: PolicyRepo;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startScimServer({ clock: "2026-11-20T09:00:00.000Z" });
  await server.seed({
    users: [
      { userName: "grace", externalId: "hr:W3", active: true, displayName: "grace Tester", title: SECRETS.slack },
      { userName: "linus", externalId: "hr:W4", active: true, displayName: "linus Tester", title: "Engineer" },
    ],
    groups: [{ displayName: "Engineering", members: ["grace", "linus"] }, { displayName: "Platform" }],
  });
  env = { SCIM_TOKEN: server.token };
  repo = new PolicyRepo({
    targetName: "crm",
    target: { type: "scim", url: server.url, token: "${env:SCIM_TOKEN}", options: { timeoutMs: 5000 } },
    people: base,
    groups: [{ id: "engineering", departments: ["Engineering"] }, { id: "platform", departments: ["Platform"] }],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Engineering", "Platform"] } }] },
      accounts: { attributes: { displayName: { from: "displayName" }, title: { from: "title" } } },
      entitlements: [
        { group: "engineering", entitlement: "group:Engineering" },
        { group: "platform", entitlement: "group:Platform" },
      ],
      onLeaveScope: "disable",
    },
  });
  // The export before the secrets, accepted: linus is a mover against it.
  expect((await repo.cli(["snapshot"], env)).code).toBe(0);
  repo.setPeople(withSecrets);
});
afterAll(async () => {
  repo?.cleanup();
  await server?.stop();
});

function expectNoSecret(output: string, what: string): void {
  for (const leak of LEAKS) expect(output.includes(leak), `${what} shows a secret (${leak})`).toBe(false);
}

describe("secret-shaped values in mapped attributes", () => {
  let plan: Plan;

  it("are not planned: each is a warning naming who, the app, the attribute and the kind", async () => {
    const made = await repo.plan(env);
    plan = made.plan;
    const written = repo.read("reviewed.json");
    expectNoSecret(written, "the JSON plan");
    expectNoSecret(made.result.stdout + made.result.stderr, "plan's output");
    const said = plan.findings.filter((f) => f.rule === "attribute-secret-shaped").map((f) => [f.severity, f.identity, f.message.match(/mapped to (\S+) title .*looks like a secret \(([^)]+)\)/)?.slice(1).join(": ")]);
    expect(said).toEqual([
      ["warning", "ada", "crm's: GitHub token"],
      ["warning", "alan", "crm's: AWS secret access key"],
      ["warning", "joan", "crm's: Anthropic API key"],
      ["warning", "ken", "crm's: password in a URL"],
      ["warning", "linus", "crm's: JSON Web Token"],
    ]);
    expect(plan.findings.find((f) => f.identity === "ada" && f.rule === "attribute-secret-shaped")!.message).toBe(
      'ada\'s title (hr.csv row 1 (line 2)), mapped to crm\'s title (accounts.attributes in policies/apps/crm.yaml:1), looks like a secret (GitHub token): it is not written to target "crm" and not shown here; the account is created without it',
    );
    expect(plan.blocked).toBe(false);
    const created = plan.changes.filter((c) => c.action === "create-account");
    expect(created.map((c) => [c.identity, Object.keys(c.attributes!).sort()])).toEqual([
      ["ada", ["displayName", "externalId"]],
      ["alan", ["displayName", "externalId"]],
      ["ken", ["displayName", "externalId"]],
      ["joan", ["displayName", "externalId"]],
    ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)));
    // What the app holds is shown masked; what it is given is the export's clean value.
    const updates = plan.changes.filter((c) => c.action === "update-account");
    expect(updates.map((c) => [c.identity, c.attributes])).toEqual([["grace", { title: { from: "(a value not shown: it looks like a secret, Slack token)", to: "Engineer" } }]]);
    // linus moved: the move is shown, its title masked; his title is not updated.
    const moved = plan.changes.filter((c) => c.identity === "linus");
    expect(moved.map((c) => `${c.action} ${c.entitlement}`).sort()).toEqual(["grant group:Platform", "revoke group:Engineering"]);
    for (const c of moved) expect(c.move).toEqual({ department: { from: "Engineering", to: "Platform" }, title: { from: "Engineer", to: "(a value not shown: it looks like a secret, JSON Web Token)" } });
  });

  it("are in no format of the plan, nor in explain, and a second plan is the same bytes", async () => {
    for (const format of ["text", "markdown", "sarif"]) {
      const r = await repo.cli(["plan", "--live", "--format", format], env);
      expect(r.code, r.stderr).toBe(0);
      expectNoSecret(r.stdout + r.stderr, `plan --format ${format}`);
    }
    const markdown = (await repo.cli(["plan", "--live", "--format", "markdown"], env)).stdout;
    expect(markdown).toContain("attribute-secret-shaped");
    expect(markdown).toContain("it looks like a secret, Slack token");
    for (const who of ["ada", "alan", "grace", "linus", "ken", "joan"]) {
      const r = await repo.cli(["explain", who, "--app", "crm", "--live"], env);
      expect(r.code, r.stderr).toBe(0);
      expectNoSecret(r.stdout + r.stderr, `explain ${who}`);
    }
    const again = await repo.plan(env, "again.json");
    expect(again.plan.fingerprint).toBe(plan.fingerprint);
    // Byte for byte but the time of the live read.
    const unread = (text: string) => text.replace(/"readAt": "[^"]*"/g, '"readAt": ""');
    expect(unread(repo.read("again.json"))).toBe(unread(repo.read("reviewed.json")));
  });

  it("apply sends none of them to the app, and its output and journal show none", async () => {
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code, applied.stderr + applied.stdout).toBe(0);
    expectNoSecret(applied.stdout + applied.stderr, "apply's output");
    expectNoSecret(readFileSync(join(repo.dir, ".scopesync/journal.jsonl"), "utf8"), "the journal");
    const view = await scimView(server);
    expectNoSecret(JSON.stringify(view), "the app");
    expect(user(view, "grace")!.title).toBe("Engineer");
    expect(user(view, "ada")!.title).toBeUndefined();
    expect(user(view, "linus")!.title).toBe("Engineer");
    // Nothing more to do but what stays withheld: drift says the same and shows none of them.
    const drift = await repo.cli(["drift"], env);
    expectNoSecret(drift.stdout + drift.stderr, "drift");
    expect(drift.code, drift.stderr + drift.stdout).toBe(0);
  });
});
