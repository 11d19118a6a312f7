// The NHI inventory `nhi report` prints and the plan comment summarises: every NHI by owner, the
// age, rotation and use of its credentials, judged by the same settings the credential rules use.
// Platform-managed NHIs (AWS service-linked roles, default service accounts) are counted apart:
// nobody in the organisation owns or rotates them.
import type { CannotExpire, CredentialDoc } from "../model/documents.js";
import { identitiesById, type Identity } from "../model/identity.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { parseDate, parseDuration } from "../model/time.js";
import { ownerGone } from "./lifecycle.js";

const DAY = 86_400_000;

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
  /** Why the owner does not count (left, not a person), absent when the owner is active. */
  ownerGone?: string;
  declared: boolean;
  sources: string[];
  credentials: NhiCredentialRow[];
}

export interface NhiOwnerRow {
  /** Owner id, or "(none)". */
  owner: string;
  active: boolean;
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

export function nhiInventory(repo: PolicyRepo, identities: readonly Identity[], now: number): NhiInventory {
  const maxAge = setting(repo, "credential-max-age", "maxAge", "90d");
  const maxUnused = setting(repo, "credential-unused", "maxUnused", "90d");
  const ageLimit = parseDuration(maxAge);
  const unusedLimit = parseDuration(maxUnused);
  const byId = identitiesById(identities);
  const rows: NhiRow[] = [];
  let platformManaged = 0;
  for (const identity of identities) {
    if (identity.kind === "person") continue;
    if (identity.attributes.platformManaged === true && identity.definedAt === undefined) {
      platformManaged++;
      continue;
    }
    const gone = identity.owner ? ownerGone(identity, byId) : undefined;
    const credentials = (identity.credentials ?? [])
      .filter((c) => c.status !== "inactive" && c.status !== "disabled" && c.managedBy !== "system")
      .map((c): NhiCredentialRow => {
        const since = c.lastRotatedAt ?? c.issuedAt;
        const used = c.lastUsedAt ? Math.floor((now - parseDate(c.lastUsedAt)) / DAY) : undefined;
        const unused = c.lastUsedAt ? now - parseDate(c.lastUsedAt) > unusedLimit : c.neverUsed === true && now - parseDate(c.issuedAt) > unusedLimit;
        return {
          id: c.id,
          type: c.type,
          ...(c.discoveredBy ? { source: c.discoveredBy } : {}),
          ageDays: Math.floor((now - parseDate(c.issuedAt)) / DAY),
          rotatedWithinPolicy: now - parseDate(since) <= ageLimit,
          ...(used !== undefined ? { lastUsedDays: used } : {}),
          ...(c.neverUsed ? { neverUsed: true as const } : {}),
          unused,
          ...(c.expiresAt ? { expiresAt: c.expiresAt } : {}),
          ...(c.cannotExpire ? { cannotExpire: c.cannotExpire } : {}),
        };
      });
    rows.push({
      id: identity.id,
      kind: identity.kind,
      status: identity.status,
      ...(identity.owner ? { owner: identity.owner } : {}),
      ...(gone ? { ownerGone: gone } : {}),
      declared: identity.definedAt !== undefined,
      sources: identity.discoveredBy ?? [],
      credentials,
    });
  }
  const all = rows.flatMap((r) => r.credentials);
  const buckets: [number, number, number, number] = [0, 0, 0, 0];
  for (const c of all) buckets[c.ageDays <= 30 ? 0 : c.ageDays <= 90 ? 1 : c.ageDays <= 365 ? 2 : 3]++;
  const owners = new Map<string, NhiOwnerRow>();
  for (const r of rows) {
    const key = r.owner ?? "(none)";
    const row = owners.get(key) ?? { owner: key, active: r.owner !== undefined && r.ownerGone === undefined, nhis: 0, credentials: 0, notRotated: 0, unused: 0 };
    row.nhis++;
    row.credentials += r.credentials.length;
    row.notRotated += r.credentials.filter((c) => !c.rotatedWithinPolicy).length;
    row.unused += r.credentials.filter((c) => c.unused).length;
    owners.set(key, row);
  }
  return {
    maxAge,
    maxUnused,
    nhis: rows.length,
    declared: rows.filter((r) => r.declared).length,
    undeclared: rows.filter((r) => !r.declared).length,
    notFound: identities.filter((i) => i.notFoundIn?.length).length,
    platformManaged,
    withActiveOwner: rows.filter((r) => r.owner !== undefined && r.ownerGone === undefined).length,
    credentials: all.length,
    rotatedWithinPolicy: all.filter((c) => c.rotatedWithinPolicy).length,
    unused: all.filter((c) => c.unused).length,
    neverExpire: all.filter((c) => c.expiresAt === undefined).length,
    ageBuckets: buckets,
    // Gone owners first (the rows that need a person), then by owner id.
    byOwner: [...owners.values()].sort((a, b) => (a.active === b.active ? (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0) : a.active ? 1 : -1)),
    rows,
  };
}

/** The plan's part: the figures and the owner table, not every row (a plan stays linear in changes). */
export function nhiSummary(inventory: NhiInventory): NhiSummary {
  const { rows: _rows, ...summary } = inventory;
  return summary;
}
