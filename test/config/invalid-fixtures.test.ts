import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { copyFixture, FIXTURES, runCli } from "../helpers/run-cli.js";

// One broken file per failure mode, dropped into a copy of the minimal valid repository.
// Each case states the exact diagnostic a person sees: file, line, column, message, fix.
const CASES: Array<[fixture: string, expected: string[]]> = [
  ["yaml-syntax.yaml", [
    "identities/yaml-syntax.yaml:4:3: YAML syntax error: Block collections are not allowed within flow collections",
    "identities/yaml-syntax.yaml:5:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]",
  ]],
  ["unknown-key.yaml", ['identities/unknown-key.yaml:3:1: unknown key "memebers" in the document', '  fix: did you mean "members"? valid keys: kind, id, description, privileged, allowPrivilegedBirthright, environment, owners, members, birthright']],
  ["wrong-type.yaml", ["identities/wrong-type.yaml:3:13: privileged must be true or false, not a string"]],
  ["bad-date.yaml", ['identities/bad-date.yaml:5:12: members[0].until is "2026-02-30", which is not a valid date']],
  ["bad-duration.yaml", ['identities/bad-duration.yaml:8:20: deleteGracePeriod is "30 days", which is not valid', "  fix: Duration such as 30d, 12h, 2w, or ISO 8601 P30D / PT12H (no years or months: their length varies)."]],
  // YAML reads a bare 0 as a number: the fix says to quote it, and what a duration is when quoting would not do.
  ["unquoted-zero-duration.yaml", ["identities/unquoted-zero-duration.yaml:8:20: deleteGracePeriod must be a string, not a number", '  fix: write it in quotes, as "0": without them YAML reads 0 as a number']],
  ["number-duration.yaml", ["identities/number-duration.yaml:8:20: deleteGracePeriod must be a string, not a number", "  fix: write a string here: Duration such as 30d, 12h, 2w, or ISO 8601 P30D / PT12H (no years or months: their length varies)."]],
  ["duplicate-id.yaml", ['identities/groups/admins.yaml:2:5: duplicate group id "admins" (first defined at identities/duplicate-id.yaml:2)']],
  ["undefined-group.yaml", ['identities/undefined-group.yaml:8:12: group "admnis" is not defined', '  fix: did you mean "admins"? (groups are defined under identities/)']],
  ["undefined-target.yaml", ['identities/undefined-target.yaml:3:9: target "gitlab" is not defined']],
  ["undefined-owner.yaml", ['identities/undefined-owner.yaml:3:8: identity "ada.lovelaec" is not defined', '  fix: did you mean "ada.lovelace"? (identities are people from the sources (by login) or files under identities/)']],
  ["owner-not-a-person.yaml", ['identities/owner-not-a-person.yaml:3:8: owner "svc-bot" is a non-human identity; owners must be people']],
  ["duplicate-key.yaml", ["identities/duplicate-key.yaml:4:1: duplicate key: a key may appear once in a mapping"]],
  ["alias-bomb.yaml", ["identities/alias-bomb.yaml:1:1: too many alias expansions (over 100)"]],
  ["proto-key.yaml", ['identities/proto-key.yaml:3:1: key "__proto__" is not allowed']],
  ["non-utf8.yaml", ["identities/non-utf8.yaml:3:18: invalid UTF-8 byte 0xe9", "  fix: save the file as UTF-8"]],
  ["unknown-kind.yaml", ['identities/unknown-kind.yaml:1:7: unknown kind "Team"', "  fix: valid kinds: Agent, AppPolicy, Group, Links, Person, RuleSet, ServiceAccount"]],
  ["inline-secret.yaml", ["identities/inline-secret.yaml:8:16: inline secret (GitHub token); its value is not shown"]],
  ["config-inline-secret.yaml", ['scopesync.yaml:11:12: inline secret (value under "token"); its value is not shown']],
  ["unknown-rule-exception.yaml", [
    'identities/unknown-rule-exception.yaml:5:3: built-in rule "credential-max-ago" is not defined',
    '  fix: did you mean "credential-max-age"? (docs/rules.md lists the built-in rules)',
    'identities/unknown-rule-exception.yaml:7:11: rule "credential-max-agee" is not defined',
  ]],
  // A custom rule under an id a finding of scopesync's own has: its findings would pass for that finding's.
  ["reserved-rule-id.yaml", [
    'identities/reserved-rule-id.yaml:4:9: custom rule "sarif-results-omitted" has the id scopesync\'s SARIF gives the record of the findings a file cut to code scanning\'s limits leaves out',
    '  fix: give the custom rule its own id; reserved: the built-in rules, secret-in-repo, the findings the planner emits (docs/rules.md has a section for each), every id beginning with "source-gate-", and sarif-results-omitted',
    'identities/reserved-rule-id.yaml:7:9: custom rule "unmanaged-account" has the id of a finding the planner emits',
    'identities/reserved-rule-id.yaml:10:9: custom rule "source-gate-custom" begins with "source-gate-"',
    'identities/reserved-rule-id.yaml:13:9: custom rule "credential-max-age" has the id of a built-in rule',
    '  fix: give the custom rule its own id, or configure the built-in one under `builtins:`; reserved:',
  ]],
  ["bad-rule-setting.yaml", [
    'identities/bad-rule-setting.yaml:4:33: credential-max-age.maxAge must be a duration such as 90d, not "3 months"',
    'identities/bad-rule-setting.yaml:5:33: rule "credential-expiry-required" has no setting "maxAge"',
    'identities/bad-rule-setting.yaml:6:3: "secret-in-repo" is enforced while the repository loads and cannot be configured',
  ]],
  // A credential that cannot expire has no expiresAt, and is of the type its kind always is.
  ["cannot-expire-contradiction.yaml", [
    'identities/cannot-expire-contradiction.yaml:8:16: credential "deploy-key-7" has an expiresAt, but cannotExpire: github-deploy-key says GitHub cannot give a deploy key an expiry',
    "  fix: remove cannotExpire if the credential was issued with an expiry, else remove expiresAt",
    'identities/cannot-expire-contradiction.yaml:11:11: credential "access-key-1" is of type token, but cannotExpire: aws-access-key is of type api-key',
    "  fix: set type: api-key, or the cannotExpire of this kind of credential",
  ]],
  ["cannot-expire-unknown.yaml", ['identities/cannot-expire-unknown.yaml:8:19: credentials[0].cannotExpire is "gcp-key"; expected one of: aws-access-key, github-deploy-key, kubernetes-token-secret', "  fix: use one of the listed values"]],
  // An empty file is not read: said, never skipped in silence (one of comments alone is a choice, see below).
  ["empty-file.yaml", ["identities/empty-file.yaml:1:1: the file is empty: nothing in it is read", "  fix: write its document (kind: Agent, AppPolicy, Group, Links, Person, RuleSet, ServiceAccount), or delete the file"]],
  ["config-unknown-type.yaml", ['scopesync.yaml:5:11: sources.hr.type is "workday"; expected one of: aws-iam, csv, entra, entra-apps, gcp-iam, github, google, kubernetes, ldap, ldif, okta, scim']],
];

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function validateWith(fixture: string) {
  const repo = copyFixture(join(FIXTURES, "minimal"));
  cleanup = repo.cleanup;
  const dest = fixture.startsWith("config-") ? "scopesync.yaml" : join("identities", fixture);
  copyFileSync(join(FIXTURES, "invalid", fixture), join(repo.dir, dest));
  return runCli(["validate", "--repo", repo.dir]);
}

describe("validate on invalid input", () => {
  it("accepts the minimal repository the fixtures are dropped into", async () => {
    const { dir, cleanup: done } = copyFixture(join(FIXTURES, "minimal"));
    cleanup = done;
    const r = await runCli(["validate", "--repo", dir]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it.each(CASES)("%s: exit 1 with file:line:col and no stack trace", async (fixture, expected) => {
    const r = await validateWith(fixture);
    expect(r.code).toBe(1);
    const lines = r.stderr.split("\n");
    for (const line of expected) expect(lines.some((l) => l.startsWith(line))).toBe(true);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack frames
    expect(r.stdout).toBe("");
  });

  it("never prints an inline secret's value", async () => {
    for (const [fixture, secret] of [["inline-secret.yaml", "ghp_R8x2Lq7Vn4Pz9Kt3Wm6Yb1Hc5Jd0Fs2Ga4Ne"], ["config-inline-secret.yaml", "s3cr3t-Pa55w0rd-for-the-org"]] as const) {
      const r = await validateWith(fixture);
      expect(r.code).toBe(1);
      expect(r.stderr + r.stdout).not.toContain(secret);
      expect(r.stderr + r.stdout).not.toContain(secret.slice(4, 16));
      cleanup?.();
      cleanup = undefined;
    }
  });

  it("refuses a file over the size limit without parsing it", async () => {
    const repo = copyFixture(join(FIXTURES, "minimal"));
    cleanup = repo.cleanup;
    writeFileSync(join(repo.dir, "identities", "huge.yaml"), `kind: Group\nid: huge\ndescription: "${"x".repeat(1024 * 1024)}"\n`);
    const r = await runCli(["validate", "--repo", repo.dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("identities/huge.yaml:1:1: file is 1048613 bytes; the limit is 1048576 bytes (1 MiB)");
  });

  it("reports every problem in one run, sorted by file and line", async () => {
    const repo = copyFixture(join(FIXTURES, "minimal"));
    cleanup = repo.cleanup;
    for (const f of ["wrong-type.yaml", "bad-date.yaml", "proto-key.yaml"]) {
      copyFileSync(join(FIXTURES, "invalid", f), join(repo.dir, "identities", f));
    }
    const r = await runCli(["validate", "--repo", repo.dir]);
    const heads = r.stderr.split("\n").filter((l) => /^identities\//.test(l)).map((l) => l.split(": ")[0]);
    expect(heads).toEqual(["identities/bad-date.yaml:5:12", "identities/proto-key.yaml:3:1", "identities/wrong-type.yaml:3:13"]);
    expect(r.stderr).toContain("3 problems found");
  });

  it("one schema error in a group is one problem: the policies that name the group do not also say it is not defined", async () => {
    const repo = copyFixture(join(FIXTURES, "minimal"));
    cleanup = repo.cleanup;
    const group = join(repo.dir, "identities", "groups", "admins.yaml");
    writeFileSync(group, readFileSync(group, "utf8").replace("privileged: true", 'privileged: "yes"'));
    const r = await runCli(["validate", "--repo", repo.dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('identities/groups/admins.yaml:3:13: privileged must be true or false, not a string');
    expect(r.stderr).not.toContain("is not defined");
    expect(r.stderr).toContain("1 problem found");
  });

  it("says where scopesync.yaml is missing", async () => {
    const r = await runCli(["validate", "--repo", FIXTURES]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("scopesync.yaml:1:1: scopesync.yaml not found");
  });
});
