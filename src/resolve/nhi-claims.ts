// A discovered record, or a credential discovered records carry, that two NHI files claim. Given to
// the file read last (by file name alone), an expired agent's shared token grant stayed working
// while the plan said it was disabled, or an active agent's was revoked with nothing naming it
// (rv63 #3). Which NHI the record is cannot be told from the files, so fail-closed, as `disputed`
// does for people's records: it is given to neither, both NHIs are disputed (nothing planned: no
// account, grant, disable or revoke), and an error finding at each file names the other and the
// record, until one file claims it.
import type { NhiDoc } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import type { Located } from "../model/located.js";
import type { SourceRecord } from "../model/source-record.js";

/** One record (or, with `credential`, one record each) that several NHI files claim. */
export interface Contest {
  /** Each claiming NHI and the record it claims; sorted by NHI id. */
  claims: Array<{ nhi: string; record: SourceRecord }>;
  /** Set when the records differ and what they share is this discovered credential. */
  credential?: string;
}

/**
 * Discovered credentials that records claimed by different NHIs both carry: two sources reporting
 * one credential (one GitHub org read by two sources) report one credential
 * (CredentialDoc.idScope: the same id in the same scope), so two files claiming them claim it twice.
 */
export function contestedCredentials(claimed: readonly { record: SourceRecord; id: string }[]): Contest[] {
  const first = new Map<string, { record: SourceRecord; id: string }>();
  const contests = new Map<string, Contest>();
  for (const claim of claimed) {
    for (const c of claim.record.credentials ?? []) {
      const key = `${c.idScope ?? ""}\0${c.id}`;
      const earlier = first.get(key);
      if (!earlier) first.set(key, claim);
      else if (earlier.id !== claim.id) {
        const contest = contests.get(key) ?? contests.set(key, { claims: [{ nhi: earlier.id, record: earlier.record }], credential: c.id }).get(key)!;
        if (!contest.claims.some((x) => x.nhi === claim.id)) contest.claims.push({ nhi: claim.id, record: claim.record });
      }
    }
  }
  for (const contest of contests.values()) contest.claims.sort((a, b) => (a.nhi < b.nhi ? -1 : a.nhi > b.nhi ? 1 : 0));
  return [...contests.values()];
}

/** One error finding per claiming NHI, at the file's `discoveredBy` entry that claims the record. */
export function claimedTwiceFindings(contests: readonly Contest[], docs: ReadonlyMap<string, Located<NhiDoc>>): Finding[] {
  const out: Finding[] = [];
  for (const contest of contests) {
    for (const claim of contest.claims) {
      const at = claimAt(docs.get(claim.nhi)!, claim.record);
      const others = contest.claims.filter((c) => c.nhi !== claim.nhi).map((c) => `${c.nhi} (${claimAt(docs.get(c.nhi)!, c.record)}${contest.credential ? `, through ${recordName(c.record)}` : ""})`);
      const what = contest.credential
        ? `the discovered credential ${contest.credential}, which ${recordName(claim.record)} (${claim.record.position}) carries`
        : `the discovered record ${recordName(claim.record)} (${claim.record.position})`;
      out.push({
        rule: "nhi-claimed-twice",
        severity: "error",
        identity: claim.nhi,
        message: `${claim.nhi} claims ${what}, and so does ${others.join(" and ")}: ${contest.credential ? "one credential is one NHI's" : "one record is one NHI"}, so it is given to neither, and nothing is planned for ${claim.nhi} (no account, grant, disable or revoke) until one file claims it`,
        remediation: "keep the claim in the file of the NHI it is and remove it from the other; tools that share one credential are one NHI to the system that issued it: declare them as one, or give each its own credential",
        location: at,
      });
    }
  }
  return out;
}

function recordName(record: SourceRecord): string {
  return `${record.source}:${record.externalId}`;
}

/** file:line of the `discoveredBy` entry naming the record (by its id or login), else of the file. */
function claimAt(doc: Located<NhiDoc>, record: SourceRecord): string {
  const names = [record.externalId.toLowerCase(), record.userName.toLowerCase()];
  const i = (doc.value.discoveredBy ?? []).findIndex((ref) => ref.source === record.source && names.includes(ref.id.toLowerCase()));
  return `${doc.file}:${i >= 0 ? doc.locate(["discoveredBy", i]).line : doc.line}`;
}
