import type { SourceConfig } from "../config/documents.js";
import type { Finding } from "../model/finding.js";
import type { AttributeValue, Identity, IdentityStatus } from "../model/identity.js";
import { normaliseEmail, normaliseLogin, recordRef } from "../model/keys.js";
import type { Provenance, SourceRecord } from "../model/source-record.js";

/** Attributes a person identity carries, each taken from one record by authority or precedence. */
const SCALAR_ATTRIBUTES = ["userName", "email", "displayName", "givenName", "familyName", "employeeId", "department", "title", "manager", "employmentType", "status", "hireDate", "terminationDate"] as const;
type ScalarAttribute = (typeof SCALAR_ATTRIBUTES)[number];

function scalar(r: SourceRecord, attribute: ScalarAttribute): string | undefined {
  switch (attribute) {
    case "userName": return r.userName ? normaliseLogin(r.userName) : undefined;
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
function authorityName(attribute: ScalarAttribute): string {
  return attribute === "displayName" || attribute === "givenName" || attribute === "familyName" ? "name" : attribute === "userName" ? "userName" : attribute;
}

export interface MergeContext {
  sources: Record<string, SourceConfig>;
  /** Source names, highest precedence first. */
  precedence: string[];
}

/**
 * Merges one cluster of records into a person identity. For each attribute, the first source (in
 * precedence order) that is authoritative for it and has a value wins; otherwise the first source
 * with a value. A differing value from another source is reported, never silently dropped.
 */
export function mergePerson(records: SourceRecord[], ctx: MergeContext, findings: Finding[]): Omit<Identity, "id"> & { userName: string } {
  const ordered = [...records].sort((a, b) => rank(a.source, ctx) - rank(b.source, ctx));
  const primary = ordered[0]!;
  const attributes: Record<string, AttributeValue> = {};
  const provenance: Record<string, Provenance> = {};
  for (const attribute of SCALAR_ATTRIBUTES) {
    const offers = ordered.map((r) => ({ r, v: scalar(r, attribute) })).filter((o): o is { r: SourceRecord; v: string } => o.v !== undefined && o.v !== "");
    if (offers.length === 0) continue;
    const authority = offers.find((o) => (ctx.sources[o.r.source]?.authoritative ?? []).includes(authorityName(attribute)));
    const chosen = authority ?? offers[0]!;
    attributes[attribute] = chosen.v;
    provenance[attribute] = { source: chosen.r.source, at: chosen.r.position, rule: authority ? `authoritative: ${chosen.r.source}` : `precedence: ${chosen.r.source}` };
    // Logins, manager references and emails are per source by nature (a person has an address in
    // each directory; all of them are kept in `emails`): only other attributes can conflict.
    if (attribute === "manager" || attribute === "userName" || attribute === "email") continue;
    for (const other of offers) {
      if (other.r === chosen.r || sameValue(attribute, other.v, chosen.v)) continue;
      findings.push({
        rule: "attribute-conflict",
        severity: "info",
        message: `${attribute}: ${chosen.r.source} says ${JSON.stringify(chosen.v)}, ${other.r.source} says ${JSON.stringify(other.v)}; kept ${chosen.r.source} (${provenance[attribute]!.rule})`,
        remediation: `correct the record in ${other.r.source}, or make the intended source authoritative for ${authorityName(attribute)} in scopesync.yaml`,
        location: `${other.r.source} ${other.r.position}`,
      });
    }
  }
  const groupSources = ordered.filter((r) => (ctx.sources[r.source]?.authoritative ?? []).includes("groups"));
  const groups = [...new Set((groupSources.length > 0 ? groupSources : ordered).flatMap((r) => r.groups))].sort();
  attributes.groups = groups;
  if (groups.length > 0) provenance.groups = { source: (groupSources[0] ?? primary).source, at: (groupSources[0] ?? primary).position, rule: groupSources.length > 0 ? "authoritative: groups" : "union of all sources" };
  attributes.emails = [...new Set(ordered.flatMap((r) => r.emails.map(normaliseEmail)))];
  attributes.sources = [...new Set(ordered.map((r) => r.source))];
  return {
    userName: (attributes.userName as string | undefined) ?? normaliseLogin(primary.externalId),
    kind: primary.kind,
    anchor: recordRef(primary.source, primary.externalId),
    records: ordered.map((r) => recordRef(r.source, r.externalId)).sort(),
    aliases: ordered.slice(1).map((r) => recordRef(r.source, r.externalId)),
    status: (attributes.status as IdentityStatus | undefined) ?? "active",
    attributes,
    provenance,
    breakGlass: false,
  };
}

function rank(source: string, ctx: MergeContext): number {
  const i = ctx.precedence.indexOf(source);
  return i === -1 ? ctx.precedence.length : i;
}

function sameValue(attribute: ScalarAttribute, a: string, b: string): boolean {
  return attribute === "email" ? normaliseEmail(a) === normaliseEmail(b) : a.trim() === b.trim();
}
