// What an IAM credential report holds, counted without reading it into memory: the memory budget
// weighs a report by its rows and credentials, because what planning it takes is mostly the
// findings on its active credentials, which the file's size cannot tell (docs/formats.md, "Memory").
import { closeSync, openSync, readSync, statSync } from "node:fs";

export interface ReportCensus {
  /** Data rows (IAM users and the root account). */
  rows: number;
  /** Bytes of the file. */
  bytes: number;
  /** Access keys with a date that the report says are active. */
  activeKeys: number;
  /** Signing certificates with a date that the report says are active. */
  activeCertificates: number;
  /** Keys and certificates with a date that are not active. */
  inactiveCredentials: number;
  /** Rows whose password_enabled is true (the user signs in interactively). */
  passwords: number;
}

const CHUNK = 1 << 20;
const NEWLINE = 0x0a;
const COMMA = 0x2c;
const QUOTE = 0x22;

/** Per credential slot, the columns that tell whether it is there and whether it is active. */
const SLOTS = [
  { key: true, active: "access_key_1_active", date: "access_key_1_last_rotated" },
  { key: true, active: "access_key_2_active", date: "access_key_2_last_rotated" },
  { key: false, active: "cert_1_active", date: "cert_1_last_rotated" },
  { key: false, active: "cert_2_active", date: "cert_2_last_rotated" },
];

/**
 * Counts, in one pass over the file in 1 MiB pieces, what the reader (credential-report.ts) makes of
 * each row: a credential for each slot whose last-rotated cell is a date, active when its active
 * cell is true. Only each cell's first character is looked at ("2026-…" is a date, "N/A" not;
 * "true" is active); the reader checks every cell and says what is wrong. Undefined when the file
 * cannot be read or has no header line: then the reader reports why.
 */
export function credentialReportCensus(path: string): ReportCensus | undefined {
  let fd: number;
  try {
    if (!statSync(path).isFile()) return undefined;
    fd = openSync(path, "r");
  } catch {
    return undefined;
  }
  try {
    return count(fd);
  } finally {
    closeSync(fd);
  }
}

function count(fd: number): ReportCensus | undefined {
  const buffer = Buffer.allocUnsafe(CHUNK);
  const census: ReportCensus = { rows: 0, bytes: 0, activeKeys: 0, activeCertificates: 0, inactiveCredentials: 0, passwords: 0 };
  const header: Buffer[] = [];
  /** For each column, which cell's first character to keep (-1: none); set once the header is read. */
  let wanted: Int32Array | undefined;
  let columns: { slots: { key: boolean; active: number; date: number }[]; password: number } | undefined;
  /** The first character of each kept cell of the row being read (0: empty). */
  const first = new Int32Array(1 + SLOTS.length * 2);
  let column = 0;
  let atCellStart = true;
  let inQuotes = false;
  let rowHasText = false;
  const endRow = (): void => {
    if (rowHasText && columns) {
      census.rows++;
      if (columns.password >= 0 && isTrue(first[columns.password]!)) census.passwords++;
      for (const slot of columns.slots) {
        if (!isDigit(slot.date >= 0 ? first[slot.date]! : 0)) continue;
        if (!isTrue(slot.active >= 0 ? first[slot.active]! : 0)) census.inactiveCredentials++;
        else if (slot.key) census.activeKeys++;
        else census.activeCertificates++;
      }
    }
    first.fill(0);
    column = 0;
    atCellStart = true;
    rowHasText = false;
  };
  for (;;) {
    const read = readSync(fd, buffer, 0, CHUNK, null);
    if (read === 0) break;
    census.bytes += read;
    let start = 0;
    if (!wanted) {
      // The header: collected up to its line end, then its column names looked up.
      const end = buffer.indexOf(NEWLINE);
      if (end === -1 || end >= read) {
        header.push(Buffer.from(buffer.subarray(0, read)));
        continue;
      }
      header.push(Buffer.from(buffer.subarray(0, end)));
      const names = Buffer.concat(header).toString("utf8").replace(/^\uFEFF/, "").split(",").map((name) => name.trim().replace(/^"|"$/g, ""));
      const keep = new Int32Array(names.length).fill(-1);
      let places = 0;
      /** The place in `first` of a column's cells (-1: the report has no such column). */
      const place = (name: string): number => {
        const at = names.indexOf(name);
        if (at === -1) return -1;
        if (keep[at] === -1) keep[at] = places++;
        return keep[at]!;
      };
      columns = { password: place("password_enabled"), slots: SLOTS.map((s) => ({ key: s.key, date: place(s.date), active: place(s.active) })) };
      wanted = keep;
      start = end + 1;
    }
    for (let i = start; i < read; i++) {
      const byte = buffer[i]!;
      if (byte === QUOTE) {
        inQuotes = !inQuotes;
        continue;
      }
      if (!inQuotes && byte === COMMA) {
        column++;
        atCellStart = true;
        rowHasText = true;
        continue;
      }
      if (!inQuotes && byte === NEWLINE) {
        endRow();
        continue;
      }
      if (byte <= 0x20) continue; // spaces and the CR of CRLF: the reader trims them
      rowHasText = true;
      if (atCellStart) {
        atCellStart = false;
        const place = column < wanted.length ? wanted[column]! : -1;
        if (place >= 0) first[place] = byte;
      }
    }
  }
  if (!wanted) return undefined;
  endRow();
  return census;
}

/** "2026-…": a date; anything else ("N/A", "no_information", "not_supported") is none. */
function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}

function isTrue(byte: number): boolean {
  return byte === 0x74 || byte === 0x54; // t, T
}
