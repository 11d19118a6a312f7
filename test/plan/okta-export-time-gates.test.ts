// An Okta export's time is its oldest page's Date header when the pages were saved with their
// headers (okta/link-pages.ts). The gates that judge that time said it came from "the modification
// time of okta/pages, no options.exportedAt being set": a reader fixed file times (touch -d) that
// decided nothing. Each gate now names the headers file whose Date it is.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";
import { FIXTURES } from "../sources/helpers.js";

const temp = tempDirs();
/** The fixture's pages: page-1 served at 2025-03-01T06:00:01Z, page-2 a second later. */
const SERVED = "2025-03-01T06:00:01.000Z";

/** A policy repository of one okta source (the two fixture pages with their headers) and one file target. */
function repo(options = "", gates = ""): string {
  const dir = temp("scopesync-okta-time-");
  cpSync(join(FIXTURES, "okta/pages"), join(dir, "okta/pages"), { recursive: true });
  const files: Record<string, string> = {
    "scopesync.yaml": `version: 1\norganisation: northwind\nsources:\n  okta:\n    type: okta\n    path: okta/pages\n${options}${gates}targets:\n  local:\n    type: file\n    path: state/local.json\n`,
    "policies/apps/local.yaml": "kind: AppPolicy\nid: local\ntarget: local\nscope:\n  include:\n    - kinds: [person]\n",
    "state/local.json": '{ "formatVersion": 1, "target": "local", "readAt": "2025-03-01T06:00:00Z", "accounts": [], "credentials": [] }\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

async function gateFindings(dir: string, now: string): Promise<Array<{ rule: string; message: string; remediation: string }>> {
  const out = await runCli(["plan", "--repo", dir, "--now", now, "--format", "json"], { env: {} });
  const plan = JSON.parse(out.stdout) as Plan;
  return plan.findings.filter((f) => f.rule.startsWith("source-gate-")).map((f) => ({ rule: f.rule, message: f.message, remediation: f.remediation ?? "" }));
}

describe("the time gates of an okta export name the Date header its time came from", () => {
  it("source-gate-future-export names the headers file, and says to save the pages again rather than touch the files", async () => {
    const [finding, ...rest] = await gateFindings(repo(), "2025-03-01T05:00:00Z");
    expect(rest).toEqual([]);
    expect(finding!.rule).toBe("source-gate-future-export");
    expect(finding!.message).toBe(
      `source "okta": the export's time ${SERVED}, the Date header saved in okta/pages/page-1.headers (when the service sent that page), no options.exportedAt being set, is after the plan's time 2025-03-01T05:00:00.000Z: an export cannot have been taken after the plan that reads it, so its time is wrong, and the source decides nothing about who left until it is right`,
    );
    expect(finding!.remediation).toContain("save the pages again with the headers the service sent (curl -D)");
    expect(finding!.remediation).not.toContain("touch -d");
  });

  it("source-gate-max-age says the time is the headers file's Date", async () => {
    const findings = await gateFindings(repo("", "    gates:\n      maxAge: 1d\n"), "2025-03-04T06:00:01Z");
    expect(findings.map((f) => [f.rule, f.message])).toEqual([
      ["source-gate-max-age", `source "okta": export is 3.0 days old (exported ${SERVED}, as the Date header saved in okta/pages/page-1.headers says); maxAge is 1d`],
    ]);
  });

  it("source-gate-older-than-snapshot names the headers file of pages older than the accepted snapshot's", async () => {
    const dir = repo();
    expect((await runCli(["snapshot", "--repo", dir, "--now", "2025-03-02T00:00:00Z"], { env: {} })).code).toBe(0);
    // The same pages, fetched a month earlier (a stale CI cache): their Dates say so.
    for (const page of ["page-1", "page-2"]) {
      const path = join(dir, `okta/pages/${page}.headers`);
      writeFileSync(path, readFileSync(path, "latin1").replace("Sat, 01 Mar 2025", "Sat, 01 Feb 2025"), "latin1");
    }
    const findings = await gateFindings(dir, "2025-03-02T00:00:00Z");
    expect(findings.map((f) => f.rule)).toEqual(["source-gate-older-than-snapshot"]);
    expect(findings[0]!.message).toContain(
      "the export of 2025-02-01T06:00:01.000Z, the Date header saved in okta/pages/page-1.headers (when the service sent that page), no options.exportedAt being set, is older than the accepted snapshot's export of 2025-03-01T06:00:01.000Z",
    );
  });

  it("a pinned time's maxAge fix says removing the pin takes the pages' Date headers, not the files' time", async () => {
    const findings = await gateFindings(repo('    options:\n      exportedAt: "2025-02-01T00:00:00Z"\n', "    gates:\n      maxAge: 1d\n"), "2025-03-01T07:00:00Z");
    expect(findings.map((f) => f.rule)).toEqual(["source-gate-max-age"]);
    expect(findings[0]!.message).toContain("(exported 2025-02-01T00:00:00.000Z, as options.exportedAt says)");
    expect(findings[0]!.remediation).toContain("or remove it to take the pages' Date headers;");
  });
});

// rv103 M3: the groups list's and each member list's Dates were compared only among that list's
// pages, and maxAge judged the users pages alone: a member list served a month before the users
// kept a mover's old group. The oldest Date of every list read is the export's time now, and the
// message says which list it is.
describe("an okta export's groups and member lists are held to maxAge with the users", () => {
  it("a member list served a month before the users pages fails maxAge, naming its headers file and list", async () => {
    const dir = repo("    options:\n      groups: okta/groups/groups.json\n      groupMembers: okta/groups/members\n", "    gates:\n      maxAge: 1d\n");
    cpSync(join(FIXTURES, "okta/groups"), join(dir, "okta/groups"), { recursive: true });
    const members = join(dir, "okta/groups/members/00g1admins0000000002.headers");
    writeFileSync(members, readFileSync(members, "latin1").replace("Sat, 01 Mar 2025", "Sat, 01 Feb 2025"), "latin1");
    const findings = await gateFindings(dir, "2025-03-01T07:00:00Z");
    expect(findings).toEqual([
      {
        rule: "source-gate-max-age",
        message:
          'source "okta": export is 28.0 days old (exported 2025-02-01T06:00:03.000Z, as the Date header saved in okta/groups/members/00g1admins0000000002.headers (the GET /api/v1/groups/00g1admins0000000002/users export, read before the records\' own pages) says); maxAge is 1d',
        remediation: "refresh the export, the GET /api/v1/groups/00g1admins0000000002/users export with the rest; a stale export would re-grant access that was already taken away",
      },
    ]);
  });
});
