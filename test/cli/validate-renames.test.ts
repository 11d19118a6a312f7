// A person renamed in the sources (the same record, a new login) is still named by the old login
// in the repository until a pull request writes the new one. plan warns and keeps what the old
// login named (overlay-login-stale, reference-login-stale); validate, which CI runs on every pull
// request, must not fail on it, since no line of the pull request is wrong: it warns the same.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { scenarioForTest as scenario } from "../helpers/scenario.js";


describe("validate after a login is renamed in HR", () => {
  it("the overlay written for the record (its anchor): warnings at both lines, exit 0", async () => {
    const dir = await scenario("rename-login-linked");
    const r = await runCli(["validate", "--repo", dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("valid: ");
    expect(r.stderr.split("\n").filter((l) => l !== "" && !l.startsWith("  fix:"))).toEqual([
      'identities/imported/app/groups.yaml:19:15: warning: member "linus" is the earlier login of linus.t, whom the sources renamed: the explicit membership counts for linus.t, only while the rename is known (an overlay that still has the old id, or the last accepted snapshot); then it grants nothing (finding reference-login-stale)',
      'identities/imported/people.yaml:29:5: warning: person "linus" is the earlier login of linus.t, whom the sources renamed: plan applies this overlay to linus.t (finding overlay-login-stale)',
    ]);
    expect(r.stderr).toContain("  fix: change the overlay to id: linus.t (and rename its file)");
  });

  it("the last accepted snapshot: the reference is a warning, and --json lists it under warnings", async () => {
    const dir = await scenario("rename-login-snapshot");
    const r = await runCli(["validate", "--repo", dir, "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { valid: boolean; problems: unknown[]; warnings: { file: string; message: string; hint: string }[] };
    expect(out.valid).toBe(true);
    expect(out.problems).toEqual([]);
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]!.message).toMatch(/^member "linus" is the earlier login of linus\.t, whom the sources renamed: .*\(finding reference-login-stale\)$/);
    expect(out.warnings[0]!.hint).toBe("write linus.t instead of linus, in the pull request that renames the overlay or accepts the snapshot");
  });

  it("a name no source exports and nobody was renamed from is still a problem, without suggesting itself", async () => {
    const dir = await scenario("rename-login-linked");
    writeFileSync(join(dir, "identities", "ghost.yaml"), "kind: Person\nid: ghostly\n");
    const r = await runCli(["validate", "--repo", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('identities/ghost.yaml:2:5: person "ghostly" is not defined');
    expect(r.stderr).not.toContain('did you mean "ghostly"');
    // The rename is still only a warning beside it.
    expect(r.stderr).toContain('identities/imported/people.yaml:29:5: warning: person "linus"');
  });
});
