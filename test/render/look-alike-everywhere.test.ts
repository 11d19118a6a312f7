// A value or an identity that reads as another is shown the same way in every output a reviewer
// reads: the text plan, the pull-request comment, explain, identities and SARIF. The HR export
// gives Linus a first name with a CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I (U+0456), so the
// app's "Linus Torvalds" is to become "Lіnus Torvalds", and a joiner the login "іngrid" with a
// RIGHT-TO-LEFT OVERRIDE (U+202E) in her last name. Before, the update read "Linus Torvalds →
// Lіnus Torvalds" (no change to the eye), and explain, identities and SARIF wrote "іngrid" as
// "ingrid".
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { SCENARIO_NOW, SCENARIOS } from "../helpers/scenario.js";

const HR = `${readFileSync(join(SCENARIOS, "_base/hr.csv"), "utf8").replace("Linus,Torvalds", "L\u0456nus,Torvalds").trimEnd()}
W5,\u0456ngrid,Ingrid,Holm\u202egnp.exe,ingrid@corp.example,Active,Employee,Engineer,Engineering,W1,2022-04-04,
`;

let dir: string;
const run = async (...args: string[]) => {
  const r = await runCli([...args, "--repo", dir, "--now", SCENARIO_NOW]);
  expect(r.code, r.stderr).not.toBe(1);
  return r.stdout;
};
/** No look-alike letter, bidi control or escape character left raw. */
const RAW = /[\u0456\u202e\u001b]/;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "scopesync-alike-"));
  cpSync(join(SCENARIOS, "_base"), dir, { recursive: true });
  writeFileSync(join(dir, "hr.csv"), HR);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("look-alikes and bidi controls from a source CSV", () => {
  it("the text plan shows an update to a look-alike letter, and the joiner's id and name, with code points", async () => {
    const out = await run("plan", "--format", "text");
    expect(out).toContain("displayName: Linus Torvalds → L\\u0456nus Torvalds");
    expect(out).toContain("\\u0456ngrid");
    expect(out).toContain("displayName: (none) → Ingrid Holm\\u202egnp.exe");
    // The finding's message names the id as it is, beside its code points (identity-id-look-alike).
    expect(out.split("\n").filter((l) => RAW.test(l) && !/identity-id-look-alike/.test(l))).toEqual([]);
  });

  it("the pull-request comment shows them the same way", async () => {
    const out = await run("plan", "--format", "markdown");
    expect(out).toContain("displayName: Linus Torvalds → L\\\\u0456nus Torvalds");
    expect(out).toContain("∅ → Ingrid Holm\\\\u202egnp.exe");
    expect(out).toMatch(/\| \\\\u0456ngrid \|/);
    expect(out.split("\n").filter((l) => RAW.test(l) && !/identity-id-look-alike/.test(l))).toEqual([]);
  });

  it("explain shows the identity, its login and its values as the plan does", async () => {
    const out = await run("explain", "\u0456ngrid");
    expect(out.split("\n")[0]).toMatch(/^\\u0456ngrid \(person, active\)/);
    expect(out).toContain("  login: \\u0456ngrid");
    expect(out).toContain("displayName = Ingrid Holm\\u202egnp.exe");
    expect(out.split("\n").filter((l) => RAW.test(l) && !/identity-id-look-alike/.test(l))).toEqual([]);
    expect(await run("explain", "linus")).toContain("displayName = L\\u0456nus Torvalds");
  });

  it("identities shows them as the plan does", async () => {
    const out = await run("identities");
    expect(out).toMatch(/^\\u0456ngrid {2}person {2}active/m);
    expect(out).toMatch(/displayName +L\\u0456nus Torvalds/);
    expect(out).toMatch(/displayName +Ingrid Holm\\u202egnp\.exe/);
    expect(out).toMatch(/userName +\\u0456ngrid/);
    expect(out.split("\n").filter((l) => RAW.test(l) && !/identity-id-look-alike/.test(l))).toEqual([]);
  });

  it("SARIF names the identity with its code points, as the plan does", async () => {
    const log = JSON.parse(await run("plan", "--format", "sarif")) as { runs: Array<{ results: Array<{ ruleId: string; message: { text: string }; properties?: { identity?: string } }> }> };
    const results = log.runs[0]!.results.filter((r) => r.properties?.identity?.includes("ngrid"));
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      expect(r.properties!.identity).toBe("\\u0456ngrid");
      expect(r.message.text.startsWith("\\u0456ngrid: "), r.message.text).toBe(true);
    }
  });
});
