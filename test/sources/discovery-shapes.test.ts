// The shapes the clouds really export, read as the vendors document them (fixtures under
// test/fixtures/sources, see DISCOVERY-README.md):
// - names one source shares between two NHIs: an IAM user and an IAM role may have one name (IAM
//   keeps users and roles apart), a GCP account id is unique only within its project. Each gets an
//   id of its own, readable, the same every run, and the plan is not blocked by the source's
//   uniqueness gate (rv27 finding 4);
// - AWS role owners: `list-roles` returns no Tags (ListRoles "does not return ... RoleLastUsed,
//   Tags"); get-account-authorization-details and get-role do (rv27 finding 5);
// - GCP keys: Google rotates SYSTEM_MANAGED keys, so they get no expiry findings (finding 6), and
//   a key entry holding privateKeyData (a keys.create response) is refused (finding 9).
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/model/finding.js";
import type { SourceRecord } from "../../src/model/source-record.js";
import { awsIamSource } from "../../src/sources/aws-iam/index.js";
import { uniqueNameList } from "../../src/sources/common/discovery/ids.js";
import { gcpIamSource } from "../../src/sources/gcp-iam/index.js";
import { checkGates } from "../../src/sources/quality-gates.js";
import type { SourceContext } from "../../src/sources/source.js";
import { planWith } from "../helpers/plan-with.js";
import { SCENARIOS } from "../helpers/scenario.js";
import { FIXTURES, readError, sourceContext } from "./helpers.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const at = { exportedAt: "2026-11-26T06:00:00Z" };
const tempDir = tempDirs();
const NOW = Date.parse("2026-11-26T09:00:00Z");

/** The source's uniqueness gate on the records: what blocked every plan. */
function uniquenessFindings(source: string, records: SourceRecord[]): Finding[] {
  return checkGates({ source, records, gates: {}, now: NOW, configAt: "scopesync.yaml", absencesMakeLeavers: false }).filter((f) => f.rule === "source-gate-unique");
}

function names(records: SourceRecord[]): Record<string, string> {
  return Object.fromEntries(records.map((r) => [r.externalId, r.userName]));
}

/** A context that keeps what the read warns about. */
function warningContext(context: SourceContext): { context: SourceContext; warnings: Finding[] } {
  const warnings: Finding[] = [];
  return { context: { ...context, warn: (f) => warnings.push(f) }, warnings };
}

describe("aws-iam: an IAM user and an IAM role with one name", () => {
  it("the user keeps the name, the role is <name>-role, and the source passes its uniqueness gate", async () => {
    const records = await awsIamSource.read(sourceContext("aws", "aws-iam", "aws-iam/same-name/credential-report.csv", { ...at, roles: "aws-iam/same-name/list-roles.json" }));
    expect(names(records)).toEqual({ "<root_account>": "aws-root-account", "etl-runner": "etl-runner", "role/etl-runner": "etl-runner-role" });
    expect(uniquenessFindings("aws", records)).toEqual([]);
  });

  it("the user's id is the one it had before the roles were exported: a role appearing renames no user", async () => {
    const alone = await awsIamSource.read(sourceContext("aws", "aws-iam", "aws-iam/same-name/credential-report.csv", at));
    const withRoles = await awsIamSource.read(sourceContext("aws", "aws-iam", "aws-iam/same-name/credential-report.csv", { ...at, roles: "aws-iam/same-name/list-roles.json" }));
    expect(alone.find((r) => r.externalId === "etl-runner")!.userName).toBe("etl-runner");
    expect(withRoles.find((r) => r.externalId === "etl-runner")!.userName).toBe("etl-runner");
  });

  it("where '-role' is itself taken (a user etl-runner-role, a second role etl+runner), a short hash of the role's ARN path tells them apart", async () => {
    const records = await awsIamSource.read(sourceContext("aws", "aws-iam", "aws-iam/same-name/crowded-report.csv", { ...at, roles: "aws-iam/same-name/crowded-list-roles.json" }));
    const byId = names(records);
    expect(byId["etl-runner"]).toBe("etl-runner");
    expect(byId["etl-runner-role"]).toBe("etl-runner-role");
    expect(byId["role/etl-runner"]).toMatch(/^etl-runner-[0-9a-f]{8}$/);
    expect(byId["role/etl+runner"]).toMatch(/^etl-runner-[0-9a-f]{8}$/);
    expect(new Set(Object.values(byId)).size).toBe(records.length);
    expect(uniquenessFindings("aws", records)).toEqual([]);
    // The same export, read again, names them the same.
    const again = await awsIamSource.read(sourceContext("aws", "aws-iam", "aws-iam/same-name/crowded-report.csv", { ...at, roles: "aws-iam/same-name/crowded-list-roles.json" }));
    expect(names(again)).toEqual(byId);
  });

  it("the plan is made, not blocked by source-gate-unique", async () => {
    const base = readFileSync(join(SCENARIOS, "_base", "scopesync.yaml"), "utf8");
    const config = base.replace("targets:\n", '  aws:\n    type: aws-iam\n    path: aws/credential-report.csv\n    options: { roles: aws/roles.json, exportedAt: "2026-11-26T06:00:00Z" }\ntargets:\n');
    const { plan, code } = await planWith({
      "scopesync.yaml": config,
      "aws/credential-report.csv": readFileSync(join(FIXTURES, "aws-iam/same-name/credential-report.csv"), "utf8"),
      "aws/roles.json": readFileSync(join(FIXTURES, "aws-iam/same-name/list-roles.json"), "utf8"),
    });
    expect(plan.findings.filter((f) => f.rule.startsWith("source-gate") || f.rule === "identity-id-collision")).toEqual([]);
    expect(code).toBe(0);
    expect(plan.findings.filter((f) => f.rule === "nhi-undeclared").map((f) => f.identity).sort()).toEqual(["etl-runner", "etl-runner-role"]);
  });
});

describe("gcp-iam: accounts of one name in two projects", () => {
  it("are <name>-<project>, and the source passes its uniqueness gate", async () => {
    const records = await gcpIamSource.read(sourceContext("gcp", "gcp-iam", "gcp-iam/two-projects", at));
    expect(names(records)).toEqual({
      "terraform@corp-prod-1234.iam.gserviceaccount.com": "terraform-corp-prod-1234",
      "terraform@corp-stage-5678.iam.gserviceaccount.com": "terraform-corp-stage-5678",
    });
    expect(uniquenessFindings("gcp", records)).toEqual([]);
  });

  it("an account alone keeps its plain name", async () => {
    const records = await gcpIamSource.read(sourceContext("gcp", "gcp-iam", "gcp-iam/two-projects/corp-prod-1234.json", at));
    expect(names(records)).toEqual({ "terraform@corp-prod-1234.iam.gserviceaccount.com": "terraform" });
  });
});

describe("uniqueNameList", () => {
  const slug = (item: { slug: string; id: string }) => item.slug;
  const id = (item: { slug: string; id: string }) => item.id;

  it("names do not depend on the order of the records", () => {
    const items = [
      { slug: "build", id: "x/build" },
      { slug: "build", id: "y/build" },
      { slug: "build-x", id: "z/build-x" },
      { slug: "deploy", id: "d" },
    ];
    const parts = { qualifierOf: (item: { id: string }) => item.id.split("/")[0]! };
    const forward = uniqueNameList(items, slug, id, parts);
    const backward = uniqueNameList([...items].reverse(), slug, id, parts).reverse();
    expect(forward).toEqual(backward);
    // "build-x" is a record's own name, so the first "build" is hashed, not given it.
    expect(forward[0]).toMatch(/^build-[0-9a-f]{8}$/);
    expect(forward.slice(1)).toEqual(["build-y", "build-x", "deploy"]);
  });

  it("ids that begin with the same characters (the default qualifier) fall back to a hash, one per id", () => {
    const items = [
      { slug: "terraform", id: "terraform@proj-a.iam.gserviceaccount.com" },
      { slug: "terraform", id: "terraform@proj-b.iam.gserviceaccount.com" },
    ];
    const [a, b] = uniqueNameList(items, slug, id);
    expect(a).toMatch(/^terraform-[0-9a-f]{8}$/);
    expect(b).toMatch(/^terraform-[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
  });

  it("a GUID-like id keeps the qualifier it always had (Entra applications of one name)", () => {
    const items = [
      { slug: "ci", id: "00af5dfb-85da-4b41-a677-0c6b86dd34f8" },
      { slug: "ci", id: "7c1e0a52-1111-4b41-a677-0c6b86dd34f8" },
    ];
    expect(uniqueNameList(items, slug, id)).toEqual(["ci-00af5dfb", "ci-7c1e0a52"]);
  });
});

describe("aws-iam: role owners come from an export that has the tags", () => {
  it("get-account-authorization-details: owner from Tags, last use from RoleLastUsed, no warning", async () => {
    const { context, warnings } = warningContext(sourceContext("aws", "aws-iam", "aws-iam/credential-report.csv", { ...at, roles: "aws-iam/roles.json" }));
    const records = await awsIamSource.read(context);
    const role = records.find((r) => r.externalId === "role/github-actions-deploy")!;
    expect(role.owners).toEqual(["alan@corp.example"]);
    expect(role.attributes?.["lastSignInAt"]).toBe("2026-11-24T18:03:00.000Z");
    expect(warnings).toEqual([]);
  });

  it("get-role outputs, one file per role: owner and last use", async () => {
    const { context, warnings } = warningContext(sourceContext("aws", "aws-iam", "aws-iam/same-name/credential-report.csv", { ...at, roles: "aws-iam/same-name/roles" }));
    const role = (await awsIamSource.read(context)).find((r) => r.externalId === "role/etl-runner")!;
    expect(role.owners).toEqual(["grace@corp.example"]);
    expect(role.attributes?.["lastSignInAt"]).toBe("2026-11-25T03:10:00.000Z");
    expect(role.position).toBe("aws-iam/same-name/roles/etl-runner.json role");
    expect(warnings).toEqual([]);
  });

  it("list-roles, which AWS returns without Tags: the roles are read, and a warning says their owners cannot be", async () => {
    const { context, warnings } = warningContext(sourceContext("aws", "aws-iam", "aws-iam/credential-report.csv", { ...at, roles: "aws-iam/list-roles.json" }));
    const records = await awsIamSource.read(context);
    expect(records.find((r) => r.externalId === "role/github-actions-deploy")!.owners).toEqual([]);
    // The service-linked role is the platform's: it is not counted.
    expect(warnings).toEqual([
      {
        rule: "source-roles-without-tags",
        severity: "warning",
        message: 'source "aws": aws-iam/list-roles.json is `aws iam list-roles` output, which returns no Tags and no RoleLastUsed: the owner (tag "owner") and last use of 1 role(s) cannot be read, so none of them is checked for an owner who left',
        remediation: "Export the roles with `aws iam get-account-authorization-details --filter Role --output json` (or `aws iam get-role` for each role) and set sources.aws.options.roles to it; or declare each role's owner in its file in identities/.",
      },
    ]);
  });

  it("the warning reaches the plan", async () => {
    const base = readFileSync(join(SCENARIOS, "_base", "scopesync.yaml"), "utf8");
    const config = base.replace("targets:\n", '  aws:\n    type: aws-iam\n    path: aws/credential-report.csv\n    options: { roles: aws/roles.json, exportedAt: "2026-11-26T06:00:00Z" }\ntargets:\n');
    const { plan } = await planWith({
      "scopesync.yaml": config,
      "aws/credential-report.csv": readFileSync(join(FIXTURES, "aws-iam/same-name/credential-report.csv"), "utf8"),
      "aws/roles.json": readFileSync(join(FIXTURES, "aws-iam/list-roles.json"), "utf8"),
    });
    expect(plan.findings.filter((f) => f.rule === "source-roles-without-tags").map((f) => f.message)).toEqual([
      'source "aws": aws/roles.json is `aws iam list-roles` output, which returns no Tags and no RoleLastUsed: the owner (tag "owner") and last use of 1 role(s) cannot be read, so none of them is checked for an owner who left',
    ]);
  });

  it("a file of none of the three shapes names them all", async () => {
    const e = await readError(awsIamSource, sourceContext("aws", "aws-iam", "aws-iam/credential-report.csv", { ...at, roles: "gcp-iam/keys.json" }));
    expect(e.message).toBe('source "aws": gcp-iam/keys.json: expected `aws iam get-account-authorization-details` output with a "RoleDetailList", `aws iam get-role` output with a "Role", or `aws iam list-roles` output with a "Roles" list');
  });
});

// f191 (rv104 L2): gcloud policy-intelligence query-activity stops at --limit, 1000 by default,
// and its output does not say it stopped: the keys past it had no last use, without a word.
describe("gcp-iam: a key activity export of exactly gcloud's default --limit", () => {
  /** The fixture's accounts and keys, and a key activity file of `count` activities (the fixture's first, then others of the project). */
  function activityExport(count: number): SourceContext {
    const dir = tempDir("scopesync-gcp-activity-");
    cpSync(join(FIXTURES, "gcp-iam"), join(dir, "gcp-iam"), { recursive: true });
    const [first] = JSON.parse(readFileSync(join(FIXTURES, "gcp-iam", "key-activity.json"), "utf8")) as object[];
    const other = (n: number) => ({ activity: { lastAuthenticatedTime: "2026-11-20T00:00:00Z", serviceAccountKey: { fullResourceName: `//iam.googleapis.com/projects/corp-prod-1234/serviceAccounts/ci-${n}@corp-prod-1234.iam.gserviceaccount.com/keys/${String(n).padStart(32, "0")}` } }, activityType: "serviceAccountKeyLastAuthentication" });
    writeFileSync(join(dir, "gcp-iam", "activity.json"), JSON.stringify([first, ...Array.from({ length: count - 1 }, (_, i) => other(i))]));
    return { ...sourceContext("gcp", "gcp-iam", "gcp-iam/service-accounts.json", { ...at, keys: "gcp-iam/keys.json", keyActivity: "gcp-iam/activity.json" }), repoDir: dir };
  }
  const terraformKey = (records: SourceRecord[]) => records.find((r) => r.externalId.startsWith("terraform@"))!.credentials!.find((c) => c.id.endsWith("/keys/1f2e3d4c5b6a79880716253443526170"))!;

  it("warns, naming the file and the count, that the last use of keys past it is unknown and how to export every activity", async () => {
    const { context, warnings } = warningContext(activityExport(1000));
    const records = await gcpIamSource.read(context);
    expect(terraformKey(records).lastUsedAt).toBe("2026-11-24T00:00:00.000Z");
    expect(warnings.map((w) => [w.rule, w.severity, w.location, w.message])).toEqual([[
      "source-activity-at-limit", "warning", "gcp-iam/activity.json",
      "source \"gcp\": gcp-iam/activity.json holds exactly 1000 activities, gcloud query-activity's default --limit: it is most likely cut there, and the last use of every key past it is unknown (use not recorded, so credential-unused cannot judge those keys)",
    ]]);
    expect(warnings[0]!.remediation).toContain("--limit=unlimited");
  });

  it("one fewer is no warning", async () => {
    const { context, warnings } = warningContext(activityExport(999));
    await gcpIamSource.read(context);
    expect(warnings).toEqual([]);
  });
});

describe("gcp-iam: keys", () => {
  it("a key entry with privateKeyData (a keys.create response) is refused, naming the entry, without echoing the key", async () => {
    const e = await readError(gcpIamSource, sourceContext("gcp", "gcp-iam", "gcp-iam/service-accounts.json", { ...at, keys: "gcp-iam/bad/keys-with-private-key.json" }));
    expect(e.message).toBe("source \"gcp\": gcp-iam/bad/keys-with-private-key.json entry 1: privateKeyData holds the key's private key (a keys create response)");
    expect(e.hint).toContain("delete this file: it holds a live secret");
    expect(`${e.message}${e.hint}`).not.toContain("ZXhhbXBsZS1ub3QtYS1yZWFsLWtleQ");
  });

  it("a keys directory of one file per account: an account's `[]` file, named after it, says it has no keys", async () => {
    const records = await gcpIamSource.read(sourceContext("gcp", "gcp-iam", "gcp-iam/service-accounts.json", { ...at, keys: "gcp-iam/keys-by-account" }));
    const keys = Object.fromEntries(records.map((r) => [r.externalId, (r.credentials ?? []).length]));
    expect(keys).toEqual({ "terraform@corp-prod-1234.iam.gserviceaccount.com": 2, "exporter@corp-prod-1234.iam.gserviceaccount.com": 1, "123456789012-compute@developer.gserviceaccount.com": 0 });
  });

  it("SYSTEM_MANAGED keys, which Google rotates, get no credential-expired or credential-expiry-too-far; a user-managed key still does", async () => {
    const base = readFileSync(join(SCENARIOS, "_base", "scopesync.yaml"), "utf8");
    const config = base.replace("targets:\n", '  gcp:\n    type: gcp-iam\n    path: gcp/accounts.json\n    options: { keys: gcp/keys.json, exportedAt: "2026-11-26T06:00:00Z" }\ntargets:\n');
    const keys = "projects/corp-prod-1234/serviceAccounts/terraform@corp-prod-1234.iam.gserviceaccount.com/keys";
    const key = (id: string, type: string, after: string, before: string) => ({ keyAlgorithm: "KEY_ALG_RSA_2048", keyOrigin: "GOOGLE_PROVIDED", keyType: type, name: `${keys}/${id}`, validAfterTime: after, validBeforeTime: before });
    const { plan } = await planWith({
      "scopesync.yaml": config,
      "gcp/accounts.json": readFileSync(join(FIXTURES, "gcp-iam/two-projects/corp-prod-1234.json"), "utf8"),
      "gcp/keys.json": JSON.stringify([
        // Valid at export time, past its validBeforeTime at the plan: Google's rotation.
        key("0a1b2c3d4e5f60718293a4b5c6d7e8f9", "SYSTEM_MANAGED", "2026-11-12T07:00:00Z", "2026-11-26T07:00:00Z"),
        key("1a1b2c3d4e5f60718293a4b5c6d7e8f9", "SYSTEM_MANAGED", "2026-11-20T10:00:00Z", "2028-11-20T10:00:00Z"),
        key("2a1b2c3d4e5f60718293a4b5c6d7e8f9", "USER_MANAGED", "2026-11-01T10:00:00Z", "2026-11-26T07:00:00Z"),
        key("3a1b2c3d4e5f60718293a4b5c6d7e8f9", "USER_MANAGED", "2026-11-20T10:00:00Z", "2028-11-20T10:00:00Z"),
      ]),
    });
    const expiry = plan.findings.filter((f) => f.rule === "credential-expired" || f.rule === "credential-expiry-too-far").map((f) => `${f.rule} ${f.message.split(" ")[1]!.split("/").pop()}`);
    expect(expiry.sort()).toEqual(["credential-expired 2a1b2c3d4e5f60718293a4b5c6d7e8f9", "credential-expiry-too-far 3a1b2c3d4e5f60718293a4b5c6d7e8f9"]);
  });
});
