// Identity ids written in YAML in decomposed Unicode (NFD: "é" as e + U+0301, what macOS gives for
// names read from the file system, Apple TN1150 https://developer.apple.com/library/archive/technotes/tn/tn1150.html)
// name the person the HR export spells precomposed (NFC). Canonically equivalent text is one text
// (UAX #15, https://www.unicode.org/reports/tr15/): before the fix such a name was "in no source",
// and an NHI it owned was quarantined (rv31 finding 1).
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { IDENTITY_ID_PATHS } from "../../src/config/identity-ids.js";
import { KIND_SCHEMAS } from "../../src/config/schemas.js";
import type { DocKind } from "../../src/model/documents.js";
import type { Plan } from "../../src/plan/plan.js";
import { BASE_STATE } from "../helpers/plan-with.js";
import { runCli } from "../helpers/run-cli.js";
import { SCENARIO_NOW, SCENARIOS } from "../helpers/scenario.js";

const NFC = "jos\u00e9.garc\u00eda";
const NFD = "jose\u0301.garci\u0301a";

/** The scenario base's HR export (a CSV with the columns it documents) with José García, in NFC as the export writes him. */
const HR = `${readFileSync(join(SCENARIOS, "_base", "hr.csv"), "utf8").trimEnd()}\nW5,${NFC},Jos\u00e9,Garc\u00eda,jose.garcia@corp.example,Active,Employee,Data Engineer,Engineering,W1,2024-03-01,\n`;

/** The base target state with José's account and the service account's, both active. */
const STATE = JSON.stringify({
  ...BASE_STATE,
  accounts: [
    ...BASE_STATE.accounts,
    { id: "a5", login: NFC, externalId: "hr:W5", active: true, attributes: { displayName: "Jos\u00e9 Garc\u00eda", title: "Data Engineer", department: "Engineering" }, entitlements: ["team:engineering"] },
    { id: "a6", login: "svc-reports", externalId: "nhi:svc-reports", active: true, attributes: { displayName: "Reports exporter" }, entitlements: [] },
  ],
});

const SERVICE_ACCOUNT = `kind: ServiceAccount\nid: svc-reports\ndisplayName: Reports exporter\nowner: ${NFD}\nenvironment: production\npurpose: Nightly report export.\n`;

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The scenario base with José in HR and the target, and the files given (path → content). */
function repoWith(files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), "scopesync-nfd-"));
  cpSync(join(SCENARIOS, "_base"), dir, { recursive: true });
  for (const [path, content] of Object.entries({ "hr.csv": HR, "state/app.json": STATE, ...files })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

async function plan(files: Record<string, string>): Promise<Plan> {
  const r = await runCli(["plan", "--repo", repoWith(files), "--format", "json", "--now", SCENARIO_NOW]);
  expect(r.code, r.stderr).not.toBe(1);
  return JSON.parse(r.stdout) as Plan;
}

const about = (p: Plan, identity: string) => p.changes.filter((c) => c.identity === identity).map((c) => `${c.action} ${c.entitlement ?? ""}`.trim());
const rules = (p: Plan) => p.findings.map((f) => f.rule);

describe("an identity id written in NFD names the person the sources export in NFC", () => {
  it("an NHI owned by an active person is not quarantined", async () => {
    const p = await plan({ "identities/service-accounts.yaml": SERVICE_ACCOUNT });
    expect(about(p, "svc-reports")).toEqual([]);
    expect(rules(p)).not.toContain("person-not-in-sources");
    expect(rules(p)).not.toContain("nhi-owner-active");
  });

  it("an explicit group membership grants what it grants", async () => {
    const group = readFileSync(join(SCENARIOS, "_base/identities/groups/platform-admins.yaml"), "utf8");
    const p = await plan({ "identities/groups/platform-admins.yaml": `${group}members:\n  - identity: ${NFD}\n    reason: on call for the data platform\n` });
    expect(about(p, NFC)).toEqual(["grant role:admin"]);
    expect(rules(p)).not.toContain("person-not-in-sources");
  });

  it("a Person overlay applies to the person", async () => {
    const p = await plan({ [`identities/people/${NFD}.yaml`]: `kind: Person\nid: ${NFD}\nattributes:\n  displayName: Pepe Garc\u00eda\n` });
    expect(about(p, NFC)).toEqual(["update-account"]);
    expect(rules(p)).not.toContain("overlay-without-person");
  });

  it("validate accepts owners, members, exceptions and approvers written in NFD", async () => {
    const rulesFile = `kind: RuleSet\nid: local\nexceptions:\n  - rule: nhi-reuse\n    identity: svc-reports\n    expiresAt: 2027-01-31\n    approver: ${NFD}\n    ticket: SEC-1\n`;
    const group = `kind: Group\nid: data\nowners: [${NFD}]\nmembers:\n  - identity: ${NFD}\n`;
    const r = await runCli(["validate", "--repo", repoWith({ "identities/service-accounts.yaml": SERVICE_ACCOUNT, "identities/groups/data.yaml": group, "policies/rules.yaml": rulesFile })]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("two spellings of one id are a duplicate, not two identities", async () => {
    const files = { [`identities/people/${NFC}.yaml`]: `kind: Person\nid: ${NFC}\n`, "identities/people/other.yaml": `kind: Person\nid: ${NFD}\n`, "identities/groups/data.yaml": `kind: Group\nid: data\nowners: [${NFC}, ${NFD}]\n` };
    const r = await runCli(["validate", "--repo", repoWith(files)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`identities/people/other.yaml:2:5: duplicate identity id "${NFC}" (first defined at identities/people/${NFC}.yaml:2)`);
    expect(r.stderr).toContain(`identities/groups/data.yaml:3:${"owners: [".length + 1 + NFC.length + ", ".length}: owner "${NFC}" is listed twice in group "data", in two spellings of one id (such as é and e + U+0301)`);
  });
});

describe("IDENTITY_ID_PATHS", () => {
  const SCHEMAS = new URL("../../schemas/", import.meta.url).pathname;
  const schema = (file: string) => JSON.parse(readFileSync(join(SCHEMAS, file), "utf8")) as Record<string, unknown>;

  /** Every path to an `identityId` in a schema, following $refs into its own and common definitions. */
  function identityIdPaths(file: string): string[] {
    const out: string[] = [];
    const walk = (node: unknown, at: string, path: string[], depth: number): void => {
      if (!node || typeof node !== "object" || depth > 12) return;
      const n = node as Record<string, unknown>;
      if (typeof n.$ref === "string") {
        const [refFile, pointer] = n.$ref.split("#");
        if (pointer === "/definitions/identityId") out.push(path.join("."));
        else walk(pointer!.split("/").slice(1).reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], schema(refFile || at)), refFile || at, path, depth + 1);
      }
      for (const k of ["allOf", "anyOf", "oneOf"]) for (const s of (n[k] as unknown[] | undefined) ?? []) walk(s, at, path, depth + 1);
      for (const [key, s] of Object.entries((n.properties as Record<string, unknown> | undefined) ?? {})) walk(s, at, [...path, key], depth + 1);
      if (n.items) walk(n.items, at, [...path, "*"], depth + 1);
    };
    walk(schema(file), file, [], 0);
    return [...new Set(out)].sort();
  }

  it("lists every identityId of the document schemas", () => {
    expect(readdirSync(SCHEMAS)).toContain("common.schema.json");
    for (const [kind, file] of Object.entries(KIND_SCHEMAS)) {
      expect(IDENTITY_ID_PATHS[kind as DocKind].map((p) => p.join(".")).sort(), kind).toEqual(identityIdPaths(file));
    }
    expect(identityIdPaths("person.schema.json")).toEqual(["id"]);
  });
});
