// Active Directory users as `ldifde -f` writes them (CRLF line ends, changetype: add, objectGUID::
// base64 of the GUID's bytes, decimal userAccountControl, FILETIME accountExpires), for tests whose
// source of people is an AD export.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SourceContext } from "../../src/sources/source.js";

export interface AdUser {
  sam: string; given: string; family: string; guid: string; uac: number; ou: string; expires?: string; employeeId?: string;
  /** Direct groups, as AD lists them (MS-ADA2 memberOf: the groups the object is directly a member of). */
  memberOf?: string[];
  /** Further attribute lines, written as given ("primaryGroupID: 513", "objectSid:: …"). */
  extra?: string[];
  /** Attributes the export left out (an `ldifde -l` attribute list), by name: "accountExpires". */
  omit?: string[];
}

/** The DN adEntry gives a user. */
export function adUserDn(u: Pick<AdUser, "given" | "family" | "ou">): string {
  return `CN=${u.given} ${u.family},OU=${u.ou},DC=contoso,DC=example`;
}

/**
 * A SID as objectSid holds it (MS-DTYP 2.4.2.2 SID packet: revision, sub-authority count, 48-bit
 * big-endian identifier authority, then each sub-authority little-endian), base64 for `objectSid::`.
 */
export function sidBytes(sid: string): string {
  const [, revision, authority, ...subs] = sid.split("-");
  const bytes = Buffer.alloc(8 + subs.length * 4);
  bytes[0] = Number(revision);
  bytes[1] = subs.length;
  bytes.writeUIntBE(Number(authority), 2, 6);
  subs.forEach((sub, i) => bytes.writeUInt32LE(Number(sub), 8 + i * 4));
  return bytes.toString("base64");
}

/** One AD group entry (objectClass group), with the members and the groups it is in as given. */
export function adGroupEntry(g: { dn: string; member?: string[]; memberOf?: string[]; sid?: string; guid?: string }): string {
  const cn = /^CN=([^,]+)/i.exec(g.dn)?.[1] ?? g.dn;
  return [
    `dn: ${g.dn}`,
    "changetype: add",
    "objectClass: top", "objectClass: group",
    `cn: ${cn}`, `sAMAccountName: ${cn}`,
    ...(g.sid ? [`objectSid:: ${sidBytes(g.sid)}`] : []),
    ...(g.guid ? [`objectGUID:: ${guidBytes(g.guid)}`] : []),
    ...(g.member ?? []).map((dn) => `member: ${dn}`),
    ...(g.memberOf ?? []).map((dn) => `memberOf: ${dn}`),
    "",
  ].join("\r\n");
}

/** A GUID as objectGUID holds it: the first three groups little-endian (MS-DTYP 2.3.4.2 GUID packet representation). */
export function guidBytes(guid: string): string {
  const hex = guid.replace(/-/g, "");
  const bytes = Buffer.from(hex, "hex");
  const le = Buffer.concat([Buffer.from(bytes.subarray(0, 4)).reverse(), Buffer.from(bytes.subarray(4, 6)).reverse(), Buffer.from(bytes.subarray(6, 8)).reverse(), bytes.subarray(8)]);
  return le.toString("base64");
}

/** accountExpires: 100-ns intervals since 1601-01-01 UTC (learn.microsoft.com/en-us/windows/win32/adschema/a-accountexpires); 9223372036854775807 is never. */
export function fileTime(iso: string): string {
  return (BigInt(Date.parse(iso)) * 10000n + 116444736000000000n).toString();
}

/**
 * One `ldifde -f` entry. userAccountControl 512 is ADS_UF_NORMAL_ACCOUNT (0x200), 514 adds
 * ADS_UF_ACCOUNTDISABLE (0x2, "The account is disabled": MS-DRSR userAccountControl bits,
 * https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-drsr/ed5db046-d9f7-4da4-884c-e14b6bcf5471),
 * 66048 adds DONT_EXPIRE_PASSWORD (0x10000) to 512.
 */
export function adEntry(u: AdUser): string {
  const omitted = new Set((u.omit ?? []).map((name) => name.toLowerCase()));
  const lines = [
    `dn: ${adUserDn(u)}`,
    "changetype: add",
    "objectClass: top", "objectClass: person", "objectClass: organizationalPerson", "objectClass: user",
    `cn: ${u.given} ${u.family}`, `sn: ${u.family}`, `givenName: ${u.given}`, `displayName: ${u.given} ${u.family}`,
    `objectGUID:: ${guidBytes(u.guid)}`,
    `userAccountControl: ${u.uac}`,
    `accountExpires: ${u.expires ? fileTime(u.expires) : "9223372036854775807"}`,
    `sAMAccountName: ${u.sam}`,
    `userPrincipalName: ${u.sam}@contoso.example`,
    `mail: ${u.sam}@contoso.example`,
    ...(u.employeeId ? [`employeeID: ${u.employeeId}`] : []),
    ...(u.memberOf ?? []).map((dn) => `memberOf: ${dn}`),
    ...(u.extra ?? []),
  ];
  const kept = lines.filter((line) => !omitted.has(line.slice(0, line.indexOf(":")).toLowerCase()));
  return [...kept, ""].join("\r\n");
}

/**
 * scopesync.yaml, exports/ad.ldf and (when `hr` is given) exports/hr.csv of a repository whose
 * people come from the AD export, with HR deciding the status of those it exports (authoritative:
 * status, as in docs/formats.md), and one file target `wiki`. The folders must exist.
 */
export function writeAdRepo(dir: string, r: { ad: AdUser[]; adOptions?: string; hr?: string }): void {
  const hr = r.hr === undefined ? "" : `  hr:
    type: csv
    path: exports/hr.csv
    authoritative: [status, employeeId]
    options: { exportedAt: "2026-11-26T06:00:00Z" }
`;
  writeFileSync(join(dir, "scopesync.yaml"), `version: 1
organisation: contoso
sources:
${hr}  ad:
    type: ldif
    path: exports/ad.ldf
    options: { exportedAt: "2026-11-26T06:00:00Z"${r.adOptions ?? ""} }
correlation:
  keys: [anchor, employeeId, email]
targets:
  wiki: { type: file, path: state/wiki.json }
`);
  if (r.hr !== undefined) writeFileSync(join(dir, "exports/hr.csv"), r.hr);
  writeFileSync(join(dir, "exports/ad.ldf"), r.ad.map(adEntry).join("\r\n"));
}

/**
 * One search as `ldapsearch` without -L writes it (the `# base <…>` header, the entries, then
 * `search: 2` / `result: 0 Success` and `# numEntries:`): a file that proves itself whole.
 * Entries made by adEntry/adGroupEntry lose their ldifde-only `changetype: add` and CRLF.
 */
export function ldapsearchResult(base: string, filter: string, entries: string[]): string {
  const body = entries.map((entry) => entry.replace(/\r\n/g, "\n").replace(/^changetype: add\n/m, "").trimEnd() + "\n");
  return [
    `# extended LDIF\n#\n# LDAPv3\n# base <${base}> with scope subtree\n# filter: ${filter}\n# requesting: * memberOf\n#\n`,
    ...body,
    `# search result\nsearch: 2\nresult: 0 Success\n\n# numResponses: ${entries.length + 1}\n# numEntries: ${entries.length}\n`,
  ].join("\n");
}

/** A context for the ldif source named "ad" reading `text` from a temp dir, at the plan time `now`. */
export function adLdifContext(text: string, options: Record<string, unknown> = {}, now = "2026-11-26T09:00:00Z"): SourceContext {
  const dir = mkdtempSync(join(tmpdir(), "scopesync-ad-ldif-"));
  writeFileSync(join(dir, "ad.ldif"), text);
  return { name: "ad", config: { type: "ldif", path: "ad.ldif", options: { exportedAt: "2026-11-26T06:00:00Z", ...options } }, repoDir: dir, env: {}, now: Date.parse(now) };
}
