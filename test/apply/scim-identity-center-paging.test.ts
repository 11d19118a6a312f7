// AWS IAM Identity Center with more users than one page. Its ListUsers and ListGroups "does not
// support ... startIndex", give "A maximum of 100 results ... per page", and page only with
// `cursor`/`nextCursor` ("Pagination requests must include cursor"; without it the answer is
// "non-paginated (with totalResults, startIndex, and itemsPerPage fields)", where totalResults is
// the page's size, as awslabs/ssosync#1 observed)
// (https://docs.aws.amazon.com/singlesignon/latest/developerguide/listusers.html, listgroups.html).
// Read by startIndex, the first 100 users were the whole app: the leaver past them kept the
// account and every group (AWS account permission sets), and the rest came back as phantom joiners
// whose 409s apply took for "already in place". The test server answers as AWS documents
// (test/servers/scim-server/aws-identity-center.mjs).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { changeLines, PolicyRepo, type Person } from "./helpers/policy-repo.js";

const N = 120;
const pad = (i: number, n: number) => String(i).padStart(n, "0");
const people: Person[] = Array.from({ length: N }, (_, k) => ({ worker: `W${pad(k + 1, 4)}`, login: `eng${pad(k + 1, 3)}`, department: "Engineering", ...(k + 1 === 110 ? { status: "Terminated" as const } : {}) }));

function repoFor(server: ScimServer, options: Record<string, unknown>): PolicyRepo {
  return new PolicyRepo({
    targetName: "sso",
    target: { type: "scim", url: server.url, token: "${env:SCIM_TOKEN}", options: { timeoutMs: 5000, maxConcurrency: 4, groupMembers: "filter", ...options } },
    people,
    groups: [{ id: "everyone", departments: ["Engineering"] }],
    policy: { scope: { include: [{ kinds: ["person"], where: { department: ["Engineering"] } }] }, entitlements: [{ group: "everyone", entitlement: "group:Everyone" }], onLeaveScope: "disable" },
  });
}

describe("scim against AWS IAM Identity Center with 120 users", () => {
  let server: ScimServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startScimServer({ mode: "aws-identity-center" });
    // Every HR worker already has an account, marked with their anchor, in Everyone.
    const users = people.map((p) => ({ userName: p.login, externalId: `hr:${p.worker}`, emails: [{ value: `${p.login}@corp.example`, type: "work", primary: true }] }));
    await server.seed({ users, groups: [{ displayName: "Everyone", members: users.map((u) => u.userName) }] });
    env = { SCIM_TOKEN: server.token };
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("paging by index (the default): the plan fails naming the cause and the setting, rather than plan from 100 of 120 users", async () => {
    const repo = repoFor(server, {});
    try {
      const result = await repo.cli(["plan", "--live", "--format", "json", "--out", "reviewed.json"], env);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('target "sso": scim GET /Users: the app ignores startIndex: asked for the page at startIndex 101, it answered the page at startIndex 1');
      expect(result.stderr).toContain("set targets.sso.options.paging to cursor");
      expect(result.stderr).not.toContain("changed during the read");
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(() => repo.read("reviewed.json")).toThrow();
      // Said once: an app that ignores startIndex is not a fault that retrying mends.
      expect((await server.requestLog()).filter((l) => l.startsWith("GET /scim/v2/Users?startIndex=101&"))).toHaveLength(1);
    } finally {
      repo.cleanup();
    }
  });

  it("paging: cursor: the leaver past the 100th user is revoked and disabled, and the next plan is empty", async () => {
    const repo = repoFor(server, { paging: "cursor" });
    try {
      const before = (await server.requestLog()).length;
      const { plan } = await repo.plan(env);
      expect(changeLines(plan)).toEqual(["disable-account eng110", "revoke eng110 group:Everyone"]);
      // Users and groups were paged by cursor, the first page asked with an empty one, as AWS documents.
      const log = (await server.requestLog()).slice(before);
      const lists = log.filter((l) => /^GET \/scim\/v2\/(Users|Groups)\?(?!filter)/.test(l)).map((l) => l.replace(/cursor=[^& ]+/, "cursor=…").replace(/ \d+ms$/, ""));
      expect(lists).toEqual(["GET /scim/v2/Users?cursor&count=100 200", "GET /scim/v2/Users?cursor=…&count=100 200", "GET /scim/v2/Groups?cursor&count=100 200"]);
      expect(plan.findings.find((f) => f.rule === "scim-members-by-filter")?.message).toContain("each of its 120 account(s)");

      const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
      expect(applied.stderr).toBe("");
      expect(applied.stdout).toContain("applied 2, already in place 0, failed 0");
      expect((await server.members()).Everyone).not.toContain("eng110");
      expect((await server.members()).Everyone).toHaveLength(N - 1);
      expect(changeLines((await repo.plan(env)).plan)).toEqual([]);
    } finally {
      repo.cleanup();
    }
  });
});
