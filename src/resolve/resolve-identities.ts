import { sourceOrder as orderOfSources } from "../model/source-order.js";
import { csvDirectoryExports } from "../model/employment-records.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import type { Finding } from "../model/finding.js";
import { compareFindings, cmp } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import type { SourceRecord } from "../model/source-record.js";
import type { GroupHistory } from "../model/group-name-binding.js";
import { correlate, type CorrelationKey } from "./correlate.js";
import { personMerger } from "./merge-person.js";
import { linkedByEntries } from "./reviewed-links.js";
import { ambiguousGroupFindings, sharedGroupNames } from "./group-names.js";
import { groupsByDn, refuseDnGroupIds } from "./dn-group-ids.js";
import { DISCOVERY_SOURCE_TYPES } from "../model/source-types.js";
import { reconcileNhis } from "./reconcile-nhis.js";
import { applyOverlays } from "./overlays.js";
import { addFormerId, formerIdsFromRecords, formerIdsOf, keptRenames, renamesSince } from "./renames.js";
import { append } from "../model/append.js";
import { holdAsBefore, keepWhatFailedSourcesGave } from "./held.js";
import { keepDepartedAsLeavers } from "./departed.js";
import { keepUnsnapshottedLeavers } from "./departed-unsnapshotted.js";
import type { MarkedAccount } from "../model/marked-account.js";
import { keepSplitRecords, keptBySnapshot } from "./split-off.js";
import { linkEarlierRecords, markRehires } from "./rehired.js";
import { leaverRecords } from "./leaver-records.js";
import { lookAlikeEmailFindings } from "./look-alike-emails.js";
import { lookAlikeIdFindings } from "./look-alike-ids.js";
import { resolveManagers, unresolvedManagerFindings } from "./manager-refs.js";
import { zeroPaddedIdFindings } from "./zero-padded-ids.js";
import { appLoginAttributes, applySnapshotLogins, carryEarlierLogins, inheritPriorLogins } from "./snapshot-logins.js";

export interface ResolveResult {
  identities: Identity[];
  findings: Finding[];
  /** Anchors of people kept as leavers though other sources still export them (departed.ts). */
  departed: string[];
}

const DEFAULT_KEYS: CorrelationKey[] = ["anchor", "employeeId", "email"];

/**
 * Source records + the repository's files → the resolved identities, sorted by id. Pure: the same
 * inputs give the same identities, whatever order the sources were read in. `prior`: the
 * identities of the last accepted snapshots, where they differ from the export; the people it
 * shows renamed keep what their old login named. `unreliable`: the sources whose absences decide
 * nothing (those that failed a quality gate, and those in `unproven`, whose export cannot be proven
 * complete: source-unproven-export); `unproven` (those of them that failed no gate) only words the findings.
 * `groupHistory`: each source's last accepted snapshot (its `groupNames` bindings and records), which
 * says which group a group name meant (group-names.ts). `marked`: reads the targets' accounts marked with
 * anchors of deciding sources that have no accepted snapshot yet (departed-unsnapshotted.ts).
 */
export function resolveIdentities(repo: PolicyRepo, recordsBySource: ReadonlyMap<string, SourceRecord[]>, unreliable: ReadonlySet<string> = new Set(), prior?: readonly Identity[], unproven: ReadonlySet<string> = new Set(), groupHistory?: ReadonlyMap<string, GroupHistory>, marked?: () => readonly MarkedAccount[]): ResolveResult {
  const config = repo.config.value;
  const sourceOrder = orderOfSources(config);
  // Discovery sources report NHIs: they are reconciled with the NHI files, never correlated with people.
  const isDiscovery = (s: string): boolean => DISCOVERY_SOURCE_TYPES.has(config.sources[s]?.type ?? "");
  const sortedRecords = (s: string): SourceRecord[] => [...(recordsBySource.get(s) ?? [])].sort((a, b) => cmp(a.externalId, b.externalId));
  const records = sourceOrder.filter((s) => !isDiscovery(s)).flatMap(sortedRecords);
  const discovered = new Map(sourceOrder.filter((s) => isDiscovery(s) && recordsBySource.has(s)).map((s) => [s, sortedRecords(s)] as const));
  const findings: Finding[] = [];
  const keys = config.correlation?.keys ?? DEFAULT_KEYS;
  const employeeIdAuthorities = new Set(Object.keys(config.sources).filter((s) => config.sources[s]!.authoritative?.includes("employeeId")));
  const correlated = correlate({ records, keys, links: repo.links, employeeIdAuthorities });
  append(findings, correlated.findings);
  // Records the last accepted snapshot had as one person stay one person when a key changed in one
  // source only (split-off.ts): not a joiner beside them, not a rename dropped.
  const earlier = [...(prior ?? []).filter((p) => p.kind === "person" && p.records.length > 1 && !p.disputed), ...keptBySnapshot(records)];
  const clusters = earlier.length > 0 ? keepSplitRecords({ clusters: correlated.clusters, records, earlier, links: repo.links, keys }) : correlated.clusters;

  const identities = new Map<string, Identity>();
  const identityOfRecord: string[] = new Array(records.length); // record index → identity id
  // A name a source gives to two groups means the one the last accepted snapshot knew by it, or is
  // unknown; a policy that names it is told (group-names.ts).
  // A policy still naming an LDAP group by the DN that was its id stops here (dn-group-ids.ts).
  const byDn = groupsByDn(records);
  refuseDnGroupIds(repo, byDn);
  const sharedGroups = sharedGroupNames(records, groupHistory, byDn);
  append(findings, ambiguousGroupFindings(repo, sharedGroups));
  const mergePerson = personMerger({ sources: config.sources, precedence: sourceOrder, sharedGroupNames: sharedGroups, linkedBy: linkedByEntries(repo), directoryExports: csvDirectoryExports(config.sources, recordsBySource) });
  for (const cluster of clusters) {
    const mergeFindings = findings.length;
    const members = cluster.members.map((i) => records[i]!);
    const merged = mergePerson(members, findings);
    let id = merged.userName;
    if (identities.has(id)) {
      const first = identities.get(id)!;
      const renamed = `${records[cluster.members[0]!]!.source}.${id}`;
      findings.push({
        rule: "identity-id-collision",
        severity: "error",
        identity: renamed,
        message: `two different people resolve to the login "${id}": ${first.anchor} and ${merged.anchor}; the second is called "${renamed}" until this is decided`,
        remediation: "link the records in identities/links.yaml if they are one person; otherwise rename the login in one source",
      });
      id = renamed;
    }
    // Field by field rather than { id, ...merged }: the same keys in the same order, without the
    // userName the merge returns on the side, and without two copies of each of 100k+ objects.
    // `disputed` is set after, not spread into the literal (V8 builds such a literal key by key).
    const identity: Identity = { id, kind: merged.kind, anchor: merged.anchor, records: merged.records, aliases: merged.aliases, status: merged.status, attributes: merged.attributes, provenance: merged.provenance, breakGlass: merged.breakGlass };
    if (merged.departed !== undefined) identity.departed = merged.departed;
    if (merged.groupsUnknown !== undefined) identity.groupsUnknown = merged.groupsUnknown;
    if (merged.terminatedSeen !== undefined) identity.terminatedSeen = merged.terminatedSeen;
    if (merged.beforeStart !== undefined) identity.beforeStart = merged.beforeStart;
    if (cluster.disputed) identity.disputed = true;
    if (cluster.earlier) linkEarlierRecords(identity, cluster.earlier, findings);
    if (cluster.kept) identity.keptRecords = cluster.kept;
    // A leaver's switched-off record merged by a recycled address is no evidence of who they were.
    const leavers = merged.kind === "person" ? leaverRecords(members, merged.anchor) : undefined;
    if (leavers) identity.leaverRecords = leavers;
    for (const f of cluster.findings ?? []) findings.push({ ...f, identity: id });
    identities.set(id, identity);
    for (const i of cluster.members) identityOfRecord[i] = id;
    // The merge's findings (attribute conflicts) are about this identity: say whose.
    for (let f = mergeFindings; f < findings.length; f++) findings[f]!.identity ??= id;
    if (cluster.disputed) {
      const d = cluster.disputed;
      findings.push({ ...d, identity: id, message: `${id} (${merged.anchor}) is not planned: ${d.message}` });
    }
  }
  // Each reference by the kind of id it is, the anchor first, in its own source and then its managerLookup's (manager-refs.ts).
  const managers = resolveManagers(
    records,
    identityOfRecord,
    identities,
    new Map(Object.entries(config.sources).map(([name, source]) => [name, source.managerLookup ?? []])),
    // Okta's profile.login is a sign-in name a managerId may hold (getManagerUser(...).login).
    new Set(Object.entries(config.sources).filter(([, source]) => source.type === "okta").map(([name]) => name)),
  );
  append(findings, managers.findings);
  // Addresses that read like another person's (a full-width "ｍｉｋａ@"), or hide characters: said, not merged.
  append(findings, lookAlikeEmailFindings(records, identityOfRecord));
  // Employee ids that would join but for leading zeros ("00001234" and "1234"): named, not joined.
  if (keys.includes("employeeId")) append(findings, zeroPaddedIdFindings(records, identityOfRecord));
  // A source that failed its gates decides nothing about the people it lost (held.ts): one it
  // anchored, whom another source still exports, stays as the last accepted snapshot had them; one
  // anchored elsewhere keeps the attributes it gave them.
  if (prior && unreliable.size > 0) {
    holdAsBefore(identities, prior, unreliable, findings, unproven);
    keepWhatFailedSourcesGave(identities, prior, unreliable);
  }

  // A person whose anchor left the source that decides their status is a leaver, whatever another
  // source still exports (departed.ts): not a new person, and not a rename.
  const departed = prior ? keepDepartedAsLeavers({ identities, prior, sources: config.sources, read: new Set(recordsBySource.keys()), unreliable, findings, linked: linkedRecords(repo) }) : [];
  // Before a deciding source's first snapshot, the targets' marks say whom it governed (departed-unsnapshotted.ts).
  if (marked) append(departed, keepUnsnapshottedLeavers({ identities, records, marked, sources: config.sources, read: new Set(recordsBySource.keys()), unreliable, findings })).sort();
  // A person whose source gave them a new record keeps the accounts marked with the old (rehired.ts).
  if (prior) markRehires(identities, prior, findings);

  // A person renamed since the last accepted snapshot keeps what the old login named (renames.ts).
  formerIdsFromRecords(identities, records);
  const renames = prior ? renamesSince(prior, identities) : new Map<string, string>();
  // Planned from the snapshots themselves (no prior), today's records are the snapshot's: they keep them.
  for (const [old, id] of keptRenames(prior ?? identities.values(), identities)) if (!renames.has(old)) renames.set(old, id);
  for (const [old, id] of renames) addFormerId(identities.get(id)!, old);
  applyOverlays(repo.people, identities, renames, findings);
  applySnapshotLogins(identities.values(), records);
  if (prior) inheritPriorLogins(identities.values(), prior, appLoginAttributes(repo));
  if (prior) carryEarlierLogins(identities.values(), prior, appLoginAttributes(repo));
  const quarantine = new Set([...discovered.keys()].filter((s) => config.sources[s]?.options?.["undeclared"] === "quarantine"));
  reconcileNhis({ nhis: repo.nhis, discovered, unreliable, quarantine, identities, findings, ...(prior ? { prior } : {}) });
  followRenamedOwners(identities);
  // After the holds: a reference to a held person's gone record names them again (held.ts).
  append(findings, unresolvedManagerFindings(identities.values(), managers.lookup));
  // Ids a reviewer would take for another identity's (a Cyrillic "а" in "аlex.doe"): said, not merged.
  append(findings, lookAlikeIdFindings(identities));
  // Ids are unique (the Map's keys): sorting the ids with the built-in string order, then looking
  // the identities up, gives cmp's order without a comparator call for each of ~2M comparisons.
  const sorted = [...identities.keys()].sort().map((id) => identities.get(id)!);
  return { identities: sorted, findings: findings.sort(compareFindings), departed };
}

/** Every record a reviewed `links` entry names (identities/links.yaml). */
function linkedRecords(repo: PolicyRepo): Set<string> {
  const named = new Set<string>();
  for (const doc of repo.links) for (const d of doc.value.links ?? []) for (const r of d.records) named.add(r);
  return named;
}

/**
 * An NHI whose owner is named by a login the sources renamed stays owned by that person (rather
 * than quarantined as if the owner had left); finding reference-login-stale asks for the new login.
 */
function followRenamedOwners(identities: Map<string, Identity>): void {
  const renamed = formerIdsOf(identities.values());
  if (renamed.size === 0) return;
  for (const identity of identities.values()) {
    // The system's owners were looked up by earlier logins too (system-owners.ts).
    const heir = identity.owner !== undefined && identity.systemOwners === undefined && !identities.has(identity.owner) ? renamed.get(identity.owner) : undefined;
    if (heir === undefined) continue;
    identity.owner = heir;
    if (identity.attributes.owner !== undefined) identity.attributes.owner = heir;
  }
}
