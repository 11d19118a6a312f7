// Employee ids are compared as written: SAP writes a personnel number as "00001234", Active
// Directory's employeeID often "1234", so the two records of one person never join on it and
// nothing said why. They stay apart (a number written with zeros may be another system's own
// numbering), but the plan names them, as a did-you-mean.
import type { Finding } from "../model/finding.js";
import type { SourceRecord } from "../model/source-record.js";
import { firstNamed } from "../model/first-named.js";
import { recordRef, withoutLeadingZeros } from "../model/keys.js";

/**
 * One info finding when records of different sources, resolved to different identities, have
 * employeeIds that are the same number but for leading zeros. Only when employeeId is a
 * correlation key: otherwise no one expects them to join.
 */
export function zeroPaddedIdFindings(records: readonly SourceRecord[], identityOfRecord: readonly string[]): Finding[] {
  const byNumber = new Map<string, number[]>(); // the id without its leading zeros → records
  records.forEach((r, i) => {
    if (r.employeeId === undefined || !/^\d+$/.test(r.employeeId)) return;
    const bare = withoutLeadingZeros(r.employeeId);
    const list = byNumber.get(bare);
    if (list) list.push(i);
    else byNumber.set(bare, [i]);
  });
  const pairs: string[] = [];
  for (const list of byNumber.values()) {
    if (list.length < 2) continue;
    const a = list[0]!;
    const first = records[a]!;
    const b = list.find((i) => records[i]!.source !== first.source && records[i]!.employeeId !== first.employeeId && identityOfRecord[i] !== identityOfRecord[a]);
    if (b === undefined) continue;
    const other = records[b]!;
    pairs.push(`${recordRef(first.source, first.externalId)} ("${first.employeeId}", ${identityOfRecord[a]}) and ${recordRef(other.source, other.externalId)} ("${other.employeeId}", ${identityOfRecord[b]})`);
  }
  if (pairs.length === 0) return [];
  return [
    {
      rule: "employee-id-leading-zeros",
      severity: "info",
      message: `${pairs.length === 1 ? "one pair of records of different sources has" : `${pairs.length} pairs of records of different sources have`} employeeIds that differ only in leading zeros, so they are not joined: ${firstNamed(pairs)}`,
      remediation: "if each pair is one person, write the employee id the same way in both sources, or link the records in identities/links.yaml; if they are different people, nothing needs doing",
    },
  ];
}
