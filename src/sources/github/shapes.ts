// What the three GitHub exports share: how to make them, and permissions as readable lists.
import type { JsonEntry } from "../common/json-entry.js";

export const GITHUB_HINT = "Save GitHub's REST response body as it arrives (e.g. gh api --paginate ... > file.json), one file per page in a directory.";

/**
 * A permissions object as sorted "name:level" strings: an App installation's flat map
 * ({ contents: "read" }), or a token grant's map per resource ({ repository: { contents: "read" } } →
 * "repository.contents:read"). A level that is not a string is an error, never dropped.
 */
export function permissionList(entry: JsonEntry, path: string): string[] {
  const value = entry.get(path);
  if (value === undefined || value === null) return [];
  if (typeof value !== "object" || Array.isArray(value)) throw entry.fail(`${path} is not an object of permission levels`);
  const out: string[] = [];
  const walk = (prefix: string, node: Record<string, unknown>): void => {
    for (const [name, level] of Object.entries(node)) {
      if (typeof level === "string") out.push(`${prefix}${name}:${level}`);
      else if (level !== null && typeof level === "object" && !Array.isArray(level) && prefix === "") walk(`${name}.`, level as Record<string, unknown>);
      else throw entry.fail(`${path}.${prefix}${name} is not a permission level`);
    }
  };
  walk("", value as Record<string, unknown>);
  return out.sort();
}
