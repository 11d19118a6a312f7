import { sameDay } from "../model/time.js";
import type { SourceConfig } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import type { AttributeValue, Identity, IdentityStatus } from "../model/identity.js";
import { emailKey, identityLogin, normaliseEmail, normaliseLogin, recordRef } from "../model/keys.js";
import type { Provenance, SourceRecord } from "../model/source-record.js";
import { NO_STRINGS, sourceList } from "../model/shared-lists.js";
import { groupNamesOf, type SharedGroupNames } from "./group-names.js";
import { beforeStartOf } from "./before-start.js";
import { signInBlockedConflict } from "./sign-in-blocked-conflict.js";
import { keepsEmploymentRecords } from "../model/employment-records.js";
import { EMPLOYMENT_ATTRIBUTES, EMPLOYMENT_DATES, employmentsDisagree, governingEmployment, governingRule, type LinkedBy } from "./employments.js";

/** Attributes a person identity carries, each taken from one record by authority or precedence. */
const SCALAR_ATTRIBUTES = ["userName", "email", "displayName", "givenName", "familyName", "employeeId", "department", "title", "manager", "employmentType", "status", "hireDate", "terminationDate"] as const;
type ScalarAttribute = (typeof SCALAR_ATTRIBUTES)[number];

function scalar(r: SourceRecord, attribute: ScalarAttribute): string | undefined {
  switch (attribute) {
    case "userName": return r.userName ? identityLogin(r.userName) : undefined;
    case "email": return r.emails[0] ? normaliseEmail(r.emails[0]) : undefined;
    case "displayName": return r.name.display ?? ([r.name.given, r.name.family].filter(Boolean).join(" ") || undefined);
    case "givenName": return r.name.given;
    case "familyName": return r.name.family;
    case "employeeId": return r.employeeId;
    case "department": return r.department;
    case "title": return r.title;
    case "manager": return r.manager;
    case "employmentType": return r.employmentType;
    case "status": return r.status;
    case "hireDate": return r.hireDate;
    case "terminationDate": return r.terminationDate;
  }
}

/** Which attribute name in `authoritative:` covers an identity attribute. */
function authorityNameOf(attribute: ScalarAttribute): string {
  return attribute === "displayName" || attribute === "givenName" || attribute === "familyName" ? "name" : attribute === "userName" ? "userName" : attribute;
}

export interface MergeContext {
  sources: Record<string, SourceConfig>;
  /** Source names, highest precedence first. */
  precedence: string[];
  /** Names a source gives to several groups (group-names.ts): listed by id in `groups`, never by the name alone. */
  sharedGroupNames?: SharedGroupNames;
  /** Where a reviewed `links` entry names both records, if one does (employments.ts). Default: none does. */
  linkedBy?: LinkedBy;
  /** The csv sources whose export is an Active Directory export (employment-records.ts csvDirectoryExports): no books of record. Default: none. */
  directoryExports?: ReadonlySet<string>;
}

export type MergedPerson = Omit<Identity, "id"> & { userName: string };

/**
 * A function that merges one cluster of records into a person identity. For each attribute, the
 * first source (in precedence order) that is authoritative for it and has a value wins; otherwise
 * the first source with a value. A differing value from another source is reported, never
 * silently dropped.
 *
 * What every cluster shares (source ranks, which source is authoritative for what, the provenance
 * rules' text) is worked out once: the returned function runs for each of 100k+ clusters.
 */
export function personMerger(ctx: MergeContext): (records: SourceRecord[], findings: Finding[]) => MergedPerson {
  const ranks = new Map<string, number>();
  ctx.precedence.forEach((source, i) => {
    if (!ranks.has(source)) ranks.set(source, i);
  });
  const rank = (source: string): number => ranks.get(source) ?? ctx.precedence.length;
  const authorities = new Map<string, ReadonlySet<string>>();
  const isAuthoritative = (source: string, attribute: string): boolean => {
    let names = authorities.get(source);
    if (!names) authorities.set(source, (names = new Set(ctx.sources[source]?.authoritative ?? [])));
    return names.has(attribute);
  };
  // One string per source and rule, shared by every identity, instead of one per attribute of each.
  const rules = new Map<string, { authoritative: string; precedence: string }>();
  const ruleText = (source: string, byAuthority: boolean): string => {
    let texts = rules.get(source);
    if (!texts) rules.set(source, (texts = { authoritative: `authoritative: ${source}`, precedence: `precedence: ${source}` }));
    return byAuthority ? texts.authoritative : texts.precedence;
  };

  const decidesStatus = (source: string): boolean => isAuthoritative(source, "status");
  // Books of record for employment (HR exports): only between them does the most access govern.
  const directoryExports = ctx.directoryExports ?? new Set<string>();
  const isBook = (source: string): boolean => keepsEmploymentRecords(ctx.sources[source], source, directoryExports);
  const linkedBy: LinkedBy = ctx.linkedBy ?? (() => undefined);

  const sharedNames: SharedGroupNames = ctx.sharedGroupNames ?? new Map();
  const groupsOf = (r: SourceRecord): readonly string[] => (sharedNames.size === 0 ? r.groups : groupNamesOf(r, sharedNames).names);
  const unknownOf = (r: SourceRecord): readonly string[] => (sharedNames.size === 0 ? NO_STRINGS : groupNamesOf(r, sharedNames).unknown);

  const merge = (records: SourceRecord[], findings: Finding[]): MergedPerson => {
    const ordered = records.length > 1 ? [...records].sort((a, b) => rank(a.source) - rank(b.source)) : records;
    const primary = ordered[0]!;
    const attributes: Record<string, AttributeValue> = {};
    const provenance: Record<string, Provenance> = {};
    // Attributes taken from the same record by the same rule share one (read-only) provenance
    // object: by record position, [by precedence, by authority].
    const shared: (Provenance | undefined)[][] = ordered.map(() => [undefined, undefined]);
    const values: (string | undefined)[] = new Array(ordered.length);
    // Two books of record disagree on status and the one precedence puts first has ended the
    // employment the other keeps: the kept employment's record gives its attributes (employments.ts).
    const governing = ordered.length > 1 ? governingEmployment(ordered, decidesStatus, isBook) : undefined;
    let governed: Provenance | undefined;
    for (const attribute of SCALAR_ATTRIBUTES) {
      const authorityName = authorityNameOf(attribute);
      let chosen = -1;
      let byAuthority = false;
      // The dates go with the status they bound wherever the governing record's source decides it:
      // a rehire's old row, kept terminated beside the new one, gave its leaving date to the person
      // it no longer speaks for (termination-date-passed on someone at work) where `authoritative:`
      // did not name the dates.
      const byEmployment = governing !== undefined && EMPLOYMENT_ATTRIBUTES.has(attribute) && (isAuthoritative(ordered[governing]!.source, authorityName) || (EMPLOYMENT_DATES.has(attribute) && isAuthoritative(ordered[governing]!.source, "status")));
      for (let k = 0; k < ordered.length; k++) {
        const v = scalar(ordered[k]!, attribute);
        values[k] = v === "" ? undefined : v;
        if (values[k] === undefined || byAuthority || byEmployment) continue;
        if (isAuthoritative(ordered[k]!.source, authorityName)) {
          chosen = k;
          byAuthority = true;
        } else if (chosen === -1) {
          chosen = k;
        }
      }
      // The ended employment's date of leaving is not the kept one's: absent when the governing record has none.
      if (byEmployment && values[governing] !== undefined) chosen = governing;
      if (chosen === -1) continue;
      const record = ordered[chosen]!;
      const value = values[chosen]!;
      attributes[attribute] = value;
      const slot = byAuthority ? 1 : 0;
      provenance[attribute] = byEmployment
        ? (governed ??= { source: record.source, at: record.position, rule: governingRule(ordered, governing!) })
        : (shared[chosen]![slot] ??= { source: record.source, at: record.position, rule: ruleText(record.source, byAuthority) });
      // Logins, manager references and emails are per source by nature (a person has an address in
      // each directory; all of them are kept in `emails`): only other attributes can conflict.
      if (attribute === "manager" || attribute === "userName" || attribute === "email") continue;
      for (let k = 0; k < ordered.length; k++) {
        const other = ordered[k]!;
        const v = values[k];
        if (v === undefined || other === record || sameValue(attribute, v, value)) continue;
        // Another book of record's employment (employments.ts); a directory that has shut the person
        // out while the deciding source says active is a missed leaver's mark.
        const said = attribute === "status" ? (employmentsDisagree({ record, value }, other, v, isBook, linkedBy) ?? signInBlockedConflict({ record, value, rule: provenance[attribute]!.rule! }, other, v, ctx.sources[other.source])) : undefined;
        findings.push(said ?? {
          rule: "attribute-conflict",
          severity: "info",
          message: `${attribute}: ${record.source} says ${JSON.stringify(value)}, ${other.source} says ${JSON.stringify(v)}; kept ${record.source} (${provenance[attribute]!.rule})`,
          remediation: `correct the record in ${other.source}, or make the intended source authoritative for ${authorityName} in scopesync.yaml`,
          location: `${other.source} ${other.position}`,
        });
      }
    }
    const groupSources = ordered.filter((r) => isAuthoritative(r.source, "groups"));
    const fromGroups = groupSources.length > 0 ? groupSources : ordered;
    const groups = distinct(fromGroups.map(groupsOf)).sort();
    attributes.groups = groups.length > 0 ? groups : NO_STRINGS;
    // Shared names no snapshot settles, of groups this person is in: unknown, not absent (group-names.ts).
    const groupsUnknown = sharedNames.size === 0 ? NO_STRINGS : distinct(fromGroups.map(unknownOf)).sort();
    if (groups.length > 0) provenance.groups = { source: (groupSources[0] ?? primary).source, at: (groupSources[0] ?? primary).position, rule: groupSources.length > 0 ? "authoritative: groups" : "union of all sources" };
    // The same groups by id, where the sources give ids: `where: { groupIds: … }` names one group
    // even when another has its name (group-names.ts). Absent when no record has any.
    const groupIds = fromGroups.some((r) => r.groupRefs !== undefined) ? distinct(fromGroups.map((r) => (r.groupRefs ?? []).map((g) => g.id))).sort() : NO_STRINGS;
    if (groupIds.length > 0) {
      attributes.groupIds = groupIds;
      provenance.groupIds = provenance.groups ?? { source: (groupSources[0] ?? primary).source, at: (groupSources[0] ?? primary).position, rule: groupSources.length > 0 ? "authoritative: groups" : "union of all sources" };
    }
    // Groups another source lists are dropped where one source decides them: said, never silently.
    if (groupSources.length > 0 && groupSources.length < ordered.length) {
      for (const other of ordered) {
        const dropped = groupSources.includes(other) ? NO_STRINGS : groupsOf(other).filter((g) => !groups.includes(g));
        if (dropped.length === 0) continue;
        findings.push({
          rule: "attribute-conflict",
          severity: "info",
          message: `groups: ${groupSources.map((r) => r.source).join(", ")} decide${groupSources.length === 1 ? "s" : ""} them (authoritative: groups); ${other.source} also says ${JSON.stringify(dropped)}, which ${dropped.length === 1 ? "is" : "are"} not used`,
          remediation: `correct the record in ${other.source}, or make the intended source authoritative for groups in scopesync.yaml`,
          location: `${other.source} ${other.position}`,
        });
      }
    }
    attributes.emails = distinctEmails(ordered);
    attributes.sources = ordered.length > 1 ? distinct([ordered.map((r) => r.source)]) : sourceList(primary.source);
    // `attributes` is built by assignment, always in this order, so that identities with the same
    // attributes share one V8 hidden class: spread copies gave each its own, and every attribute
    // read in selectors and diffs missed V8's caches.
    attributes.kind = primary.kind;
    for (const record of ordered) if (record.attributes) addSourceAttributes(record, attributes, provenance);
    const refs = ordered.map((r) => recordRef(r.source, r.externalId));
    const departed = ordered.find((r) => r.departed !== undefined)?.departed;
    const terminatedSeen = ordered.find((r) => r.terminatedSeen !== undefined)?.terminatedSeen;
    const merged: MergedPerson = {
      userName: (attributes.userName as string | undefined) ?? normaliseLogin(primary.externalId),
      kind: primary.kind,
      anchor: refs[0]!,
      records: refs.length > 1 ? [...refs].sort() : refs,
      aliases: refs.length > 1 ? refs.slice(1) : NO_STRINGS,
      status: (attributes.status as IdentityStatus | undefined) ?? "active",
      attributes,
      provenance,
      breakGlass: false,
    };
    // Only a snapshot's records have it (a leaver kept after they left every export).
    if (departed !== undefined) merged.departed = departed;
    if (terminatedSeen !== undefined) merged.terminatedSeen = terminatedSeen;
    if (groupsUnknown.length > 0) merged.groupsUnknown = groupsUnknown;
    // The deciding record is of an employment still to come and another exports them active today
    // (a conversion entered ahead): what today's records say is kept beside it (before-start.ts).
    if (ordered.length > 1) {
      const before = beforeStartOf(ordered, provenance, (today) => merge(today, []));
      if (before !== undefined) merged.beforeStart = before;
    }
    return merged;
  };
  return merge;
}

/** The values of all the lists, each once, in first-seen order (as a Set would give them). */
function distinct(lists: readonly (readonly string[])[]): string[] {
  if (lists.length === 1 && lists[0]!.length <= 1) return [...lists[0]!];
  const seen = new Set<string>();
  for (const list of lists) for (const v of list) seen.add(v);
  return [...seen];
}

/**
 * Every record's addresses, each address once in the first spelling met (the deciding source's):
 * lukasz@müller.de from HR and lukasz@xn--mller-kva.de from a directory are one address
 * (model/keys.ts, emailKey), and an app given both would hold it twice.
 */
function distinctEmails(ordered: readonly SourceRecord[]): string[] {
  const lists = ordered.map((r) => r.emails.map(normaliseEmail));
  if (lists.length === 1 && lists[0]!.length <= 1) return lists[0]!;
  const seen = new Map<string, string>();
  for (const list of lists) for (const v of list) if (!seen.has(emailKey(v))) seen.set(emailKey(v), v);
  return [...seen.values()];
}

/** The attributes the model types as dates (SourceRecord hireDate, terminationDate): compared as days (model/time.ts sameDay). */
const DATE_ATTRIBUTES: ReadonlySet<ScalarAttribute> = new Set(["hireDate", "terminationDate"]);

function sameValue(attribute: ScalarAttribute, a: string, b: string): boolean {
  if (attribute === "email") return emailKey(a) === emailKey(b);
  // HR's "2023-01-09" and Entra's "2023-01-09T00:00:00.000Z" are one hire date, not a conflict.
  return a.trim() === b.trim() || (DATE_ATTRIBUTES.has(attribute) && sameDay(a.trim(), b.trim()));
}

const RESERVED = new Set(["groups", "groupIds", "emails", "sources", "kind"]);

/**
 * A record's further attributes (docs/formats.md: Entra `directoryRoles`, Google `isAdmin`, every
 * value of a multi-valued `title`): a field's full list comes from the record the field was taken
 * from; any other attribute from the first record (in precedence order) that has it.
 */
function addSourceAttributes(record: SourceRecord, attributes: Record<string, AttributeValue>, provenance: Record<string, Provenance>): void {
  for (const [name, value] of Object.entries(record.attributes!)) {
    if (RESERVED.has(name)) continue;
    const from = provenance[name];
    if ((SCALAR_ATTRIBUTES as readonly string[]).includes(name)) {
      if (from?.source === record.source && from.at === record.position) attributes[name] = value;
    } else if (!(name in attributes)) {
      attributes[name] = value;
      provenance[name] = { source: record.source, at: record.position, rule: `precedence: ${record.source}` };
    }
  }
}
