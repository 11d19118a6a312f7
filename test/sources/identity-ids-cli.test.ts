// An Entra guest (#EXT# UPN) named in a group file and on the command line, end to end: the ids
// the sources produce are the ids YAML and `explain` accept.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { SCENARIOS } from "../helpers/scenario.js";
import { FIXTURES } from "./helpers.js";

const GUEST = "admin_fabrikam.com#EXT#@contoso.onmicrosoft.com";
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "scopesync-ids-"));
  cpSync(join(SCENARIOS, "_base"), dir, { recursive: true });
  cpSync(join(FIXTURES, "entra/member-of.json"), join(dir, "entra.json"));
  const config = readFileSync(join(dir, "scopesync.yaml"), "utf8").replace(
    "targets:",
    'entra:\n    type: entra\n    path: entra.json\n    options:\n      exportedAt: "2026-11-26T06:00:00Z"\ntargets:'.replace(/^/gm, "  ").replace(/^  targets:/m, "targets:"),
  );
  writeFileSync(join(dir, "scopesync.yaml"), config);
  // Unquoted: a '#' starts a YAML comment only after a space.
  writeFileSync(join(dir, "identities/groups/guests.yaml"), "kind: Group\nid: guests\nmembers:\n  - identity: admin_fabrikam.com#ext#@contoso.onmicrosoft.com\n    reason: partner access (TICKET-1)\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("identity ids from the sources, in YAML and on the command line", () => {
  it("validates a group whose member is an Entra guest", async () => {
    const result = await runCli(["validate", "--repo", dir]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("explains the guest by its UPN as Entra writes it", async () => {
    const result = await runCli(["explain", GUEST, "--repo", dir, "--now", "2026-11-26T09:00:00Z"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("admin_fabrikam.com#ext#@contoso.onmicrosoft.com");
    expect(result.stdout).toContain("guests");
  });
});
