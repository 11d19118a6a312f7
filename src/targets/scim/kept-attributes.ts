// What a SCIM app's answer to a write shows it kept. A 200 (or 201) body is the user after the
// write: RFC 7644 §3.3 ("the server SHALL return ... the resource created") and §3.5.2 (a PATCH
// answers "the entire resource"). An attribute the write set that the answer lacks, or holds
// otherwise, was not kept: apps accept attributes they do not store and answer success all the
// same (open-webui's SCIM PATCH "silently ignores" such changes and answers the user as it was,
// open-webui/open-webui#30074). Counted as applied, the same change was planned and "applied" on
// every run; a create whose externalId was dropped left an account the next plan could not link,
// and its link failed there instead of at the apply that made it. Only what the answer echoes is
// checked: a write answered 204 says nothing (apply.ts reads a link back, as the plan reads it).
import type { AttributeChange } from "../../model/change.js";
import { heldValue, holds, type DeclaredCaseExact, type ScimUser } from "./mapping.js";

/** Why the answer shows the write not kept, and whether the link (externalId) is what was lost. */
export interface Unkept {
  why: string;
  /** The externalId the write set is not on the user: the account is not linked. */
  link: boolean;
  /** The other attributes the answer does not hold as written, by scopesync name. */
  attributes: string[];
}

/**
 * What of `attributes` (scopesync names: `login`, `externalId`, mapped ones) the user `after`
 * does not hold, said for the `write` ("update", "create"); undefined when it holds all of it.
 * `declared`: the case-exact attributes of the app's /Schemas (mapping.ts, heldAs).
 */
export function unkept(after: ScimUser, attributes: Record<string, AttributeChange>, write: string, declared: DeclaredCaseExact): Unkept | undefined {
  // A value held in another case or Unicode form was kept (mapping.ts, holds: the plan's own rule):
  // failing the write would fail every create in an app that lower-cases e-mails, while the account
  // was made as planned. externalId is case-exact, and compared so.
  const missing = Object.keys(attributes).sort().filter((name) => !holds(after, name, attributes[name]!, declared));
  if (missing.length === 0) return undefined;
  const link = missing.includes("externalId");
  const others = missing.filter((name) => name !== "externalId");
  const parts: string[] = [];
  if (link) {
    const held = heldValue(after, "externalId");
    parts.push(`the app answered the user "${after.userName}" with ${held === undefined ? "no externalId" : `externalId "${held}"`}, not "${attributes.externalId!.to}": the app does not keep externalId, so the account was not linked`);
  }
  if (others.length > 0) {
    const said = others.map((name) => {
      const to = attributes[name]!.to;
      const held = heldValue(after, name);
      return `${name} ${to === null || to === "" ? "removed" : JSON.stringify(to)} (it holds ${held === undefined ? "none" : JSON.stringify(held)})`;
    });
    parts.push(`the app answered the user "${after.userName}" without what the ${write} set: ${said.join(", ")}: it did not keep ${others.length > 1 ? "them" : "it"}, so every plan would set ${others.length > 1 ? "them" : "it"} again`);
  }
  return { why: parts.join("; "), link, attributes: others };
}

/** An app that drops externalId cannot be linked by it: link by login, which writes none. */
export function linkHint(target: string): string {
  return `set accounts.linkBy: login in the app policy of target "${target}" (docs/formats.md, accounts.linkBy): accounts are then linked by userName and scopesync writes no externalId; or make the app keep externalId`;
}

/** What to do about attributes the app does not keep. */
export function attributesHint(target: string, names: readonly string[]): string {
  const listed = names.join(", ");
  return `the app does not keep ${listed} over SCIM (or another system sets ${names.length > 1 ? "them" : "it"} there): remove ${listed} from accounts.attributes in the app policy of target "${target}", or set ${names.length > 1 ? "them" : "it"} in the app by hand`;
}

/** The hint for `u`: the link's first, as a lost link is what breaks the next plan. */
export function unkeptHint(target: string, u: Unkept): string {
  return u.link ? linkHint(target) : attributesHint(target, u.attributes);
}
