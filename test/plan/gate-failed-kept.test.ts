// A lower-precedence source that fails its gates and lost a person's record: the person is planned
// by the passing sources, with what that source gave them in the accepted snapshot. explain says so.
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { buildScenario, SCENARIO_NOW } from "../helpers/scenario.js";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe("a failing secondary source", () => {
  it("explain shows the kept attribute, from the snapshot, and the team it keeps", async () => {
    const s = await buildScenario("gate-failed-secondary-kept");
    cleanup = s.cleanup;
    const r = await runCli(["explain", "linus", "--repo", s.dir, "--now", SCENARIO_NOW]);
    expect(r.stdout).toContain("kept: dir failed its quality gates and no longer exports this person; the attributes it gave are as the last accepted snapshot had them");
    expect(r.stdout).toMatch(/title = Kernel Maintainer\s+from dir /);
    expect(r.stdout).toContain("kernel: birthright");
  });
});
