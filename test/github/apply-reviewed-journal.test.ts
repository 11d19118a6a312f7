// The Action's revocation run (action-sync: an empty reviewed plan, so every revocation is one no
// reviewer saw) journals each change as offboarding evidence (docs/formats.md, "The apply
// journal"): an offboarded NHI's deploy key by its credential id, its team by name, each marked
// unreviewed, with the re-plan it came from, the plan time apart from the wall clock. Against the
// OpenAPI-validated GitHub fake, driven by the real connector (@octokit/rest).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { applyReviewed } from "../../src/github/apply-reviewed.js";
import { emptyReviewedPlan } from "../../src/github/reviewed-plan.js";
import type { JournalRecord } from "../../src/model/journal-record.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { closeGithubLoop } from "../apply/helpers/github-loop.js";
import { NOW, PolicyRepo } from "../apply/helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-robotics";
let fake: GithubFake;
let repo: PolicyRepo;

const SVC = (status: "active" | "disabled") => `kind: ServiceAccount
id: svc-deployer
displayName: Deployer
owner: ada
status: ${status}
environment: production
purpose: deploys infra
`;

beforeAll(async () => {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
  fake.org.addUser("ada");
  fake.org.addMember("ada", "admin");
  fake.org.addMember("svc-deployer", "member");
  fake.org.addTeam("deployers");
  fake.org.addTeamMember("deployers", "svc-deployer");
  repo = new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, minAdmins: 1 } },
    people: [{ worker: "W1", login: "ada", department: "Platform" }],
    groups: [
      { id: "admins", members: ["ada"], privileged: true },
      { id: "deployers", members: ["svc-deployer"] },
    ],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Platform"] } }, { kinds: ["service-account"] }] },
      accounts: { login: "userName" },
      entitlements: [
        { group: "admins", entitlement: "role:admin" },
        { group: "deployers", entitlement: "team:deployers" },
      ],
      admins: { entitlement: "role:admin", minimum: 1 },
    },
  });
  repo.write("identities/service-accounts/svc-deployer.yaml", SVC("active"));
});

afterAll(() => closeGithubLoop(repo, fake));

describe("the Action's revocation run journals what it took away", () => {
  it("an offboarded NHI's deploy key is journalled by its key id, unreviewed, with the re-plan and the real time", async () => {
    // A deploy key is an SSH key's public half with an integer id; the private half never reaches
    // GitHub (https://docs.github.com/rest/deploy-keys/deploy-keys), so its id is evidence, not a secret.
    const key = fake.org.addDeployKey("infra", "svc-deployer-key", "svc-deployer");
    repo.write("identities/service-accounts/svc-deployer.yaml", SVC("disabled"));
    const reviewed = emptyReviewedPlan("apply-e2e", NOW);
    const journalPath = join(repo.dir, ".scopesync/journal.jsonl");
    const before = Date.now();
    const r = await applyReviewed({ repoDir: repo.dir, reviewed, phase: "revocations", env: { GH_TOKEN: fake.token }, journalPath, now: Date.parse(NOW) });
    const after = Date.now();
    expect(r.problems).toEqual([]);
    expect([r.status, r.applied, r.unreviewedRevocations]).toEqual(["applied", 3, 3]);
    expect(fake.org.repos.get("infra")!.deployKeys.has(key.id)).toBe(false);

    const lines = readFileSync(journalPath, "utf8").trim().split("\n").map((l) => JSON.parse(l) as JournalRecord).filter((l) => l.phase === "done");
    const svcUser = String(fake.org.user("svc-deployer")!.id);
    expect(lines.map((l) => `${l.action} ${l.credential ?? l.entitlement ?? "-"} ${l.account ?? "-"} ${l.login ?? "-"}`)).toEqual([
      `revoke-credential deploy-key:infra:${key.id} ${svcUser} svc-deployer`,
      `revoke team:deployers ${svcUser} svc-deployer`,
      `disable-account - ${svcUser} svc-deployer`,
    ]);
    for (const l of lines) {
      expect(l).toMatchObject({ identity: "svc-deployer", fingerprint: reviewed.fingerprint, review: "unreviewed-revocation", replan: r.replanFingerprint, planTime: new Date(NOW).toISOString() });
      expect(Date.parse(l.at)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(l.at)).toBeLessThanOrEqual(after);
    }
    // The key's public half (what GitHub stores) is no part of the record.
    expect(readFileSync(journalPath, "utf8")).not.toContain(key.key);
  });
});
