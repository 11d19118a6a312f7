// Shared set-up for the pull-request workflow tests: the OpenAPI-validated GitHub fake with one
// policy repository and an open pull request, the workflow client pointed at it, and small plans.
import { fingerprint } from "../../src/plan/build-plan.js";
import { changeId, type Action, type Change } from "../../src/model/change.js";
import type { Plan } from "../../src/plan/plan.js";
import type { Finding } from "../../src/model/finding.js";
import { createWorkflow, type GithubWorkflow } from "../../src/github/client.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";

export const ORG = "acme-robotics";
export const REPO = "access";
export const BOT = "scopesync-bot";

export interface World { fake: GithubFake; gh: GithubWorkflow; pr: number; headSha: string }

/** The fake with `acme-robotics/access`, a main branch, and PR #1 from `ada/add-platform-admin`. */
/** afterEach: the fake saw only valid requests and sent only valid responses; then it stops. */
export async function stopWorld(w: World): Promise<void> {
  try {
    w.fake.assertNoViolations();
  } finally {
    await w.fake.close();
  }
}

export async function startWorld(): Promise<World> {
  const fake = await startGithubFake({ org: ORG, self: BOT });
  fake.org.addRepo(REPO);
  fake.org.addMember("ada");
  fake.org.prs.setBranch(REPO, "main", "a".repeat(40));
  const pull = fake.org.prs.openPull(REPO, { head: "ada/add-platform-admin", userId: fake.org.user("ada")!.id, title: "Ada joins platform-admins" });
  const gh = createWorkflow({ token: fake.token, repository: `${ORG}/${REPO}`, baseUrl: fake.url, waitScale: 0.001 });
  return { fake, gh, pr: pull.number, headSha: pull.headSha };
}

/** Requests that changed something, as "METHOD operationId". */
export function writes(fake: GithubFake): string[] {
  return fake.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.operationId ?? r.path}`);
}

export function change(action: Action, identity: string, entitlement?: string, target = "github"): Change {
  return { id: changeId(target, action, identity, entitlement ?? ""), target, action, identity, ...(entitlement ? { entitlement } : {}), privileged: false, origin: "pr", reason: "test", evidence: [] };
}

export function plan(changes: Change[], findings: Finding[] = []): Plan {
  const blocked = findings.some((f) => f.severity === "error");
  const summary: Plan["summary"] = {};
  for (const c of changes) summary[c.action] = (summary[c.action] ?? 0) + 1;
  return {
    formatVersion: 1, fingerprint: fingerprint(changes), generatedAt: "2026-11-26T09:00:00.000Z", organisation: "acme", summary, changes, findings,
    blocked, blockedReasons: findings.filter((f) => f.severity === "error").map((f) => `${f.rule}: ${f.message}`), overrides: [], exceptions: [], approvals: [],
    targets: { github: { accounts: 10, readFrom: "examples/state/github.json" } },
  };
}
