// `scopesync init [DIR]`: a new policy repository from templates/init, the JSON Schemas (so the
// YAML files' schema modelines resolve offline) and the pull-request workflows. The workflows are
// copied from scopesync's own .github/workflows at run time, so there is one text of them.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { writeFiles } from "./write-files.js";

const PACKAGE = fileURLToPath(new URL("../../", import.meta.url));
/** The workflows a policy repository runs (ci.yml tests scopesync itself and is not copied). */
const WORKFLOWS = ["plan.yml", "publish.yml", "apply.yml", "sync.yml"];
/** npm drops files named .gitignore from packages, so the template is stored without the dot. */
const RENAMES: Record<string, string> = { gitignore: ".gitignore" };

function walk(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, e.name);
      if (e.isDirectory()) visit(abs);
      else if (e.isFile()) out.push(relative(root, abs).split(sep).join("/"));
    }
  };
  visit(root);
  return out.sort();
}

/** Every file of a new repository, by path. */
export function initFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const templates = join(PACKAGE, "templates", "init");
  for (const path of walk(templates)) files.set(RENAMES[path] ?? path, readFileSync(join(templates, path), "utf8"));
  for (const schema of walk(join(PACKAGE, "schemas"))) files.set(`schemas/${schema}`, readFileSync(join(PACKAGE, "schemas", schema), "utf8"));
  for (const name of WORKFLOWS) {
    const path = join(PACKAGE, ".github", "workflows", name);
    if (existsSync(path)) files.set(`.github/workflows/${name}`, forPolicyRepository(name, readFileSync(path, "utf8")));
  }
  return files;
}

/** Where a policy repository's sync.yml checks out and builds the scopesync CLI (git-ignored). */
export const CLI_CHECKOUT = ".scopesync-cli";

/**
 * sync.yml's CLI in a policy repository: scopesync's own repository checked out at a pinned
 * commit (the one its `uses:` pins) and built with scopesync's own lock file, as scopesync's
 * own sync.yml builds itself. Not a package name from the npm registry: npm has no `scopesync`
 * of this project, anyone may publish one, and `npx` with that name installs and runs whatever the
 * registry has, without asking in CI, in the job that holds the push token and the org's write
 * tokens (README, "Design notes"). The placeholders fail the checkout until they are filled in.
 */
function syncCliSteps(checkout: string): string {
  return `      # The scopesync CLI: its repository at the commit \`uses:\` pins (never a package name from the
      # npm registry: docs/adopt.md), built with its own lock file and no install script.
      - uses: ${checkout}
        with:
          repository: <owner>/scopesync   # the repository \`uses:\` names below
          ref: <commit>                   # the 40-hex commit \`uses:\` pins below
          path: ${CLI_CHECKOUT}
          persist-credentials: false
      - name: Build the scopesync CLI (no dependency's install script runs beside the push token)
        working-directory: ${CLI_CHECKOUT}
        run: |
          npm ci --ignore-scripts
          npm run build
`;
}

/**
 * scopesync's own workflows as a policy repository runs them: the exports it reads are under
 * exports/ (not this repository's examples/), and the CLI is scopesync's repository checked out
 * and built beside the policy files (syncCliSteps), not this checkout's own bin. What `uses: ./`
 * names stays for the person to point at the Action (docs/adopt.md). Throws if a workflow no
 * longer reads as expected, so that a change to it cannot silently leave a new repository with
 * this repository's paths.
 */
function forPolicyRepository(name: string, text: string): string {
  // The CLI's checkout is pinned as the workflow's own checkout is: one pin to keep up to date.
  const checkout = /^ {6}- uses: (actions\/checkout@[0-9a-f]{40} # \S+)$/m.exec(text)?.[1];
  if (name === "sync.yml" && !checkout) throw new Error("init: .github/workflows/sync.yml no longer checks out with a pinned actions/checkout");
  const edits: Array<[string, string]> =
    name === "apply.yml" ? [["      - examples/exports/**\n      - examples/state/**\n", "      - exports/**\n"]]
    : name === "sync.yml" ? [
        ["      - name: Build the scopesync CLI (no dependency's install script runs beside the push token)\n        run: |\n          npm ci --ignore-scripts\n          npm run build\n", syncCliSteps(checkout!)],
        ["node bin/scopesync.js ", `node ${CLI_CHECKOUT}/bin/scopesync.js `],
      ]
    : [];
  let out = text;
  for (const [from, to] of edits) {
    if (!out.includes(from)) throw new Error(`init: .github/workflows/${name} no longer has the text it adapts for a policy repository`);
    out = out.replaceAll(from, to);
  }
  return out;
}

/** Writes the new repository into `dir`; refuses (naming them) if any of its files exist. */
export function initRepo(dir: string): string[] {
  const files = initFiles();
  writeFiles(dir, files, () => false, "init", "name another folder: scopesync init DIR");
  return [...files.keys()].sort();
}
