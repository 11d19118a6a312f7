// Each discovery source reads its public-shape fixture (built from the vendor's documented
// responses, see test/fixtures/sources/<type>/README.md) into the identities a person reviews:
// the golden is `scopesync identities` for the discovered NHIs, read line by line when written.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { DISCOVERY_SOURCES, discoveryRepo } from "../helpers/discovery-repo.js";

const FIXTURES = new URL("../fixtures/", import.meta.url).pathname;
const NOW = "2026-11-26T09:00:00Z";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/** The blocks of `identities` text that describe discovered NHIs. */
function discoveredBlocks(stdout: string): string {
  return `${stdout.split("\n\n").filter((block) => block.includes("\n  discovered by ")).join("\n\n")}\n`;
}

describe("discovery sources read their public-shape fixtures", () => {
  it.each(DISCOVERY_SOURCES.map(([type]) => type))("%s: golden identities", async (type) => {
    const repo = discoveryRepo(type);
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
