// "The employment that keeps the most access" holds only between HR exports (books of record:
// model/employment-records.ts). A directory made authoritative for status beside HR is decided by
// precedence, and nothing said so: validate passed in silence while an HR leaver the directory put
// first still showed active kept their access. Now validate warns at the directory's `status`,
// naming both sources, which wins and why, and the reviewed reason that silences it. The example's
// Globex LDIF is the directory; an Active Directory export written as CSV is one too.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { editFile, exampleForTest } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

const lineOf = (text: string, needle: string): number => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

async function validate(dir: string): Promise<{ code: number; stderr: string; text: string }> {
  const r = await runCli(["validate", "--repo", dir]);
  return { code: r.code, stderr: r.stderr, text: readFileSync(join(dir, "scopesync.yaml"), "utf8") };
}

describe("validate warns of a directory authoritative for status beside an HR export", () => {
  it("names both sources, the line, that HR comes first and what the directory decides, and how to fix or silence it", async () => {
    const dir = exampleForTest();
    editFile(join(dir, "scopesync.yaml"), (t) => t.replace("authoritative: [groups]", "authoritative: [groups, status]"));
    const v = await validate(dir);
    expect(v.code).toBe(0);
    const line = lineOf(v.text, "authoritative: [groups, status]");
    expect(v.stderr).toBe(
      `scopesync.yaml:${line}:29: warning: source "globex" (type ldif) is authoritative for status beside the HR export "hr", but only HR exports are books of record: between them the employment that keeps the most access does not apply (status-authorities-disagree), precedence decides. In precedence order (correlation.precedence, then the other sources by name) "hr" comes before "globex", so "hr" decides the status of everyone both export, and "globex" that of the people no HR export has; and before the first accepted snapshot of "hr", a person dropped from it whom "globex" still exports is "globex"'s to decide, not recognised as a leaver (departed-still-exported)\n` +
        `  fix: if "hr" should decide who left, remove status from sources.globex.authoritative (a user "globex" has shut out still shows: status-sign-in-blocked); if "globex" deciding is intended, write why in sources.globex.statusAuthorityReason, which silences this warning\n`,
    );
  });

  it("says the directory wins where precedence puts it first", async () => {
    const dir = exampleForTest();
    editFile(join(dir, "scopesync.yaml"), (t) => t.replace("authoritative: [groups]", "authoritative: [groups, status]").replace("precedence: [hr, globex]", "precedence: [globex, hr]"));
    const v = await validate(dir);
    expect(v.stderr).toContain(`"globex" comes before "hr", so "globex" decides the status of everyone both export: a leaver "hr" says is terminated stays active, with every account, while "globex" still shows them active;`);
  });

  it("is silenced by a reviewed statusAuthorityReason", async () => {
    const dir = exampleForTest();
    editFile(join(dir, "scopesync.yaml"), (t) => t.replace("authoritative: [groups]", "authoritative: [groups, status]\n    statusAuthorityReason: Globex's contractors are in no HR system; Globex IT disables them"));
    const v = await validate(dir);
    expect(v).toMatchObject({ code: 0, stderr: "" });
  });

  it("counts a csv source that is an Active Directory export (options.columns.terminationDate: accountExpires) as a directory", async () => {
    const dir = exampleForTest();
    writeFileSync(join(dir, "examples/exports/ad.csv"), "objectGUID,sAMAccountName,mail,userAccountControl,accountExpires\n6f1c2b0e-0b1a-4c55-9d3e-1a2b3c4d5e6f,jdoe,jdoe@acme.example,512,0\n");
    editFile(join(dir, "scopesync.yaml"), (t) => t.replace("\ncorrelation:", [
      "  ad:", "    type: csv", "    path: examples/exports/ad.csv", "    authoritative: [status]",
      "    options:", "      exportedAt: \"2026-11-26T05:00:00Z\"",
      "      columns: { externalId: objectGUID, userName: sAMAccountName, email: mail, status: userAccountControl, terminationDate: accountExpires, givenName: mail, familyName: mail }",
      "      statusValues: { \"512\": active, \"514\": terminated }",
      "", "correlation:",
    ].join("\n")));
    const v = await validate(dir);
    const line = lineOf(v.text, "authoritative: [status]");
    expect(v.stderr.split("\n")[0]).toBe(`scopesync.yaml:${line}:21: warning: source "ad" (type csv, an Active Directory export: it maps objectGUID, sAMAccountName, userAccountControl, accountExpires) is authoritative for status beside the HR export "hr", but only HR exports are books of record: between them the employment that keeps the most access does not apply (status-authorities-disagree), precedence decides. In precedence order (correlation.precedence, then the other sources by name) "hr" comes before "ad", so "hr" decides the status of everyone both export, and "ad" that of the people no HR export has; and before the first accepted snapshot of "hr", a person dropped from it whom "ad" still exports is "ad"'s to decide, not recognised as a leaver (departed-still-exported)`);
  });
});
