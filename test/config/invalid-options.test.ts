import { copyFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SOURCE_TYPES } from "../../src/model/source-types.js";
import { TARGET_TYPES } from "../../src/model/target-types.js";
import { copyFixture, FIXTURES, runCli } from "../helpers/run-cli.js";

// The corpus of option mistakes: one scopesync.yaml per source type (and one for the targets),
// each entry holding one mistake (unknown option, wrong type, bad enum, missing required key),
// dropped into a copy of the minimal repository. `validate` must report every one at its
// file:line:col, with a did-you-mean where a key or value is a near miss, and nothing else.
const CASES: Array<[fixture: string, expected: string[]]> = [
  ["csv.yaml", [
    "scopesync.yaml:9:7: unknown key \"colums\" in sources.unknown.options",
    "  fix: did you mean \"columns\"? valid keys: columns, statusValues, employmentTypeValues, delimiter, exportedAt",
    "scopesync.yaml:14:16: sources.wrongtype.options.columns must be a mapping, not a list",
    "  fix: write a mapping here",
    "scopesync.yaml:19:32: sources.badenum.options.statusValues.Retired is \"gone\"; expected one of: active, suspended, terminated",
    "  fix: use one of the listed values",
    "scopesync.yaml:24:18: unknown key \"costCentre\" in sources.unknownfield.options.columns",
    "  fix: valid keys: externalId, userName, givenName, familyName, displayName, email, status, employmentType, title, department, manager, hireDate, terminationDate, employeeId",
    "scopesync.yaml:26:5: missing required key \"path\" in sources.missing",
    "  fix: add the key",
    // "\t" unquoted in YAML is a backslash and a t, not a tab.
    "scopesync.yaml:32:18: sources.baddelimiter.options.delimiter is \"\\\\t\"; expected one of: \",\", \";\", \"\\t\", \"|\"",
    "  fix: write one of the listed values in double quotes, as shown (YAML reads \"\\t\" as a tab only in double quotes)",
  ]],
  ["aws-iam.yaml", [
    "scopesync.yaml:9:7: unknown key \"role\" in sources.unknown.options",
    "  fix: did you mean \"roles\"? valid keys: roles, ownerTag, undeclared, exportedAt",
    "scopesync.yaml:14:19: sources.wrongvalue.options.undeclared is \"delete\"; expected one of: report, quarantine",
    "  fix: use one of the listed values",
    "scopesync.yaml:16:5: missing required key \"path\" in sources.missing",
    "  fix: add the key",
  ]],
  ["entra-apps.yaml", [
    "scopesync.yaml:9:7: unknown key \"signinActivity\" in sources.unknown.options",
    "  fix: did you mean \"signInActivity\"? valid keys: servicePrincipals, signInActivity, undeclared, exportedAt",
    "scopesync.yaml:14:19: sources.wrongvalue.options.undeclared is \"delete\"; expected one of: report, quarantine",
    "  fix: use one of the listed values",
    "scopesync.yaml:16:5: missing required key \"path\" in sources.missing",
    "  fix: add the key",
  ]],
  ["gcp-iam.yaml", [
    "scopesync.yaml:9:7: unknown key \"key\" in sources.unknown.options",
    "  fix: did you mean \"keys\"? valid keys: keys, keyActivity, undeclared, exportedAt",
    "scopesync.yaml:14:19: sources.wrongvalue.options.undeclared is \"delete\"; expected one of: report, quarantine",
    "  fix: use one of the listed values",
    "scopesync.yaml:16:5: missing required key \"path\" in sources.missing",
    "  fix: add the key",
  ]],
  ["github.yaml", [
    "scopesync.yaml:9:7: unknown key \"deploykeys\" in sources.unknown.options",
    "  fix: did you mean \"deployKeys\"? valid keys: deployKeys, patGrants, undeclared, exportedAt",
    "scopesync.yaml:14:19: sources.wrongvalue.options.undeclared is \"delete\"; expected one of: report, quarantine",
    "  fix: use one of the listed values",
    "scopesync.yaml:16:5: missing required key \"path\" in sources.missing",
    "  fix: add the key",
  ]],
  ["kubernetes.yaml", [
    "scopesync.yaml:9:7: unknown key \"ownerannotation\" in sources.unknown.options",
    "  fix: did you mean \"ownerAnnotation\"? valid keys: secrets, ownerAnnotation, undeclared, exportedAt",
    "scopesync.yaml:14:19: sources.wrongvalue.options.undeclared is \"delete\"; expected one of: report, quarantine",
    "  fix: use one of the listed values",
    "scopesync.yaml:16:5: missing required key \"path\" in sources.missing",
    "  fix: add the key",
  ]],
  ["entra.yaml", [
    "scopesync.yaml:9:7: unknown key \"exportedat\" in sources.unknown.options",
    "  fix: did you mean \"exportedAt\"? valid keys: organization, serviceAccounts, disabledMeans, employmentTypeValues, exportedAt",
    "scopesync.yaml:14:19: sources.wrongtype.options.exportedAt must be a string, not a number",
    "  fix: write a string here",
    "scopesync.yaml:16:5: missing required key \"path\" in sources.missing",
    "  fix: add the key",
    "scopesync.yaml:21:22: sources.badenum.options.disabledMeans is \"left\"; expected one of: suspended, terminated",
    "  fix: use one of the listed values",
  ]],
  ["google.yaml", [
    "scopesync.yaml:9:7: unknown key \"username\" in sources.unknown.options",
    "  fix: did you mean \"userName\"? valid keys: userName, emails, groups, groupMembers, disabledMeans, exportedAt",
    "scopesync.yaml:14:19: sources.wrongtype.options.exportedAt must be a string, not true or false",
    "  fix: write a string here",
    "scopesync.yaml:19:17: sources.badenum.options.userName is \"mail\"; expected one of: auto, local, email",
    "  fix: did you mean \"email\"?",
    "scopesync.yaml:21:5: missing required key \"path\" in sources.missing",
    "  fix: add the key",
  ]],
  ["ldap.yaml", [
    "scopesync.yaml:12:7: unknown key \"pagesize\" in sources.unknown.options",
    "  fix: did you mean \"pageSize\"? valid keys: url, bindDN, password, people, groups, anchor, groupClasses, maxGroupDepth, pageSize, timeoutMs, tls, statusAttribute, disabledValues, disabledMeans, employmentTypeValues, now",
    "scopesync.yaml:20:18: sources.wrongtype.options.timeoutMs must be a whole number, not a string",
    "  fix: write a whole number here",
    "scopesync.yaml:27:63: sources.badenum.options.people.scope is \"subtree\"; expected one of: base, one, sub, children, subordinates",
    "  fix: use one of the listed values",
    "scopesync.yaml:31:7: missing required key \"bindDN\" in sources.missing.options",
    "  fix: add the key",
    "scopesync.yaml:33:15: missing required key \"baseDN\" in sources.missing.options.people",
    "  fix: add the key",
    "scopesync.yaml:37:12: sources.badurl.options.url is \"https://ldap.example.com\", which is not valid",
    "  fix: The server, as ldap://host[:port] or ldaps://host[:port].",
    "scopesync.yaml:41:7: sources.badurl.options has \"statusAttribute\" without \"disabledValues\"",
    "  fix: set both or neither",
    "scopesync.yaml:43:5: missing required key \"options\" in sources.nooptions",
    "  fix: add the key",
  ]],
  ["ldif.yaml", [
    "scopesync.yaml:9:7: unknown key \"anchr\" in sources.unknown.options",
    "  fix: did you mean \"anchor\"? valid keys: anchor, groupClasses, maxGroupDepth, statusAttribute, disabledValues, disabledMeans, employmentTypeValues, exportedAt",
    "scopesync.yaml:14:15: sources.wrongtype.options.anchor must be a string, not a list",
    "  fix: write a string here",
    "scopesync.yaml:16:5: missing required key \"path\" in sources.missing",
    "  fix: add the key",
  ]],
  ["okta.yaml", [
    "scopesync.yaml:9:7: unknown key \"serviceTypes\" in sources.unknown.options",
    "  fix: did you mean \"serviceUserTypes\"? valid keys: serviceUserTypes, employmentTypeValues, pages, customDomains, groups, groupMembers, exportedAt",
    "scopesync.yaml:14:25: sources.wrongtype.options.serviceUserTypes must be a list, not a string",
    "  fix: write a list here, in brackets: [service]",
    "scopesync.yaml:16:5: missing required key \"path\" in sources.missing",
    "  fix: add the key",
  ]],
  ["scim.yaml", [
    "scopesync.yaml:9:7: unknown key \"exportedat\" in sources.unknown.options",
    "  fix: did you mean \"exportedAt\"? valid keys: emails, employmentTypeValues, exportedAt",
    "scopesync.yaml:14:19: sources.wrongtype.options.exportedAt must be a string, not a number",
    "  fix: write a string here",
    "scopesync.yaml:16:5: missing required key \"path\" in sources.missing",
    "  fix: add the key",
  ]],
  ["targets.yaml", [
    "scopesync.yaml:12:16: unknown key \"mode\" in targets.file-unknown.options",
    "  fix: nothing may be set here; remove it",
    "scopesync.yaml:14:5: missing required key \"path\" in targets.file-missing",
    "  fix: add the key",
    "scopesync.yaml:19:16: unknown key \"minAdmin\" in targets.github-unknown.options",
    "  fix: did you mean \"minAdmins\"? valid keys: baseUrl, minAdmins, deployKeys, patGrants, timeoutMs, repositories, outsideCollaborators, emailInvitations, orgRoles, idpTeams, enterpriseManagedUsers, saml, machineAccounts",
    "scopesync.yaml:24:27: targets.github-wrongtype.options.patGrants must be true or false, not a string",
    "  fix: write false: YAML 1.2 reads no as text, not as false",
    "scopesync.yaml:24:45: targets.github-wrongtype.options.deployKeys has an unsupported value \"infra\"",
    "  fix: Deploy keys of which repositories to read: all the org's (`true`), none, or the listed ones.",
    "scopesync.yaml:26:5: missing required key \"org\" in targets.github-missing",
    "  fix: add the key",
    "scopesync.yaml:32:16: unknown key \"pagesize\" in targets.scim-unknown.options",
    "  fix: did you mean \"pageSize\"? valid keys: pageSize, timeoutMs, maxConcurrency, groupMembers, paging, deletes",
    "scopesync.yaml:37:27: targets.scim-wrongtype.options.timeoutMs must be a whole number, not a string",
    "  fix: write a whole number here",
    "scopesync.yaml:37:50: targets.scim-wrongtype.options.maxConcurrency must be <= 64",
    "  fix: Changes sent at once; lowers the apply's own limit.",
    "scopesync.yaml:39:5: missing required key \"url\" in targets.scim-missing",
    "  fix: add the key",
    "scopesync.yaml:42:11: targets.badenum.type is \"scimm\"; expected one of: aws-iam, entra-apps, file, github, scim",
    "  fix: did you mean \"scim\"?",
    "scopesync.yaml:45:24: targets.aws-iam-wrongtype.options.revoke is \"disable\"; expected one of: deactivate, delete, manual",
    "  fix: use one of the listed values",
    "scopesync.yaml:45:50: inline secret (value under \"secretAccessKey\"); its value is not shown",
    "  fix: store the secret outside the repository and reference it as \"${env:NAME}\" or \"vault:path#field\"; rotate it if it was ever committed, pushed or shared",
    "scopesync.yaml:49:14: missing required key \"clientId\" in targets.entra-apps-missing.options",
    "  fix: add the key",
    "scopesync.yaml:49:26: targets.entra-apps-missing.options.tenantId is \"contoso.onmicrosoft.com\", which is not valid",
    "  fix: Directory (tenant) id the applications live in, a GUID (the Overview page of Microsoft Entra ID shows it).",
  ]],
];

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe("validate on option mistakes of every source and target type", () => {
  it.each(CASES)("%s: every mistake at its file:line:col, exit 1", async (fixture, expected) => {
    const repo = copyFixture(join(FIXTURES, "minimal"));
    cleanup = repo.cleanup;
    copyFileSync(join(FIXTURES, "invalid-options", fixture), join(repo.dir, "scopesync.yaml"));
    const r = await runCli(["validate", "--repo", repo.dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const problems = expected.filter((l) => !l.startsWith("  ")).length;
    expect(r.stderr).toBe(`${expected.join("\n")}\n\n${problems} problem${problems === 1 ? "" : "s"} found; nothing was planned.\n`);
  });

  it("covers every source type and every target type", () => {
    const files = readdirSync(join(FIXTURES, "invalid-options")).sort();
    expect(files).toEqual([...CASES.map(([f]) => f)].sort());
    const mentioned = CASES.flatMap(([, lines]) => lines).join("\n");
    for (const type of SOURCE_TYPES) expect(files, `a fixture for source type ${type}`).toContain(`${type}.yaml`);
    for (const type of TARGET_TYPES) expect(mentioned, `a mistake of target type ${type}`).toMatch(new RegExp(`targets\\.${type}-`));
  });
});
