// rv64 finding 3: a target state file saved as Windows-1252 ("ANSI", what Windows editors save) was
// read without a word: each byte that is not UTF-8 became U+FFFD, valid inside a JSON string, and
// the plan proposed to rewrite "Anna Kov\uFFFDcs" to "Anna Kovács", a change nobody made. JSON
// between systems is UTF-8 (RFC 8259 §8.1); the file is refused at the byte, as policy files and
// exports are. The bundled example and a real git repository, through the real CLI.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simpleGit } from "simple-git";
import { repoOnBranch } from "../helpers/branch-repo.js";
import { EXAMPLE_NOW, exampleForTest } from "../helpers/example-copy.js";
import { edit, FILES, NOW, state } from "../helpers/offboarding-repo.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";
import { asWindows1252 } from "../helpers/windows-1252.js";

const tempDir = tempDirs();

describe("a target state file that is not UTF-8", () => {
  it("stops plan (text and JSON) at its first bad byte, with the fix, and nothing is planned from it", async () => {
    const repo = exampleForTest();
    asWindows1252(join(repo, "examples/state/crm.json"));
    // "Anna Kovács" on line 58: the á is byte 1529, 0xe1 in Windows-1252.
    const error = 'error: target "crm": examples/state/crm.json:58:33: invalid UTF-8 byte 0xe1 (byte 1529); a state file is UTF-8 JSON\n  fix: convert it to UTF-8 (saved as Windows-1252 or Latin-1: iconv -f WINDOWS-1252 -t UTF-8 examples/state/crm.json > examples/state/crm.json.utf8, then move that over it), or restore it from git or from a backup\n';
    for (const format of ["text", "json"]) {
      const r = await runCli(["plan", "--format", format, "--now", EXAMPLE_NOW, "--repo", repo]);
      expect(r.code, format).toBe(1);
      expect(r.stderr, format).toContain(error);
      expect(r.stdout, format).toBe("");
      expect(r.stderr, format).not.toContain("\ufffd");
    }
  });

  it("at the base revision of a pull request is refused there too, named at that revision", async () => {
    const { dir, git } = await repoOnBranch(tempDir("scopesync-state-utf8-"), FILES);
    // main's erp state, saved by an editor as Windows-1252.
    await git.checkout("main");
    writeFileSync(join(dir, "state/erp.json"), Buffer.from(state([{ id: "2", login: "bill.lumbergh", externalId: "hr:E2", active: true, attributes: { displayName: "Bill Lumbergh (Contrôleur)" }, entitlements: ["group:finance"] }]), "latin1"));
    await git.add(".").commit("erp state");
    await simpleGit({ baseDir: dir }).checkout(["-B", "pr"]);
    // The pull request renames erp and deletes its state: main's is read at main.
    edit(dir, "scopesync.yaml", "  erp:\n    type: file\n    path: state/erp.json\n", "  ledger:\n    type: file\n    path: state/ledger.json\n");
    writeFileSync(join(dir, "state/ledger.json"), state([]));
    await git.rm("state/erp.json");
    await git.mv("policies/apps/erp.yaml", "policies/apps/ledger.yaml");
    edit(dir, "policies/apps/ledger.yaml", "id: erp\ntarget: erp", "id: ledger\ntarget: ledger");
    await git.add(".").commit("erp is ledger now");
    const r = await runCli(["plan", "--repo", dir, "--base", "main", "--format", "json", "--now", NOW]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: target "erp": state\/erp\.json at main:1:\d+: invalid UTF-8 byte 0xf4 \(byte \d+\); a state file is UTF-8 JSON$/m);
    expect(r.stdout).toBe("");
  });
});
