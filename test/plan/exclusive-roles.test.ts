// Two roles of one key for one account (plan/exclusive-roles.ts): the highest built-in role is
// kept, compared as GitHub compares names (repository and role without case); a custom role has
// no rank, so nothing is kept over another.
import { describe, expect, it } from "vitest";
import { TARGET_CAPABILITIES } from "../../src/model/target-types.js";
import { ExclusiveRoles, highestRole, type RoleContest } from "../../src/plan/exclusive-roles.js";
import type { Membership } from "../../src/policy/memberships.js";

const github = TARGET_CAPABILITIES.github;
const member = (group: string): Membership => ({ group, via: "birthright", at: `identities/groups/${group}.yaml:5` });

describe("exclusive roles", () => {
  it("keeps the highest of three roles of one repository; other repositories and team memberships are left alone", () => {
    const names = ["repo:Infra:Maintain", "repo:docs:write", "repo:infra:admin", "repo:infra:read", "team:platform"];
    const wanted: (Membership | undefined)[] = [member("sre"), member("eng"), member("platform"), member("eng"), member("platform")];
    const contests: RoleContest[] = [];
    new ExclusiveRoles(names, github).resolve(wanted, contests);
    expect(wanted.map((w) => w?.group)).toEqual([undefined, "eng", "platform", undefined, "platform"]);
    expect(contests).toEqual([{ key: "repo:infra", keySlots: [0, 2, 3], wanted: [{ slot: 0, membership: member("sre") }, { slot: 2, membership: member("platform") }, { slot: 3, membership: member("eng") }], kept: 2 }]);
  });

  it("a custom role does not compare: nothing is dropped, and the contest has no winner", () => {
    const names = ["repo:infra:read", "repo:infra:security-reviewer"];
    const wanted: (Membership | undefined)[] = [member("eng"), member("sec")];
    const contests: RoleContest[] = [];
    new ExclusiveRoles(names, github).resolve(wanted, contests);
    expect(wanted.map((w) => w?.group)).toEqual(["eng", "sec"]);
    expect(contests.map((c) => c.kept)).toEqual([undefined]);
    expect(highestRole(names, github)).toBeUndefined();
    expect(highestRole(["repo:infra:triage", "repo:infra:WRITE"], github)).toBe(1);
  });

  it("a target without exclusive entitlements keeps everything", () => {
    const wanted: (Membership | undefined)[] = [member("a"), member("b")];
    new ExclusiveRoles(["group:x", "group:y"], TARGET_CAPABILITIES.scim).resolve(wanted);
    expect(wanted.map((w) => w?.group)).toEqual(["a", "b"]);
  });
});
