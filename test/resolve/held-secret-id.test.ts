// A held person (their anchor source failed its gates: resolve/held.ts) whose login is
// secret-shaped: the held identity is the last accepted snapshot's, renamed to its anchor as every
// secret-shaped id is (model/secret-free-identities.ts). The people it manages must name that
// anchor, through the hold (followManagers) and the rename, and it keeps its own manager: the
// chain report → held manager → their manager stays whole.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { SCENARIO_NOW, scenarioForTest } from "../helpers/scenario.js";

// Built at run time, so that no secret-shaped literal sits in the repository.
const KEY = ["ghp", "L1nusT0kenValue0123456789abcdefABCDEF"].join("_");

interface Listed { identities: Array<{ id: string; anchor: string; held?: string[]; attributes: Record<string, unknown> }> }

/** gate-failed-held-manager with linus's login (W4, whom grace reports to) replaced in `files`. */
function withLogin(files: string[], login: string) {
  return (dir: string) => {
    for (const f of files) writeFileSync(join(dir, f), readFileSync(join(dir, f), "utf8").replace(/^(W4|D4),linus,|^(D4),ltorvalds,/m, (_, a: string | undefined, b: string | undefined) => `${a ?? b},${login},`));
  };
}

it.each([
  ["in the snapshot only (the directory gives another login)", ["hr.before.csv"]],
  ["in the snapshot and in the directory's export", ["hr.before.csv", "dir.csv"]],
])("a held manager whose login is secret-shaped %s is their reports' manager under its anchor", async (_, files) => {
  const dir = await scenarioForTest("gate-failed-held-manager", withLogin(files, KEY));
  const r = await runCli(["identities", "--repo", dir, "--format", "json", "--now", SCENARIO_NOW]);
  // 3: HR fails its minRecords gate, which is what holds linus.
  expect(r.code, r.stderr).toBe(3);
  const { identities } = JSON.parse(r.stdout) as Listed;
  const linus = identities.find((i) => i.anchor === "hr:W4");
  expect(linus).toMatchObject({ id: "hr:W4", held: ["hr"] });
  expect(linus!.attributes.manager).toBe("ada");
  expect(identities.find((i) => i.id === "grace")!.attributes.manager).toBe("hr:W4");
  expect(identities.filter((i) => i.anchor === "dir:D4")).toEqual([]);
  expect(r.stdout + r.stderr).not.toContain(KEY.slice(4, 20).toLowerCase());
});
