import { closeSync, fstatSync, openSync, readSync } from "node:fs";

/**
 * Reads whole files through one buffer, reused for every file it reads. Node's
 * readFileSync(path, "utf8") sizes a fresh native buffer for each file and copies on the way to the
 * string: reading the ten state files of a 1M-identity organisation (1 GB) touched 3.4 GB of fresh
 * memory and took 17 to 24 s on the benchmark machine; through one buffer, 1.3 GB (the largest file
 * and the strings) and 7 s. It gives bytes, not text: a lenient decode turns bytes that are not
 * UTF-8 into U+FFFD, which JSON takes inside a string without a word, so the caller checks them
 * first (state-text.ts).
 */
export class TextReader {
  private buffer: Buffer | undefined;

  /** The file's bytes: a view of the shared buffer, good until the next read; throws the file system's error (ENOENT, EISDIR...) as readFileSync does. */
  readBytes(path: string): Buffer {
    const fd = openSync(path, "r");
    try {
      // One byte more than the size: a read that fills the buffer means the file grew meanwhile.
      let buffer = this.sized(fstatSync(fd).size + 1);
      let length = 0;
      for (;;) {
        const got = readSync(fd, buffer, length, buffer.length - length, null);
        if (got === 0) break;
        length += got;
        if (length === buffer.length) buffer = this.sized(buffer.length * 2, length);
      }
      return buffer.subarray(0, length);
    } finally {
      closeSync(fd);
    }
  }

  /** The buffer, at least `size` bytes, its first `keep` bytes kept when it has to grow. */
  private sized(size: number, keep = 0): Buffer {
    if (this.buffer && this.buffer.length >= size) return this.buffer;
    const grown = Buffer.allocUnsafeSlow(size);
    if (this.buffer && keep > 0) this.buffer.copy(grown, 0, 0, keep);
    this.buffer = grown;
    return grown;
  }
}
