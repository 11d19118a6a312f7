// People no source exports any more, as far as this plan can still say who they were. An app that
// keeps our anchor (`externalId`) on its accounts names the leaver itself; one that links by login
// (GitHub, `accounts.linkBy: login`, every app `import` adopted) knows the account only by the
// login, and once the person has gone from the sources no identity has that login: the account
// read as "unmanaged" and stayed active. What still ties the login to the leaver is the last
// accepted snapshot (the person, with their overlay's app logins) and a Person overlay's `anchor`,
// as `import` writes it.
import type { AttributeValue, Identity } from "../model/identity.js";
import type { Located } from "../model/located.js";
import type { PersonDoc } from "../model/documents.js";

/** A person no identity stands for now: their id, the anchor they had, the attributes their logins come from. */
export interface GonePerson {
  id: string;
  anchor: string;
  attributes: Record<string, AttributeValue>;
  /** Where the tie comes from: "the last accepted snapshot", or the overlay's file:line. */
  knownFrom: string;
  /** Earlier logins of theirs that files still named when the snapshot was accepted (a rename kept). */
  formerIds?: string[];
}

/**
 * The people whose anchor no current identity holds (`held`: every anchor, alias and earlier
 * anchor of today's identities): from the last accepted snapshot, then Person overlays with an
 * `anchor` whose id is nobody's today (one whose id is someone else's now is login-reused). Only
 * people: an NHI's accounts carry `nhi:` anchors or are declared in files.
 */
export function gonePeople(prior: Iterable<Identity> | undefined, people: readonly Located<PersonDoc>[], held: ReadonlyMap<string, unknown>, isIdentity: (id: string) => boolean): GonePerson[] {
  const gone: GonePerson[] = [];
  const seen = new Set<string>();
  for (const p of prior ?? []) {
    if (p.kind !== "person" || held.has(p.anchor)) continue;
    gone.push({ id: p.id, anchor: p.anchor, attributes: p.attributes, knownFrom: "the last accepted snapshot", ...(p.formerIds ? { formerIds: p.formerIds } : {}) });
    seen.add(p.anchor);
  }
  for (const doc of people) {
    const { id, anchor, attributes } = doc.value;
    if (anchor === undefined || seen.has(anchor) || held.has(anchor) || isIdentity(id)) continue;
    const values: Record<string, AttributeValue> = { userName: id };
    for (const [name, value] of Object.entries(attributes ?? {})) values[name] = typeof value === "number" ? String(value) : value;
    gone.push({ id, anchor, attributes: values, knownFrom: `${doc.file}:${doc.line}` });
    seen.add(anchor);
  }
  return gone;
}
