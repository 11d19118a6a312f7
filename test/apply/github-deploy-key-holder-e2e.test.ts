// A GitHub deploy key outlives the membership of the member who added it: GitHub "attaches the
// public part of the key directly to your repository instead of a personal account", and the only
// activities that delete a key are deleting the PAT or revoking the OAuth token that created it
// (https://docs.github.com/en/rest/deploy-keys/deploy-keys). Against the OpenAPI-validated GitHub
// fake, through the real CLI and the real connector (@octokit/rest): a key whose adder is no longer
// a member stays theirs (revoked when they lose access) or is a finding, so a key whose revoke
// fails never keeps its adder in the org: the adder is removed, and the next run revokes the key.
import { afterEach, describe, expect, it, vi } from "vitest";
import { applyCommand } from "../../src/cli/apply.js";
import type { Io } from "../../src/cli/io.js";
import type { Plan } from "../../src/plan/plan.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { fakeToken, type FakeToken } from "../servers/github-fake/tokens.js";
import { closeGithubLoop } from "./helpers/github-loop.js";
import { changeLines, NOW, PolicyRepo, type Person } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "northwind";
const noWait = { sleep: async () => {}, random: () => 0.5 };
const people: Person[] = [
  { worker: "N100", login: "priya", department: "Engineering" },
  { worker: "N103", login: "jonas", department: "Engineering" },
];
const jonasLeaves = people.map((p) => (p.login === "jonas" ? { ...p, status: "Terminated" as const } : p));
// svc-ci's owner is jonas: when he leaves, svc-ci is quarantined (disabled, credentials revoked).
const SVC_CI = "kind: ServiceAccount\nid: svc-ci\nowner: jonas\nenvironment: production\npurpose: deploys infra from CI\n";

let fake: GithubFake | undefined;
let repo: PolicyRepo | undefined;
afterEach(() => closeGithubLoop(repo, fake));

async function start(members: string[], tokens?: FakeToken[]): Promise<{ fake: GithubFake; repo: PolicyRepo; env: Record<string, string> }> {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot", ...(tokens ? { tokens } : {}) });
  const o = fake.org;
  for (const login of ["priya", "jonas", "svc-ci", "old-contractor"]) o.addUser(login);
  o.addMember("priya", "admin");
  for (const login of members) o.addMember(login, "member");
  o.addTeam("engineering");
  o.addTeamMember("engineering", "priya");
  if (members.includes("jonas")) o.addTeamMember("engineering", "jonas");
  repo = new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, minAdmins: 1, deployKeys: true } },
    people,
    groups: [{ id: "engineering", departments: ["Engineering"] }],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Engineering"] } }, { kinds: ["service-account"] }] },
      accounts: { login: "userName" },
      entitlements: [{ group: "engineering", entitlement: "team:engineering" }],
      onLeaveScope: "disable",
    },
  });
  repo.write("identities/nhi/svc-ci.yaml", SVC_CI);
  return { fake, repo, env: { GH_TOKEN: fake.token } };
}

const members = () => [...fake!.org.members.keys()].map((id) => fake!.org.userById(id).login).filter((l) => l !== "scopesync-bot").sort();
const applied403s = () => fake!.requests.filter((r) => r.operationId === "repos/delete-deploy-key" && r.status === 403).length;
const deployKeys = () => [...fake!.org.repos.values()].flatMap((r) => [...r.deployKeys.values()].map((k) => `${r.name}:${k.title}`)).sort();

describe("github: a deploy key outlives its adder's membership", () => {
  it("a failed revoke of the quarantined NHI's deploy key does not keep it in the org: the key stays its own, and the same apply, run again, revokes it", async () => {
    const { fake, repo, env } = await start(["jonas", "svc-ci"]);
    const key = fake.org.addDeployKey("infra", "svc-ci-deploy", "svc-ci");
    repo.setPeople(jonasLeaves);
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual(["disable-account jonas", "disable-account svc-ci", "revoke jonas team:engineering", `revoke-credential svc-ci deploy-key:infra:${key.id}`]);

    // GitHub answers 500 to every attempt at the key's delete (an outage of that one endpoint).
    fake.injectFault({ kind: "server-error", operationId: "repos/delete-deploy-key", times: 6 });
    const out: string[] = [];
    const io: Io = { out: (t) => void out.push(t), err: (t) => void out.push(t), isTTY: false, env, cwd: repo.dir };
    expect(await applyCommand({ repo: repo.dir, plan: "reviewed.json", now: NOW, timing: noWait }, io)).toBe(1);
    expect(fake.requests.filter((r) => r.operationId === "repos/delete-deploy-key" && r.fault === "server-error")).toHaveLength(6);
    const text = out.join("\n");
    expect(text).toContain(`failed: github revoke-credential svc-ci: target "github": delete deploy key ${key.id} of ${ORG}/infra: 500`);
    expect(text).toContain("applied 3, already in place 0, failed 1, skipped 0, held back 0");
    // Both are out of the org; the key is still on infra, and still read as svc-ci's (heldBy).
    expect(members()).toEqual(["priya"]);
    expect(deployKeys()).toEqual(["infra:svc-ci-deploy"]);
    const next = (await repo.plan(env, "next.json")).plan;
    expect(changeLines(next)).toEqual([`revoke-credential svc-ci deploy-key:infra:${key.id}`]);
    expect(next.changes[0]!.reason).toContain('its deploy-key svc-ci-deploy, added by its login "svc-ci", which has no account here, stops working');

    // The outage is over: the same apply, run again, revokes the key (still the reviewed change).
    const again = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(again.stderr).toBe("");
    // The reviewer saw this key's revoke: the account gone, it is still the reviewed change.
    expect(again.stdout).toContain("1 reviewed change(s) to apply, 0 unreviewed revocation(s) applied anyway");
    expect(again.stdout).toContain("applied 1, already in place 0, failed 0, skipped 0, held back 0");
    expect(deployKeys()).toEqual([]);
    expect((await repo.cli(["drift"], env)).code).toBe(0);
  });

  it("a leaver's key that the token may not delete (403, every run) never keeps the leaver in the org; a token that may revokes it from them later", async () => {
    // A fine-grained token with Repository "Administration: read" lists deploy keys but may not
    // delete them: GitHub answers 403 with X-Accepted-GitHub-Permissions: administration=write
    // (docs.github.com/rest/authentication/permissions-required-for-fine-grained-personal-access-tokens,
    // "Delete a deploy key"). Before, the leaver's removal waited on that delete, run after run.
    const limited = { ...fakeToken("fine-grained", "apply"), value: "github_pat_limitedTOKEN0123456789SECRET", permissions: { members: "write" as const, administration: "read" as const, metadata: "read" as const } };
    const full = fakeToken("fine-grained", "apply");
    const { fake, repo } = await start(["jonas", "svc-ci"], [limited, full]);
    const key = fake.org.addDeployKey("infra", "jonas-laptop", "jonas");
    repo.setPeople(jonasLeaves);
    const env = { GH_TOKEN: limited.value };
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual(["disable-account jonas", "disable-account svc-ci", "revoke jonas team:engineering", `revoke-credential jonas deploy-key:infra:${key.id}`]);

    for (const run of [1, 2]) {
      const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
      expect(applied.code).toBe(1);
      const text = applied.stdout + applied.stderr;
      expect(text).toMatch(new RegExp(`failed: github revoke-credential jonas: target "github": delete deploy key ${key.id} of ${ORG}/infra: .*administration=write`));
      expect(text).toContain(run === 1 ? "applied 3, already in place 0, failed 1, skipped 0, held back 0" : "applied 0, already in place 0, failed 1, skipped 0, held back 0");
      expect(members()).toEqual(["priya"]);
      expect(deployKeys()).toEqual(["infra:jonas-laptop"]);
    }
    expect(applied403s()).toBe(2);
    expect((await repo.cli(["drift"], env)).code).toBe(2);

    // With a token that may delete keys, the same apply revokes it: the key is still jonas's.
    const fixed = await repo.cli(["apply", "--plan", "reviewed.json"], { GH_TOKEN: full.value });
    expect(fixed.stdout).toContain("1 reviewed change(s) to apply, 0 unreviewed revocation(s) applied anyway");
    expect(fixed.stdout).toContain("applied 1, already in place 0, failed 0, skipped 0, held back 0");
    expect(deployKeys()).toEqual([]);
    expect((await repo.cli(["drift"], { GH_TOKEN: full.value })).code).toBe(0);
  });

  it("a key whose adder left the org by hand is still theirs: the NHI's quarantine revokes it, in a live plan and in one from the pulled state", async () => {
    // svc-ci was removed from the org by hand before the plan; its key stayed on infra.
    const { fake, repo, env } = await start(["jonas"]);
    const key = fake.org.addDeployKey("infra", "svc-ci-deploy", "svc-ci");
    repo.setPeople(jonasLeaves);
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual(["disable-account jonas", "revoke jonas team:engineering", `revoke-credential svc-ci deploy-key:infra:${key.id}`]);
    const revoke = plan.changes.find((c) => c.action === "revoke-credential")!;
    expect(revoke).not.toHaveProperty("account");
    expect(revoke.reason).toContain('its deploy-key svc-ci-deploy, added by its login "svc-ci", which has no account here, stops working');
    expect(plan.findings.filter((f) => f.rule === "credential-orphaned")).toEqual([]);

    // The saved state keeps who added the key, so a plan from it revokes the same key.
    expect((await repo.cli(["state", "pull"], env)).code).toBe(0);
    expect(JSON.parse(repo.read("state/github.json")).credentials).toEqual([{ id: `deploy-key:infra:${key.id}`, account: "", heldBy: "svc-ci", type: "deploy-key", credentialId: "svc-ci-deploy", access: "read-only" }]);
    const offline = JSON.parse((await repo.cli(["plan", "--format", "json"], env)).stdout) as Plan;
    expect(changeLines(offline)).toEqual(changeLines(plan));

    const explained = await repo.cli(["explain", "svc-ci", "--app", "github"], env);
    expect(explained.stdout).toContain('revoke what it holds here (nhi-owner-gone): 1 credential(s) under its login "svc-ci", which has no account in the app');

    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.stdout).toContain("applied 3, already in place 0, failed 0, skipped 0, held back 0");
    expect(deployKeys()).toEqual([]);
    expect((await repo.cli(["drift"], env)).code).toBe(0);
  });

  it("a key whose adder is no member and no identity's login is a credential-orphaned finding; a key with no adder is not", async () => {
    const { fake, repo, env } = await start(["jonas", "svc-ci"]);
    const key = fake.org.addDeployKey("infra", "nightly-mirror", "old-contractor");
    fake.org.addDeployKey("infra", "legacy", null);
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual([]);
    expect(plan.findings.filter((f) => f.rule === "credential-orphaned")).toEqual([
      expect.objectContaining({
        severity: "warning",
        identity: "old-contractor",
        message: `github: deploy-key "nightly-mirror" (deploy-key:infra:${key.id}) was added by "old-contractor", who has no account in target "github" and is no identity's userName there: the credential still works, and no change revokes it`,
      }),
    ]);
    const drift = await repo.cli(["drift"], env);
    expect(drift.stdout).toContain("warning credential-orphaned old-contractor:");
  });
});
