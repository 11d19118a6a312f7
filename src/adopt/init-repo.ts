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

/**
 * scopesync's own workflows as a policy repository runs them: the exports it reads are under
 * exports/ (not this repository's examples/), and scopesync is a dependency installed with its
 * built files, not a source tree to build. What `uses: ./` names stays for the person to point at
 * the Action (docs/adopt.md). Throws if a workflow no longer reads as expected, so that a change
 * to it cannot silently leave a new repository with this repository's paths.
 */
function forPolicyRepository(name: string, text: string): string {
  const edits: Array<[string, string]> =
    name === "apply.yml" ? [["      - examples/exports/**\n      - examples/state/**\n", "      - exports/**\n"]]
    : name === "sync.yml" ? [["      - name: Build the scopesync CLI (no dependency's install script runs beside the push token)\n        run: |\n          npm ci --ignore-scripts\n          npm run build\n", "      - name: Install the scopesync CLI (no dependency's install script runs beside the push token)\n        run: npm ci --ignore-scripts\n"]]
    : [];
  let out = text;
  for (const [from, to] of edits) {
    if (!out.includes(from)) throw new Error(`init: .github/workflows/${name} no longer has the text it adapts for a policy repository`);
    out = out.replace(from, to);
  }
  return out;
}

/** Writes the new repository into `dir`; refuses (naming them) if any of its files exist. */
export function initRepo(dir: string): string[] {
  const files = initFiles();
  writeFiles(dir, files, () => false, "init", "name another folder: scopesync init DIR");
  return [...files.keys()].sort();
}
