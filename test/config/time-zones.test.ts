// scopesync.yaml `timeZone` (the organisation's, a source's): an IANA name Intl knows, or a problem
// at its line with the fix, before any date of an export is read with it.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it, onTestFinished } from "vitest";
import { copyFixture, FIXTURES, runCli } from "../helpers/run-cli.js";

it("validate refuses a zone Intl does not know, the organisation's and a source's, each at its line with a did-you-mean", async () => {
  const repo = copyFixture(join(FIXTURES, "minimal"));
  onTestFinished(repo.cleanup);
  const config = join(repo.dir, "scopesync.yaml");
  const text = readFileSync(config, "utf8").replace(/^sources:\n  (\S+):\n/m, "timeZone: Europe/Berln\nsources:\n  $1:\n    timeZone: +01:00\n");
  writeFileSync(config, text);
  const lines = text.split("\n");
  const lineOf = (t: string) => lines.findIndex((l) => l.includes(t)) + 1;
  const r = await runCli(["validate", "--repo", repo.dir]);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`scopesync.yaml:${lineOf("timeZone: Europe/Berln")}:11: timeZone "Europe/Berln" is not an IANA time zone`);
  expect(r.stderr).toContain("fix: did you mean Europe/Berlin? write the zone's IANA name");
  expect(r.stderr).toMatch(new RegExp(`scopesync\\.yaml:${lineOf("timeZone: +01:00")}:15: sources\\.\\w+\\.timeZone "\\+01:00" is not an IANA time zone`));
  expect(r.stderr).not.toContain("    at ");
  // A zone Intl knows is no problem.
  writeFileSync(config, text.replace("Europe/Berln", "Europe/Berlin").replace("+01:00", "UTC"));
  expect((await runCli(["validate", "--repo", repo.dir])).code).toBe(0);
});
