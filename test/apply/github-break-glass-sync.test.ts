// The Action's daily sync (applyReviewed, phase revocations, an empty reviewed plan: every
// revocation is unreviewed) against a GitHub org whose emergency owner is break-glass, through the
// real @octokit/rest on the OpenAPI-validated fake. It used to remove the emergency owner:
// - a break-glass holder who dropped out of the HR export (her Person file names nobody the sources
//   export, so the guard, which looked only at identities, passed her offboarding);
// - an emergency account that is no person ("In most organizations, emergency access accounts
//   aren't associated with any individual user", Microsoft Entra, Manage emergency access accounts:
//   https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access),
//   declared as a ServiceAccount: its owner leaving quarantined it, removing it from the owners.
import { join } from "node:path";
import { stringify } from "yaml";
import { afterEach, describe, expect, it, vi } from "vitest";
import { applyReviewed } from "../../src/github/apply-reviewed.js";
import { emptyReviewedPlan } from "../../src/github/reviewed-plan.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { closeGithubLoop } from "./helpers/github-loop.js";
import { NOW, PolicyRepo, type Person } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-robotics";
let fake: GithubFake | undefined;
let repo: PolicyRepo | undefined;

afterEach(async () => {
  await closeGithubLoop(repo, fake);
  repo = fake = undefined;
});

const ADA: Person = { worker: "W1", login: "ada", department: "Platform" };
const BO: Person = { worker: "W2", login: "bo", department: "Platform" };
const HANA: Person = { worker: "W6", login: "hana.sato", department: "Security" };

/** Owners ada, bo and the emergency login, all in the `owners` group; GitHub logins from overlays (githubLogin). */
async function setUp(people: Person[], owners: string[], emergency: string): Promise<{ fake: GithubFake; repo: PolicyRepo; env: Record<string, string> }> {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
  for (const login of ["ada-gh", "bo-gh", emergency]) fake.org.addMember(login, "admin");
  repo = new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, deployKeys: false } },
    people,
    groups: [{ id: "owners", members: owners, privileged: true }],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Platform", "Security"] } }, { kinds: ["service-account"], where: { platform: "github" } }] },
      accounts: { login: "githubLogin" },
      entitlements: [{ group: "owners", entitlement: "role:admin" }],
    },
  });
  for (const [id, login] of [["ada", "ada-gh"], ["bo", "bo-gh"]] as const) repo.write(`identities/people/${id}.yaml`, stringify({ kind: "Person", id, attributes: { githubLogin: login } }));
  return { fake, repo, env: { GH_TOKEN: fake.token } };
}

/** The daily sync's revocations phase, as src/github/action-sync.ts runs it. */
function sync(env: Record<string, string>) {
  return applyReviewed({ repoDir: repo!.dir, reviewed: emptyReviewedPlan("apply-e2e", NOW), phase: "revocations", env, journalPath: join(repo!.dir, ".scopesync/journal.jsonl"), now: Date.parse(NOW) });
}

const roleOf = (login: string) => fake!.org.members.get(fake!.org.user(login)!.id);

describe("the daily sync and a break-glass holder gone from the HR export", () => {
  it("is blocked, and she stays an owner: her offboarding under the snapshot's id is held to her Person file", async () => {
    const { repo, env } = await setUp([ADA, BO, HANA], ["ada", "bo", "hana.sato"], "hsato-sec");
    repo.write("identities/people/hana.sato.yaml", stringify({ kind: "Person", id: "hana.sato", breakGlass: true, attributes: { githubLogin: "hsato-sec" } }));
    const accepted = await repo.cli(["snapshot"], env);
    expect(accepted.code, accepted.stderr).toBe(0);
    repo.setPeople([ADA, BO]);
    const r = await sync(env);
    expect(r.status).toBe("blocked");
    expect(r.applied).toBe(0);
    expect(r.problems).toContain("github: the plan would revoke role:admin for hana.sato (login hsato-sec), whom the break-glass Person file identities/people/hana.sato.yaml:1 names (no source exports that person now: overlay-without-person); change break-glass access by hand, with its own review, or remove breakGlass from that file in a reviewed pull request first");
    expect(roleOf("hsato-sec")).toBe("admin");
  });

  it("is blocked when no snapshot knows her and the policy disables unmanaged accounts: her login is what her file names", async () => {
    const { repo, env } = await setUp([ADA, BO], ["ada", "bo"], "hsato-sec");
    repo.write("identities/people/hana.sato.yaml", stringify({ kind: "Person", id: "hana.sato", breakGlass: true, attributes: { githubLogin: "hsato-sec" } }));
    repo.writePolicy({
      scope: { include: [{ kinds: ["person"], where: { department: ["Platform", "Security"] } }] },
      accounts: { login: "githubLogin" },
      entitlements: [{ group: "owners", entitlement: "role:admin" }],
      unmanagedAccounts: "disable",
    });
    const r = await sync(env);
    expect(r.status).toBe("blocked");
    // The reasons, then the revocations they hold back (the plan's other revocations, none here, would go ahead):
    // her owner role is revoked by name before the removal, as any removal's is.
    expect(r.problems.filter((p) => p.includes("hsato-sec"))).toEqual([
      expect.stringMatching(/^github: the plan would revoke role:admin for \S+ \(login hsato-sec\), whom the break-glass Person file identities\/people\/hana\.sato\.yaml:1 names/),
      expect.stringMatching(/^github: the plan would disable-account for \S+ \(login hsato-sec\), whom the break-glass Person file identities\/people\/hana\.sato\.yaml:1 names/),
      expect.stringMatching(/^held back by the blocked plan: github: the plan would revoke role:admin .*: github revoke \S+ role:admin$/),
      expect.stringMatching(/^held back by the blocked plan: github: the plan would revoke role:admin .*: github disable-account \S+$/),
    ]);
    expect(roleOf("hsato-sec")).toBe("admin");
  });
});

describe("the daily sync and a break-glass emergency account that is no person", () => {
  it("keeps it an owner when its owner leaves, offboards the owner, and warns until a new owner is named (break-glass-owner-gone)", async () => {
    const { repo, env } = await setUp([ADA, BO], ["ada", "bo", "gh-emergency-owner"], "acme-emergency-owner");
    repo.write("identities/service-accounts/gh-emergency-owner.yaml", stringify({
      kind: "ServiceAccount", id: "gh-emergency-owner", owner: "ada", breakGlass: true, interactiveLogin: true,
      purpose: "Emergency org-owner account, used only when no other owner can sign in.", attributes: { platform: "github", githubLogin: "acme-emergency-owner" },
    }));
    const quiet = await sync(env);
    expect([quiet.status, quiet.applied]).toEqual(["applied", 0]);
    repo.setPeople([{ ...ADA, status: "Terminated" }, BO]);
    // Not blocked: ada's own offboarding goes ahead, the emergency account is kept, and the warning says why it needs an owner.
    const r = await sync(env);
    expect([r.status, r.problems]).toEqual(["applied", []]);
    expect(fake!.org.user("ada-gh") && fake!.org.members.has(fake!.org.user("ada-gh")!.id)).toBe(false);
    expect(roleOf("acme-emergency-owner")).toBe("admin");
    const warned = (await repo.plan(env)).plan.findings.filter((f) => f.rule === "break-glass-owner-gone");
    expect(warned.map((f) => [f.severity, f.identity])).toEqual([["warning", "gh-emergency-owner"]]);
    expect(warned[0]!.message).toMatch(/^gh-emergency-owner is a break-glass account and has lost its owner: owner "ada" (is terminated|is in no source)/);
    // A new owner named: the warning goes, and the emergency account stays.
    repo.write("identities/service-accounts/gh-emergency-owner.yaml", repo.read("identities/service-accounts/gh-emergency-owner.yaml").replace("owner: ada", "owner: bo"));
    const after = await sync(env);
    expect([after.status, after.problems]).toEqual(["applied", []]);
    expect((await repo.plan(env, "after.json")).plan.findings.filter((f) => f.rule === "break-glass-owner-gone")).toEqual([]);
    expect(roleOf("acme-emergency-owner")).toBe("admin");
  });
});
