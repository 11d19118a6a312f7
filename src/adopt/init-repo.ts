// `scopesync init [DIR]`: a new policy repository from templates/init, the JSON Schemas (so the
// YAML files' schema modelines resolve offline) and the pull-request workflows. The workflows are
// copied from scopesync's own .github/workflows at run time, so there is one text of them.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { writeFiles } from "./write-files.js";

const PACKAGE = fileURLToPath(new URL("../../", import.meta.url));
/** The workflows a policy repository runs (ci.yml tests scopesync itself and is not copied). */
const WORKFLOWS = ["plan.yml", "apply.yml", "sync.yml"];
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
    if (existsSync(path)) files.set(`.github/workflows/${name}`, readFileSync(path, "utf8"));
  }
  return files;
}

/** Writes the new repository into `dir`; refuses (naming them) if any of its files exist. */
export function initRepo(dir: string): string[] {
  const files = initFiles();
  writeFiles(dir, files, () => false, "init");
  return [...files.keys()].sort();
}
