import { describe, expect, it } from "vitest";
import { EXAMPLE_ROOT } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

// A mistyped command line: one line that says what is wrong (with the closest valid word), one
// that says where to look, exit 1, and nothing else.
describe("mistakes on the command line", () => {
  const cases: Array<[string[], string]> = [
    [["plna"], "error: unknown command 'plna' (did you mean plan?)\n  fix: see scopesync --help\n"],
    [["help", "aply"], "error: unknown command 'aply' (did you mean apply?)\n  fix: see scopesync --help\n"],
    [["valdiate"], "error: unknown command 'valdiate' (did you mean validate?)\n  fix: see scopesync --help\n"],
    [["plan", "--fromat", "json"], "error: unknown option '--fromat' (did you mean --format?)\n  fix: see scopesync plan --help\n"],
    [["plan", "--format", "jsn"], "error: option '--format <format>' argument 'jsn' is invalid. --format takes text, markdown, json, sarif (did you mean json?)\n  fix: see scopesync plan --help\n"],
    [["drift", "--format", "markdown"], "error: option '--format <format>' argument 'markdown' is invalid. --format takes text, json\n  fix: see scopesync drift --help\n"],
    [["apply", "--auto-aprove"], "error: unknown option '--auto-aprove' (did you mean --auto-approve?)\n  fix: see scopesync apply --help\n"],
    [["validate", "--live"], "error: unknown option '--live'\n  fix: see scopesync validate --help\n"],
    [["explain"], "error: missing required argument 'identity'\n  fix: see scopesync explain --help\n"],
    [["explain", "ada", "bob"], "error: too many arguments for 'explain'. Expected 1 argument but got 2.\n  fix: see scopesync explain --help\n"],
    [["completion", "zhs"], "error: command-argument value 'zhs' is invalid for argument 'shell'. shell takes bash, zsh, fish (did you mean zsh?)\n  fix: see scopesync completion --help\n"],
    [["completion", "powershell"], "error: command-argument value 'powershell' is invalid for argument 'shell'. shell takes bash, zsh, fish\n  fix: see scopesync completion --help\n"],
    [["plan", "--now"], "error: option '--now <iso>' argument missing\n  fix: see scopesync plan --help\n"],
  ];
  for (const [args, stderr] of cases) {
    it(`scopesync ${args.join(" ")}`, async () => {
      const r = await runCli([...args, "--repo", EXAMPLE_ROOT]);
      expect(r.stderr).toBe(stderr);
      expect(r.stdout).toBe("");
      expect(r.code).toBe(1);
    });
  }
});
