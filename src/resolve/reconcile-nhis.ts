// Discovered NHIs meet the NHI files. A declared NHI (its file lists the source and id under
// `discoveredBy`, or has the same id as the discovered name) is merged: the file owns owner,
// purpose and policy, the system owns credentials and status. One the files do not declare
// becomes an identity of its own (nhi-undeclared). A declared NHI that a source which should
// report it did not is marked, never removed (nhi-not-found). A file that claims by name alone a
// name several records of a source now share claims none of them, and none is quarantined for it
// (nhi-name-ambiguous). A record, or a discovered credential, that two files claim is given to
// neither, and nothing is planned for either file's NHI until one file claims it (nhi-claimed-twice,
// claims.ts).
import type { NhiDoc } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import { NO_STRINGS, sourceList } from "../model/shared-lists.js";
import type { AttributeValue, Identity, SystemOwner } from "../model/identity.js";
import { recordRef } from "../model/keys.js";
import type { Located } from "../model/located.js";
import type { SourceRecord } from "../model/source-record.js";
import { nhiIdentity } from "./nhi-identity.js";
import { joined } from "../model/joined.js";
import { mergeWrittenCredentials } from "./written-credentials.js";
import { withConsolePassword } from "../model/console-password.js";
import { withFederatedCredentials } from "../model/federated-credential.js";
import { lazyOwnerIndex, resolveOwners, type OwnerIndex } from "./system-owners.js";
import { claimedTwiceFindings, contestedCredentials, type Contest } from "./nhi-claims.js";

export interface ReconcileInput {
  nhis: readonly Located<NhiDoc>[];
  /** Discovery sources' records, by source name, in source order. */
  discovered: ReadonlyMap<string, SourceRecord[]>;
  /** Sources that were read but failed a quality gate: what they do not report is unknown. */
  unreliable: ReadonlySet<string>;
  /** Sources whose `options.undeclared` is `quarantine`. */
  quarantine: ReadonlySet<string>;
  /** People and every other identity so far, by id; the NHIs are added to it. */
  identities: Map<string, Identity>;
  /**
   * The identities of the last accepted snapshots, when planning has them: an owner the system
   * names whom no source exports any more, but the snapshot knew, has left; one nobody knew is
   * unknown (system-owners.ts).
   */
  prior?: readonly Identity[];
  findings: Finding[];
}

export function reconcileNhis(input: ReconcileInput): void {
  const { identities, findings } = input;
  const owners: Owners = { people: lazyOwnerIndex(() => identities.values()), ...(input.prior ? { before: lazyOwnerIndex(() => input.prior!), earlier: lazyEarlierOwners(input.prior) } : {}) };
  // Per source, lower-cased ref id → NHI id. Keyed by the record's own (lower-case) string, not by
  // a "source + id" made for each record: a credential report has a record for every IAM user,
  // and each made key was a string to build and hash before a lookup that nearly always misses.
  // Each key's claimants: one NHI, unless two files name one ref (validate refuses that; a
  // repository loaded without the reference checks still gets no silent winner).
  const refsOf = new Map<string, Map<string, string[]>>();
  const byName = new Map<string, string>();
  const refSources = new Map<string, Set<string>>();
  const declared: Array<{ nhi: Identity; doc: Located<NhiDoc> }> = [];
  for (const doc of input.nhis) {
    const nhi = nhiIdentity(doc);
    if (identities.has(nhi.id)) {
      findings.push({ rule: "identity-id-collision", severity: "error", identity: nhi.id, message: `${nhi.definedAt} defines "${nhi.id}", which is also the login of the person ${identities.get(nhi.id)!.anchor}`, remediation: "rename the non-human identity", location: nhi.definedAt });
      continue;
    }
    identities.set(nhi.id, nhi);
    declared.push({ nhi, doc });
    byName.set(nhi.id.toLowerCase(), nhi.id);
    for (const ref of doc.value.discoveredBy ?? []) {
      let refs = refsOf.get(ref.source);
      if (!refs) refsOf.set(ref.source, (refs = new Map()));
      const key = ref.id.toLowerCase();
      const claimants = refs.get(key);
      if (!claimants) refs.set(key, [nhi.id]);
      else if (!claimants.includes(nhi.id)) claimants.push(nhi.id);
      if (!refSources.has(nhi.id)) refSources.set(nhi.id, new Set());
      refSources.get(nhi.id)!.add(ref.source);
    }
  }

  const ambiguousNames = new Map<string, Map<string, SourceRecord[]>>(); // file id → source → the records that share its name
  const reported = new Map<string, Set<string>>(); // per source, the lower-cased declared ref ids a record answered
  // Records a file claims, merged once every source is matched: a credential two of them carry
  // (two sources reporting one token) makes both contested, and neither is merged.
  const claimed: Array<{ record: SourceRecord; id: string }> = [];
  const contests: Contest[] = [];
  for (const [source, records] of input.discovered) {
    const refs = refsOf.get(source);
    const answered = new Set<string>();
    reported.set(source, answered);
    const ambiguous = ambiguousClaims(source, records, byName, refSources, ambiguousNames);
    for (const record of records) {
      const name = record.userName.toLowerCase();
      let viaRef: string | undefined;
      let id: string | undefined;
      if (refs) {
        const external = record.externalId.toLowerCase();
        const byId = refs.get(external);
        const byLogin = refs.get(name);
        // Its id in one file and its login in another (`pat-grant:25381`, `token-grant-25381`), or
        // one ref in two files: claimed twice. Neither file gets it, and it is no undeclared NHI.
        const claimants = [...new Set([...(byId ?? []), ...(byLogin ?? [])])];
        if (claimants.length > 1) {
          if (byId) answered.add(external);
          if (byLogin) answered.add(name);
          contests.push({ claims: claimants.sort().map((nhi) => ({ nhi, record })) });
          continue;
        }
        if (byId !== undefined) {
          id = byId[0];
          viaRef = external;
        } else if (byLogin !== undefined) {
          id = byLogin[0];
          viaRef = name;
        }
      }
      // The same name declares it only when the file says nothing about this source: a file that
      // names this source's id for it has decided which record it is.
      // A file that claims by name alone a name several records now share (ids.ts qualified them
      // all) claims none of them, and none is "declared in no file" either: each is reported,
      // never quarantined on that account. An unrelated registration under the same display name
      // must not switch off the NHI a reviewed file declared (nhi-name-ambiguous says so).
      const claimedBy = id === undefined ? ambiguous?.get(record) : undefined;
      if (claimedBy !== undefined) {
        addUndeclared(record, input, owners, claimedBy);
        continue;
      }
      if (id === undefined) {
        const named = byName.get(name);
        if (named !== undefined && !refSources.get(named)?.has(source)) id = named;
      }
      if (viaRef !== undefined) answered.add(viaRef);
      if (id !== undefined) claimed.push({ record, id });
      else addUndeclared(record, input, owners);
    }
  }
  for (const contest of contestedCredentials(claimed)) contests.push(contest);
  const contested = new Set(contests.flatMap((c) => c.claims.map((claim) => claim.record)));
  for (const { record, id } of claimed) if (!contested.has(record)) mergeDiscovered(identities.get(id)!, record, owners);
  if (contests.length > 0) {
    const docs = new Map(declared.map((d) => [d.nhi.id, d.doc]));
    for (const finding of claimedTwiceFindings(contests, docs)) findings.push(finding);
    for (const contest of contests) for (const claim of contest.claims) identities.get(claim.nhi)!.disputed = true;
  }

  for (const { nhi, doc } of declared) {
    const shared = ambiguousNames.get(nhi.id);
    if (shared) {
      for (const [source, records] of shared) {
        const list = records.map((r) => `${r.userName} (${source}:${r.externalId}${r.name.display ? `, "${r.name.display}"` : ""})`).join(", ");
        const refs = records.map((r) => `{ source: ${source}, id: ${JSON.stringify(r.externalId)} }`);
        findings.push({
          rule: "nhi-name-ambiguous",
          severity: "warning",
          identity: nhi.id,
          message: `${nhi.definedAt} claims "${nhi.id}" of ${source} by its name alone, and ${records.length} records of ${source} now share that name: ${list}; it claims none of them, so what the file says (owner, status, policy) reaches none, and none is quarantined as undeclared on that account`,
          remediation: `name the one this file declares in it: discoveredBy: [${refs[0]}] (one of ${refs.join(", ")}; \`scopesync nhi propose\` writes that form), and declare the other in a file of its own`,
          location: nhi.definedAt,
        });
      }
    }
    const missing = (doc.value.discoveredBy ?? []).filter((ref) => input.discovered.has(ref.source) && !reported.get(ref.source)!.has(ref.id.toLowerCase()));
    const notFound = missing.filter((ref) => !input.unreliable.has(ref.source)).map((ref) => `${ref.source}:${ref.id}`).sort();
    const unconfirmed = missing.filter((ref) => input.unreliable.has(ref.source)).map((ref) => `${ref.source}:${ref.id}`).sort();
    if (notFound.length > 0) nhi.notFoundIn = notFound;
    if (unconfirmed.length > 0) nhi.unconfirmedIn = unconfirmed;
  }
}

/** The file's identity takes the system's credentials, status and facts it does not state itself. */
function mergeDiscovered(identity: Identity, record: SourceRecord, owners: Owners): void {
  const at = { source: record.source, at: record.position };
  identity.records = [...identity.records, recordRef(record.source, record.externalId)].sort();
  identity.discoveredBy = [...new Set([...(identity.discoveredBy ?? []), record.source])].sort();
  identity.credentials = mergeWrittenCredentials(record.credentials ?? [], identity.credentials ?? []);
  if (record.consolePassword) identity.consolePasswords = withConsolePassword(identity.consolePasswords, record.consolePassword);
  if (record.federatedCredentials) identity.federatedCredentials = withFederatedCredentials(identity.federatedCredentials, record.federatedCredentials);
  if (record.status !== "active" && identity.status === "active") {
    identity.status = "disabled";
    identity.attributes.status = "disabled";
    identity.provenance.status = at;
  }
  for (const [name, value] of Object.entries(record.attributes ?? {})) {
    if (identity.attributes[name] !== undefined && identity.provenance[name]?.source === "file") continue;
    identity.attributes[name] = value;
    identity.provenance[name] = at;
  }
  // A file's owner decides; without one, the system's owners (several sources: the first that names any).
  if (!identity.owner && identity.systemOwners === undefined) {
    const { owner, systemOwners } = resolveOwners(record, owners.people, owners.before, owners.earlier?.(record));
    if (systemOwners) identity.systemOwners = systemOwners;
    if (owner) {
      identity.owner = owner;
      identity.attributes.owner = owner;
      identity.provenance.owner = at;
    }
  }
}

/**
 * The records of one source that a file claims by a name they share, each with that file's id:
 * records ids.ts qualified (`sharedName`) whose plain name is a file's id, where the file names no
 * record of this source under `discoveredBy` and no record of it kept the plain name. Undefined
 * when there are none, the common case, found by one property read per record. Each such file's
 * records are added to `out` for its finding.
 */
function ambiguousClaims(source: string, records: readonly SourceRecord[], byName: ReadonlyMap<string, string>, refSources: ReadonlyMap<string, Set<string>>, out: Map<string, Map<string, SourceRecord[]>>): Map<SourceRecord, string> | undefined {
  let groups: Map<string, SourceRecord[]> | undefined;
  for (const record of records) {
    if (record.sharedName === undefined) continue;
    const id = byName.get(record.sharedName.toLowerCase());
    if (id === undefined || refSources.get(id)?.has(source)) continue;
    groups ??= new Map();
    (groups.get(id) ?? groups.set(id, []).get(id)!).push(record);
  }
  if (!groups) return undefined;
  // A record that kept the plain name (a source's keepsName) is the one the file claims, as before.
  for (const record of records) groups.delete(byName.get(record.userName.toLowerCase()) ?? "");
  const claims = new Map<SourceRecord, string>();
  for (const [id, group] of groups) {
    for (const record of group) claims.set(record, id);
    (out.get(id) ?? out.set(id, new Map()).get(id)!).set(source, [...group].sort((a, b) => (a.externalId < b.externalId ? -1 : 1)));
  }
  return claims.size > 0 ? claims : undefined;
}

/**
 * A record no file declares. `claimedBy`: the file that claims it by a name it shares with
 * another record (ambiguousClaims): it is reported, never quarantined, whatever the source's
 * `undeclared` says.
 */
function addUndeclared(record: SourceRecord, input: ReconcileInput, owners: Owners, claimedBy?: string): void {
  const { identities, findings } = input;
  let id = record.userName.toLowerCase();
  if (identities.has(id)) id = `${record.source}.${id}`;
  if (identities.has(id)) {
    findings.push({ rule: "identity-id-collision", severity: "error", identity: id, message: `${record.position}: the discovered NHI "${record.userName}" and ${identities.get(id)!.anchor} resolve to one id "${id}"; the discovered one is left out until this is decided`, remediation: `declare it in identities/ with discoveredBy: [{ source: ${record.source}, id: ${JSON.stringify(record.externalId)} }] and an id of its own` });
    return;
  }
  const at = { source: record.source, at: record.position };
  const kind = record.kind === "agent" ? "agent" : "service-account";
  // What the platform itself owns (the root user, a service-linked role, a Kubernetes `default`
  // account) is nobody's to declare: quarantining it would switch off the platform, not a shadow NHI.
  // One a person signs in with (an IAM user with a console password) is most likely a person's
  // account, not a shadow NHI: it is reported (nhi-undeclared-interactive), its keys not switched
  // off by discovery alone.
  const quarantined = claimedBy === undefined && input.quarantine.has(record.source) && record.attributes?.["platformManaged"] !== true && !interactive(record);
  const status = record.status === "active" && !quarantined ? "active" : "disabled";
  const attributes: Record<string, AttributeValue> = { userName: id, kind, interactiveLogin: false };
  const provenance: Identity["provenance"] = { userName: at, kind: at, interactiveLogin: at };
  if (record.name.display) {
    attributes.displayName = record.name.display;
    provenance.displayName = at;
  }
  for (const [name, value] of Object.entries(record.attributes ?? {})) {
    attributes[name] = value;
    provenance[name] = at;
  }
  attributes.status = status;
  provenance.status = at;
  if (quarantined) {
    attributes.quarantined = "undeclared";
    provenance.quarantined = { source: record.source, at: record.position, rule: `sources.${record.source}.options.undeclared: quarantine` };
  }
  const { owner, systemOwners } = resolveOwners(record, owners.people, owners.before, owners.earlier?.(record));
  if (owner) {
    attributes.owner = owner;
    provenance.owner = at;
  }
  const anchor = joined("nhi:", id);
  const records = [recordRef(record.source, record.externalId)];
  const credentials = record.credentials ?? [];
  const discoveredBy = sourceList(record.source);
  const undeclared = quarantined ? "quarantine" : "report";
  // Two literals, not a spread of `{ owner }` in the middle of one: V8 builds a literal with a
  // spread inside it property by property at run time, and a credential report can make a million.
  const identity: Identity = owner
    ? { id, kind, anchor, records, aliases: NO_STRINGS, status, attributes, provenance, breakGlass: false, owner, credentials, discoveredBy, undeclared }
    : { id, kind, anchor, records, aliases: NO_STRINGS, status, attributes, provenance, breakGlass: false, credentials, discoveredBy, undeclared };
  if (systemOwners) identity.systemOwners = systemOwners;
  if (record.consolePassword) identity.consolePasswords = [record.consolePassword];
  if (record.federatedCredentials) identity.federatedCredentials = withFederatedCredentials(undefined, record.federatedCredentials);
  identities.set(id, identity);
}

/** The system says a person can sign in with it (the AWS credential report's `password_enabled`). */
function interactive(record: SourceRecord): boolean {
  return record.attributes?.["interactiveLogin"] === true;
}

/** The people owners are looked up among: those the sources export, and those the last accepted snapshot gave. */
interface Owners {
  people: OwnerIndex;
  before?: OwnerIndex;
  /** The system's owners the last accepted snapshot's identity of a record had (system-owners.ts, droppedBy). */
  earlier?: (record: SourceRecord) => readonly SystemOwner[] | undefined;
}

/**
 * The snapshot's system-named owners by record, indexed when the first record asks: only the
 * discovered NHIs of the snapshot have any, so a snapshot of people alone costs one pass.
 */
function lazyEarlierOwners(prior: readonly Identity[]): (record: SourceRecord) => readonly SystemOwner[] | undefined {
  let index: Map<string, readonly SystemOwner[]> | undefined;
  return (record) => {
    if (!index) {
      index = new Map();
      for (const p of prior) if (p.systemOwners?.length) for (const ref of p.records) index.set(ref, p.systemOwners);
    }
    return index.get(recordRef(record.source, record.externalId));
  };
}
