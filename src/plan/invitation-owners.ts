// Whose address a pending e-mail invitation (model/invited-email.ts) was sent to, when the
// invitation link (invitation-links.ts) did not make it an identity's account. That link covers one
// case only: a person not active today, with no account under their own login, whose e-mail today
// is the address. An invitation is acceptable by whoever holds the mailbox, with its role and teams,
// until it expires, whatever else the person has; so a leaver's is theirs to lose in the other cases
// too, and reading it as "matches no identity" (reported only, under `emailInvitations: report`)
// left a leaver's owner invitation acceptable:
// - a leaver who also has an account under their own login (a member, an outside collaborator);
// - a leaver whose address changed: the last accepted snapshot has the address the invitation went to;
// - a person gone from the sources (an HR export that drops leavers, a withdrawn pre-start hire),
//   known only to the snapshot or a Person overlay (gone-people.ts), as their login is.
// Every identity whose address it is counts, today's addresses and the snapshot's alike: one that
// keeps access here (an active person; the address passed on to a colleague) makes it no leaver's,
// and it stays reported as today.
import type { SourceConfig } from "../model/documents.js";
import { exportChecks } from "../model/export-checks.js";
import type { Identity } from "../model/identity.js";
import { emailKey, sourceOfRef } from "../model/keys.js";
import type { Offboarding } from "../policy/lifecycle.js";
import { priorOf } from "../resolve/renames.js";
import type { GonePerson } from "./gone-people.js";
import { lifecycleField } from "../model/leaving-cause.js";

/** One person the address is (or was) of, and how that is known. */
export interface AddressOwner {
  /** Position among today's identities, or undefined for a person gone from the sources. */
  index?: number;
  gone?: GonePerson;
  /** "cy.varga's e-mail address in hr", "the e-mail address of hr:E103 (dee.nova) at the last accepted snapshot". */
  known: string;
}

/** The e-mail addresses an identity (or a snapshot's copy of one) has, as given. */
function emailsOf(attributes: Readonly<Record<string, unknown>>): string[] {
  const emails = attributes.emails;
  return Array.isArray(emails) ? emails.filter((e): e is string => typeof e === "string" && e !== "") : [];
}

/**
 * normalised address → whose it is. Built once per target diff, when the first e-mail invitation
 * no identity linked is met.
 */
export function addressOwners(identities: readonly Identity[], prior: ReadonlyMap<string, Identity> | undefined, gone: readonly GonePerson[]): Map<string, AddressOwner[]> {
  const owners = new Map<string, AddressOwner[]>();
  const add = (address: string, owner: AddressOwner): void => {
    const key = emailKey(address);
    const list = owners.get(key);
    if (!list) owners.set(key, [owner]);
    else if (!list.some((o) => o.index === owner.index && o.gone === owner.gone)) list.push(owner);
  };
  identities.forEach((identity, index) => {
    const today = emailsOf(identity.attributes);
    // `emails` gathers every record's addresses (merge-person.ts): no one source is its provenance.
    for (const e of today) add(e, { index, known: `${identity.id}'s e-mail address in today's sources (${identity.anchor})` });
    // An address they had at the last accepted snapshot and no longer have (a name change).
    const was = priorOf(identity, prior);
    if (!was) return;
    const now = new Set(today.map(emailKey));
    const shown = today.length > 0 ? ` (${today.join(", ")} now)` : "";
    for (const e of emailsOf(was.attributes)) if (!now.has(emailKey(e))) add(e, { index, known: `${identity.id}'s e-mail address at the last accepted snapshot${shown}` });
  });
  for (const g of gone) {
    for (const e of emailsOf(g.attributes)) add(e, { gone: g, known: `the e-mail address of ${g.anchor} (${g.id}) ${g.knownFrom === "the last accepted snapshot" ? "at the last accepted snapshot" : `as ${g.knownFrom} gives it`}` });
  }
  return owners;
}

/** What becomes of an e-mail invitation whose address has owners (addressOwners). */
export type InvitationFate =
  /** Someone keeps access here (or is undecided: disputed, held): it stays an unmatched one, reported. */
  | { kind: "not-a-leavers" }
  /** A gone person's, whose source's absences decide nothing (it failed its gates, or is unproven): left alone, accounted. */
  | { kind: "unknown"; gone: GonePerson; source: string }
  /** Every owner loses access: cancelled with their offboarding, under the first one's name and reason. */
  | { kind: "offboard"; off: Offboarding; ownerId: string; anchor: string; identity?: Identity; goneAnchor?: string; whose: string };

export interface FateAsk {
  identities: readonly Identity[];
  /** Why the identity loses access here; undefined when it keeps it; "undecided" (disputed, held). */
  losing: (identity: Identity) => Offboarding | "undecided" | undefined;
  sourcesRead: ReadonlySet<string>;
  /** Sources whose absences decide nothing. */
  unknownAbsence: ReadonlySet<string>;
  /** The configured sources: what a leaver's source's export passed. */
  sources: Readonly<Record<string, SourceConfig>>;
}

/**
 * The fate of an e-mail invitation sent to `address`, given whose it is. Anyone who keeps access
 * and has (or had) the address makes it no leaver's; a gone person whose source was not read is
 * no evidence either way and is passed over, as goneByLogin passes over one.
 */
export function invitationFate(address: string, owners: readonly AddressOwner[], ask: FateAsk): InvitationFate {
  const losing: { id: string; anchor: string; off: Offboarding; identity?: Identity; gone?: GonePerson; known: string }[] = [];
  let unknown: { gone: GonePerson; source: string } | undefined;
  for (const o of owners) {
    if (o.gone) {
      const source = sourceOfRef(o.gone.anchor);
      if (!ask.sourcesRead.has(source)) continue;
      if (ask.unknownAbsence.has(source)) {
        unknown ??= { gone: o.gone, source };
        continue;
      }
      const off: Offboarding = { why: "leaver", reason: `${o.gone.anchor} (${o.gone.id}) is no longer in source "${source}" (the export passed ${exportChecks(ask.sources[source])})`, origin: "source", lifecycle: "leaver" };
      losing.push({ id: o.gone.id, anchor: o.gone.anchor, off, gone: o.gone, known: o.known });
      continue;
    }
    const identity = ask.identities[o.index!]!;
    const off = ask.losing(identity);
    if (off === undefined || off === "undecided") return { kind: "not-a-leavers" };
    losing.push({ id: identity.id, anchor: identity.anchor, off, identity, known: o.known });
  }
  if (unknown) return { kind: "unknown", ...unknown };
  const [first] = losing;
  if (!first) return { kind: "not-a-leavers" };
  // Two who both lose access had the address: whose it was does not matter, both lose access.
  // A gone person's reason names them already; a leaver's today ("left the organisation on …") does not.
  const why = losing.map((l) => (l.gone ? l.off.reason : `${l.id}: ${l.off.reason}`)).join("; ");
  const whose = `the invitation was sent to ${address}, ${losing.map((l) => l.known).join(" and ")}; ${why}`;
  const single = losing.length === 1;
  return {
    kind: "offboard",
    off: { why: first.off.why, reason: whose, origin: first.off.origin, ...lifecycleField(losing.find((l) => l.off.lifecycle)?.off.lifecycle) },
    ownerId: first.id,
    anchor: first.anchor,
    ...(single && first.identity ? { identity: first.identity } : {}),
    ...(single && first.gone ? { goneAnchor: first.anchor } : {}),
    whose: losing.map((l) => l.known).join(" and "),
  };
}
