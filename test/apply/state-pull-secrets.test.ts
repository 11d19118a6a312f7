// `scopesync state pull` writes state/<target>.json, which is committed to git. What the app holds
// that looks like a secret must not go into it. Against the real SCIM server (scimmy):
//   - a token in an account's attribute (someone pasted it into the app's title) is written masked,
//     with a warning naming the account, the attribute and the kind, never the value; a plan from
//     the state file then replaces it with the source's value, as a live plan does;
//   - one in an account's userName names the account the plan acts on, so it cannot be masked: the
//     pull is refused, naming where it is, and no file is written.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { PolicyRepo } from "./helpers/policy-repo.js";

// Built at run time, so that no secret-shaped literal sits in the repository.
const SLACK = ["xoxb", "2048", "9f8e7d6c5b4a"].join("-");
const GITHUB = ["ghp", "R4nd0mT0kenValue0123456789abcdefABCD"].join("_");

let server: ScimServer;
let repo: PolicyRepo;
let env: Record<string, string>;

beforeEach(async () => {
  server = await startScimServer({ clock: "2026-11-20T09:00:00.000Z" });
  env = { SCIM_TOKEN: server.token };
  repo = new PolicyRepo({
    targetName: "crm",
    target: { type: "scim", url: server.url, token: "${env:SCIM_TOKEN}", options: { timeoutMs: 5000 } },
    people: [{ worker: "W3", login: "grace", department: "Engineering", title: "Engineer" }],
    groups: [{ id: "engineering", departments: ["Engineering"] }],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Engineering"] } }] },
      accounts: { attributes: { title: { from: "title" } } },
      entitlements: [{ group: "engineering", entitlement: "group:Engineering" }],
      onLeaveScope: "disable",
    },
  });
});
afterEach(async () => {
  repo?.cleanup();
  await server?.stop();
});

describe("state pull and what an app holds that looks like a secret", () => {
  it("writes an attribute's secret masked, says so, and a plan from the file replaces it as a live plan does", async () => {
    await server.seed({ users: [{ userName: "grace", externalId: "hr:W3", active: true, title: SLACK }], groups: [{ displayName: "Engineering", members: ["grace"] }] });
    const pulled = await repo.cli(["state", "pull"], env);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stderr).toBe('warning: target "crm": account "grace" holds a title that looks like a secret (Slack token); it is written masked to state/crm.json, which is committed to git: remove it from the app and rotate it\n');
    const file = repo.read("state/crm.json");
    expect(file).not.toContain(SLACK.slice(5));
    expect(file).toContain('"title": "(a value not shown: it looks like a secret, Slack token)"');
    const fromState = await repo.cli(["plan", "--format", "json", "--out", "state.json"], env);
    expect(fromState.code, fromState.stderr).toBe(0);
    const live = await repo.plan(env, "live.json");
    const updates = (p: Plan) => p.changes.filter((c) => c.action === "update-account").map((c) => [c.identity, c.attributes]);
    expect(updates(JSON.parse(repo.read("state.json")) as Plan)).toEqual([["grace", { title: { from: "(a value not shown: it looks like a secret, Slack token)", to: "Engineer" } }]]);
    expect(updates(JSON.parse(repo.read("state.json")) as Plan)).toEqual(updates(live.plan));
  });

  it("refuses a userName that looks like a secret, naming the account, and writes nothing", async () => {
    await server.seed({ users: [{ userName: "grace", externalId: "hr:W3", active: true }, { userName: GITHUB, active: true }] });
    const pulled = await repo.cli(["state", "pull"], env);
    expect(pulled.code).toBe(1);
    expect(pulled.stdout + pulled.stderr).not.toMatch(/r4nd0mt0kenvalue/i);
    expect(pulled.stderr).toMatch(/^error: target "crm": the login of account \d of the read \(id "[^"]+"\) looks like a secret \(GitHub token\); state pull writes nothing, for state\/crm\.json is committed to git, and that value names what the plan acts on, so it cannot be written masked either\n {2}fix: remove or rename it in the app and rotate the secret \(whoever can read the app has it\), then pull again\n$/);
    expect(existsSync(join(repo.dir, "state/crm.json"))).toBe(false);
  });
});
