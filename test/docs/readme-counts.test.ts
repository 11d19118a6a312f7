// The README's prose about the example organisation states counts no output block shows: they are
// checked against what scopesync resolves and plans for it, so that they cannot drift.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8").replace(/\s+/g, " ");
const NOW = "2026-11-26T09:00:00Z";

describe("README counts of the example organisation", () => {
  it("people, declared and discovered NHIs, and changes are what scopesync finds", async () => {
    const m = /correlates (\d+) people \((\d+) HR workers, and one only the LDIF knows\) and (\d+) declared non-human identities \(the AWS and Entra exports report (\w+) more\), and plans (\d+) changes/.exec(README);
    expect(m, "the sentence in README.md's introduction").not.toBeNull();
    const [, people, hr, declared, discovered, changes] = m!;
    const { identities } = JSON.parse((await runCli(["identities", "--format", "json", "--now", NOW], { cwd: ROOT })).stdout) as { identities: Array<{ kind: string; definedAt?: string }> };
    const persons = identities.filter((i) => i.kind === "person");
    const nhis = identities.filter((i) => i.kind !== "person");
    const hrRows = readFileSync(new URL("../../examples/exports/hr.csv", import.meta.url), "utf8").trim().split(/\r?\n/).length - 1;
    const words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
    expect({ people: Number(people), hr: Number(hr), declared: Number(declared), discovered: words.indexOf(discovered!) }).toEqual({
      people: persons.length,
      hr: hrRows,
      declared: nhis.filter((i) => i.definedAt !== undefined).length,
      discovered: nhis.filter((i) => i.definedAt === undefined).length,
    });
    expect(persons.length).toBe(hrRows + 1);
    const plan = JSON.parse((await runCli(["plan", "--format", "json", "--now", NOW], { cwd: ROOT })).stdout) as Plan;
    expect(Number(changes)).toBe(plan.changes.length);
  });
});
