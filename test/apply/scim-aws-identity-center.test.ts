// A SCIM app whose groups never list their members, as AWS IAM Identity Center documents: "GetGroup
// and ListGroups return an empty member list. To see group info for a certain member, call
// ListGroups with a member filter", `filter=id eq "G" and members eq "U"`
// (https://docs.aws.amazon.com/singlesignon/latest/developerguide/listgroups.html). The test server
// answers so in its aws-identity-center mode (test/servers/scim-server/aws-identity-center.mjs).
// Read from the member lists, such an app looks empty: a mover kept the privileged group, a leaver
// kept everything, and every membership was granted again on every plan. With
// `options.groupMembers: filter` the connector asks per group and account, and `plan --live` then
// `apply` revoke what a mover no longer gets. With the default (`listed`) the plan says it is
// probably reading such an app; an app that refuses the filter is an error naming the setting.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { Plan } from "../../src/plan/plan.js";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { changeLines, PolicyRepo, type Person } from "./helpers/policy-repo.js";

const GROUPS = ["Admins", "Engineering", "Sales"];
const people: Person[] = [
  { worker: "W1", login: "ada", department: "Engineering" },
  { worker: "W2", login: "grace", department: "Sales" },
];

function awsRepo(server: ScimServer, options: Record<string, unknown>): PolicyRepo {
  const repo = new PolicyRepo({
    targetName: "sso",
    target: { type: "scim", url: server.url, token: "${env:SCIM_TOKEN}", options: { timeoutMs: 5000, maxConcurrency: 4, ...options } },
    people,
    groups: [
      { id: "engineering", departments: ["Engineering"] },
      { id: "sales", departments: ["Sales"] },
    ],
    policy: {
      scope: { include: [{ kinds: ["person"] }] },
      entitlements: [
        { group: "engineering", entitlement: "group:Engineering" },
        { group: "sales", entitlement: "group:Sales" },
        { group: "admins", entitlement: "group:Admins" },
      ],
    },
  });
  // Everyone in Engineering administers the AWS accounts (a reviewed birthright rule): a mover out
  // of Engineering must lose that privilege.
  repo.write("identities/groups/admins.yaml", stringify({ kind: "Group", id: "admins", privileged: true, allowPrivilegedBirthright: true, birthright: [{ kinds: ["person"], where: { department: ["Engineering"] } }] }));
  return repo;
}

const findingsOf = (plan: Plan, rule: string) => plan.findings.filter((f) => f.rule === rule);

describe("scim against an app whose groups list no members (AWS IAM Identity Center)", () => {
  let server: ScimServer;
  let repo: PolicyRepo;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startScimServer({ mode: "aws-identity-center" });
    await server.seed({ groups: GROUPS.map((displayName) => ({ displayName })) });
    env = { SCIM_TOKEN: server.token };
    repo = awsRepo(server, { groupMembers: "filter" });
  }, 30_000);
  afterAll(async () => {
    repo?.cleanup();
    await server?.stop();
  });

  it("groupMembers: filter: the joiners' grants are applied once, then the next plan is empty", async () => {
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual(["create-account ada", "create-account grace", "grant ada group:Admins", "grant ada group:Engineering", "grant grace group:Sales"]);
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.stderr).toBe("");
    expect(applied.stdout).toContain("applied 5, already in place 0, failed 0");
    expect(await server.members()).toEqual({ Admins: ["ada"], Engineering: ["ada"], Sales: ["grace"] });

    // Read from the member lists these would be granted again; asked, they are held.
    const again = await repo.plan(env);
    expect(changeLines(again.plan)).toEqual([]);
    // The read says what it asked: 3 mapped groups × 2 accounts.
    const [asked] = findingsOf(again.plan, "scim-members-by-filter");
    expect(asked?.severity).toBe("info");
    expect(asked?.message).toContain("(Admins, Engineering, Sales) and each of its 2 account(s)");
    expect(asked?.message).toContain("6 request(s) (targets.sso.options.groupMembers: filter)");
    expect(findingsOf(again.plan, "scim-group-members-unlisted")).toEqual([]);
  });

  it("a mover out of Engineering loses the privileged Admins group: plan --live, then apply", async () => {
    repo.setPeople([{ ...people[0]!, department: "Sales" }, people[1]!]);
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual(["grant ada group:Sales", "revoke ada group:Admins", "revoke ada group:Engineering"]);
    expect(plan.changes.find((c) => c.action === "revoke" && c.entitlement === "group:Admins")?.privileged).toBe(true);
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.stderr).toBe("");
    expect(applied.stdout).toContain("applied 3, already in place 0, failed 0");
    expect(await server.members()).toEqual({ Admins: [], Engineering: [], Sales: ["ada", "grace"] });
    expect(changeLines((await repo.plan(env)).plan)).toEqual([]);
  });

  it("listed (the default) against it: the grants come back, and a warning names the setting", async () => {
    repo.writeConfig({ target: { type: "scim", url: server.url, token: "${env:SCIM_TOKEN}", options: { timeoutMs: 5000 } } });
    const { plan, result } = await repo.plan(env);
    expect(result.code).toBe(0);
    expect(plan.blocked).toBe(false);
    // What the member lists say: nobody holds anything.
    expect(changeLines(plan)).toEqual(["grant ada group:Sales", "grant grace group:Sales"]);
    const [warning] = findingsOf(plan, "scim-group-members-unlisted");
    expect(warning?.severity).toBe("warning");
    expect(warning?.message).toContain('target "sso": every one of its 3 group(s) came back with no members, yet 2 grant(s) to 2 account(s)');
    expect(warning?.remediation).toContain("set targets.sso.options.groupMembers: filter");
    expect(warning?.location).toMatch(/scopesync\.yaml:\d+$/);
    repo.writeConfig();
  });
});

describe("scim groupMembers against apps that list members", () => {
  let server: ScimServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startScimServer();
    env = { SCIM_TOKEN: server.token };
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("filter against an app that refuses the membership filter (scimmy answers 400) fails the plan with one line naming the setting", async () => {
    await server.reset();
    await server.seed({ users: [{ userName: "ada", externalId: "hr:W1" }], groups: GROUPS.map((displayName) => ({ displayName })) });
    const repo = awsRepo(server, { groupMembers: "filter" });
    try {
      const result = await repo.cli(["plan", "--live", "--format", "json", "--out", "reviewed.json"], env);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('target "sso": scim GET /Groups: 400');
      expect(result.stderr).toContain("the app refuses the membership filter that targets.sso.options.groupMembers: filter asks");
      expect(result.stderr).toContain("set targets.sso.options.groupMembers to listed");
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stderr).not.toContain(server.token);
    } finally {
      repo.cleanup();
    }
  });

  it("listed against a genuinely empty app: warned once, not blocked, and gone once the grants are applied", async () => {
    await server.reset();
    // Accounts made before scopesync (linked by their anchors), groups still empty.
    await server.seed({ users: [{ userName: "ada", externalId: "hr:W1" }, { userName: "grace", externalId: "hr:W2" }], groups: GROUPS.map((displayName) => ({ displayName })) });
    const repo = awsRepo(server, {});
    try {
      const { plan, result } = await repo.plan(env);
      expect(result.code).toBe(0);
      expect(changeLines(plan)).toEqual(["grant ada group:Admins", "grant ada group:Engineering", "grant grace group:Sales"]);
      expect(findingsOf(plan, "scim-group-members-unlisted").map((f) => f.severity)).toEqual(["warning"]);
      const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
      expect(applied.stdout).toContain("applied 3, already in place 0, failed 0");
      const after = (await repo.plan(env)).plan;
      expect(changeLines(after)).toEqual([]);
      expect(findingsOf(after, "scim-group-members-unlisted")).toEqual([]);
    } finally {
      repo.cleanup();
    }
  });
});
