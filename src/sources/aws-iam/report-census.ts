// What an IAM credential report holds, counted without reading it into memory: the memory budget
// weighs a report by its rows and credentials, because what planning it takes is mostly the
// findings on its active credentials, which the file's size cannot tell (docs/formats.md, under
// "Exit codes": the memory budget).
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
/** Bytes of a header name kept: the longest the census looks for has 25. */
const NAME_BYTES = 64;
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
 * a date and as true, and a row with another number of cells than the header as every credential
 * active): the census must never count less than the reader makes. Undefined when the file
 * cannot be read or has no header: then the reader reports why (and the budget weighs the file by
 * its bytes, as an export of another type).
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
  /** The header's cells so far, and the bytes of the one being read (only the first NAME_BYTES). */
  const headerCells: string[] = [];
  const cell: number[] = [];
  let columns: Columns | undefined;
  /** The first character of each kept cell of the row being read (0: empty). */
  const first = new Int32Array(1 + SLOTS.length * 2);
  let column = 0;
  let atCellStart = true;
  let inQuotes = false;
  let rowHasText = false;
  let userLength = 0;
  const endCell = (): void => {
    if (!columns) headerCells.push(Buffer.from(cell).toString("utf8"));
    cell.length = 0;
  };
  const endRow = (): void => {
    endCell();
    if (!columns) {
      // Blank lines (a BOM alone too) before the header are skipped, as the reader skips them.
      if (rowHasText) columns = headerColumns(headerCells);
      headerCells.length = 0;
    } else if (rowHasText) countRow(columns, column + 1 === columns.count);
    first.fill(0);
    column = 0;
    atCellStart = true;
    rowHasText = false;
    userLength = 0;
  };
  /**
   * A row with as many cells as the header is counted by its cells. One with more or fewer (a line
   * end inside an unquoted cell, which the reader may read as text, or a row the reader refuses)
   * is counted as the most a row can be: every credential active, and a password.
   */
  const countRow = (at: Columns, whole: boolean): void => {
    census.rows++;
    census.userBytes.rows += userLength;
    if (!whole || (at.password >= 0 && maybeTrue(first[at.password]!))) {
      census.passwords++;
      census.userBytes.passwords += userLength;
    }
    for (const slot of at.slots) {
      if (whole && !maybeDate(slot.date >= 0 ? first[slot.date]! : 0)) continue;
      if (whole && !maybeTrue(slot.active >= 0 ? first[slot.active]! : 0)) census.inactiveCredentials++;
      else if (slot.key) {
        census.activeKeys++;
        census.userBytes.activeKeys += userLength;
      } else {
        census.activeCertificates++;
        census.userBytes.activeCertificates += userLength;
      }
    }
  };
  for (;;) {
    const read = readSync(fd, buffer, 0, CHUNK, null);
    if (read === 0) break;
    census.bytes += read;
    for (let i = 0; i < read; i++) {
      const byte = buffer[i]!;
      if (byte === QUOTE) inQuotes = !inQuotes;
      else if (!inQuotes && (byte === NEWLINE || byte === CR)) {
        // CRLF, LF or CR alone (the reader takes each): the empty row between CR and LF is skipped.
        endRow();
        continue;
      } else if (!inQuotes && byte === COMMA) {
        endCell();
        column++;
        atCellStart = true;
        rowHasText = true;
        continue;
      }
      if (!columns) {
        // A name longer than any the census looks for is kept cut: it cannot be one of them.
        if (cell.length < NAME_BYTES) cell.push(byte);
      } else if (column === columns.user) userLength++;
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
  endRow();
  return columns ? census : undefined;
}

/** Where the kept columns are: for each column, its place in `first` (-1: not kept). */
interface Columns {
  /** How many cells the header has. */
  count: number;
  places: Int32Array;
  /** The user column, or -1 (then each row is counted as the most it could be). */
  user: number;
  password: number;
  slots: { key: boolean; active: number; date: number }[];
}

/**
 * The header's columns as the reader names them (unquoted, then trimmed; the last of two alike).
 * Undefined for a line of a BOM and spaces alone (blank: the header is still to come).
 */
function headerColumns(cells: string[]): Columns | undefined {
  const names = cells.map((raw, i) => {
    const name = (i === 0 ? raw.replace(/^\uFEFF/, "") : raw).trim();
    return (name.length >= 2 && name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name).trim();
  });
  if (names.every((name) => name === "")) return undefined;
  const places = new Int32Array(names.length).fill(-1);
  let next = 0;
  /** The place in `first` of a column's cells (-1: the report has no such column). */
  const place = (name: string): number => {
    const at = names.lastIndexOf(name);
    if (at === -1) return -1;
    if (places[at] === -1) places[at] = next++;
    return places[at]!;
  };
  return { count: names.length, places, user: names.lastIndexOf("user"), password: place("password_enabled"), slots: SLOTS.map((s) => ({ key: s.key, date: place(s.date), active: place(s.active) })) };
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
