// `explain` is asked by what a person sees: the UserID cell of their HR export, which for an
// identity renamed to its anchor (secret-free-identities.ts) is the key itself. The identities no
// longer hold it, and nothing kept beside them may (a copy of Prepared can end up anywhere a
// debugger or a later feature writes it): only each old id's SHA-256 is kept, so the key asked
// for is found again without being stored. A key is high-entropy: its digest tells no one the key.
import { createHash } from "node:crypto";
import { identityLogin, normaliseLogin } from "./keys.js";

/** The digest of each renamed secret-shaped id → the name it is shown under. */
export type RenamedSecretIds = ReadonlyMap<string, string>;

/** `renamed` (old id → new) with each old id kept only as its digest. */
export function renamedSecretIds(renamed: ReadonlyMap<string, string>): RenamedSecretIds {
  return new Map(Array.from(renamed, ([from, to]) => [digest(from), to] as const));
}

/** The name `asked` is shown under when it is a renamed id, in any spelling a login is compared in; else undefined. */
export function renamedTo(ids: RenamedSecretIds, asked: string): string | undefined {
  if (ids.size === 0) return undefined;
  for (const spelling of new Set([asked, identityLogin(asked), normaliseLogin(asked)])) {
    const to = ids.get(digest(spelling));
    if (to !== undefined) return to;
  }
  return undefined;
}

function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
