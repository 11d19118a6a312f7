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
  /**
   * The bytes of the user cell summed over the rows, and over each active key, active certificate
   * and password: every finding on a row names its user, some twice.
   */
  userBytes: { rows: number; activeKeys: number; activeCertificates: number; passwords: number };
}

const CHUNK = 1 << 20;
/** Bytes a header may take (a report's has 22 names, about 400 bytes). */
const MAX_HEADER = 64 * 1024;
const NEWLINE = 0x0a;
const CR = 0x0d;
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
 * cell is true. Only each cell's first character is looked at, and a cell is counted as the most
 * it could be ("N/A" is no date, "false" not active; anything the reader would not take counts as
 * a date and as true): the census must never count less than the reader makes. Undefined when the
 * file cannot be read or has no header with a user column: then the reader reports why (and the
 * budget weighs the file by its bytes).
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
  const census: ReportCensus = { rows: 0, bytes: 0, activeKeys: 0, activeCertificates: 0, inactiveCredentials: 0, passwords: 0, userBytes: { rows: 0, activeKeys: 0, activeCertificates: 0, passwords: 0 } };
  /** The header row's bytes, until it ends (blank lines before it are skipped, as the reader does). */
  const header: number[] = [];
  let columns: Columns | undefined;
  /** The first character of each kept cell of the row being read (0: empty). */
  const first = new Int32Array(1 + SLOTS.length * 2);
  let column = 0;
  let atCellStart = true;
  let inQuotes = false;
  let rowHasText = false;
  let userLength = 0;
  const endRow = (): boolean => {
    if (rowHasText && !columns) {
      const text = Buffer.from(header).toString("utf8").replace(/^\uFEFF/, "");
      // A line of a BOM alone is blank too.
      if (text.trim() !== "") {
        columns = headerColumns(text);
        if (!columns) return false;
      }
    } else if (rowHasText && columns) {
      census.rows++;
      census.userBytes.rows += userLength;
      if (columns.password >= 0 && maybeTrue(first[columns.password]!)) {
        census.passwords++;
        census.userBytes.passwords += userLength;
      }
      for (const slot of columns.slots) {
        if (!maybeDate(slot.date >= 0 ? first[slot.date]! : 0)) continue;
        if (!maybeTrue(slot.active >= 0 ? first[slot.active]! : 0)) census.inactiveCredentials++;
        else if (slot.key) {
          census.activeKeys++;
          census.userBytes.activeKeys += userLength;
        } else {
          census.activeCertificates++;
          census.userBytes.activeCertificates += userLength;
        }
      }
    }
    header.length = 0;
    first.fill(0);
    column = 0;
    atCellStart = true;
    rowHasText = false;
    userLength = 0;
    return true;
  };
  for (;;) {
    const read = readSync(fd, buffer, 0, CHUNK, null);
    if (read === 0) break;
    census.bytes += read;
    for (let i = 0; i < read; i++) {
      const byte = buffer[i]!;
      if (!columns) {
        // A header longer than any report's is not a report's: the reader says what it is.
        if (header.length > MAX_HEADER) return undefined;
        if (inQuotes || (byte !== NEWLINE && byte !== CR)) header.push(byte);
      }
      if (byte === QUOTE) inQuotes = !inQuotes;
      else if (!inQuotes && (byte === NEWLINE || byte === CR)) {
        // CRLF, LF or CR alone (the reader takes each): the empty row between CR and LF is skipped.
        if (!endRow()) return undefined;
        continue;
      } else if (!inQuotes && byte === COMMA) {
        column++;
        atCellStart = true;
        rowHasText = true;
        continue;
      }
      if (columns && column === columns.user) userLength++;
      // Spaces before a cell's text: the reader trims them (and any other space; a cell starting
      // with one of those is counted as the fullest it could be).
      if (byte <= 0x20) continue;
      rowHasText = true;
      if (atCellStart) {
        atCellStart = false;
        const place = columns && column < columns.places.length ? columns.places[column]! : -1;
        if (place >= 0) first[place] = byte;
      }
    }
  }
  if (!endRow() || !columns) return undefined;
  return census;
}

/** Where the kept columns are: for each column, its place in `first` (-1: not kept). */
interface Columns {
  places: Int32Array;
  user: number;
  password: number;
  slots: { key: boolean; active: number; date: number }[];
}

/** The header's columns as the reader names them (unquoted, then trimmed; the last of two alike); undefined without a user column. */
function headerColumns(text: string): Columns | undefined {
  const names = text
    .split(",")
    .map((raw) => {
      const name = raw.trim();
      return (name.length >= 2 && name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name).trim();
    });
  const places = new Int32Array(names.length).fill(-1);
  let next = 0;
  /** The place in `first` of a column's cells (-1: the report has no such column). */
  const place = (name: string): number => {
    const at = names.lastIndexOf(name);
    if (at === -1) return -1;
    if (places[at] === -1) places[at] = next++;
    return places[at]!;
  };
  const user = names.lastIndexOf("user");
  if (user === -1) return undefined;
  return { places, user, password: place("password_enabled"), slots: SLOTS.map((s) => ({ key: s.key, date: place(s.date), active: place(s.active) })) };
}

/**
 * Whether a cell may be a date, from its first character. The reader takes "N/A",
 * "no_information", "not_supported" and an empty cell as none, a date as a date, and anything else
 * as an error: whatever is not one of the first is counted as a date.
 */
function maybeDate(byte: number): boolean {
  return byte !== 0 && byte !== 0x4e && byte !== 0x6e; // N, n
}

/** Whether a cell may be true: anything but "false", none or empty (see maybeDate). */
function maybeTrue(byte: number): boolean {
  return maybeDate(byte) && byte !== 0x66 && byte !== 0x46; // f, F
}
