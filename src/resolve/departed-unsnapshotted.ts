// departed.ts's case before the deciding source's first accepted snapshot: a leaver dropped from
// an HR export while a directory still exports them enabled. With no snapshot, the only memory of
// whom the source governed is the targets' accounts marked with its anchors (externalId). Without
// this, the plan disabled the marked account as a leaver's and created the same person a new one
// from the directory's record ("joiner"). A record matching a gone anchor's account by e-mail, or
// by the worker id the anchor is (where the source's ids are its employee ids), is the leaver.
import type { SourceConfig } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import type { MarkedAccount } from "../model/marked-account.js";
import type { SourceRecord } from "../model/source-record.js";
import { emailKey, sourceOfRef } from "../model/keys.js";
import { decidesStatus, exportChecks } from "../model/export-checks.js";

export interface UnsnapshottedInput {
  identities: Map<string, Identity>;
  /** The records read now: which anchors are still exported, and whether a source's ids are its employee ids. */
  records: readonly SourceRecord[];
  /**
   * Reads the accounts marked with anchors of deciding sources that have no accepted snapshot
   * (targets/marked-accounts.ts): every target's state file, so it is called only when someone
   * could match.
   */
  marked: () => readonly MarkedAccount[];
  sources: Readonly<Record<string, SourceConfig>>;
  read: ReadonlySet<string>;
  /** Sources whose absences decide nothing (failed a gate, export not proven complete). */
  unreliable: ReadonlySet<string>;
  findings: Finding[];
}

/** The gone anchors whose person another source still exports, sorted; those people become leavers. */
export function keepUnsnapshottedLeavers(input: UnsnapshottedInput): string[] {
  const { identities, records, marked, sources, read, unreliable, findings } = input;
  // Someone a source of status still exports is theirs to decide (a second employment, a rehire): not ours.
  const candidates = [...identities.values()].filter((identity) => identity.kind === "person" && identity.status !== "terminated" && !identity.records.some((r) => decidesStatus(sources[sourceOfRef(r)])));
  // Where every person is exported by a source of status (an HR-only organisation), no state file is read.
  if (candidates.length === 0) return [];
  const decides = (source: string): boolean => read.has(source) && !unreliable.has(source) && decidesStatus(sources[source]);
  const present = new Set(records.map((r) => `${r.source}:${r.externalId}`));
  const gone = new Map<string, MarkedAccount[]>(); // anchor → the accounts marked with it
  for (const m of marked()) if (decides(sourceOfRef(m.anchor)) && !present.has(m.anchor)) (gone.get(m.anchor) ?? gone.set(m.anchor, []).get(m.anchor)!).push(m);
  if (gone.size === 0) return [];
  const idsAreEmployeeIds = employeeIdSources(records);
  // By e-mail and by employee id: the gone anchors each remainder could be.
  const byEmail = new Map<string, Set<string>>();
  const byEmployeeId = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string, anchor: string): void => void (map.get(key) ?? map.set(key, new Set()).get(key)!).add(anchor);
  for (const [anchor, accounts] of gone) {
    for (const a of accounts) for (const e of a.emails) add(byEmail, e, anchor);
    const source = sourceOfRef(anchor);
    if (idsAreEmployeeIds.has(source)) add(byEmployeeId, `${source}\u0000${anchor.slice(source.length + 1)}`, anchor);
  }
  // Each candidate's matches first: an anchor is one worker, so an anchor two people match is decided for neither.
  const matches: Array<{ identity: Identity; why: Map<string, string[]> }> = [];
  const matchedBy = new Map<string, Identity[]>(); // gone anchor → the candidates matching it
  for (const identity of candidates.sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const why = new Map<string, string[]>(); // gone anchor → how this record matches it
    const emails = Array.isArray(identity.attributes.emails) ? identity.attributes.emails : [];
    for (const e of emails) for (const anchor of byEmail.get(emailKey(e)) ?? []) (why.get(anchor) ?? why.set(anchor, []).get(anchor)!).push(`the e-mail ${e}`);
    const employeeId = identity.attributes.employeeId;
    if (typeof employeeId === "string") {
      for (const source of idsAreEmployeeIds) for (const anchor of byEmployeeId.get(`${source}\u0000${employeeId.trim()}`) ?? []) (why.get(anchor) ?? why.set(anchor, []).get(anchor)!).push(`the employee id ${employeeId}`);
    }
    if (why.size === 0) continue;
    matches.push({ identity, why });
    for (const anchor of why.keys()) (matchedBy.get(anchor) ?? matchedBy.set(anchor, []).get(anchor)!).push(identity);
  }
  const accountsOf = (anchor: string): string => gone.get(anchor)!.map((m) => `${m.target} account "${m.login}"`).join(", ");
  for (const [anchor, people] of [...matchedBy].sort(([a], [b]) => (a < b ? -1 : 1))) if (people.length > 1) ambiguousMatch(anchor, accountsOf(anchor), matches.filter((m) => m.why.has(anchor)), findings);
  const departed = new Set<string>();
  for (const { identity, why: all } of matches) {
    const why = new Map([...all].filter(([anchor]) => matchedBy.get(anchor)!.length === 1));
    if (why.size === 0) continue;
    const anchors = [...why.keys()].sort();
    const [first] = anchors as [string, ...string[]];
    const source = sourceOfRef(first);
    const was = identity.status;
    identity.status = "terminated";
    identity.attributes = { ...identity.attributes, status: "terminated" };
    identity.provenance = { ...identity.provenance, status: { source, at: `${first} is no longer in the export` } };
    for (const a of anchors) departed.add(a);
    const matched = anchors.map((a) => `${a} (${accountsOf(a)}; ${[...new Set(why.get(a))].join(" and ")})`).join("; ");
    const still = [...new Set(identity.records.map(sourceOfRef))].sort();
    findings.push({
      rule: "departed-still-exported",
      severity: "warning",
      identity: identity.id,
      message: `${identity.id} (${identity.records.join(", ")}, ${was}) matches ${matched}: ${anchors.length === 1 ? "that anchor is" : "those anchors are"} no longer in "${source}", which is authoritative for status, has no accepted snapshot yet, and whose export passed ${exportChecks(sources[source])}. They are offboarded as a leaver, not made a new person from ${still.join(", ")}`,
      remediation: `if they left, switch them off in ${still.join(", ")} too; if they did not, find out why "${source}" no longer exports them (a filtered export, a changed worker id) and fix the export; then run scopesync snapshot and commit its snapshot, so that leavers are measured against it`,
      ...(identity.provenance.userName ? { location: `${identity.provenance.userName.source} ${identity.provenance.userName.at}` } : {}),
    });
  }
  return [...departed].sort();
}

/**
 * departed-match-ambiguous: one gone anchor is one worker, yet several people match its accounts
 * (two directory users holding its addresses, one by e-mail and another by employee id). Which of
 * them left is not known, so nobody is offboarded on that inference: each keeps what their sources
 * say, and the anchor's own accounts are offboarded as any gone anchor's are. A warning, not an
 * error: a block would hold every plan until a directory changed, with no reviewed entry to settle
 * it, while what the plan does here is what it did before these marks were read.
 */
function ambiguousMatch(anchor: string, accounts: string, people: ReadonlyArray<{ identity: Identity; why: Map<string, string[]> }>, findings: Finding[]): void {
  const named = people.map(({ identity, why }) => `${identity.id} (${identity.records.join(", ")}; ${[...new Set(why.get(anchor))].join(" and ")})`).join(", ");
  const source = sourceOfRef(anchor);
  for (const { identity } of people) {
    findings.push({
      rule: "departed-match-ambiguous",
      severity: "warning",
      identity: identity.id,
      message: `${anchor} (${accounts}) is no longer in "${source}", and ${people.length} people match it: ${named}. One worker cannot be ${people.length} people, so none of them is offboarded as its leaver: each keeps the status their sources give, and ${anchor}'s accounts are offboarded as a gone anchor's`,
      remediation: `if one of them left, switch them off in the system that still exports them (the next plan offboards them); correct the address or employee id that names the others (on ${accounts} or in their source); then run scopesync snapshot and commit its snapshot, so that leavers are measured against it`,
    });
  }
}

/**
 * The sources whose records give their employee id as their external id (the same column): there
 * a gone anchor's id is the leaver's employee id. Elsewhere an id may be a row number another
 * person's employee id happens to equal, so only e-mail matches count.
 */
function employeeIdSources(records: readonly SourceRecord[]): Set<string> {
  const same = new Map<string, boolean>();
  for (const r of records) {
    if (r.employeeId === undefined) continue;
    same.set(r.source, (same.get(r.source) ?? true) && r.employeeId.trim() === r.externalId);
  }
  return new Set([...same].filter(([, yes]) => yes).map(([s]) => s));
}
