// One address written two ways in two sources is one person (rv91 H1). Before, e-mails were
// compared after NFC, trim and lower-case only: an IDN domain in Unicode in HR and in punycode in a
// directory, an upper-case "İ" of a Turkish-locale HR tool, or a zero-width space pasted into a cell
// left one person as two identities with no finding, and a leaver's directory record became a
// joiner. Addresses that only read alike (a full-width local part) are different mailboxes: kept
// apart, and now said (email-look-alike).
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { SCENARIO_NOW, SCENARIOS } from "../helpers/scenario.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();
const BASE_HR = readFileSync(join(SCENARIOS, "_base/hr.csv"), "utf8");
const DIRECTORY = `
  dir:
    type: csv
    path: dir.csv
    gates: { required: [externalId, userName] }
    options:
      exportedAt: "2026-11-26T06:00:00Z"
      columns: { externalId: id, userName: login, email: mail, status: state }
      statusValues: { enabled: active }
correlation: { keys: [anchor, employeeId, email], precedence: [hr, dir] }
targets:`;

interface Identities {
  identities: Array<{ id: string; anchor: string; aliases?: string[]; attributes: Record<string, unknown> }>;
  findings: Array<{ rule: string; severity: string; identity?: string; message: string; location?: string }>;
}

/** The scenario base with one HR row and one directory row added (worker W9, directory record d9); its identities. */
async function identitiesWith(hrMail: string, dirMail: string): Promise<Identities> {
  const dir = tempDir("scopesync-email-spellings-");
  cpSync(join(SCENARIOS, "_base"), dir, { recursive: true });
  const config = readFileSync(join(dir, "scopesync.yaml"), "utf8").replace("\ntargets:", DIRECTORY);
  writeFileSync(join(dir, "scopesync.yaml"), config);
  writeFileSync(join(dir, "hr.csv"), `${BASE_HR}W9,kim,Kim,Poe,${hrMail},Terminated,Employee,Engineer,Engineering,W1,2024-01-08,2026-11-20\n`);
  writeFileSync(join(dir, "dir.csv"), `id,login,mail,state\nd9,kpoe,${dirMail},enabled\n`);
  const r = await runCli(["identities", "--repo", dir, "--format", "json", "--now", SCENARIO_NOW]);
  if (r.code === 1) throw new Error(`identities failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Identities;
}

const whose = (d: Identities, ref: string) => d.identities.find((x) => x.anchor === ref || (x.aliases ?? []).includes(ref))?.id;
const emailFindings = (d: Identities) => d.findings.filter((f) => f.rule === "email-look-alike");

describe("one address in two spellings is one person", () => {
  it.each([
    ["an IDN domain in Unicode and in punycode (RFC 5890)", "kim.poe@müller.example", "kim.poe@xn--mller-kva.example"],
    ["an IDN domain in upper case", "kim.poe@MÜLLER.example", "kim.poe@xn--mller-kva.example"],
    ["a full-width domain (UTS #46 maps it)", "kim.poe@ｃｏｒｐ.example", "kim.poe@corp.example"],
    ["a Turkish-locale upper-case İ", "KİM.POE@CORP.EXAMPLE", "kim.poe@corp.example"],
  ])("joins %s, with no finding", async (_, hrMail, dirMail) => {
    const d = await identitiesWith(hrMail, dirMail);
    expect(whose(d, "dir:d9")).toBe("kim");
    expect(whose(d, "hr:W9")).toBe("kim");
    expect(emailFindings(d)).toEqual([]);
  });

  it("writes an upper-case İ lower-cased to i, not to i + U+0307 (another address)", async () => {
    const d = await identitiesWith("KİM.POE@CORP.EXAMPLE", "kim.poe@corp.example");
    const kim = d.identities.find((x) => x.id === "kim")!;
    expect(kim.attributes.email).toBe("kim.poe@corp.example");
    expect(kim.attributes.emails).toEqual(["kim.poe@corp.example"]);
  });

  it("keeps the deciding source's spelling of an IDN address, once", async () => {
    const d = await identitiesWith("kim.poe@müller.example", "kim.poe@xn--mller-kva.example");
    expect(whose(d, "dir:d9")).toBe("kim");
    const kim = d.identities.find((x) => x.id === "kim")!;
    expect(kim.attributes.email).toBe("kim.poe@müller.example");
    expect(kim.attributes.emails).toEqual(["kim.poe@müller.example"]);
  });

  it("joins an address with a zero-width space pasted into it, and says so", async () => {
    const d = await identitiesWith("kim.poe\u200b@corp.example", "kim.poe@corp.example");
    expect(whose(d, "dir:d9")).toBe("kim");
    expect(emailFindings(d)).toEqual([
      {
        rule: "email-look-alike",
        severity: "warning",
        identity: "kim",
        message: 'the e-mail address "kim.poe\\u200b@corp.example" of hr:W9 (kim) has invisible characters (\\u200b): it is compared with other addresses without them, and written to apps as the source spells it (lower-cased)',
        remediation: "delete the invisible characters from the address in hr",
        location: "hr hr.csv row 5 (line 6)",
      },
    ]);
  });

  it("keeps apart an address that only reads like another (full-width local part), and names both records", async () => {
    const d = await identitiesWith("kim.poe@corp.example", "ｋｉｍ.poe@corp.example");
    expect(whose(d, "hr:W9")).toBe("kim");
    expect(whose(d, "dir:d9")).toBe("kpoe");
    expect(emailFindings(d).map((f) => [f.identity, f.severity, f.location, f.message.split(", but")[0]])).toEqual([
      ["kpoe", "warning", "dir dir.csv row 1 (line 2)", 'the e-mail address "ｋｉｍ.poe@corp.example" (written \\uff4b\\uff49\\uff4d.poe@corp.example) of dir:d9 (kpoe) reads like "kim.poe@corp.example" of hr:W9 (kim)'],
    ]);
  });

  it("keeps apart a Cyrillic look-alike in the domain, and names both records", async () => {
    const d = await identitiesWith("kim.poe@corp.example", "kim.poe@\u0441orp.example");
    expect(whose(d, "dir:d9")).toBe("kpoe");
    expect(emailFindings(d).map((f) => f.message.split(", but")[0])).toEqual([
      'the e-mail address "kim.poe@\u0441orp.example" (written kim.poe@\\u0441orp.example) of dir:d9 (kpoe) reads like "kim.poe@corp.example" of hr:W9 (kim)',
    ]);
  });
});
