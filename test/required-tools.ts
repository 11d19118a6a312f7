import { execFileSync } from "node:child_process";
import { INSTALL_LINE, slapdMissing } from "./servers/slapd.js";

/**
 * Programs some tests need that `npm ci` cannot install. On a developer's machine without them,
 * exactly the tests that need them are skipped (and counted as skipped) after one notice naming
 * the install command; where CI is set, a missing one fails the run, so CI never goes green by
 * skipping. `.ci/run` installs all of them.
 */
export interface RequiredTool {
  name: "slapd" | "zsh" | "fish";
  /** Which tests need it, for the notice. */
  tests: string;
  install: string;
  installed(): boolean;
}

const onPath = (program: string) => (): boolean => {
  try {
    execFileSync("sh", ["-c", `command -v ${program}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

export const REQUIRED_TOOLS: readonly RequiredTool[] = [
  { name: "slapd", tests: "the LDAP source tests in test/sources/ldap.test.ts", install: INSTALL_LINE, installed: () => slapdMissing().length === 0 },
  { name: "zsh", tests: "the zsh completion test", install: "apt-get install -y zsh", installed: onPath("zsh") },
  { name: "fish", tests: "the fish completion test", install: "apt-get install -y fish", installed: onPath("fish") },
];

export type ToolsAvailable = Record<RequiredTool["name"], boolean>;

declare module "vitest" {
  export interface ProvidedContext {
    tools: ToolsAvailable;
  }
}
