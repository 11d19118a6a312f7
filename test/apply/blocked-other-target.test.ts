// A reviewed plan blocked by one target's limit, applied to another target with --target: only
// that target is planned again, so the block does not stop it. It used to pass in silence; the
// reviewed plan's reasons are now said before anything is applied.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { copyExample, EXAMPLE_NOW, EXAMPLE_ROOT } from "../helpers/example-copy.js";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe("apply --target from a reviewed plan another target blocked", () => {
  it("applies the target it was asked for and says what blocked the reviewed plan", async () => {
    const copy = copyExample();
    cleanup = copy.cleanup;
    const { dir } = copy;
    const config = join(dir, "scopesync.yaml");
    writeFileSync(config, readFileSync(config, "utf8").replace("    floor: 10\n", "    floor: 10\n  targets:\n    github:\n      changes: { count: 1 }\n"));
    const planned = await runCli(["plan", "--repo", dir, "--format", "json", "--out", join(dir, "plan.json"), "--now", EXAMPLE_NOW]);
    expect(planned.code).toBe(3);
    const reviewed = JSON.parse(readFileSync(join(dir, "plan.json"), "utf8")) as { blocked: boolean; blockedReasons: string[] };
    expect(reviewed.blockedReasons).toEqual([expect.stringMatching(/^github: \d+ changes exceed the safety limit \(\d+ > 1\)/)]);

    const r = await runCli(["apply", "--repo", dir, "--plan", join(dir, "plan.json"), "--target", "local", "--auto-approve", "--now", EXAMPLE_NOW]);

    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('note: the reviewed plan sha256:');
    expect(r.stderr).toContain('was blocked; only target "local" is planned again, and it is not blocked. The reviewed plan\'s reasons:\n  - github: ');
    expect(r.stdout).toMatch(/^applied [1-9]\d*, already in place 0, failed 0, /m);
    expect(readFileSync(join(dir, "examples", "state", "local.json"), "utf8")).not.toBe(readFileSync(join(EXAMPLE_ROOT, "examples", "state", "local.json"), "utf8"));
  });
});
