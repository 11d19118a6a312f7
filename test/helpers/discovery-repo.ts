// A policy repository with the scenario people as HR and one discovery source reading its
// public-shape fixture (test/fixtures/sources/<type>): shared by the discovery golden and the tests
// of what outputs say about discovered credentials.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { copyFixture, FIXTURES } from "./run-cli.js";

/** Each discovery type and its scopesync.yaml source entry (path and options) for its fixture. */
export const DISCOVERY_SOURCES: Array<[type: string, entry: string]> = [
  ["entra-apps", "path: exports/entra-apps/applications.json\n    options: { servicePrincipals: exports/entra-apps/servicePrincipals.json, signInActivity: exports/entra-apps/signInActivity.json, exportedAt: \"2026-11-26T06:00:00Z\" }"],
  ["aws-iam", "path: exports/aws-iam/credential-report.csv\n    options: { roles: exports/aws-iam/roles.json, exportedAt: \"2026-11-26T06:00:00Z\" }"],
  ["gcp-iam", "path: exports/gcp-iam/service-accounts.json\n    options: { keys: exports/gcp-iam/keys.json, keyActivity: exports/gcp-iam/key-activity.json, exportedAt: \"2026-11-26T06:00:00Z\" }"],
  ["github", "path: exports/github/installations.json\n    options: { deployKeys: exports/github/deploy-keys, patGrants: exports/github/pat-grants.json, exportedAt: \"2026-11-26T06:00:00Z\" }"],
  ["kubernetes", "path: exports/kubernetes/serviceaccounts.json\n    options: { secrets: exports/kubernetes/secrets.json, exportedAt: \"2026-11-26T06:00:00Z\" }"],
];

export function discoveryRepo(type: string): { dir: string; cleanup: () => void } {
  const entry = DISCOVERY_SOURCES.find(([t]) => t === type)![1];
  const repo = copyFixture(join(FIXTURES, "minimal"));
  mkdirSync(join(repo.dir, "exports"), { recursive: true });
  cpSync(join(FIXTURES, "sources", type), join(repo.dir, "exports", type), { recursive: true });
  cpSync(new URL("../scenarios/_base/hr.csv", import.meta.url).pathname, join(repo.dir, "exports", "hr.csv"));
  const config = readFileSync(join(repo.dir, "scopesync.yaml"), "utf8").replace("sources:\n", `sources:\n  ${type}:\n    type: ${type}\n    ${entry}\n`);
  writeFileSync(join(repo.dir, "scopesync.yaml"), config);
  // The minimal fixture's NHI is owned by a person of its own HR export, which the scenario people replace.
  writeFileSync(join(repo.dir, "identities", "service-accounts", "svc-bot.yaml"), readFileSync(join(repo.dir, "identities", "service-accounts", "svc-bot.yaml"), "utf8").replace("ada.lovelace", "ada"));
  return repo;
}
