// The diff asks of each identity linked by its anchor whether an unmarked account of the target
// carries its login too (account-links.ts mayBeClaimedTwice). The answer is nearly always no, and
// asking a Map of the unmarked accounts' logins reads the identity's login string to hash it: at a
// million people in ten apps, ten million reads of strings spread over gigabytes, 5.3 s of CPU
// profile against 0.09 s at 100k. Each login's hash is worked out once per logins table here (one
// read of each string per plan), and a target asks its Map only for a login whose hash one of its
// unmarked accounts shares.
import type { IdentityLogins } from "./diff-index.js";

/** FNV-1a of a string's UTF-16 code units, as a 32-bit integer: a filter, never an answer by itself. */
export function loginHash(key: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < key.length; k++) h = Math.imul(h ^ key.charCodeAt(k), 0x01000193);
  return h | 0;
}

const hashes = new WeakMap<IdentityLogins, Int32Array>();

/** By identity index, loginHash of its normalised login (0 without one), kept for every target planned from `logins`. */
export function loginHashes(logins: IdentityLogins): Int32Array {
  let kept = hashes.get(logins);
  if (kept === undefined) {
    kept = new Int32Array(logins.key.length);
    for (let i = 0; i < logins.key.length; i++) {
      const key = logins.key[i];
      if (key !== undefined) kept[i] = loginHash(key);
    }
    hashes.set(logins, kept);
  }
  return kept;
}
