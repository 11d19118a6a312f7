// scopesync is not on the npm registry, and a package named `scopesync` there would be anyone's
// (rv50 #2). docs/adopt.md said `npm install --save-dev scopesync` (E404 today), and the launcher's
// "not built" fix said to "install a published release" by that name; `npx scopesync` installs
// whatever the registry has under the name when none is installed, without asking in CI
// (npm-exec: "When standard input is not a TTY or a CI environment is detected, `--yes` is
// assumed", https://docs.npmjs.com/cli/commands/npm-exec). Nothing scopesync ships or says may
// tell anyone to install or run it by that bare name: not a doc, a workflow, a template, the
// workflows `scopesync init` writes, nor a message in the source.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { initFiles } from "../../src/adopt/init-repo.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** `npx scopesync`, `npx --yes scopesync`, `npm exec scopesync`: run it by its registry name. */
const RUN_BY_NAME = /\b(?:npx|npm\s+exec|pnpm\s+dlx|yarn\s+dlx|bunx)\s+(?:-{1,2}[\w-]+(?:=\S+)?\s+)*scopesync(?![\w/.-])/;
/** `npm install [-D] scopesync`, `npm i scopesync@0.1.0`, `yarn add scopesync`: install it by that name. */
const INSTALL_BY_NAME = /\b(?:npm\s+(?:install|i|add)|yarn\s+add|pnpm\s+add)\s+(?:-{1,2}[\w-]+\s+)*scopesync(?![\w/.-])/;
/** `scopesync@0.1.0`, `scopesync@^1`, `scopesync@latest` (not `<owner>/scopesync@<sha>`, a GitHub ref). */
const REGISTRY_SPEC = /(?<![\w/.-])scopesync@(?:[\^~]?\d|latest\b|next\b)/;

function offending(text: string): string[] {
  return text.split("\n").filter((line) => RUN_BY_NAME.test(line) || INSTALL_BY_NAME.test(line) || REGISTRY_SPEC.test(line));
}

/** Every text file the repository tracks, except the generated validators, the lock file and the built Action. */
function trackedTexts(): string[] {
  const r = spawnSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout
    .split("\0")
    .filter((f) => f && /\.(md|ts|js|mjs|cjs|ya?ml|json|sh)$|(^|\/)gitignore$|(^|\/)run$/.test(f))
    .filter((f) => !f.startsWith("dist-action/") && !f.startsWith("test/") && f !== "package-lock.json" && !f.endsWith("validators.generated.ts"));
}

describe("scopesync is never installed or run by its bare npm name", () => {
  it("the patterns catch what was said before (so that the check below checks something)", () => {
    for (const said of ["`npm init -y && npm install --save-dev scopesync`,", "fix: install a published release (npm install --save-dev scopesync)", "npm ci && npx scopesync plan", "run: npx scopesync drift || [ $? -eq 2 ]", "npx --yes scopesync@0.1.0 plan"]) {
      expect(offending(said), said).toEqual([said]);
    }
    for (const fine of ["uses: acme-robotics/scopesync@0123456789abcdef0123456789abcdef01234567 # v1.2.0", 'GIT_AUTHOR_EMAIL: "scopesync@invalid"', "node .scopesync-cli/bin/scopesync.js snapshot", "scopesync plan --now 2026-11-26T09:00:00Z"]) {
      expect(offending(fine), fine).toEqual([]);
    }
  });

  it("no doc, workflow, template, script or message of the repository says it", () => {
    const files = trackedTexts();
    expect(files).toEqual(expect.arrayContaining(["README.md", "docs/adopt.md", "bin/scopesync.js", ".github/workflows/sync.yml", "templates/init/gitignore", "src/github/check-run.ts"]));
    const found = files.flatMap((f) => offending(readFileSync(`${ROOT}${f}`, "utf8")).map((line) => `${f}: ${line.trim()}`));
    expect(found).toEqual([]);
  });

  it("nor any file `scopesync init` writes for a policy repository", () => {
    const found = [...initFiles()].flatMap(([path, text]) => offending(text).map((line) => `${path}: ${line.trim()}`));
    expect(found).toEqual([]);
  });
});
