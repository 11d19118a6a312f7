// Resolved identities hold no secret-shaped value. An export can carry one anywhere (an API key
// pasted into HR's UserID, so into the person's id and login; a token in a description), and the
// identities are written out whole: the identities snapshot a GitHub Actions matrix uploads as an
// artifact for every `plan --target` shard, and `identities --format json`. A shard plans from the
// snapshot alone, and its merge must be the one-process plan byte for byte, so one process plans
// from the very same identities: they are made secret-free once, as they are resolved, not where
// each is written. A secret-shaped id becomes the name the plan and the journal already gave it
// (its anchor: shown-identity.ts), and every reference naming it follows (a manager, an owner:
// identity-refs.ts); every other value is hidden as a source snapshot hides it ("(a value not
// shown: …)"), which the planner refuses to write as it refuses the secret (unwritable-value.ts:
// attribute-secret-shaped, login-secret-shaped).
import type { Identity } from "./identity.js";
import { withRenamedIds } from "./identity-refs.js";
import { maskTexts } from "./mask-texts.js";
import { mayHoldSecret } from "./may-hold-secret.js";
import { renamedSecretIds, type RenamedSecretIds } from "./renamed-secret-ids.js";
import { secretIdRenames } from "./secret-id-renames.js";

/** Secret-free identities, and which ids were renamed, by digest (explain finds a person by the key their export holds). */
export interface SecretFree {
  identities: Identity[];
  /** Empty for nearly every organisation. */
  renamedIds: RenamedSecretIds;
}

/** `identities` with no secret-shaped value; the same list (and each unchanged identity the same object) when none holds one. */
export function secretFreeIdentities(identities: Identity[]): Identity[] {
  return secretFreeResolved(identities).identities;
}

/** secretFreeIdentities, with the renamed ids kept as renamed-secret-ids.ts keeps them. */
export function secretFreeResolved(identities: Identity[]): SecretFree {
  // Refused where a new name is another identity's (secret-id-renames.ts).
  const renamed = secretIdRenames(identities);
  let out: Identity[] | undefined;
  for (let n = 0; n < identities.length; n++) {
    const i = identities[n]!;
    const free = secretFree(i, renamed);
    if (free !== i) (out ??= identities.slice())[n] = free;
  }
  return { identities: out ?? identities, renamedIds: renamedSecretIds(renamed) };
}

function secretFree(identity: Identity, renamed: ReadonlyMap<string, string>): Identity {
  // Renamed first: an id that names a renamed identity (a manager, an owner) becomes its anchor,
  // which is no secret, so masking then hides only what is one.
  const named = renamed.size > 0 ? withRenamedIds(identity, renamed) : identity;
  // Nearly every identity holds nothing to hide: a walk that only looks (may-hold-secret.ts) is cheaper than maskTexts'.
  return mayHoldSecret(named) ? maskTexts(named) : named;
}
