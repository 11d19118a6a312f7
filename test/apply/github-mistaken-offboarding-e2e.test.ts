// An HR error fixed the next day, on GitHub: the person is marked terminated, the sync removes her
// from the org, and HR restores her record. GitHub has no suspended org member outside EMU and GHES
// with SCIM: "Remove organization membership for a user" removes her, and a return is an
// invitation (https://docs.github.com/en/rest/orgs/members). A role held by hand (team maintainer)
// and a deleted deploy key (https://docs.github.com/en/rest/deploy-keys/deploy-keys: "Delete a
// deploy key"; no disabled key exists) do not come back with the return. The plans must say so:
// the offboarding names what goes for good, and the return, read from the apply journal, says it
// is a return (not a joiner, not "no account yet"), what it takes (an invitation to accept), what
// a policy gives back, and what nothing does (return-not-restored). Against the OpenAPI-validated
// GitHub fake, through the real CLI and the real connector (@octokit/rest).
import { afterEach, describe, expect, it, vi } from "vitest";
import type { JournalRecord } from "../../src/model/journal-record.js";
import type { Change } from "../../src/model/change.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { closeGithubLoop } from "./helpers/github-loop.js";
import { changeLines, PolicyRepo, type Person } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "northwind";
const people = (mara: "Active" | "Terminated"): Person[] => [
  { worker: "N100", login: "priya", department: "Engineering" },
  { worker: "N101", login: "mara", department: "Engineering", status: mara },
];
// Mara owns the release bot: her leaving quarantines it (disabled, credentials revoked).
const SVC_RELEASE = "kind: ServiceAccount\nid: svc-release\nowner: mara\nenvironment: production\npurpose: publishes releases from CI with the deploy key release-bot-key on infra\n";

let fake: GithubFake | undefined;
let repo: PolicyRepo | undefined;
afterEach(() => closeGithubLoop(repo, fake));

async function start(): Promise<{ fake: GithubFake; repo: PolicyRepo; env: Record<string, string> }> {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
  const o = fake.org;
  for (const login of ["priya", "mara", "svc-release"]) o.addUser(login);
  o.addMember("priya", "admin");
  o.addMember("mara", "member");
  o.addMember("svc-release", "member");
  for (const team of ["engineering", "design", "release"]) o.addTeam(team);
  o.addTeamMember("engineering", "priya");
  // Made maintainer by hand (scopesync never makes one), and added to design, which no policy manages.
  o.addTeamMember("engineering", "mara", "maintainer");
  o.addTeamMember("design", "mara");
  o.addTeamMember("release", "svc-release");
  repo = new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, minAdmins: 1, deployKeys: ["infra"] } },
    people: people("Active"),
    groups: [
      { id: "engineering", departments: ["Engineering"] },
      { id: "release", members: ["svc-release"] },
    ],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Engineering"] } }, { kinds: ["service-account"] }] },
      accounts: { login: "userName" },
      entitlements: [
        { group: "engineering", entitlement: "team:engineering" },
        { group: "release", entitlement: "team:release" },
      ],
      onLeaveScope: "disable",
    },
  });
  repo.write("identities/nhi/svc-release.yaml", SVC_RELEASE);
  return { fake, repo, env: { GH_TOKEN: fake.token } };
}

const journal = (r: PolicyRepo): JournalRecord[] => r.read(".scopesync/journal.jsonl").trim().split("\n").map((l) => JSON.parse(l) as JournalRecord);
const change = (changes: Change[], action: string, identity: string): Change => changes.find((c) => c.action === action && c.identity === identity)!;

/** Day 2: HR marks mara terminated by mistake; the plan is made live and applied as reviewed. */
async function offboardByMistake(): Promise<{ fake: GithubFake; repo: PolicyRepo; env: Record<string, string>; day2: Change[]; keyId: number }> {
  const { fake, repo, env } = await start();
  const key = fake.org.addDeployKey("infra", "release-bot-key", "svc-release", false);
  repo.setPeople(people("Terminated"));
  const day2 = (await repo.plan(env)).plan.changes;
  const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
  expect(applied.stdout).toContain("applied 5, already in place 0, failed 0, skipped 0, held back 0");
  return { fake, repo, env, day2, keyId: key.id };
}

describe("github: a mistaken offboarding, undone the next day", () => {
  it("the offboarding says what goes for good (a team role held by hand, a deleted deploy key and the access it gave), and the journal keeps it", async () => {
    const { fake, repo, day2, keyId } = await offboardByMistake();
    expect(day2.map((c) => `${c.action} ${c.identity}${c.entitlement ? ` ${c.entitlement}` : ""}${c.credential ? ` ${c.credential}` : ""}`).sort()).toEqual(["disable-account mara", "disable-account svc-release", "revoke mara team:engineering", "revoke svc-release team:release", `revoke-credential svc-release deploy-key:infra:${keyId}`]);
    const removal = change(day2, "disable-account", "mara");
    expect(removal.lost).toEqual(["maintainer of team engineering (held by hand)", "team:design (held by hand)"]);
    expect(removal.reason).toContain('removing "mara" also takes maintainer of team engineering (held by hand), team:design (held by hand): no policy gives it, so a return (a new invitation) does not give it back');
    const revoke = change(day2, "revoke-credential", "svc-release");
    expect(revoke.lost).toEqual(['deploy key "release-bot-key" on repository infra (write access)']);
    expect(revoke.reason).toBe('quarantined: owner "mara" is terminated; a new owner must be assigned: its deploy key "release-bot-key" on repository infra is deleted for good, not disabled (there is no disabled deploy key: nothing gives it back, a return needs a new key), and whatever uses it loses write access to infra');
    // A removal that loses nothing held by hand carries no `lost`.
    expect(change(day2, "disable-account", "svc-release")).not.toHaveProperty("lost");
    expect([...fake.org.repos.get("infra")!.deployKeys.values()]).toEqual([]);
    const done = journal(repo).filter((r) => r.phase === "done" && r.lost);
    expect(done.map((r) => [r.action, r.identity, r.lost])).toEqual([
      ["revoke-credential", "svc-release", ['deploy key "release-bot-key" on repository infra (write access)']],
      ["disable-account", "mara", ["maintainer of team engineering (held by hand)", "team:design (held by hand)"]],
    ]);
  });

  it("the return the next day says it is a return, an invitation to accept, what a policy gives back and what nothing does", async () => {
    const { fake, repo, env } = await offboardByMistake();
    const line = (identity: string) => journal(repo).findIndex((r) => r.phase === "done" && r.action === "disable-account" && r.identity === identity) + 1;
    const removedOn = journal(repo).find((r) => r.action === "disable-account")!.at.slice(0, 10);

    // Day 3: HR restores her record. The plan calls neither a joiner nor "no account yet".
    repo.setPeople(people("Active"));
    const day3 = (await repo.plan(env, "restore.json")).plan;
    expect(changeLines(day3)).toEqual(["create-account mara", "create-account svc-release", "grant mara team:engineering", "grant svc-release team:release"]);
    // A live plan records whose the login is (Change.loginOwner), after the reason.
    const owner = (login: string) => `the login "${login}" is GitHub user ${fake.org.user(login)!.id} now (apply refuses if it names another user then)`;
    const mara = change(day3.changes, "create-account", "mara");
    expect(mara.reason).toBe(`returns: hr:N101 is in the scope of github again; scopesync removed "mara" on ${removedOn} (.scopesync/journal.jsonl:${line("mara")}), not suspended; the return is a new invitation mara must accept, holding only team:engineering; not given back: maintainer of team engineering (held by hand); team:design (held by hand); ${owner("mara")}`);
    expect(mara.evidence).toContain(`.scopesync/journal.jsonl:${line("mara")}`);
    const bot = change(day3.changes, "create-account", "svc-release");
    expect(bot.origin).toBe("source");
    expect(bot.reason).toBe(`returns from quarantine: its owner mara is active again; scopesync removed "svc-release" on ${removedOn} (.scopesync/journal.jsonl:${line("svc-release")}), not suspended; the return is a new invitation someone must sign in as svc-release to accept, holding only team:release; not given back: deploy key "release-bot-key" on repository infra (write access); ${owner("svc-release")}`);
    const findings = day3.findings.filter((f) => f.rule === "return-not-restored").map((f) => [f.identity, f.severity, f.message, f.remediation]);
    expect(findings).toEqual([
      ["mara", "warning", `mara returns to github, but what scopesync's offboarding on ${removedOn} took for good does not come back with this plan: maintainer of team engineering (held by hand); team:design (held by hand)`, "once the invitation is accepted, give back by hand what was held by hand: maintainer of team engineering, team:design (a team membership can instead be given by a policy; a team role only by hand)"],
      ["svc-release", "warning", `svc-release returns to github, but what scopesync's offboarding on ${removedOn} took for good does not come back with this plan: deploy key "release-bot-key" on repository infra (write access)`, 'add a new deploy key in place of the deploy key "release-bot-key" on repository infra (write access) (a new key pair: GitHub keeps no copy of a deleted key), then give its private key to whatever used the old one'],
    ]);

    // What the plan said is what happens: applied and accepted, she is a plain member of engineering, not in design, and the key is gone.
    expect((await repo.cli(["apply", "--plan", "restore.json"], env)).stdout).toContain("applied 4, already in place 0, failed 0, skipped 0, held back 0");
    fake.org.acceptInvitation("mara");
    fake.org.acceptInvitation("svc-release");
    const id = fake.org.user("mara")!.id;
    expect(fake.org.teams.get("engineering")!.members.get(id)).toBe("member");
    expect(fake.org.teams.get("design")!.members.has(id)).toBe(false);
    expect([...fake.org.repos.get("infra")!.deployKeys.values()]).toEqual([]);

    // Once back, nothing more is said: the return's create reset what the journal holds for them.
    const day4 = (await repo.plan(env, "after.json")).plan;
    expect(day4.changes).toEqual([]);
    expect(day4.findings.filter((f) => f.rule === "return-not-restored")).toEqual([]);
  });
});
