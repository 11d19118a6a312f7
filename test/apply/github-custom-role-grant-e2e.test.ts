// A grant of a custom repository role never replaces a role held by hand (rv98 M1):
// `engineering → repo:docs:Security-Reviewer` for fay, who holds `maintain` on docs given by hand (no
// mapping gives it). GitHub holds one role per user per repository and its PUT
// …/collaborators/{username} changes an existing collaborator's role in place, to a custom role too
// (its `permission` takes a custom repository role's name); the custom role's base role (read to
// maintain) is not read, so the grant may lower her maintain, and takes away what the hand gave in
// any case. The plan does not grant it and says so, as it does for a built-in grant over a held
// custom role; apply's own refusal is test/targets/github-repos.test.ts.
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { closeGithubLoop } from "./helpers/github-loop.js";
import { changeLines, PolicyRepo } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-robotics";
let fake: GithubFake;
let repo: PolicyRepo;
let env: Record<string, string>;

beforeAll(async () => {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
  for (const login of ["fay", "gus", "hal"]) fake.org.addMember(login);
  fake.org.addRepo("docs");
  fake.org.addCollaborator("docs", "fay", "maintain"); // given by hand
  fake.org.addCustomRoleCollaborator("docs", "hal", "Release-Manager", "write"); // another custom role, by hand
  env = { GH_TOKEN: fake.token };
  repo = new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, deployKeys: false, repositories: ["docs"] } },
    people: [
      { worker: "E1", login: "fay", department: "Engineering" },
      { worker: "E2", login: "gus", department: "Engineering" },
      { worker: "E3", login: "hal", department: "Engineering" },
    ],
    groups: [{ id: "engineering", departments: ["Engineering"] }],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Engineering"] } }] },
      accounts: { login: "userName" },
      entitlements: [{ group: "engineering", entitlement: "repo:docs:Security-Reviewer" }],
    },
  });
});
afterAll(() => closeGithubLoop(repo, fake));

it("does not grant a custom role over a role held by hand, built-in or custom, and says who holds what", async () => {
  const { plan } = await repo.plan(env);
  // gus holds nothing on docs: granted. fay's maintain and hal's custom role are left.
  expect(changeLines(plan)).toEqual(["grant gus repo:docs:Security-Reviewer"]);
  const held = plan.findings.filter((f) => f.rule === "role-held-higher-unmanaged");
  expect(held.map((f) => f.identity)).toEqual(["fay", "hal"]);
  expect(held[0]!.message).toMatch(/^fay holds repo:docs:maintain, which the custom role repo:docs:Security-Reviewer that engineering gives \(policies\/apps\/github\.yaml:\d+\) would replace; github does not manage repo:docs:maintain, and target "github" holds one role per account there, so the grant would replace it with the custom role, whose base role the read does not know and may give less: it is not granted$/);
  expect(held[0]!.remediation).toMatch(/^nothing, if fay is meant to keep repo:docs:maintain; otherwise take it away in the app/);
  expect(held[1]!.message).toMatch(/^hal holds repo:docs:Release-Manager, a custom role that repo:docs:Security-Reviewer that engineering gives \(policies\/apps\/github\.yaml:\d+\) would replace;/);
});
