// A file's bytes, whatever its size. readFileSync refuses a file of 2 GiB or more
// (ERR_FS_FILE_TOO_LARGE) whatever Buffer could hold: a reviewed plan of a few million changes, or
// of an organisation with a million discovered NHIs and their findings, is that large. Such a file
// is read into one Buffer a chunk at a time, up to the largest Buffer this Node.js makes.
import { constants } from "node:buffer";
import { closeSync, fstatSync, openSync, readFileSync, readSync } from "node:fs";

/** readFileSync's limit (2^31 − 1 bytes). */
const READ_FILE_LIMIT = 2 ** 31 - 1;
const CHUNK = 1 << 26;

/** The bytes of the file at `path`; errors as readFileSync's (code set), and ERR_BUFFER_TOO_LARGE past the largest Buffer. */
export function readFileBytes(path: string): Buffer {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    if (size < READ_FILE_LIMIT) return readFileSync(fd);
    if (size > constants.MAX_LENGTH) throw Object.assign(new Error(`the file is ${size} bytes, more than the ${constants.MAX_LENGTH} a Buffer of this Node.js holds`), { code: "ERR_BUFFER_TOO_LARGE" });
    const bytes = Buffer.allocUnsafe(size);
    let at = 0;
    while (at < size) {
      const got = readSync(fd, bytes, at, Math.min(CHUNK, size - at), at);
      if (got === 0) break; // cut short while read: what was read is checked as JSON
      at += got;
    }
    return at === size ? bytes : bytes.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}
