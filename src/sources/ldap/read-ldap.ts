// Reads people and groups from a live directory with paged searches. Any failure, at any page,
// is a SourceError: a partial read must never reach the planner, where it would look like a
// mass offboarding.
import { Client, type SearchOptions } from "ldapts";
import { employmentTypeMap } from "../common/employment-type.js";
import { SourceError } from "../../model/errors.js";
import type { SourceRecord } from "../../model/source-record.js";
import type { SourceContext } from "../source.js";
import { dnKey } from "../../model/dn.js";
import { EntryValues, GUID_ATTRIBUTES, type DirectoryEntry } from "../common/directory/entry-values.js";
import { classify } from "../common/directory/classify.js";
import { groupClassSet } from "../common/directory/group-options.js";
import { readEntries } from "../common/directory/read-entries.js";
import type { DirectorySettings } from "../common/directory/settings.js";
import { normaliseEntry } from "./entry-to-record.js";
import { parseLdapOptions, type LdapSettings, type SearchSettings } from "./ldap-config.js";
import { describeFailure, type Phase } from "./ldap-errors.js";
import { completeRanges, RangeRetrievalError } from "./value-ranges.js";
import { classifyReference } from "../common/directory/search-references.js";
import { noteReferences, type ReadReference } from "./references.js";

/** Test seam: lets a test act between pages (e.g. kill the server) deterministically. */
export interface ReadHooks {
  afterPage?(page: { what: "people" | "groups"; page: number; entries: number }): Promise<void> | void;
}

interface Progress {
  phase: Phase;
  /** Entries received so far, people and groups together. */
  entries: number;
}

// memberOf on a group is how AD and the memberof overlay tell that a group is inside another;
// objectSid is how an AD user's primaryGroupID names its primary group (primary-group.ts);
// objectGUID (AD) and entryUUID (operational: only returned when asked for) are the group's id,
// which a move or rename leaves as it is (memberships.ts groupId()).
export const GROUP_ATTRIBUTES = ["cn", "objectClass", "member", "uniqueMember", "memberUid", "memberOf", "objectSid", "objectGUID", "entryUUID"];
// Binary values must arrive as bytes even when they happen to be valid UTF-8 (a GUID is 16 bytes).
const BUFFER_ATTRIBUTES = [...GUID_ATTRIBUTES, ...GUID_ATTRIBUTES.map((name) => name.toLowerCase()), "objectSid", "objectsid"];

/**
 * User attributes plus the operational ones we rely on: `*` alone does not return them. The same
 * list is what an LDIF export needs (ldapsearch -E pr=500/noprompt ... '*' entryUUID modifyTimestamp memberOf
 * pwdAccountLockedTime) to read the same.
 */
export function peopleAttributes(settings: Pick<LdapSettings, "anchor" | "statusAttribute">): string[] {
  const wanted = ["*", settings.anchor ?? "entryUUID", "entryUUID", "modifyTimestamp", "memberOf", "pwdAccountLockedTime"];
  if (settings.statusAttribute) wanted.push(settings.statusAttribute);
  const seen = new Set<string>();
  return wanted.filter((name) => !seen.has(name.toLowerCase()) && seen.add(name.toLowerCase()));
}

/**
 * The one clock of this adapter: `exportedAt` is when the read finished, on the run's clock
 * (`--now`, passed in as context.now) so plans reproduce; `options.now` still pins it explicitly.
 */
function readFinishedAt(context: SourceContext, settings: LdapSettings): string {
  const at = (settings.now ?? new Date(context.now ?? Date.now())).toISOString();
  const value = context.config.options?.["now"];
  context.exportTime?.({
    at,
    origin: settings.now === undefined
      ? { kind: "read" }
      : { kind: "pinned", setting: "options.now", value: typeof value === "string" ? value : at, ...(context.at ? { at: context.at(["options", "now"]) } : {}), unpinned: "the time the read finishes" },
  });
  return at;
}

/** `entries` says how far a failed read got; leave it out for problems in the data itself. */
function fail(context: SourceContext, settings: LdapSettings, what: string, entries: number | undefined, hint: string): SourceError {
  // Belt and braces: whatever a server or library put into a message, the password never leaves.
  const scrub = (text: string) => text.split(settings.password).join("***");
  const message = entries === undefined ? `${settings.url}: ${what}` : `${settings.url}: ${what} after ${entries} entries`;
  return new SourceError(context.name, scrub(message), scrub(hint));
}

async function searchAll(
  client: Client,
  search: SearchSettings,
  what: "people" | "groups",
  attributes: string[],
  settings: LdapSettings,
  progress: Progress,
  hooks: ReadHooks,
  references: ReadReference[],
): Promise<DirectoryEntry[]> {
  const entries: DirectoryEntry[] = [];
  const options: SearchOptions = {
    scope: search.scope,
    filter: search.filter,
    attributes,
    explicitBufferAttributes: BUFFER_ATTRIBUTES,
    // Paging, never sizeLimit: a size limit truncates silently.
    paged: { pageSize: settings.pageSize },
  };
  let page = 0;
  progress.phase = { step: "search", what, baseDN: search.baseDN, pagesRead: 0 };
  for await (const result of client.searchPaginated(search.baseDN, options)) {
    // Kept, not followed, and judged once the read is whole (references.ts). ldapts gives the URLs
    // of a page's references as one list, so each URL is taken as a reference of its own.
    for (const uri of result.searchReferences) references.push({ what, baseDN: search.baseDN, reference: classifyReference([uri]) });
    for (const entry of result.searchEntries) {
      // Active Directory sends a large group's member list in ranges: read them all before the
      // entry is used (value-ranges.ts), so that no member past the first range loses the group.
      const whole = await completeRanges(client, entry, { explicitBufferAttributes: BUFFER_ATTRIBUTES }, (attribute) => {
        progress.phase = { step: "range", dn: entry.dn, attribute };
      });
      entries.push(normaliseEntry(whole));
      progress.phase = { step: "search", what, baseDN: search.baseDN, pagesRead: page };
    }
    progress.entries += result.searchEntries.length;
    page += 1;
    progress.phase = { step: "search", what, baseDN: search.baseDN, pagesRead: page };
    await hooks.afterPage?.({ what, page, entries: progress.entries });
  }
  return entries;
}

async function fetchDirectory(
  context: SourceContext,
  settings: LdapSettings,
  hooks: ReadHooks,
): Promise<{ people: DirectoryEntry[]; groups: DirectoryEntry[]; references: ReadReference[] }> {
  const progress: Progress = { phase: { step: "bind" }, entries: 0 };
  const client = new Client({
    url: settings.url,
    timeout: settings.timeoutMs,
    connectTimeout: settings.timeoutMs,
    // ldapts speaks TLS from the first byte whenever tlsOptions are given, even for ldap://:
    // give them only to ldaps://; ldap:// upgrades with StartTLS below.
    tlsOptions: settings.url.toLowerCase().startsWith("ldaps://") ? settings.tls?.options : undefined,
  });
  try {
    if (settings.tls?.startTLS) {
      progress.phase = { step: "starttls" };
      // The upgraded socket checks the certificate against `host` (Node defaults to "localhost"),
      // and ldapts writes into the object it is given: pass a fresh one.
      const host = new URL(settings.url).hostname.replace(/^\[|\]$/g, "");
      await client.startTLS({ host, ...settings.tls.options });
    }
    progress.phase = { step: "bind" };
    await client.bind(settings.bindDN, settings.password);
    const references: ReadReference[] = [];
    const people = await searchAll(client, settings.people, "people", peopleAttributes(settings), settings, progress, hooks, references);
    const groups = settings.groups
      ? await searchAll(client, settings.groups, "groups", GROUP_ATTRIBUTES, settings, progress, hooks, references)
      : [];
    return { people, groups, references };
  } catch (error) {
    if (error instanceof RangeRetrievalError) {
      throw fail(context, settings, `the values of ${error.attribute} on "${error.dn}" came in ranges (Active Directory range retrieval) and could not be read to the end: ${error.detail}`, progress.entries,
        "Run again; if it persists, check the server's logs. Reading only the first range would take the group away from every member past it.");
    }
    const { what, hint } = describeFailure(error, progress.phase, settings);
    throw fail(context, settings, what, progress.entries, hint);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

function directorySettings(context: SourceContext, settings: LdapSettings): DirectorySettings {
  return {
    source: context.name,
    exportedAt: readFinishedAt(context, settings),
    ...(context.now !== undefined ? { now: new Date(context.now).toISOString() } : {}),
    disabledMeans: settings.disabledMeans,
    anchor: settings.anchor,
    groupClasses: groupClassSet(settings.groupClasses),
    maxGroupDepth: settings.maxGroupDepth,
    employmentTypes: employmentTypeMap(context),
    ...(settings.statusAttribute && settings.disabledValues
      ? { status: { attribute: settings.statusAttribute, disabledValues: new Set(settings.disabledValues.map((v) => v.trim().toLowerCase())) } }
      : {}),
  };
}

function toRecords(context: SourceContext, settings: LdapSettings, people: DirectoryEntry[], groups: DirectoryEntry[]): SourceRecord[] {
  if (people.length === 0) {
    throw fail(context, settings, `no people under "${settings.people.baseDN}" match ${settings.people.filter}`, undefined,
      "An empty result is almost always a wrong base DN, filter or bind DN without read access; check options.people.");
  }
  if (settings.groups && groups.length === 0) {
    context.warn?.({
      rule: "source-no-groups",
      severity: "warning",
      message: `source "${context.name}": no groups under "${settings.groups.baseDN}" match ${settings.groups.filter}; memberships come only from the people's memberOf`,
      remediation: "Check options.groups (base DN, filter, the bind DN's read access) and options.groupClasses; remove options.groups if the directory has no groups.",
      location: settings.url,
    });
  }
  const problems: string[] = [];
  const notPeople: string[] = [];
  const values = (entry: DirectoryEntry) => new EntryValues(context, entry, entry.dn);
  const entries = function* (): Generator<EntryValues> {
    for (const entry of groups) yield values(entry);
    for (const entry of people) yield values(entry);
  };
  const directory = directorySettings(context, settings);
  const groupKeys = new Set(groups.map((group) => dnKey(group.dn)));
  // An entry the groups filter chose that is not of a group class would be dropped unread.
  const notGroups = groups.filter((group) => classify(values(group), directory.groupClasses) !== "group").map((group) => `"${group.dn}"`);
  if (notGroups.length > 0) {
    problems.push(`the groups search returned ${notGroups.length} entries of no group class (add their class to options.groupClasses): ${notGroups.slice(0, 5).join("; ")}`);
  }
  let read;
  // The entry's own fix (a value that is not UTF-8) leads the hint: the general one does not cover it.
  let entryHint: string | undefined;
  try {
    read = readEntries(context, entries(), directory, (entry, kind) => {
      // An entry the people filter chose that is not a person: say so rather than drop it.
      if (!groupKeys.has(dnKey(entry.dn))) notPeople.push(`"${entry.dn}" (${kind === "group" ? "a group" : "no person or service-account objectClass"})`);
    });
  } catch (error) {
    if (error instanceof SourceError) {
      problems.push(error.message.replace(`source "${context.name}": `, ""));
      entryHint = error.hint;
    } else throw error;
  }
  if (notPeople.length > 0) {
    problems.push(`the people search returned ${notPeople.length} entries that are not people: ${notPeople.slice(0, 5).join("; ")}`);
  }
  const records = read?.records ?? [];
  for (const record of records) if (record.userName === "") problems.push(`"${record.position}" has no login (uid, or sAMAccountName for AD)`);
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join("; ") + (problems.length > 5 ? `; and ${problems.length - 5} more` : "");
    throw fail(context, settings, `${people.length} people and ${groups.length} groups read, but ${problems.length} problem(s) stop the read: ${shown}`, undefined,
      `${entryHint === undefined ? "" : `${entryHint} `}Every person needs ${settings.anchor ?? "entryUUID (objectGUID for AD)"} (options.anchor) and a login, and every group a group class: fix the entries, or narrow options.people.filter / options.groups.filter.`);
  }
  // Directory order depends on the server; sort by DN so that the same directory reads the same.
  const keyed = records.map((record) => ({ key: dnKey(record.position), record }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map(({ record }) => record);
}

/** Reads every person of one `ldap` source, or throws a SourceError; never a partial list. */
export async function readLdap(context: SourceContext, hooks: ReadHooks = {}): Promise<SourceRecord[]> {
  const settings = parseLdapOptions(context);
  const { people, groups, references } = await fetchDirectory(context, settings, hooks);
  const records = toRecords(context, settings, people, groups);
  noteReferences(context, settings.url, references);
  return records;
}
