// Import of a `file` target (accounts in a JSON file): the file is the target's state, so import
// writes the desired state and leaves the file alone.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { configYaml, filesUnder, hrCsv, workers, writeFile } from "./org-fixtures.js";

const NOW = "2026-12-02T08:00:00Z";
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("import --target local (file)", () => {
  it("keeps what the file holds: no change planned, the file untouched, a second import changes no byte", async () => {
    const people = workers(30);
    const dir = mkdtempSync(join(tmpdir(), "scopesync-adopt-file-"));
    dirs.push(dir);
    writeFile(dir, "scopesync.yaml", configYaml("  local:\n    type: file\n    path: directory.json\n"));
    writeFile(dir, "exports/hr.csv", hrCsv(people));
    // Accounts an earlier tool made: some marked with a foreign id, some by login only, one nobody knows.
    const accounts = [
      ...people.slice(0, 10).map((w, i) => ({ id: `u${i}`, login: w.login, externalId: `legacy-${i}`, active: true, attributes: { email: w.email }, entitlements: ["group:staff", ...(i < 3 ? ["group:admins"] : [])] })),
      ...people.slice(10, 20).map((w, i) => ({ id: `v${i}`, login: w.email, active: true, attributes: {}, entitlements: ["group:staff"] })),
      { id: "x1", login: "kiosk", active: true, attributes: {}, entitlements: ["group:staff"] },
    ];
    const store = `${JSON.stringify({ formatVersion: 1, target: "local", readAt: "2026-12-02T07:00:00Z", accounts, credentials: [] }, null, 2)}\n`;
    writeFile(dir, "directory.json", store);

    const first = await runCli(["import", "--target", "local", "--repo", dir, "--now", NOW]);
    expect(first.stderr).toBe("");
    expect(first.stdout).toContain("imported local: 20 accounts linked to people, 2 groups, 0 non-human identities; 1 account to link by hand");
    expect(readFileSync(join(dir, "directory.json"), "utf8")).toBe(store);
    expect((await runCli(["validate", "--repo", dir])).code).toBe(0);
    const plan = JSON.parse((await runCli(["plan", "--repo", dir, "--now", NOW, "--format", "json"])).stdout) as { changes: unknown[]; findings: Array<{ rule: string; identity?: string }> };
    expect(plan.changes).toEqual([]);
    expect(plan.findings.filter((f) => f.rule === "unmanaged-account").map((f) => f.identity)).toEqual(["kiosk"]);
    const before = filesUnder(dir);
    await runCli(["import", "--target", "local", "--repo", dir, "--now", NOW]);
    expect(filesUnder(dir)).toEqual(before);

    // --out: the same files under another folder, the repository untouched.
    const out = mkdtempSync(join(tmpdir(), "scopesync-adopt-out-"));
    dirs.push(out);
    expect((await runCli(["import", "--target", "local", "--repo", dir, "--now", NOW, "--out", out])).code).toBe(0);
    expect(filesUnder(dir)).toEqual(before);
    expect(filesUnder(out)).toEqual(new Map([...before].filter(([path]) => path.includes("imported/"))));
  });
});
