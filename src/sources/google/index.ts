// Google Workspace users: Admin SDK Directory API users.list responses, one file or a directory
// of page files ({ "kind": "admin#directory#users", "users": [...], "nextPageToken" }).
import type { SourceRecord } from "../../model/source-record.js";
import { SourceError } from "../../model/errors.js";
import type { SourceAdapter, SourceContext } from "../source.js";
import { resolveExportedAt } from "../common/exported-at.js";
import { JsonEntry } from "../common/json-entry.js";
import { readJsonPages } from "../common/json-pages.js";
import { isObject } from "../common/json.js";
import { enumOption } from "../common/options.js";
import { checkPageChain } from "../common/page-chain.js";
import { googleRecord, type GoogleSettings } from "./user-record.js";
import { googleSchema } from "./schema.js";

async function read(context: SourceContext): Promise<SourceRecord[]> {
  const pages = await readJsonPages(context);
  const settings: GoogleSettings = {
    source: context.name,
    exportedAt: resolveExportedAt(context, pages.map((page) => page.file)),
    userName: enumOption(context, "userName", ["local", "email"] as const) ?? "local",
  };
  const bodies = pages.map(({ file, body }) => {
    if (!isObject(body) || body["kind"] !== "admin#directory#users") {
      throw new SourceError(
        context.name,
        `${file.path}: expected a users.list response ("kind": "admin#directory#users")`,
        "Save each page's response body as the Admin SDK returns it.",
      );
    }
    // The API omits "users" on an empty page; any other shape is not a users.list response.
    const users = body["users"] ?? [];
    if (!Array.isArray(users)) throw new SourceError(context.name, `${file.path}: "users" is not a list`);
    return { file, users: users as unknown[], hasNext: typeof body["nextPageToken"] === "string" && body["nextPageToken"] !== "" };
  });
  checkPageChain(context, bodies.map(({ file, hasNext }) => ({ path: file.path, hasNext })), "nextPageToken");
  const records: SourceRecord[] = [];
  for (const { file, users } of bodies) {
    users.forEach((item, index) => {
      const position = `${file.path} entry ${index + 1}`;
      if (!isObject(item)) throw new SourceError(context.name, `${position}: not a user object`);
      records.push(googleRecord(new JsonEntry(context, item, position), settings));
    });
  }
  return records;
}

/** `type: google` — Google Workspace users export; options `userName` (local|email), `exportedAt`. */
export const googleSource: SourceAdapter = { type: "google", live: false, schema: googleSchema, read };
