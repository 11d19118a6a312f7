// rv64 finding 3, the same gap in source snapshots: one an editor re-saved as Windows-1252 was
// decoded leniently, "Zoë Ångström" read with U+FFFD in place of each accented letter, and every
// such person measured as a mover against the export. Refused at the byte, as state files are.
// The bundled example, through the real CLI.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXAMPLE_NOW, exampleForTest } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";
import { asWindows1252 } from "../helpers/windows-1252.js";

describe("a source snapshot that is not UTF-8", () => {
  it("stops plan at its first bad byte, rather than read its people as movers to names with U+FFFD in them", async () => {
    const repo = exampleForTest();
    asWindows1252(join(repo, "examples/snapshots/hr.json"));
    const r = await runCli(["plan", "--now", EXAMPLE_NOW, "--repo", repo]);
    expect(r.code).toBe(1);
    // "Ångström" on line 333: the Å is byte 7886, 0xc5 in Windows-1252.
    expect(r.stderr).toContain('snapshot examples/snapshots/hr.json:333:20 of source "hr" is unreadable: invalid UTF-8 byte 0xc5 (byte 7886); a snapshot is UTF-8 JSON\n  fix: restore it from the last commit where it reads (git checkout COMMIT -- examples/snapshots/hr.json): scopesync snapshot reads it too, to carry over who left, so it cannot write a new one over it\n');
    expect(r.stdout).toBe("");
  });
});
