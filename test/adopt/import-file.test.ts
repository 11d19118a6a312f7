// Import of a `file` target (accounts in a JSON file): the file is the target's state, so import
// writes the desired state and leaves the file alone.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";
import { configYaml, filesUnder, hrCsv, workers, writeFile } from "./org-fixtures.js";

const NOW = "2026-12-02T08:00:00Z";
const tempDir = tempDirs();

describe("import --target local (file)", () => {
  it("keeps what the file holds: no change planned, the file untouched, a second import changes no byte", async () => {
    const people = workers(30);
    const dir = tempDir("scopesync-adopt-file-");
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
    const out = tempDir("scopesync-adopt-out-");
    expect((await runCli(["import", "--target", "local", "--repo", dir, "--now", NOW, "--out", out])).code).toBe(0);
    expect(filesUnder(dir)).toEqual(before);
    expect(filesUnder(out)).toEqual(new Map([...before].filter(([path]) => path.includes("imported/"))));
  });

  it("two targets imported into one --out folder add up, as they do in the repository", async () => {
    const people = workers(12);
    const dir = tempDir("scopesync-adopt-file-");
    writeFile(dir, "scopesync.yaml", configYaml("  local:\n    type: file\n    path: local.json\n  wiki:\n    type: file\n    path: wiki.json\n"));
    writeFile(dir, "exports/hr.csv", hrCsv(people));
    // people[0..5] in local, people[3..8] in wiki: three people hold an account in both.
    const store = (target: string, from: number, to: number) => `${JSON.stringify({ formatVersion: 1, target, readAt: "2026-12-02T07:00:00Z", accounts: people.slice(from, to).map((w, i) => ({ id: `${target}-${i}`, login: w.login, active: true, attributes: {}, entitlements: ["group:staff"] })), credentials: [] }, null, 2)}\n`;
    writeFile(dir, "local.json", store("local", 0, 6));
    writeFile(dir, "wiki.json", store("wiki", 3, 9));
    const out = tempDir("scopesync-adopt-out-");
    for (const target of ["local", "wiki"]) expect((await runCli(["import", "--target", target, "--repo", dir, "--now", NOW, "--out", out])).code).toBe(0);
    const overlays = readFileSync(join(out, "identities/imported/people.yaml"), "utf8");
    // Each overlay names the record it was written for (login-reused stops the plan should the login pass to someone else).
    expect(overlays).toContain(`id: ${people[3]!.login}\nanchor: hr:${people[3]!.workerId}\nattributes:\n  localImported: true\n  localLogin: ${people[3]!.login}\n  wikiImported: true\n  wikiLogin: ${people[3]!.login}\n`);
    expect(overlays).toContain(`id: ${people[0]!.login}\nanchor: hr:${people[0]!.workerId}\nattributes:\n  localImported: true\n`);
    // The same files as the two imports make in the repository itself, and they validate and plan nothing.
    for (const target of ["local", "wiki"]) expect((await runCli(["import", "--target", target, "--repo", dir, "--now", NOW])).code).toBe(0);
    expect(filesUnder(out)).toEqual(new Map([...filesUnder(dir)].filter(([path]) => path.includes("imported/"))));
    const plan = JSON.parse((await runCli(["plan", "--repo", dir, "--now", NOW, "--format", "json"])).stdout) as { changes: unknown[] };
    expect(plan.changes).toEqual([]);
  });

  it("bad answers and a bad --out: one line with file:line:col, exit 1, nothing written, the answer kept", async () => {
    const people = workers(12);
    const dir = tempDir("scopesync-adopt-file-");
    writeFile(dir, "scopesync.yaml", configYaml("  local:\n    type: file\n    path: directory.json\n"));
    writeFile(dir, "exports/hr.csv", hrCsv(people));
    const accounts = [
      { id: "u0", login: people[0]!.login, active: true, attributes: {}, entitlements: ["group:staff"] },
      { id: "x1", login: "kiosk", active: true, attributes: {}, entitlements: ["group:staff"] },
      { id: "x2", login: "build-runner", active: true, attributes: {}, entitlements: ["group:staff"] },
    ];
    writeFile(dir, "directory.json", `${JSON.stringify({ formatVersion: 1, target: "local", accounts, credentials: [] }, null, 2)}\n`);
    expect((await runCli(["import", "--target", "local", "--repo", dir, "--now", NOW])).code).toBe(0);
    const path = "imported/local/link-proposals.yaml";
    const proposals = readFileSync(join(dir, path), "utf8");
    const lineOf = (text: string, needle: string): number => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

    const tries: Array<[string, string, string]> = [
      // [what the person wrote, the error's first line (after file:line:col), the account or nhi it is for]
      ["ada.ardn", `the answer for account "x1" is "ada.ardn", which names no person from the sources`, "login: kiosk"],
      [people[1]!.email, `the answer for account "x1" is "${people[1]!.email}", which names no person from the sources`, "login: kiosk"],
    ];
    for (const [answer, message] of tries) {
      const edited = proposals.replace(/(login: kiosk\n(?:    .*\n)*?    answer: )""/, `$1${answer}`);
      expect(edited).not.toBe(proposals);
      writeFile(dir, path, edited);
      const before = filesUnder(dir);
      const r = await runCli(["import", "--target", "local", "--repo", dir, "--now", NOW]);
      expect(r.code).toBe(1);
      const line = lineOf(edited, `answer: ${answer}`);
      expect(r.stderr.split("\n")[0]).toBe(`error: ${path}:${line}:13: ${message}`);
      expect(r.stderr.split("\n")).toHaveLength(3);
      expect(filesUnder(dir)).toEqual(before);
    }

    // An owner that names no person: refused the same way (written, it would stop validate).
    const asNhi = proposals.replace(/(login: build-runner\n(?:    .*\n)*?    answer: )""/, "$1nhi");
    writeFile(dir, path, asNhi);
    expect((await runCli(["import", "--target", "local", "--repo", dir, "--now", NOW])).code).toBe(0);
    const owned = readFileSync(join(dir, path), "utf8").replace(/(nhi: local-build-runner\n    owner: )""/, "$1nobody.here");
    expect(owned).toContain("owner: nobody.here");
    writeFile(dir, path, owned);
    const before = filesUnder(dir);
    const r = await runCli(["import", "--target", "local", "--repo", dir, "--now", NOW]);
    expect(r.stderr.split("\n")[0]).toBe(`error: ${path}:${lineOf(owned, "owner: nobody.here")}:12: the owner of local-build-runner is "nobody.here", which names no person from the sources`);
    expect(r.code).toBe(1);
    expect(filesUnder(dir)).toEqual(before);

    // --out naming a file: refused before anything is written, not a crash half-way.
    const file = join(dir, "not-a-folder.txt");
    writeFile(dir, "not-a-folder.txt", "ours\n");
    writeFile(dir, path, asNhi);
    const snapshot = filesUnder(dir);
    const out = await runCli(["import", "--target", "local", "--repo", dir, "--now", NOW, "--out", file]);
    expect(out.code).toBe(1);
    expect(out.stderr.split("\n")[0]).toBe(`error: import of "local" needs a folder at ${file}, but that is a file`);
    expect(filesUnder(dir)).toEqual(snapshot);
  });
});
