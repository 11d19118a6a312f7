// The NHI inventory `nhi report` prints and the plan comment summarises: every NHI by owner, the
// age, rotation and use of its credentials, judged by the same settings the credential rules use.
// Platform-managed NHIs (AWS service-linked roles, default service accounts) are counted apart:
// nobody in the organisation owns or rotates them.
import type { CannotExpire, CredentialDoc } from "../model/documents.js";
import { identitiesById, type Identity } from "../model/identity.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { DAY, parseDate, parseDuration } from "../model/time.js";
import { ownerGone, ownerUnknown, platformManaged } from "./lifecycle.js";


export interface NhiCredentialRow {
  id: string;
  type: CredentialDoc["type"];
  /** Discovery source, or absent when only written in YAML. */
  source?: string;
  ageDays: number;
  rotatedWithinPolicy: boolean;
  /** Days since last use; absent when the system does not record use (or never used: `neverUsed`). */
  lastUsedDays?: number;
  neverUsed?: true;
  unused: boolean;
  expiresAt?: string;
  /** The issuing system has no expiry for this kind of credential (CredentialDoc.cannotExpire). */
  cannotExpire?: CannotExpire;
}

export interface NhiRow {
  id: string;
  kind: Identity["kind"];
  status: Identity["status"];
  owner?: string;
  /** Why the owner does not count (left, not a person), absent when the owner is active or unknown. */
  ownerGone?: string;
  /**
   * No one knows the owner: a name the system gives that no person the sources export goes by, or
   * an owner in no source while a source's absences decide nothing (lifecycle.ts ownerUnknown). Not
   * gone: nothing is offboarded for it, and nothing granted either.
   */
  ownerUnknown?: true;
  declared: boolean;
  /** The discovery sources that reported it: empty for one only a file declares, or only a directory exports. */
  sources: string[];
  /**
   * A service account a directory source (Okta, Entra ID, Google, LDAP, an HR file) exports, which no
   * file declares and no discovery source reports: the sources that export it. The directory
   * governs it, like a person; it is not an undeclared NHI (no nhi-undeclared, no nhi propose draft).
   */
  directory?: string[];
  credentials: NhiCredentialRow[];
  /**
   * A SAML single sign-on app's token-signing certificates (sources/entra-apps/token-signing.ts),
   * each with its expiry: the app's, listed apart from `credentials` and never revoked.
   */
  signingCertificates?: string[];
}

export interface NhiOwnerRow {
  /** Owner id, or "(none)". */
  owner: string;
  active: boolean;
  /** No one knows this owner (NhiRow.ownerUnknown): not active, and not gone either. */
  unknown?: true;
  nhis: number;
  credentials: number;
  notRotated: number;
  unused: number;
}

/** The figures; the plan carries these (and `byOwner`), `nhi report --format json` the rows too. */
export interface NhiSummary {
  maxAge: string;
  maxUnused: string;
  nhis: number;
  declared: number;
  undeclared: number;
  /** Of `nhis`, those a directory source exports (NhiRow.directory); present when there are any. */
  fromDirectories?: number;
  notFound: number;
  platformManaged: number;
  withActiveOwner: number;
  /** Active, user-managed credentials of the NHIs above. */
  credentials: number;
  rotatedWithinPolicy: number;
  unused: number;
  neverExpire: number;
  /** Credential ages: ≤30 days, 31–90, 91–365, older. */
  ageBuckets: [number, number, number, number];
  byOwner: NhiOwnerRow[];
}

export interface NhiInventory extends NhiSummary {
  rows: NhiRow[];
}

/** The durations the credential rules judge by (`builtins:`), defaults as theirs. */
function setting(repo: PolicyRepo, rule: string, key: string, fallback: string): string {
  let value = fallback;
  for (const set of repo.ruleSets) {
    const v = set.value.builtins?.[rule]?.[key];
    if (typeof v === "string") value = v;
  }
  return value;
}

/**
 * Every NHI's row and the figures over them, for `nhi report`. `byId`: the identities by id, when
 * the caller has them already (a plan does; making it again for a million identities took ~2 s).
 */
export function nhiInventory(repo: PolicyRepo, identities: readonly Identity[], now: number, missingUnknown: boolean, byId: ReadonlyMap<string, Identity> = identitiesById(identities)): NhiInventory {
  const rows: NhiRow[] = [];
  const summary = summarise(repo, identities, now, byId, missingUnknown, (row) => rows.push(row));
  return { ...summary, rows };
}

/**
 * The figures alone, for the plan: each row is counted as it is made and let go, where keeping
 * every row (880,000 discovered NHIs with their credentials) until the counting is done had the
 * young-generation collector copy them all and promote them for nothing.
 */
export function nhiSummary(repo: PolicyRepo, identities: readonly Identity[], now: number, byId: ReadonlyMap<string, Identity>, missingUnknown: boolean): NhiSummary {
  return summarise(repo, identities, now, byId, missingUnknown, () => {});
}

/** `missingUnknown`: a source's absences decide nothing (a failed gate, an unproven export), so an owner in no source is unknown. */
function summarise(repo: PolicyRepo, identities: readonly Identity[], now: number, byId: ReadonlyMap<string, Identity>, missingUnknown: boolean, keep: (row: NhiRow) => void): NhiSummary {
  const maxAge = setting(repo, "credential-max-age", "maxAge", "90d");
  const maxUnused = setting(repo, "credential-unused", "maxUnused", "90d");
  const limits = { age: parseDuration(maxAge), unused: parseDuration(maxUnused) };
  const counts = { nhis: 0, declared: 0, fromDirectories: 0, notFound: 0, platformManaged: 0, withActiveOwner: 0, credentials: 0, rotatedWithinPolicy: 0, unused: 0, neverExpire: 0 };
  const buckets: [number, number, number, number] = [0, 0, 0, 0];
  const owners = new Map<string, NhiOwnerRow>();
  for (const identity of identities) {
    if (identity.notFoundIn?.length) counts.notFound++;
    if (identity.kind === "person") continue;
    if (identity.attributes.platformManaged === true && identity.definedAt === undefined) {
      counts.platformManaged++;
      continue;
    }
    const r = nhiRow(identity, byId, now, limits, missingUnknown);
    keep(r);
    counts.nhis++;
    if (r.declared) counts.declared++;
    else if (r.directory) counts.fromDirectories++;
    const active = r.owner !== undefined && r.ownerGone === undefined && r.ownerUnknown === undefined;
    if (active) counts.withActiveOwner++;
    const key = r.owner ?? "(none)";
    let row = owners.get(key);
    if (!row) {
      row = { owner: key, active } as NhiOwnerRow;
      if (r.ownerUnknown) row.unknown = true;
      row.nhis = row.credentials = row.notRotated = row.unused = 0;
      owners.set(key, row);
    }
    row.nhis++;
    row.credentials += r.credentials.length;
    for (const c of r.credentials) {
      counts.credentials++;
      buckets[c.ageDays <= 30 ? 0 : c.ageDays <= 90 ? 1 : c.ageDays <= 365 ? 2 : 3]++;
      if (c.rotatedWithinPolicy) counts.rotatedWithinPolicy++;
      else row.notRotated++;
      if (c.unused) {
        counts.unused++;
        row.unused++;
      }
      if (c.expiresAt === undefined) counts.neverExpire++;
    }
  }
  return {
    maxAge,
    maxUnused,
    nhis: counts.nhis,
    declared: counts.declared,
    undeclared: counts.nhis - counts.declared - counts.fromDirectories,
    ...(counts.fromDirectories > 0 ? { fromDirectories: counts.fromDirectories } : {}),
    notFound: counts.notFound,
    platformManaged: counts.platformManaged,
    withActiveOwner: counts.withActiveOwner,
    credentials: counts.credentials,
    rotatedWithinPolicy: counts.rotatedWithinPolicy,
    unused: counts.unused,
    neverExpire: counts.neverExpire,
    ageBuckets: buckets,
    // Gone owners first (the rows that need a person), then by owner id.
    byOwner: [...owners.values()].sort((a, b) => (a.active === b.active ? (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0) : a.active ? 1 : -1)),
  };
}

/**
 * One NHI as the inventory shows it: its owner's standing and its active, user-managed credentials.
 * Each date is parsed once, and optional fields are set in the order the rows have always had
 * instead of spread in: a plan makes this row for each of a million NHIs, and V8 builds a literal
 * with spreads inside it property by property at run time.
 */
function nhiRow(identity: Identity, byId: ReadonlyMap<string, Identity>, now: number, limits: { age: number; unused: number }, missingUnknown: boolean): NhiRow {
  let gone = identity.owner ? ownerGone(identity, byId, now) : undefined;
  // As the planner decides: an owner no one knows is not gone (lifecycle.ts ownerUnknown).
  const unknown = gone !== undefined && !platformManaged(identity) && ownerUnknown(identity, byId, missingUnknown, now);
  if (unknown) gone = undefined;
  const credentials = (identity.credentials ?? []).filter((c) => c.status !== "inactive" && c.status !== "disabled" && c.managedBy !== "system").map((c) => credentialRow(c, now, limits));
  const row: NhiRow = { id: identity.id, kind: identity.kind, status: identity.status } as NhiRow;
  if (identity.owner) row.owner = identity.owner;
  if (gone) row.ownerGone = gone;
  if (unknown) row.ownerUnknown = true;
  row.declared = identity.definedAt !== undefined;
  row.sources = identity.discoveredBy ?? [];
  if (!row.declared && row.sources.length === 0) row.directory = [...new Set(identity.records.map((r) => r.slice(0, r.indexOf(":"))))].sort();
  row.credentials = credentials;
  const signing = identity.attributes["tokenSigningCertificates"];
  if (Array.isArray(signing) && signing.length > 0) row.signingCertificates = signing.map(String);
  return row;
}

function credentialRow(c: CredentialDoc, now: number, limits: { age: number; unused: number }): NhiCredentialRow {
  const issued = parseDate(c.issuedAt);
  const rotated = c.lastRotatedAt !== undefined ? parseDate(c.lastRotatedAt) : issued;
  const lastUsed = c.lastUsedAt ? parseDate(c.lastUsedAt) : undefined;
  const row: NhiCredentialRow = { id: c.id, type: c.type } as NhiCredentialRow;
  if (c.discoveredBy) row.source = c.discoveredBy;
  row.ageDays = Math.floor((now - issued) / DAY);
  row.rotatedWithinPolicy = now - rotated <= limits.age;
  if (lastUsed !== undefined) row.lastUsedDays = Math.floor((now - lastUsed) / DAY);
  if (c.neverUsed) row.neverUsed = true;
  row.unused = lastUsed !== undefined ? now - lastUsed > limits.unused : c.neverUsed === true && now - issued > limits.unused;
  if (c.expiresAt) row.expiresAt = c.expiresAt;
  if (c.cannotExpire) row.cannotExpire = c.cannotExpire;
  return row;
}
