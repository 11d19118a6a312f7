// Google Workspace groups: Admin SDK groups.list (options.groups: one response or page files,
// chained by nextPageToken) and members.list per group (options.groupMembers: <groupId>.json or a
// <groupId>/ folder of pages). A group is named by its e-mail address, which is unique and what
// Workspace admins use; members of type GROUP are followed, so a person in a group inside a group
// is in both; a member of type CUSTOMER is every user of the customer (customer-member.ts); a
// member group the export does not list stops the read or is warned of (unlisted-groups.ts).
import { SourceError } from "../../model/errors.js";
import { normaliseEmail } from "../../model/keys.js";
import { JsonEntry } from "../common/json-entry.js";
import { isObject } from "../common/json.js";
import { readJsonPagesAt, readMemberPages } from "../common/member-pages.js";
import { stringOption } from "../common/options.js";
import { checkPageChain } from "../common/page-chain.js";
import type { JsonPage } from "../common/json-pages.js";
import type { SourceContext } from "../source.js";
import type { SourceRecord } from "../../model/source-record.js";
import { joined } from "../../model/joined.js";
import { CustomerMembers } from "./customer-member.js";
import { checkUnlistedGroups, domainOf, type NestedGroup } from "./unlisted-groups.js";

const HINT =
  "Export groups.list?customer=my_customer into options.groups and, for each group, members.list (every page, " +
  "following nextPageToken) into options.groupMembers/<groupId>.json or options.groupMembers/<groupId>/.";

interface GroupNode {
  email: string;
  /** User ids and nested group e-mails (lower case) of the direct members. */
  users: string[];
  groups: string[];
}

/** Reads a Directory API list (`kind`, a list under `key`, nextPageToken) page by page. */
function listItems(context: SourceContext, pages: JsonPage[], kind: string, key: string): Array<{ position: string; item: Record<string, unknown> }> {
  const bodies = pages.map(({ file, body }) => {
    if (!isObject(body) || body["kind"] !== kind) throw new SourceError(context.name, `${file.path}: expected a "kind": "${kind}" response`, HINT);
    const items = body[key] ?? [];
    if (!Array.isArray(items)) throw new SourceError(context.name, `${file.path}: "${key}" is not a list`, HINT);
    return { file, items, hasNext: typeof body["nextPageToken"] === "string" && body["nextPageToken"] !== "" };
  });
  checkPageChain(context, bodies.map(({ file, hasNext }) => ({ path: file.path, hasNext })), "nextPageToken");
  return bodies.flatMap(({ file, items }) =>
    items.map((item, index) => {
      const position = joined(file.path, " entry ", index + 1);
      if (!isObject(item)) throw new SourceError(context.name, `${position}: not an object`, HINT);
      return { position, item };
    }),
  );
}

/**
 * user id → sorted group e-mails (direct and through nested groups); undefined without
 * options.groups. `users` are the export's records (whom a CUSTOMER member means), `domains` the
 * organisation's (of every primaryEmail and alias), which the listed groups' addresses add to.
 */
export async function googleGroupsByUser(context: SourceContext, users: readonly SourceRecord[], domains: ReadonlySet<string>): Promise<Map<string, string[]> | undefined> {
  const groupsPath = stringOption(context, "groups");
  const membersPath = stringOption(context, "groupMembers");
  if (groupsPath === undefined && membersPath === undefined) return undefined;
  if (groupsPath === undefined || membersPath === undefined) {
    throw new SourceError(context.name, "options.groups and options.groupMembers go together", HINT);
  }
  const nodes = new Map<string, GroupNode>();
  const nested: NestedGroup[] = [];
  const ownDomains = new Set(domains);
  const customerMembers = new CustomerMembers(users);
  for (const { position, item } of listItems(context, await readJsonPagesAt(context, groupsPath), "admin#directory#groups", "groups")) {
    const group = new JsonEntry(context, item, position);
    const id = group.requiredString("id", HINT);
    const email = normaliseEmail(group.requiredString("email", HINT));
    // A listed group's domain is the organisation's even where no user has an address there.
    for (const address of [email, ...group.strings("aliases")]) ownDomains.add(domainOf(normaliseEmail(address)));
    const node: GroupNode = { email, users: [], groups: [] };
    const pages = await readMemberPages(context, membersPath, id, position, HINT);
    for (const { position: at, item: raw } of listItems(context, pages, "admin#directory#members", "members")) {
      const member = new JsonEntry(context, raw, at);
      const type = member.string("type") ?? "USER";
      if (type === "USER") node.users.push(member.requiredString("id", HINT));
      else if (type === "GROUP") {
        const child = normaliseEmail(member.requiredString("email", HINT));
        node.groups.push(child);
        nested.push({ email: child, parent: email, at });
      } else if (type === "CUSTOMER") node.users = node.users.concat(customerMembers.of(member));
      // EXTERNAL is "currently not used" (Member resource): no such member is returned to read.
    }
    nodes.set(email, node);
  }
  checkUnlistedGroups(context, nested, new Set(nodes.keys()), ownDomains);
  const byUser = new Map<string, Set<string>>();
  // Each group's users count for it and for every group that (transitively) contains it.
  const parents = new Map<string, string[]>();
  for (const node of nodes.values()) for (const child of node.groups) parents.set(child, [...(parents.get(child) ?? []), node.email]);
  for (const node of nodes.values()) {
    const reached = new Set<string>([node.email]);
    const stack = [node.email];
    while (stack.length > 0) for (const parent of parents.get(stack.pop()!) ?? []) if (!reached.has(parent)) reached.add(parent), stack.push(parent);
    for (const user of node.users) {
      const set = byUser.get(user) ?? new Set<string>();
      for (const email of reached) set.add(email);
      byUser.set(user, set);
    }
  }
  return new Map([...byUser].map(([id, set]) => [id, [...set].sort()]));
}
