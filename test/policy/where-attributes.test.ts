import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AppPolicyDoc, GroupDoc, RuleSetDoc, Selector } from "../../src/model/documents.js";
import type { Identity } from "../../src/model/identity.js";
import type { Located, PathSegment } from "../../src/model/located.js";
import type { PolicyRepo } from "../../src/model/policy-repo.js";
import { unknownWhereAttributes } from "../../src/policy/where-attributes.js";
import { runCli } from "../helpers/run-cli.js";
import { scenarioForTest } from "../helpers/scenario.js";

/** A document whose every key is located at the line given for its path (joined by "."), else line 1. */
function located<T>(file: string, value: T, lines: Record<string, number> = {}): Located<T> {
  const at = (path: readonly PathSegment[]) => ({ line: lines[path.join(".")] ?? 1, col: 5 });
  return { value, file, line: 1, col: 1, locate: at, locateKey: at };
}
const person = (id: string, attributes: Identity["attributes"]): Identity => ({ id, kind: "person", anchor: `hr:${id}`, records: [], aliases: [], status: "active", attributes, provenance: {}, breakGlass: false });
const PEOPLE = [person("ada", { userName: "ada", department: "Engineering", costCenter: "C1" }), person("bob", { userName: "bob", department: "Sales", title: "AE" })];
function repo(parts: { birthright?: Selector[]; include?: Selector[]; exclude?: Selector[]; rule?: RuleSetDoc["rules"] }): PolicyRepo {
  const group: GroupDoc = { kind: "Group", id: "eng", ...(parts.birthright ? { birthright: parts.birthright } : {}) };
  const app = { kind: "AppPolicy", id: "crm", target: "crm", scope: { include: parts.include ?? [{ kinds: ["person"] }], ...(parts.exclude ? { exclude: parts.exclude } : {}) } } as unknown as AppPolicyDoc;
  const rules: RuleSetDoc = { kind: "RuleSet", id: "gov", ...(parts.rule ? { rules: parts.rule } : {}) };
  return {
    config: located("scopesync.yaml", {} as PolicyRepo["config"]["value"]),
    people: [], nhis: [], links: [],
    groups: [located("identities/groups/eng.yaml", group, { "birthright.0.where.Department": 6, "birthright.0.where.department": 6 })],
    apps: [located("policies/apps/crm.yaml", app, { "scope.exclude.0.where.costcentre": 9 })],
    ruleSets: [located("policies/rules/gov.yaml", rules, { "rules.0.forbid.where.managerRef": 12 })],
  };
}

describe("where-attribute-unknown", () => {
  it("a key that only differs in case from an attribute is an error at its line, with the name it means", () => {
    const findings = unknownWhereAttributes(repo({ birthright: [{ kinds: ["person"], where: { Department: "Engineering" } }] }), PEOPLE);
    expect(findings).toEqual([{
      rule: "where-attribute-unknown", severity: "error", location: "identities/groups/eng.yaml:6",
      message: `group eng's birthright: no identity of kind person has the attribute "Department", so this condition matches nobody; did you mean "department"? (attribute names are case-sensitive)`,
      remediation: "write department: a condition on a name no identity has takes what it grants from everyone, and what it excludes from no one",
    }]);
  });

  it("a misspelling of an attribute some identity has (not a documented one) is an error too", () => {
    const [f] = unknownWhereAttributes(repo({ exclude: [{ where: { costcentre: "C1" } }] }), PEOPLE);
    expect(f).toMatchObject({ severity: "error", location: "policies/apps/crm.yaml:9", message: expect.stringMatching(/^app policy crm's scope\.exclude: .*did you mean "costCenter"\?/) });
  });

  it("a documented attribute no one holds today is said as info; a name like nothing known as a warning", () => {
    const info = unknownWhereAttributes(repo({ rule: [{ id: "no-orphans", severity: "warning", message: "m", forbid: { where: { managerRef: "x" } } }] }), PEOPLE);
    expect(info).toMatchObject([{ severity: "info", location: "policies/rules/gov.yaml:12", message: `rule no-orphans's forbid: no identity has the attribute "managerRef", so this condition matches nobody` }]);
    const warning = unknownWhereAttributes(repo({ include: [{ where: { shoeSize: "44" } }] }), PEOPLE);
    expect(warning).toMatchObject([{ severity: "warning", message: expect.stringContaining(`"shoeSize"`) }]);
  });

  it("one letter off a name of five or more is an error; a short name one letter off another may be meant: a warning", () => {
    const typo = unknownWhereAttributes(repo({ birthright: [{ where: { departmnet: "Engineering" } }] }), PEOPLE);
    expect(typo).toMatchObject([{ severity: "error", message: expect.stringContaining(`did you mean "department"?`) }]);
    // "site" is one letter from "title" and "state" from "status": an attribute no one holds yet, not a typo.
    const short = unknownWhereAttributes(repo({ birthright: [{ where: { site: "Berlin", state: "BE" } }] }), PEOPLE);
    expect(short.map((f) => f.severity)).toEqual(["warning", "warning"]);
    expect(short[0]!.message).toContain(`(did you mean "title"?)`);
  });

  it("counts only identities of the selector's kinds, and own attributes only", () => {
    const bot: Identity = { ...person("deploy-bot", { userName: "deploy-bot", platform: "github" }), kind: "service-account" };
    const peopleOnly = unknownWhereAttributes(repo({ include: [{ kinds: ["person"], where: { platform: "github" } }] }), [...PEOPLE, bot]);
    expect(peopleOnly).toMatchObject([{ severity: "warning", message: `app policy crm's scope.include: no identity of kind person has the attribute "platform", so this condition matches nobody` }]);
    expect(unknownWhereAttributes(repo({ include: [{ kinds: ["service-account"], where: { platform: "github" } }] }), [...PEOPLE, bot])).toEqual([]);
    // A rule's require is read for the identities its match selects.
    const rule = unknownWhereAttributes(repo({ rule: [{ id: "bots-on-github", severity: "warning", message: "m", match: { kinds: ["service-account"] }, require: { where: { platform: "github" } } }] }), [...PEOPLE, bot]);
    expect(rule).toEqual([]);
    expect(unknownWhereAttributes(repo({ include: [{ where: { constructor: "x" } }] }), PEOPLE)).toMatchObject([{ severity: "warning" }]);
  });

  it("keys some identity has, and kind and status, are never findings", () => {
    const findings = unknownWhereAttributes(repo({ birthright: [{ where: { department: "Engineering", title: "AE", kind: "person", status: "active" } }], exclude: [{ where: { costCenter: "C9" } }] }), PEOPLE);
    expect(findings).toEqual([]);
  });
});

describe("validate", () => {
  it("a misspelt where: key is a problem at its key, before any plan; one like nothing known a warning", async () => {
    const dir = await scenarioForTest("where-attribute-typo");
    const r = await runCli(["validate", "--repo", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`identities/groups/engineering.yaml:7:14: group engineering's birthright: no identity of kind person has the attribute "Department", so this condition matches nobody; did you mean "department"? (attribute names are case-sensitive) (finding where-attribute-unknown)\n  fix: write department:`);
    writeFileSync(join(dir, "identities/groups/engineering.yaml"), "kind: Group\nid: engineering\nbirthright:\n  - where: { shoeSize: \"44\" }\n");
    const warned = await runCli(["validate", "--repo", dir]);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toMatch(/^identities\/groups\/engineering\.yaml:4:14: warning: group engineering.s birthright: no identity has the attribute "shoeSize"/m);
  });
});
