// Active Directory users as `ldifde -f` writes them (CRLF line ends, changetype: add, objectGUID::
// base64 of the GUID's bytes, decimal userAccountControl, FILETIME accountExpires), for tests whose
// source of people is an AD export.
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export interface AdUser { sam: string; given: string; family: string; guid: string; uac: number; ou: string; expires?: string; employeeId?: string }

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
  return [
    `dn: CN=${u.given} ${u.family},OU=${u.ou},DC=contoso,DC=example`,
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
    "",
  ].join("\r\n");
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
