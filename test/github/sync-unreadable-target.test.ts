// The daily sync (the Action's `sync`) when one app is down. Targets: the GitHub org (the
// OpenAPI-checked fake, driven by the real Octokit connector) and a SCIM CRM (scimmy) whose every
// GET answers 500 with a SCIM error body (RFC 7644 §3.12,
// https://www.rfc-editor.org/rfc/rfc7644#section-3.12). linus leaves. The sync's revocations
// used to read every target first and throw on the CRM's read: nothing was revoked anywhere, and
// the error escaped the sync before it opened its pull request. Now the CRM is named as an error
// of the run, linus leaves the GitHub org at once, the sync pull request (grace's grants) is still
// opened and says what was not applied, and the run fails (exit 1) so that the next sync tries again.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { SimpleGit } from "simple-git";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parse, stringify } from "yaml";
import { SYNC_BRANCH } from "../../src/github/sync-pr.js";
import { createConnector } from "../../src/targets/registry.js";
import { PolicyRepo } from "../apply/helpers/policy-repo.js";
import { scimView } from "../apply/helpers/scim-state.js";
import type { GithubFake } from "../servers/github-fake/index.js";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { ActionHarness, NOW } from "./action-harness.js";
import { BOT, REPO } from "./helpers.js";
import { closeActionWorld, startActionWorld } from "./action-world.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const CRM_DOWN = "scim GET /ServiceProviderConfig: 500 Internal server error (injected) (the read gave up after 6 attempts)";

let fake: GithubFake;
let crm: ScimServer;
let repo: PolicyRepo;
let git: SimpleGit;
let h: ActionHarness;
let commit: (message: string) => Promise<string>;

const people = (linus: "Active" | "Terminated") => [
  { worker: "W1", login: "ada", department: "Engineering" },
  { worker: "W4", login: "linus", department: "Engineering", status: linus },
  // The same day, grace joins: her grants wait for review in the sync pull request.
  ...(linus === "Terminated" ? [{ worker: "W5", login: "grace", department: "Engineering" }] : []),
];

beforeEach(async () => {
  ({ fake, repo, git, h, commit } = await startActionWorld({
    tmpPrefix: "scopesync-sync-down-",
    members: ["ada", "linus"],
    teams: { engineering: ["ada", "linus"] },
    people: people("Active"),
    groups: [{ id: "engineering", departments: ["Engineering"] }],
    policy: { scope: { include: [{ kinds: ["person"], where: { department: ["Engineering"] } }] }, accounts: { login: "userName" }, entitlements: [{ group: "engineering", entitlement: "team:engineering" }] },
    prepare: async ({ repo }) => {
      const server = (crm = await startScimServer());
      await server.seed({
        users: [["ada", "W1"], ["linus", "W4"]].map(([login, worker]) => ({ userName: login!, externalId: `hr:${worker}`, active: true, displayName: login, emails: [{ value: `${login!}@corp.example`, primary: true }] })),
        groups: [{ displayName: "Engineering", members: ["ada", "linus"] }],
      });
      const crmTarget = { type: "scim", url: server.url, token: "${env:CRM_TOKEN}", state: "state/crm.json", options: { timeoutMs: 5000 } };
      const config = parse(repo.read("scopesync.yaml")) as { targets: Record<string, unknown> };
      config.targets.crm = crmTarget;
      repo.write("scopesync.yaml", stringify(config));
      repo.write("policies/apps/crm.yaml", stringify({ kind: "AppPolicy", id: "crm", target: "crm", scope: { include: [{ kinds: ["person"], where: { department: ["Engineering"] } }] }, accounts: { attributes: { displayName: { from: "displayName" } } }, entitlements: [{ group: "engineering", entitlement: "group:Engineering" }], onLeaveScope: "disable" }));
      // The CRM's saved state, read live through its connector (what `state pull` writes).
      const state = await createConnector(crmTarget as never, { name: "crm", repoDir: repo.dir, env: { CRM_TOKEN: server.token }, now: () => Date.parse(NOW) }).read();
      repo.write("state/crm.json", `${JSON.stringify(state, null, 2)}\n`);
    },
  }));
}, 30_000);

afterEach(async () => {
  await crm?.stop();
  await closeActionWorld();
});

const githubMember = (login: string) => fake.org.members.has(fake.org.user(login)!.id);

describe("sync while one app cannot be read", () => {
  it("revokes the leaver in the app that answers, names the one that does not, still opens its pull request, and fails the run", async () => {
    repo.setPeople(people("Terminated"));
    await git.raw(["switch", "-q", "-c", SYNC_BRANCH]); // the day's commit is the sync branch's; main stays where GitHub has it
    fake.org.prs.setBranch(REPO, SYNC_BRANCH, await commit("linus leaves, grace joins"));
    await crm.inject({ rate500: 1, methods: ["GET"] });

    const r = await h.run("sync", { "repository-path": repo.dir, "bot-login": BOT, "plan-file": join(h.dir, "sync-plan.json") }, { env: { GH_TOKEN: fake.token, CRM_TOKEN: crm.token } });

    expect(r.code, r.text).toBe(1);
    // The day's plan (from the saved states) revokes linus in both apps.
    const shown = (JSON.parse(readFileSync(join(h.dir, "sync-plan.json"), "utf8")) as { changes: Array<{ target: string; action: string; identity: string }> }).changes.map((c) => `${c.target} ${c.action} ${c.identity}`);
    expect(shown).toEqual(expect.arrayContaining(["crm disable-account linus", "github disable-account linus"]));
    // GitHub answered: linus is out of the org now.
    expect(githubMember("linus")).toBe(false);
    expect(githubMember("ada")).toBe(true);
    expect(r.outputs["revocations-applied"]).toBe("2");
    // The CRM did not: nothing was applied there, and the run says so as an error naming it.
    expect(r.text).toContain(`::error::target "crm" could not be read; nothing was planned or applied on it: ${CRM_DOWN}; the other targets' revocations were applied, and the next sync tries it again`);
    expect((await scimView(crm)).users.find((u) => u.userName === "linus")?.active).toBe(true);
    // The sync pull request is opened all the same, and says what was not applied.
    const pulls = fake.org.prs.pulls.filter((p) => p.head === SYNC_BRANCH);
    expect(pulls).toHaveLength(1);
    expect(pulls[0]!.body).toContain("The revocations below were **not all applied** (failed: 2 applied, 0 failed, 0 skipped; not read, so nothing was applied there: crm); the sync run's log says why, and the next sync tries again.");
  }, 60_000);

  it("when no app can be read, revokes nothing, still opens its pull request, and fails the run", async () => {
    repo.setPeople(people("Terminated"));
    await git.raw(["switch", "-q", "-c", SYNC_BRANCH]); // the day's commit is the sync branch's; main stays where GitHub has it
    fake.org.prs.setBranch(REPO, SYNC_BRANCH, await commit("linus leaves, grace joins"));
    await crm.inject({ rate500: 1, methods: ["GET"] });

    // The GitHub token is wrong: the org's read is refused (401) as well.
    const r = await h.run("sync", { "repository-path": repo.dir, "bot-login": BOT, "plan-file": join(h.dir, "sync-plan.json") }, { env: { GH_TOKEN: "ghs_notthetoken000000000000000000000000", CRM_TOKEN: crm.token } });

    expect(r.code, r.text).toBe(1);
    expect(githubMember("linus")).toBe(true);
    expect(r.text).toMatch(/::error::no revocation was applied: no target could be read: target "crm": scim GET \/ServiceProviderConfig: 500 [^\n]*; target "github": /);
    const pulls = fake.org.prs.pulls.filter((p) => p.head === SYNC_BRANCH);
    expect(pulls).toHaveLength(1);
    expect(pulls[0]!.body).toContain("The revocations below were **not all applied** (failed: 0 applied, 0 failed, 0 skipped)");
  }, 60_000);
});
