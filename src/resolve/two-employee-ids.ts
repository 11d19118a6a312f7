// Two books of record for employee ids in one cluster, giving it two different ids. After a merger
// Globex's Entra users got an alias on Acme's domain (proxyAddresses smtp:chris.wong@acme.example),
// which is the address of another Chris Wong at Acme: correlation joined Acme's HR record to
// Globex's Entra user by that address, and Globex's HR record to it by employee id. One identity
// then held two employments with two worker ids, and Globex's Chris's account was renamed and
// re-addressed to Acme's Chris (rv100 H2). An e-mail match is not questioned by the names
// (id-conflict.ts), but two sources that each decide `employeeId` (authoritative) and give
// different ones say plainly that these are two workers, whichever key joined them: the cluster is
// kept apart and blocks, as correlation-conflict, until a reviewed `links` entry names the two
// records (a transfer, a second employment) or a `separate` entry splits them.
import type { Finding } from "../model/finding.js";
import { recordRef } from "../model/keys.js";
import type { SourceRecord } from "../model/source-record.js";

/** The first two members of different sources, both authoritative for employeeId, with different ids and no `links` entry joining them. */
export function twoEmployeeIds(members: readonly number[], records: readonly SourceRecord[], authorities: ReadonlySet<string>, linked: (a: number, b: number) => boolean): [number, number] | undefined {
  const deciding = members.filter((i) => authorities.has(records[i]!.source) && (records[i]!.employeeId?.trim() ?? "") !== "");
  for (let x = 0; x < deciding.length; x++) {
    for (let y = x + 1; y < deciding.length; y++) {
      const [p, q] = [records[deciding[x]!]!, records[deciding[y]!]!];
      if (p.source !== q.source && p.employeeId!.trim() !== q.employeeId!.trim() && !linked(deciding[x]!, deciding[y]!)) return [deciding[x]!, deciding[y]!];
    }
  }
  return undefined;
}

/** The blocking finding: both records, both ids, what joined them, and the `links` line that would. */
export function twoEmployeeIdsFinding([a, b]: [number, number], members: readonly number[], records: readonly SourceRecord[], reasons: (i: number) => readonly string[]): Finding {
  const ref = (i: number): string => recordRef(records[i]!.source, records[i]!.externalId);
  const [ra, rb] = [records[a]!, records[b]!];
  const pair = `${ref(a)}, ${ref(b)}`;
  const others = members.filter((i) => i !== a && i !== b).map(ref);
  const joined = members.flatMap(reasons);
  return {
    rule: "correlation-conflict",
    severity: "error",
    message: `records ${ref(a)} and ${ref(b)} give different employee ids ("${ra.employeeId!.trim()}" and "${rb.employeeId!.trim()}"), and ${ra.source} and ${rb.source} are both authoritative for employeeId: two workers, though correlation joined them (${joined.join("; ")}), so they are not merged${others.length > 0 ? ` (nor ${others.join(", ")}, which correlate with them)` : ""}; an address one of them holds (an alias) may be the other's`,
    remediation: `decide in identities/links.yaml: links: [{ records: [${pair}], reason: … }] if they are one person (a transfer, a second employment), separate: [{ records: [${pair}], reason: … }] if two; if an address joined them, correct it in the source that gives it to the wrong person`,
    location: `${ra.source} ${ra.position}; ${rb.source} ${rb.position}`,
  };
}
