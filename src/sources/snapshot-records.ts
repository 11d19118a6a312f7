// A snapshot's records as its files store them. A record read from an export says where it was
// there (`position`: "hr.csv row 12 (line 13)", and its discovered credentials' `reportedAt`, its
// console password's and federated credentials' `at`) and when the export was taken (`exportedAt`,
// on the record and on each discovered credential). Kept in the committed files, those values
// changed every day for most records: one leaver removed from the middle of a CSV moves every row
// after it up by one, and each day's export has a new time. A day of 170 real changes among 50,000
// people made a snapshot diff of 98,232 lines, 97,024 of them `position`, too large for a reviewer
// to see who left, or for GitHub to show. So the files keep neither: a record's `exportedAt` (and a
// credential's) is written only where it is not the snapshot's own (a leaver kept from an older
// export), and no position is written. Read back, each record is where it is now: in the snapshot.
import type { CredentialDoc } from "../model/documents.js";
import type { SourceRecord } from "../model/source-record.js";

/** formatVersion of a snapshot of one file, and of a parted one's head and parts, as written now. */
export const ONE_FILE_FORMAT = 3;
export const PARTED_FORMAT = 4;
/** The formats before records were stored without their export positions: one file, and parted. */
export const ONE_FILE_WITH_POSITIONS = 1;
export const PARTED_WITH_POSITIONS = 2;

/** Why a snapshot file of this formatVersion is not read: which ones are, and who may have written it. */
export function unknownFormat(version: unknown): string {
  const newer = typeof version === "number" && version > PARTED_FORMAT ? ", perhaps written by a newer scopesync: run that version, or snapshot again with this one from the export" : "";
  return `${version === undefined ? "a snapshot without a formatVersion" : `formatVersion ${JSON.stringify(version)}`}: this scopesync reads snapshots of formatVersion 1 to ${PARTED_FORMAT}${newer}`;
}

/** Whether a snapshot file of this formatVersion stores its records without positions (storedRecord). */
export function storesWithoutPositions(formatVersion: unknown): boolean {
  return formatVersion === ONE_FILE_FORMAT || formatVersion === PARTED_FORMAT;
}

/** A record as a snapshot file holds it: no export position, and the export time only where it is not the snapshot's. */
export type StoredRecord = Omit<SourceRecord, "position" | "exportedAt"> & { exportedAt?: string };

/**
 * Each record of `records` replaced, in the list itself, by its stored form (a new object: the
 * records a caller still holds elsewhere are not changed). In place, so that a million records
 * are never held twice while a snapshot is written. `exportedAt`: the snapshot's.
 */
export function storeRecords(records: Array<SourceRecord | StoredRecord>, exportedAt: string): StoredRecord[] {
  for (let i = 0; i < records.length; i++) records[i] = storedRecord(records[i]!, exportedAt);
  return records as StoredRecord[];
}

/**
 * What a record says, without where and when its export had it: its position, its export time,
 * and where its discovered credentials, console password and federated credentials were reported
 * (its own position). Two reads of one record compare equal by it whether each came from an
 * export or from a snapshot of either format (export-edit-finding.ts).
 */
export function recordContent(record: SourceRecord): StoredRecord {
  return storedRecord(record, record.exportedAt);
}

/** The record's stored form; the same again for a record stored already. */
function storedRecord(record: SourceRecord | StoredRecord, exportedAt: string): StoredRecord {
  const { position, exportedAt: recordTime, ...rest } = record as Partial<SourceRecord> & StoredRecord;
  const stored: StoredRecord = rest;
  if (recordTime !== undefined && recordTime !== exportedAt) stored.exportedAt = recordTime;
  // Where the export reported them is the record's own position (discovery/record.ts): not kept either.
  if (record.credentials) stored.credentials = record.credentials.map((c) => storedCredential(c, position, exportedAt));
  const password = record.consolePassword;
  if (password && password.at === position) {
    const { at: _at, ...kept } = password;
    stored.consolePassword = kept as SourceRecord["consolePassword"];
  }
  if (record.federatedCredentials) stored.federatedCredentials = record.federatedCredentials.map((f) => (f.at === position ? (({ at: _at, ...kept }) => kept)(f) : f) as NonNullable<SourceRecord["federatedCredentials"]>[number]);
  return stored;
}

/** A discovered credential (discoveredBy) without its record's position and the snapshot's time; any other as it is. */
function storedCredential(c: CredentialDoc, position: string | undefined, exportedAt: string): CredentialDoc {
  if (c.discoveredBy === undefined || (c.reportedAt !== position && c.exportedAt !== exportedAt)) return c;
  const copy = { ...c };
  if (copy.reportedAt === position) delete copy.reportedAt;
  if (copy.exportedAt === exportedAt) delete copy.exportedAt;
  return copy;
}

/**
 * The records of a snapshot file (`path`: the file that holds them) as planning reads them. Where
 * its `formatVersion` stores them without positions, they are made whole again in place (they are
 * the file's, just parsed): the snapshot's export time where a record keeps none, and as position
 * the file itself, `state/sources/hr.json record W12`, where findings and `explain` point: the
 * export row a record was read from has since become another person's. Formats 1 and 2 kept both.
 */
export function heldRecords(records: StoredRecord[], formatVersion: unknown, exportedAt: string, path: string): SourceRecord[] {
  if (!storesWithoutPositions(formatVersion)) return records as SourceRecord[];
  for (const r of records as Array<StoredRecord & Partial<SourceRecord>>) {
    r.exportedAt ??= exportedAt;
    const position = `${path} record ${r.externalId}`;
    r.position = position;
    if (Array.isArray(r.credentials)) {
      for (const c of r.credentials) {
        if (!c || typeof c !== "object" || c.discoveredBy === undefined) continue;
        c.reportedAt ??= position;
        c.exportedAt ??= exportedAt;
      }
    }
    if (r.consolePassword && typeof r.consolePassword === "object") r.consolePassword.at ??= position;
    if (Array.isArray(r.federatedCredentials)) for (const f of r.federatedCredentials) if (f && typeof f === "object") f.at ??= position;
  }
  return records as SourceRecord[];
}
