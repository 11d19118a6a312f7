// Each discovery source reads its public-shape fixture (built from the vendor's documented
// responses, see test/fixtures/sources/<type>/README.md) into the identities a person reviews:
// the golden is `scopesync identities` for the discovered NHIs, read line by line when written.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { copyFixture, runCli } from "../helpers/run-cli.js";

const FIXTURES = new URL("../fixtures/", import.meta.url).pathname;
const NOW = "2026-11-26T09:00:00Z";

const SOURCES: Array<[type: string, entry: string]> = [
  ["entra-apps", "path: exports/entra-apps/applications.json\n    options: { servicePrincipals: exports/entra-apps/servicePrincipals.json, signInActivity: exports/entra-apps/signInActivity.json, exportedAt: \"2026-11-26T06:00:00Z\" }"],
  ["aws-iam", "path: exports/aws-iam/credential-report.csv\n    options: { roles: exports/aws-iam/roles.json, exportedAt: \"2026-11-26T06:00:00Z\" }"],
  ["gcp-iam", "path: exports/gcp-iam/service-accounts.json\n    options: { keys: exports/gcp-iam/keys.json, keyActivity: exports/gcp-iam/key-activity.json, exportedAt: \"2026-11-26T06:00:00Z\" }"],
  ["github", "path: exports/github/installations.json\n    options: { deployKeys: exports/github/deploy-keys, patGrants: exports/github/pat-grants.json, exportedAt: \"2026-11-26T06:00:00Z\" }"],
  ["kubernetes", "path: exports/kubernetes/serviceaccounts.json\n    options: { secrets: exports/kubernetes/secrets.json, exportedAt: \"2026-11-26T06:00:00Z\" }"],
];

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/** A policy repository with the scenario people as HR and one discovery source. */
export function discoveryRepo(type: string, entry: string): { dir: string; cleanup: () => void } {
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

/** The blocks of `identities` text that describe discovered NHIs. */
function discoveredBlocks(stdout: string): string {
  return `${stdout.split("\n\n").filter((block) => block.includes("\n  discovered by ")).join("\n\n")}\n`;
}

describe("discovery sources read their public-shape fixtures", () => {
  it.each(SOURCES)("%s: golden identities", async (type, entry) => {
    const repo = discoveryRepo(type, entry);
    cleanup = repo.cleanup;
    writeFileSync(join(repo.dir, "identities", "groups", "admins.yaml"), readFileSync(join(repo.dir, "identities", "groups", "admins.yaml"), "utf8").replace(/ada\.lovelace/g, "ada").replace(/alan\.turing/g, "alan"));
    const r = await runCli(["identities", "--repo", repo.dir, "--now", NOW]);
    expect(r.stderr).toBe("");
    const golden = join(FIXTURES, "sources", type, "identities.golden.txt");
    const actual = discoveredBlocks(r.stdout);
    if (process.env.UPDATE_GOLDEN || !existsSync(golden)) writeFileSync(golden, actual);
    expect(actual).toBe(readFileSync(golden, "utf8"));
  });
});
