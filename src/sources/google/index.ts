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
import { refuseDeletedOnly, withoutReplacedDeleted } from "./deleted-users.js";
import { refuseTwoCustomers } from "./one-customer.js";
import { googleGroupsByUser } from "./groups.js";
import { googleRecord, localPart, type GoogleSettings } from "./user-record.js";
import { googleSchema } from "./schema.js";
import { joined } from "../../model/joined.js";
import { DEFAULT_DISABLED_MEANING, DISABLED_MEANINGS } from "../../model/directory-disabled.js";

/** The organisation's domains (of every primaryEmail and alias), and local parts used at more than one domain. */
function domainsOf(users: unknown[]): { domains: Set<string>; collidingLocalParts: Set<string> } {
  const domains = new Set<string>();
  const domainsByLocal = new Map<string, Set<string>>();
  for (const user of users) {
    if (!isObject(user)) continue;
    const addresses = [user["primaryEmail"], ...(Array.isArray(user["aliases"]) ? user["aliases"] : [])];
    for (const address of addresses) {
      if (typeof address !== "string" || !address.includes("@")) continue;
      domains.add(address.slice(address.lastIndexOf("@") + 1).trim().toLowerCase());
    }
    const primary = user["primaryEmail"];
    if (typeof primary !== "string") continue;
    const local = localPart(primary);
    if (local === undefined) continue;
    const set = domainsByLocal.get(local) ?? new Set<string>();
    set.add(primary.slice(primary.lastIndexOf("@") + 1).trim().toLowerCase());
    domainsByLocal.set(local, set);
  }
  const collidingLocalParts = new Set([...domainsByLocal].filter(([, set]) => set.size > 1).map(([local]) => local));
  return { domains, collidingLocalParts };
}

async function read(context: SourceContext): Promise<SourceRecord[]> {
  const pages = await readJsonPages(context);
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
  refuseTwoCustomers(context, bodies);
  const settings: GoogleSettings = {
    source: context.name,
    exportedAt: resolveExportedAt(context, pages.map((page) => page.file)),
    userName: enumOption(context, "userName", ["auto", "local", "email"] as const) ?? "auto",
    emails: enumOption(context, "emails", ["work", "all"] as const) ?? "work",
    disabledMeans: enumOption(context, "disabledMeans", DISABLED_MEANINGS) ?? DEFAULT_DISABLED_MEANING,
    ...domainsOf(bodies.flatMap(({ users }) => users)),
  };
  if (settings.userName === "auto" && settings.collidingLocalParts.size > 0) {
    context.warn?.({
      rule: "source-login-collision",
      severity: "warning",
      message: `source "${context.name}": ${settings.collidingLocalParts.size} login(s) are used at more than one domain (${[...settings.collidingLocalParts].sort().slice(0, 5).join(", ")}); those users are named by their whole address`,
      remediation: `Set sources.${context.name}.options.userName to email (every user by whole address) or local (and rename the colliding accounts), so that a later joiner never renames an existing person.`,
    });
  }
  const records: SourceRecord[] = [];
  for (const { file, users } of bodies) {
    users.forEach((item, index) => {
      const position = joined(file.path, " entry ", index + 1);
      if (!isObject(item)) throw new SourceError(context.name, `${position}: not a user object`);
      records.push(googleRecord(new JsonEntry(context, item, position), settings));
    });
  }
  refuseDeletedOnly(context, records);
  const kept = withoutReplacedDeleted(context, records);
  const groups = await googleGroupsByUser(context, kept, settings.domains);
  if (groups) for (const record of kept) record.groups = groups.get(record.externalId) ?? [];
  return kept;
}

/** `type: google` — Google Workspace users export; options `userName` (auto|local|email), `emails` (work|all), `groups`/`groupMembers`, `disabledMeans`, `exportedAt`. */
export const googleSource: SourceAdapter = { type: "google", live: false, schema: googleSchema, read };
