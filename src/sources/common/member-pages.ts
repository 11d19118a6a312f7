// Group member exports saved per group: <folder>/<groupId>.json, or a folder <folder>/<groupId>/ of
// page files. Okta and Google export members one group at a time; a listed group without its
// members export stops the read, because its members would otherwise read as none.
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { SourceError } from "../../model/errors.js";
import type { SourceContext } from "../source.js";
import { readJsonPages, type JsonPage } from "./json-pages.js";

/** The pages of one group's members export; `position` names the group entry for errors. */
export async function readMemberPages(context: SourceContext, folder: string, groupId: string, position: string, hint: string): Promise<JsonPage[]> {
  if (!/^[A-Za-z0-9_.-]+$/.test(groupId) || groupId.startsWith(".")) {
    throw new SourceError(context.name, `${position}: group id ${JSON.stringify(groupId)} cannot name a members file`, hint);
  }
  const file = path.join(folder, `${groupId}.json`);
  const pages = path.join(folder, groupId);
  const absolute = (relative: string) => path.resolve(context.repoDir, relative);
  const chosen = existsSync(absolute(file)) ? file : existsSync(absolute(pages)) && statSync(absolute(pages)).isDirectory() ? pages : undefined;
  if (chosen === undefined) {
    throw new SourceError(context.name, `${position}: no members export for group ${groupId} (looked for ${file} and ${pages}/)`, hint);
  }
  return readJsonPages({ ...context, config: { ...context.config, path: chosen } });
}

/** Reads the export at another configured path (options.groups) with the same rules as `path`. */
export function readJsonPagesAt(context: SourceContext, configured: string): Promise<JsonPage[]> {
  return readJsonPages({ ...context, config: { ...context.config, path: configured } });
}
