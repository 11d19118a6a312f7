// rv64 finding 4: `safety.*.percent: "10%"` (written as the same file writes a quality gate's
// `maxChurn: "10%"`) got the fix "write the value without quotes, as a number"; written so, `10%`
// is still a string to YAML, and gave the same error and the same fix. A fix must fix: each one
// below is followed, on the bundled example through the real CLI, until validate passes.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { editFile, exampleForTest } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

const DELETES = "deletes: { count: 5, percent: 10 }";

async function validate(repo: string): Promise<{ code: number; first: string; fix: string }> {
  const r = await runCli(["validate", "--repo", repo]);
  const lines = r.stderr.split("\n");
  return { code: r.code, first: lines[0] ?? "", fix: lines[1] ?? "" };
}

// The other loops the same hint made (a timeout of "30s", patGrants: "no", a list written as one
// word) are in test/config/invalid-options.test.ts's fixtures.
describe("the fix for a string where a number is wanted", () => {
  it("a safety percent written with a % sign, quoted or not: drop the sign, and validate passes", async () => {
    const repo = exampleForTest();
    const config = join(repo, "scopesync.yaml");
    const error = "scopesync.yaml:127:35: safety.default.deletes.percent must be a number, not a string";
    const fix = "  fix: write 10, without the % sign or quotes: the value is a percentage already";
    for (const written of ['"10%"', "10%", "'10 %'"]) {
      editFile(config, (t) => t.replace(/deletes: \{ count: 5, percent: [^}]+ \}/, `deletes: { count: 5, percent: ${written} }`));
      expect(await validate(repo), written).toEqual({ code: 1, first: error, fix });
    }
    editFile(config, (t) => t.replace(/deletes: \{ count: 5, percent: [^}]+ \}/, DELETES));
    expect((await validate(repo)).code).toBe(0);
  });

  it("a number in quotes: drop the quotes (the one case where that fixes it), and validate passes", async () => {
    const repo = exampleForTest();
    editFile(join(repo, "scopesync.yaml"), (t) => t.replace(DELETES, 'deletes: { count: 5, percent: "10" }'));
    expect(await validate(repo)).toEqual({ code: 1, first: "scopesync.yaml:127:35: safety.default.deletes.percent must be a number, not a string", fix: "  fix: write the value without quotes, as a number" });
    editFile(join(repo, "scopesync.yaml"), (t) => t.replace('percent: "10"', "percent: 10"));
    expect((await validate(repo)).code).toBe(0);
  });

  it("a count with a % sign: the fix names the sign, not the quotes, and following it passes", async () => {
    const repo = exampleForTest();
    editFile(join(repo, "scopesync.yaml"), (t) => t.replace(DELETES, "deletes: { count: 5%, percent: 10 }"));
    expect(await validate(repo)).toEqual({ code: 1, first: "scopesync.yaml:127:23: safety.default.deletes.count must be a whole number, not a string", fix: "  fix: write 5, without the % sign or quotes" });
    editFile(join(repo, "scopesync.yaml"), (t) => t.replace("count: 5%", "count: 5"));
    expect((await validate(repo)).code).toBe(0);
  });
});
