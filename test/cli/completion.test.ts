import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";

// The scripts are loaded into the real shells and asked for completions, as a person's Tab would.
// zsh and fish are required tools (test/required-tools.ts): skipped with a notice where missing
// outside CI.
const dir = mkdtempSync(join(tmpdir(), "scopesync-completion-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function script(shell: string): Promise<string> {
  const r = await runCli(["completion", shell]);
  expect(r.code).toBe(0);
  const path = join(dir, `scopesync.${shell}`);
  writeFileSync(path, r.stdout);
  return path;
}

describe("completion", () => {
  it("bash completes commands, options, option values and the shell argument", async () => {
    const path = await script("bash");
    const complete = (line: string): string[] => {
      const words = line.split(" ");
      const program = `source ${JSON.stringify(path)}; COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(" ")}); COMP_CWORD=${words.length - 1}; _scopesync; printf '%s\\n' "\${COMPREPLY[@]}"`;
      return execFileSync("bash", ["--norc", "-c", program], { encoding: "utf8", cwd: dir }).split("\n").filter(Boolean).sort();
    };
    expect(complete("scopesync pl")).toEqual(["plan"]);
    expect(complete("scopesync ")).toEqual(["--debug", "--help", "--repo", "--version", "apply", "completion", "drift", "explain", "help", "identities", "import", "init", "nhi", "plan", "report", "resolve", "snapshot", "state", "validate"]);
    expect(complete("scopesync plan --format ")).toEqual(["json", "markdown", "sarif", "text"]);
    expect(complete("scopesync drift --format ")).toEqual(["json", "text"]);
    expect(complete("scopesync --repo . plan --li")).toEqual(["--live"]);
    expect(complete("scopesync apply --auto")).toEqual(["--auto-approve"]);
    expect(complete("scopesync completion ")).toEqual(["bash", "fish", "zsh"]);
    expect(complete("scopesync state ")).toEqual(["pull"]);
    expect(complete("scopesync report ")).toEqual(["leavers"]);
    expect(complete("scopesync help ap")).toEqual(["apply"]);
    expect(complete("scopesync plan --out scopesync.")).toEqual(["scopesync.bash"]);
    // Each command's own options: validate takes --now, as plan does, and no --live.
    expect(complete("scopesync validate --n")).toEqual(["--now"]);
    expect(complete("scopesync validate --li")).toEqual([]);
  });

  it.skipIf(!inject("tools").fish)("fish completes commands, options and option values", async () => {
    const path = await script("fish");
    const complete = (line: string): string[] => execFileSync("fish", ["--no-config", "-c", `source ${JSON.stringify(path)}; complete -C ${JSON.stringify(line)}`], { encoding: "utf8" }).split("\n").filter(Boolean).map((l) => l.split("\t")[0]!).sort();
    expect(complete("scopesync pl")).toEqual(["plan"]);
    expect(complete("scopesync plan --format ")).toEqual(["json", "markdown", "sarif", "text"]);
    expect(complete("scopesync plan --li")).toEqual(["--live"]);
    expect(complete("scopesync completion ")).toEqual(["bash", "fish", "zsh"]);
    expect(execFileSync("fish", ["--no-config", "-c", `source ${JSON.stringify(path)}; complete -C "scopesync ex"`], { encoding: "utf8" })).toBe("explain\tWhy an identity has, gains or loses each account and entitlement\n");
  });

  it.skipIf(!inject("tools").zsh)("zsh loads the script as a completion function for scopesync", async () => {
    const path = await script("zsh");
    execFileSync("zsh", ["-n", path]);
    const registered = execFileSync("zsh", ["-f", "-c", `autoload -Uz compinit && compinit -u -D && source ${JSON.stringify(path)} && print -r -- $_comps[scopesync]`], { encoding: "utf8", cwd: dir });
    expect(registered.trim()).toBe("_scopesync");
  });
});
