// The one way a discovery source builds a record: an NHI never carries a person's fields, and
// its owners and credentials stay in the system's own terms until resolve reconciles them.
import type { CredentialDoc } from "../../../model/documents.js";
import type { RecordKind, RecordOwner, RecordStatus, SourceRecord } from "../../../model/source-record.js";
import { NO_STRINGS } from "../../../model/shared-lists.js";

export interface DiscoveredNhi {
  externalId: string;
  userName: string;
  /** The plain name (slug) uniqueNames started from: when userName is not it, the record is qualified (ids.ts). */
  slug?: string;
  kind?: Exclude<RecordKind, "person">;
  displayName?: string;
  status: RecordStatus;
  /** A string: one owner known by one name; a RecordOwner: one known by several, or no person. */
  owners: Array<string | RecordOwner>;
  credentials: CredentialDoc[];
  /** An IAM user with a console password: the user name, its ARN and the password's last use (the source and position are the record's). */
  consolePassword?: { userName: string; idScope: string; lastUsedAt?: string };
  /** An Entra application's federated identity credentials (the source and position are the record's). */
  federatedCredentials?: Array<{ id: string; name: string; issuer: string; subject: string }>;
  attributes: Record<string, string | boolean | string[]>;
  raw: Record<string, string | string[]>;
  position: string;
}

export function discoveredRecord(source: string, exportedAt: string, nhi: DiscoveredNhi): SourceRecord {
  const record = discovered(source, exportedAt, nhi);
  if (nhi.consolePassword) record.consolePassword = { ...nhi.consolePassword, source, at: nhi.position };
  if (nhi.federatedCredentials?.length) record.federatedCredentials = nhi.federatedCredentials.map((f) => ({ ...f, source, at: nhi.position }));
  // Set after, not in the literal: only the few records that share a name carry it.
  if (nhi.slug && nhi.slug !== nhi.userName) record.sharedName = nhi.slug;
  return record;
}

function discovered(source: string, exportedAt: string, nhi: DiscoveredNhi): SourceRecord {
  return {
    source,
    externalId: nhi.externalId,
    kind: nhi.kind ?? "service-account",
    userName: nhi.userName,
    // Shared empty lists: a discovery export can report a million NHIs, none with an e-mail or a group.
    emails: NO_STRINGS,
    name: nhi.displayName ? { display: nhi.displayName } : {},
    status: nhi.status,
    groups: NO_STRINGS,
    attributes: nhi.attributes,
    raw: nhi.raw,
    exportedAt,
    position: nhi.position,
    owners: nhi.owners.length > 0 ? ownerList(nhi.owners) : NO_STRINGS,
    // A credential the adapter already made with its source and position is kept as made (the
    // export time set on it, the read's own object): for the largest exports (a credential report's
    // million keys) a copy of each was a tenth of reading them.
    credentials: nhi.credentials.map((c) => (c.discoveredBy === source && c.reportedAt === nhi.position ? Object.assign(c, { exportedAt }) : { ...c, discoveredBy: source, reportedAt: nhi.position, exportedAt })).sort(byId),
  };
}

/** Each owner once (by its first name), sorted by that name: the record is the same whatever order the system listed them in. */
function ownerList(owners: ReadonlyArray<string | RecordOwner>): Array<string | RecordOwner> {
  const byName = new Map<string, string | RecordOwner>();
  for (const owner of owners) {
    const name = typeof owner === "string" ? owner : owner.names[0]!;
    if (!byName.has(name)) byName.set(name, owner);
  }
  return [...byName.keys()].sort().map((name) => byName.get(name)!);
}

const byId = (a: CredentialDoc, b: CredentialDoc): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
