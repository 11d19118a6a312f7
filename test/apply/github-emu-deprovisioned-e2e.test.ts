// An Enterprise Managed Users leaver whom the IdP deprovisioned before scopesync's plan, through the
// real CLI against the fake (the real @octokit/rest). GitHub suspends such a user, renames them to
// a hash of their username plus _SHORTCODE, and keeps them "as a 'suspended member' of the
// organization, without access, until removed manually"; a reprovisioning restores the username,
// the membership, the owner role and the teams (GitHub docs, "Deprovisioning and reinstating users
// with SCIM": see the fake's deprovisionManagedUser). Linked by login, the plan said "No changes".
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { closeGithubLoop, twoTeamRepo } from "./helpers/github-loop.js";
import { changeLines, type PolicyRepo, type Person } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-emu";
let fake: GithubFake;
let repo: PolicyRepo;
let env: Record<string, string>;
const ada: Person = { worker: "W1", login: "ada_acme", department: "Platform" };
const dmitri: Person = { worker: "W2", login: "dmitri_acme", department: "Platform" };

beforeEach(async () => {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot", emu: true });
  const o = fake.org;
  o.addMember("ada_acme", "admin");
  o.addMember("dmitri_acme", "admin"); // a second owner, who leaves
  o.addTeam("platform");
  o.addTeamMember("platform", "ada_acme");
  o.addTeamMember("platform", "dmitri_acme");
  env = { GH_TOKEN: fake.token };
  repo = twoTeamRepo(fake, ORG, [ada, dmitri], { patGrants: false, deployKeys: false, enterpriseManagedUsers: true });
});

afterEach(() => closeGithubLoop(repo, fake));

/** HR terminates dmitri, and the IdP deprovisions him before the next plan: the hashed login. */
function dmitriLeavesAndIsDeprovisioned(): string {
  repo.setPeople([ada, { ...dmitri, status: "Terminated" }]);
  return fake.org.deprovisionManagedUser("dmitri_acme");
}

/** Whether the user with this id is still an org member, or in team platform. */
function stillThere(id: number): { member: boolean; team: boolean } {
  return { member: fake.org.members.has(id), team: fake.org.effectiveMembers("platform").has(id) };
}

describe("github EMU: a leaver the IdP deprovisioned (renamed to a hash) is offboarded", () => {
  it("by the user id the committed state file remembers: planned as dmitri's own offboarding, applied, and a reprovisioning gives nothing back", async () => {
    // The state file a `state pull` wrote (and the team committed) while dmitri was still there.
    expect((await repo.cli(["state", "pull"], env)).code).toBe(0);
    expect(repo.read("state/github.json")).toContain('"login": "dmitri_acme"');
    const hashed = dmitriLeavesAndIsDeprovisioned();
    const id = fake.org.user(hashed)!.id;

    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual(["disable-account dmitri_acme", "revoke dmitri_acme team:platform"]);
    const disable = plan.changes.find((c) => c.action === "disable-account")!;
    expect(disable).toMatchObject({ account: String(id), login: hashed, origin: "source" });
    expect(disable.reason).toBe(`left the organisation on 2026-11-20 (status terminated in hr); their account "dmitri_acme" (id ${id}, as state/github.json records it) was renamed "${hashed}" by the identity provider's deprovisioning, which keeps it in the org, suspended, until it is removed; a reprovisioning would give it back`);
    expect(plan.findings.filter((f) => f.rule === "unmanaged-account" || f.rule === "deprovisioned-account")).toEqual([]);

    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.stdout).toContain("applied 2, already in place 0, failed 0");
    expect(applied.code).toBe(0);
    expect(stillThere(id)).toEqual({ member: false, team: false });
    // The IdP reactivates him (a rehire as a contractor, a deactivation undone): nothing comes back.
    fake.org.reprovisionManagedUser(hashed);
    expect(stillThere(id)).toEqual({ member: false, team: false });
  });

  it("with no state file: a warning says what the account holds (an owner: privileged), that it stays until removed and comes back with a reprovisioning, and whose it may be; left alone under unmanagedAccounts: report", async () => {
    const hashed = dmitriLeavesAndIsDeprovisioned();
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual([]);
    const said = plan.findings.filter((f) => f.rule === "unmanaged-account" || f.rule === "deprovisioned-account").map((f) => `${f.severity} ${f.rule} ${f.identity}: ${f.message}\nfix: ${f.remediation}`);
    expect(said).toEqual([
      `warning deprovisioned-account ${hashed}: github account "${hashed}" is a user the identity provider deprovisioned (renamed to a hash), holding role:admin (privileged), team:platform: suspended, kept until removed, and a reprovisioning gives it all back unreviewed; whose is unknown (no committed state file has its id); leavers without an account under their login here: dmitri_acme (left 2026-11-20); left alone (unmanagedAccounts: report)\nfix: remove it (unmanagedAccounts: disable in policies/apps/github.yaml:1, or remove the member by hand); so that the next such account is offboarded as its owner's, keep the target's state file committed (scopesync state pull): it records each account's id`,
    ]);
  });

  it("with no state file and unmanagedAccounts: disable: the account is removed, and a reprovisioning gives nothing back", async () => {
    const hashed = dmitriLeavesAndIsDeprovisioned();
    const id = fake.org.user(hashed)!.id;
    repo.writePolicy({ ...repo.spec.policy, unmanagedAccounts: "disable" });
    const { plan } = await repo.plan(env);
    // Removed in the leaver order, as the account of a known leaver is: the mapped team by name, then the removal.
    expect(changeLines(plan)).toEqual([`disable-account account:${hashed}`, `revoke account:${hashed} team:platform`]);
    const removal = plan.changes.find((c) => c.action === "disable-account")!;
    expect(removal).toMatchObject({ account: String(id), login: hashed, origin: "policy" });
    expect(removal.reason).toBe("an account the identity provider deprovisioned, holding role:admin (privileged), team:platform, whose it was unknown (policies/apps/github.yaml:1: unmanagedAccounts: disable): removed, as GitHub keeps it until then and a reprovisioning restores it");
    expect(plan.findings.find((f) => f.rule === "deprovisioned-account")?.message).toMatch(/; it will be removed \(unmanagedAccounts: disable\)$/);

    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code).toBe(0);
    fake.org.reprovisionManagedUser(hashed);
    expect(stillThere(id)).toEqual({ member: false, team: false });
    const drift = JSON.parse((await repo.cli(["drift", "--format", "json"], env)).stdout) as Plan;
    expect(changeLines(drift)).toEqual([]);
  });

  it("deprovisioned between review and merge: the reviewed removal of dmitri is applied by his user id, not called no longer needed", async () => {
    repo.setPeople([ada, { ...dmitri, status: "Terminated" }]);
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual(["disable-account dmitri_acme", "revoke dmitri_acme team:platform"]);
    const hashed = fake.org.deprovisionManagedUser("dmitri_acme");
    const id = fake.org.user(hashed)!.id;
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.stdout).toContain("2 reviewed change(s) to apply, 0 unreviewed revocation(s) applied anyway, 0 unreviewed change(s) held back, 0 no longer needed");
    expect(applied.stdout + applied.stderr).toContain(`login changed from dmitri_acme to ${hashed} since review; applied by GitHub user id ${id}`);
    expect(applied.code).toBe(0);
    expect(stillThere(id)).toEqual({ member: false, team: false });
  });

  it("an active person's account the IdP deprovisioned is theirs by its remembered id: reported, never removed, even under unmanagedAccounts: disable", async () => {
    expect((await repo.cli(["state", "pull"], env)).code).toBe(0);
    const hashed = fake.org.deprovisionManagedUser("dmitri_acme"); // HR still has dmitri active
    repo.writePolicy({ ...repo.spec.policy, unmanagedAccounts: "disable" });
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual([]);
    const f = plan.findings.find((x) => x.rule === "deprovisioned-account")!;
    expect(f.message).toContain(`its id ${fake.org.user(hashed)!.id} had the login "dmitri_acme" in state/github.json, dmitri_acme's, whom the sources keep active here: the identity provider and the sources disagree; left alone`);
    expect(f.remediation).toBe("if the person left, correct the sources; if they keep access, reprovision them in the identity provider");
  });
});
