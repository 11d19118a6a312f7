// package.json had no `repository` (nor `homepage`, `bugs`), and nothing kept it off the npm
// registry: scopesync is installed from its repository only (README, "Design notes"), and a
// publish by accident would put this project under a name a stranger can also publish. npm: "If you
// set "private": true in your package.json, then npm will refuse to publish it"
// (https://docs.npmjs.com/cli/configuring-npm/package-json#private); `npm publish --dry-run` skips
// that check and prints a publish all the same, so the `prepublishOnly` script stops it too.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PROJECT_HOME } from "../../src/model/project-home.js";
import { RULES_DOC } from "../../src/policy/rules/rule.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, "utf8")) as Record<string, unknown>;

/** npm in the checkout, pointed at a registry address nothing listens on: no run of it can reach a real one. */
function npm(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync("npm", [...args, "--registry", "http://127.0.0.1:9/"], { cwd: ROOT, encoding: "utf8", env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("package.json names the repository and cannot be published", () => {
  it("names the repository every link of the tool points into, with its issues and home page", () => {
    // The address the tool already gives in every finding's help link and SARIF's informationUri.
    expect(RULES_DOC.startsWith(`${PROJECT_HOME}/`)).toBe(true);
    expect({ repository: pkg["repository"], homepage: pkg["homepage"], bugs: pkg["bugs"] }).toEqual({
      repository: { type: "git", url: `git+${PROJECT_HOME}.git` },
      homepage: `${PROJECT_HOME}#readme`,
      bugs: { url: `${PROJECT_HOME}/issues` },
    });
  });

  it("is private, so that npm refuses a real publish", () => {
    expect(pkg["private"]).toBe(true);
  });

  it("stops npm publish --dry-run in one line that says why and what to do, before anything is packed", () => {
    const r = npm(["publish", "--dry-run"]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("error: scopesync is not published to the npm registry (package.json is private)\n  fix: run it from a checkout of its repository (npm ci, then node bin/scopesync.js)");
    // Neither the tarball's contents nor a "+ scopesync@" publish line: it stopped before the pack.
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/Tarball Contents|\+ scopesync@|Publishing to/);
  });
});
