// Which apply journal a plan shard read, as a digest of its bytes. A shard decides from the
// journal (returns, undone offboardings, used-up overrides, a credential report's lag, an
// unmanaged account's grace), so shards that read different journals (one job restored the
// carried journal, another did not, or a newer one) would merge into a plan no one process makes:
// `plan merge` compares the digests (plan/shard.ts checkShards). Streamed: a year of journal is
// larger than a string may be (model/file-lines.ts).
import { createHash } from "node:crypto";
import { closeSync, openSync, readSync } from "node:fs";
import { fileError } from "../model/file-failure.js";
import { LINE_CHUNK } from "../model/file-lines.js";
import { journalName, type JournalSeen } from "../model/journal-record.js";

/**
 * The journal at `path` as a plan reads it, or undefined when there is none, or it is empty: a plan
 * decides the same from either (a job whose restore made an empty file agrees with one that made none).
 */
export function journalSeen(repoDir: string, path: string): JournalSeen | undefined {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw fileError(e, `cannot read the apply journal ${path}`);
  }
  try {
    const hash = createHash("sha256");
    const chunk = Buffer.allocUnsafe(LINE_CHUNK);
    let bytes = 0;
    for (let got = readSync(fd, chunk); got > 0; got = readSync(fd, chunk)) {
      hash.update(chunk.subarray(0, got));
      bytes += got;
    }
    return bytes === 0 ? undefined : { from: journalName(repoDir, path), digest: `sha256:${hash.digest("hex")}` };
  } catch (e) {
    throw fileError(e, `cannot read the apply journal ${path}`);
  } finally {
    closeSync(fd);
  }
}
