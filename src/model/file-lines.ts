// A text file's lines, read a chunk at a time. A file that only ever grows (apply's journal: a
// year of a 100k-person organisation is a million lines, 580 MB) cannot be read as one string:
// V8 refuses a string past about 536M characters ("Cannot create a string longer than
// 0x1fffffe8 characters"), and well below that the string and its split lines cost twice the
// file in memory. Synchronous, so that the readers that run inside the planner stay as they are.
import { closeSync, openSync, readSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";

/** Bytes read at a time: big enough that a read costs little, small beside any memory budget. */
export const LINE_CHUNK = 1 << 20;

export interface FileLinesOptions {
  /** The byte to start from (a mark taken earlier as the file's size); 0 when absent. */
  from?: number;
  /** Bytes per read (tests pass a few, to cut lines and UTF-8 sequences between reads). */
  chunkSize?: number;
}

/**
 * Each line of the file at `path`, in order, without its line end (`\n`, or `\r\n`). A last line
 * with no line end is a line too; the empty piece after a final newline is not. The file is
 * opened at the first step and closed at the last (or when the loop leaves early); the file
 * system's errors (ENOENT, EISDIR...) are thrown as they are, for the caller to name the file.
 * Bytes that are not UTF-8 read as U+FFFD, as readFileSync(path, "utf8") reads them.
 */
export function* fileLines(path: string, options: FileLinesOptions = {}): Generator<string, void, undefined> {
  const fd = openSync(path, "r");
  try {
    const chunk = Buffer.allocUnsafe(options.chunkSize ?? LINE_CHUNK);
    // A UTF-8 sequence cut between two reads is held back by the decoder until its end arrives.
    const decoder = new StringDecoder("utf8");
    let position = options.from ?? 0;
    let rest = "";
    for (;;) {
      const got = readSync(fd, chunk, 0, chunk.length, position);
      if (got === 0) break;
      position += got;
      const text = rest + decoder.write(chunk.subarray(0, got));
      let start = 0;
      for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
        yield withoutCr(text.slice(start, end));
        start = end + 1;
      }
      // Only the line still open is carried into the next read.
      rest = text.slice(start);
    }
    rest += decoder.end();
    if (rest !== "") yield withoutCr(rest);
  } finally {
    closeSync(fd);
  }
}

function withoutCr(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}
