// A group membership PATCH that the app answers without showing the member list: "204 (No
// Content)", which RFC 7644 section 3.5.2 allows for any successful PATCH (WSO2 IS can be set to
// answer group PATCHes so, wso2/product-is#6918; AWS IAM Identity Center's PatchGroup answers
// "HTTP/1.1 204", https://docs.aws.amazon.com/singlesignon/latest/developerguide/patchgroup.html),
// or 200 with a group that has no `members`. Apps that answer so also drop member changes without
// an error (wso2/product-is#16314, #7040; goauthentik/authentik#24173). Apply used to journal such a
// revoke `applied` and exit 0 while the mover stayed in the privileged group, on every later run
// too. Now the membership is read back (the group, or the id-and-member filter with
// `groupMembers: filter`) and a change it does not show fails; an app that did make it passes.
// Real SCIM server (scimmy), the CLI as an operator runs it.
import { afterEach, describe, expect, it } from "vitest";
import type { JournalRecord } from "../../src/model/journal-record.js";
import { startScimServer, type ScimServer, type ScimServerOptions } from "../servers/scim-server.js";
import { changeLines, PolicyRepo, type Person } from "./helpers/policy-repo.js";

const people: Person[] = [
  { worker: "W1", login: "ada", department: "Engineering" },
  { worker: "W2", login: "grace", department: "Engineering" },
];
let scim: ScimServer | undefined;
let repo: PolicyRepo | undefined;

afterEach(async () => {
  repo?.cleanup();
  await scim?.stop();
  repo = scim = undefined;
});

/**
 * Ada holds the privileged Admins group (applied normally, or held before scopesync with
 * `adminsBefore`); then the on-call rota changes: the reviewed plan revokes her Admins and grants
 * grace's (a mover, no leaver: nothing else would fail).
 */
async function rotaChanges(server: ScimServerOptions, options: Record<string, unknown> = {}, adminsBefore = ["ada"]): Promise<{ env: Record<string, string> }> {
  scim = await startScimServer(server);
  await scim.seed({ groups: [{ displayName: "Engineering" }, { displayName: "Admins" }] });
  const env = { SCIM_TOKEN: scim.token };
  repo = new PolicyRepo({
    targetName: "crm",
    target: { type: "scim", url: scim.url, token: "${env:SCIM_TOKEN}", options: { timeoutMs: 3000, ...options } },
    people,
    groups: [
      { id: "engineering", departments: ["Engineering"] },
      { id: "admins", privileged: true, members: adminsBefore },
    ],
    policy: {
      scope: { include: [{ kinds: ["person"] }] },
      entitlements: [
        { group: "engineering", entitlement: "group:Engineering" },
        { group: "admins", entitlement: "group:Admins" },
      ],
    },
  });
  const first = await repo.cli(["apply", "--auto-approve"], env);
  expect(first.code, first.stdout + first.stderr).toBe(0);
  expect((await scim.members()).Admins).toEqual(adminsBefore);
  repo.writeGroup({ id: "admins", privileged: true, members: ["grace"] });
  const { plan } = await repo.plan(env);
  expect(changeLines(plan)).toEqual([...(adminsBefore.includes("grace") ? [] : ["grant grace group:Admins"]), ...(adminsBefore.includes("ada") ? ["revoke ada group:Admins"] : [])]);
  return { env };
}

const journal = () => repo!.read(".scopesync/journal.jsonl").trim().split("\n").map((l) => JSON.parse(l) as JournalRecord);
const linesOf = (action: string, identity: string) => journal().filter((r) => r.action === action && r.identity === identity && r.entitlement === "group:Admins").map((r) => `${r.phase}${r.outcome ? ` ${r.outcome}` : ""}`);

describe("scim group membership PATCH answered without the member list", () => {
  it("listed: answered 204 and not made, the revoke and the grant fail, are journalled failed, and the rerun finishes once the app makes them", async () => {
    const { env } = await rotaChanges({});
    await scim!.inject({ ignorePatches: true, ignoredPatchStatus: 204 });
    for (let run = 0; run < 2; run++) {
      const ignored = await repo!.cli(["apply", "--plan", "reviewed.json"], env);
      expect(ignored.code, ignored.stdout + ignored.stderr).toBe(1);
      expect(ignored.stderr).toMatch(/failed: crm revoke ada group:Admins: .*scim PATCH \/Groups\/[0-9a-f-]+: the app answered 204 without the group, and GET \/Groups\/[0-9a-f-]+ still lists [0-9a-f-]+ in "Admins": it did not remove the member/);
      expect(ignored.stderr).toMatch(/failed: crm grant grace group:Admins: .*the app answered 204 without the group, and GET \/Groups\/[0-9a-f-]+ does not list [0-9a-f-]+ in "Admins": it did not add the member/);
      expect(ignored.stderr).toContain("fix: the app may manage this group elsewhere (its own directory sync, single sign-on groups) or drop member changes sent over SCIM: make the change in the app by hand, then run apply again (it finds it done)");
      expect(ignored.stdout).toContain("applied 0, already in place 0, failed 2");
      expect(ignored.stderr).not.toMatch(/\n\s+at /);
    }
    // Never "applied": each run's line ends failed.
    expect(linesOf("revoke", "ada")).toEqual(["start", "failed", "start", "failed"]);
    expect(linesOf("grant", "grace")).toEqual(["start", "failed", "start", "failed"]);
    expect((await scim!.members()).Admins).toEqual(["ada"]);

    await scim!.inject({});
    const rerun = await repo!.cli(["apply", "--plan", "reviewed.json"], env);
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    expect((await scim!.members()).Admins).toEqual(["grace"]);
    expect(linesOf("revoke", "ada").at(-1)).toBe("done applied");
  });

  it("listed: answered 200 with the group as it was but without `members` (WSO2 IS leaves an empty one out), the grant nothing made fails", async () => {
    const { env } = await rotaChanges({}, {}, []);
    await scim!.inject({ ignorePatches: true, ignoredPatchOmitsMembers: true });
    const ignored = await repo!.cli(["apply", "--plan", "reviewed.json"], env);
    expect(ignored.code, ignored.stdout + ignored.stderr).toBe(1);
    expect(ignored.stderr).toMatch(/failed: crm grant grace group:Admins: .*the app answered 200 without the group's members, and GET \/Groups\/[0-9a-f-]+ does not list [0-9a-f-]+ in "Admins": it did not add the member/);
    expect(linesOf("grant", "grace")).toEqual(["start", "failed"]);
    expect((await scim!.members()).Admins).toEqual([]);
  });

  it("listed: an app that makes the change and answers 204 (WSO2 IS so configured) passes; the group is read once per change to confirm it", async () => {
    const { env } = await rotaChanges({});
    await scim!.inject({ patchNoContent: true });
    const applied = await repo!.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toContain("applied 2, already in place 0, failed 0");
    expect((await scim!.members()).Admins).toEqual(["grace"]);
    expect(linesOf("revoke", "ada")).toEqual(["start", "done applied"]);
    const log = await scim!.requestLog();
    const patched = log.filter((l) => /^PATCH \/scim\/v2\/Groups\/\S+ 204 /.test(l));
    expect(patched).toHaveLength(2);
    // Each 204 is followed by a read of that group, naming its members (group-members-query.ts).
    for (const line of patched) {
      const group = line.split(" ")[1]!;
      expect(log.slice(log.indexOf(line) + 1).some((l) => l.startsWith(`GET ${group}?attributes=displayName%2Cmembers%2Cmeta 200`))).toBe(true);
    }
  });

  it("groupMembers: filter (AWS IAM Identity Center): answered 204 and not made, the id-and-member filter still answers the group, the revoke fails; made, it passes", async () => {
    const { env } = await rotaChanges({ mode: "aws-identity-center" }, { groupMembers: "filter" });
    await scim!.inject({ ignorePatches: true, ignoredPatchStatus: 204 });
    const ignored = await repo!.cli(["apply", "--plan", "reviewed.json"], env);
    expect(ignored.code, ignored.stdout + ignored.stderr).toBe(1);
    expect(ignored.stderr).toMatch(/failed: crm revoke ada group:Admins: .*the app answered 204 without the group, and GET \/Groups\?filter=id eq "[0-9a-f-]+" and members eq "[0-9a-f-]+" still answers the group "Admins" for [0-9a-f-]+: it did not remove the member/);
    expect(ignored.stderr).toMatch(/failed: crm grant grace group:Admins: .*does not answer the group "Admins" for [0-9a-f-]+: it did not add the member/);
    expect(linesOf("revoke", "ada")).toEqual(["start", "failed"]);

    // Identity Center itself makes the change and answers 204: confirmed by the same question.
    await scim!.inject({});
    const rerun = await repo!.cli(["apply", "--plan", "reviewed.json"], env);
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain("applied 2, already in place 0, failed 0");
    expect((await scim!.members()).Admins).toEqual(["grace"]);
  });
});
