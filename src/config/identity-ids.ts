// Identity ids written in YAML are normalised as the sources normalise the logins they are compared
// with (model/keys.ts normaliseLogin: trimmed, Unicode NFC, lower case), so that a name and the
// login it means are one string before anything looks either up.
//
// Canonically equivalent text is the same text: "é" is U+00E9 or "e" + U+0301 (UAX #15, Unicode
// Normalization Forms, https://www.unicode.org/reports/tr15/), and the two look alike in every
// editor and plan. macOS gives names read from the file system decomposed (HFS+ stores them so,
// Apple TN1150, https://developer.apple.com/library/archive/technotes/tn/tn1150.html; git added
// core.precomposeunicode for it), so an owner copied from an `ls` of identities/people/ or written by
// a script from file names arrives as NFD, while the HR export spells the login NFC. Compared
// verbatim, such an owner named nobody, and the NHI it owned was quarantined: disabled and its
// credentials revoked, a revocation `apply.unreviewed: revocations-only` applies unreviewed.
import type { Doc, DocKind } from "../model/documents.js";
import { normaliseLogin } from "../model/keys.js";

/** A path to a value in a document; "*" stands for every item of a list. */
type IdPath = readonly string[];

/**
 * Where each kind of document names an identity: every `identityId` of schemas/*.schema.json
 * (test/config/identity-ids.test.ts holds this list to the schemas). Record references
 * (`links`, a Person's `anchor`: source:externalId) are not here: an external id is the source's
 * opaque, case-exact key, compared as the source wrote it.
 */
export const IDENTITY_ID_PATHS: Readonly<Record<DocKind, readonly IdPath[]>> = {
  Person: [["id"]],
  ServiceAccount: [["owner"]],
  Agent: [["owner"]],
  Group: [["owners", "*"], ["members", "*", "identity"]],
  RuleSet: [["exceptions", "*", "identity"], ["exceptions", "*", "approver"]],
  Links: [],
  AppPolicy: [],
};

/**
 * Rewrites, in place, every identity id of a schema-valid document in the form the sources give
 * logins. An id already in that form (every ASCII id the schema accepts) is left as it is.
 */
export function normaliseIdentityIds(doc: Doc): void {
  for (const path of IDENTITY_ID_PATHS[doc.kind]) rewrite(doc as unknown as Record<string, unknown>, path, 0);
}

function rewrite(at: Record<string, unknown> | unknown[], path: IdPath, i: number): void {
  const key = path[i]!;
  const keys = key === "*" ? (Array.isArray(at) ? at.keys() : []) : [key];
  for (const k of keys) {
    const value = (at as Record<string | number, unknown>)[k];
    if (i === path.length - 1) {
      if (typeof value === "string") (at as Record<string | number, unknown>)[k] = normaliseLogin(value);
    } else if (value !== null && typeof value === "object") rewrite(value as Record<string, unknown>, path, i + 1);
  }
}
