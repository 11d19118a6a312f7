import type { TestProject } from "vitest/node";
import { REQUIRED_TOOLS, type ToolsAvailable } from "./required-tools.js";

/** Checks the required tools once per run and tells the tests which ones they may use. */
export default function setup(project: TestProject): void {
  const tools = Object.fromEntries(REQUIRED_TOOLS.map((t) => [t.name, t.installed()])) as ToolsAvailable;
  const missing = REQUIRED_TOOLS.filter((t) => !tools[t.name]);
  if (missing.length > 0) {
    const what = missing.map((t) => `${t.name} (for ${t.tests})`).join(", ");
    const install = missing.map((t) => t.install).join(" && ");
    if (process.env.CI) throw new Error(`CI is set and ${what} ${missing.length === 1 ? "is" : "are"} not installed; install as root: ${install} (.ci/run does)`);
    process.stdout.write(`\nnotice: not installed: ${what}; those tests are skipped and counted as skipped. Install as root: ${install}\n\n`);
  }
  project.provide("tools", tools);
}
