// nhi-owner-guest: an NHI owned by a guest of the organisation (an Entra B2B guest, `userType:
// Guest`: model/guest.ts). A guest is an active person, so the NHI is not quarantined: that would
// be an outage of a working integration over a question of governance. But a guest is not employed
// by the organisation, no HR record ends their time there, and an owner of an application may
// update its client secret or certificate ("Add an owner to an application using Microsoft Graph",
// learn.microsoft.com/troubleshoot/entra/entra-id/users-groups-entra-apis/add-owner-for-application-microsoft-graph).
// When the guest is removed from the tenant, the NHI loses its owner as it does when any owner
// leaves (nhi-owner-active quarantines it).
import type { Identity } from "../../../model/identity.js";
import { isGuest } from "../../../model/guest.js";
import { EMPLOYMENT_RECORD_TYPES } from "../../../model/employment-records.js";
import { activePerson, platformManaged } from "../../lifecycle.js";
import type { BuiltinRule, RuleContext, RuleHit } from "../rule.js";

export const nhiOwnerGuest: BuiltinRule = {
  id: "nhi-owner-guest",
  title: "A non-human identity is owned by a member of the organisation, not a guest",
  defaultSeverity: "warning",
  controls: ["OWASP-NHI1", "NIST-CSF-PR.AA-01", "NIST-SP800-53-AC-2"],
  remediation: "name a member of the organisation as the NHI's owner (`owner:` in its file, or an owner in the system: Entra, the owners of the app registration or enterprise application), and remove the guest from its owners unless they must manage it",
  check: function* (ctx) {
    const files = new Map(ctx.repo.nhis.map((doc) => [doc.value.id, doc]));
    for (const identity of ctx.identities) {
      if (identity.kind === "person" || platformManaged(identity) || (identity.definedAt === undefined && !identity.discoveredBy?.length)) continue;
      const owners = activeOwners(identity, ctx);
      const guests = owners.filter(isGuest);
      if (guests.length === 0) continue;
      const doc = files.get(identity.id);
      const fromFile = doc !== undefined && (identity.provenance.owner?.source === "file" || !identity.provenance.owner);
      const location = fromFile ? `${doc.file}:${doc.locate(["owner"]).line}` : (identity.provenance.owner?.at ?? identity.id);
      const hr = guests.every((g) => byHr(g, ctx));
      yield hit(identity, guests, owners.filter((o) => !isGuest(o)), fromFile ? "its file" : (identity.provenance.owner?.source ?? "the system"), location, hr);
    }
  },
};

/** The active people among the NHI's owners: the system's (none between employments), or its file's. */
function activeOwners(identity: Identity, ctx: RuleContext): Identity[] {
  if (identity.systemOwners !== undefined) {
    return identity.systemOwners.filter((o) => activePerson(o, ctx.byId, ctx.now)).map((o) => ctx.byId.get(o.id!)!);
  }
  const owner = identity.owner === undefined ? undefined : ctx.byId.get(identity.owner);
  return owner?.kind === "person" && owner.status === "active" ? [owner] : [];
}

/**
 * Is the guest's `guest` an HR book of record's word (a csv source's worker type "Guest": visiting
 * academics a university onboards and terminates)? Then HR ends their time as it does anyone's;
 * what is missing is an employee who answers for the NHI, not a record of the person.
 */
function byHr(guest: Identity, ctx: RuleContext): boolean {
  const source = guest.provenance["employmentType"]?.source;
  const type = source === undefined ? undefined : ctx.repo.config.value.sources[source]?.type;
  return type !== undefined && EMPLOYMENT_RECORD_TYPES.has(type);
}

function hit(identity: Identity, guests: Identity[], members: Identity[], namedBy: string, location: string, hr: boolean): RuleHit {
  const named = guests.map((g) => `"${g.id}"`).join(", ");
  const from = [...new Set(guests.map((g) => g.provenance["employmentType"]?.source ?? "the sources"))].join(", ");
  const why = `(employmentType guest, as ${from} ${from.includes(",") || from === "the sources" ? "give" : "gives"} it)`;
  const one = guests.length === 1;
  if (members.length === 0) {
    return {
      identity: identity.id,
      message: `${identity.id}'s ${one ? "owner" : "owners"} ${named}, as ${namedBy} names ${one ? "them" : "them all"}, ${one ? "is a guest" : "are guests"} of the organisation ${why}, not ${one ? "a member" : "members"} of it: ${hr ? `HR keeps ${one ? "their record" : "their records"} and ends their time, but no employee of the organisation answers for ${identity.id} meanwhile. It is not quarantined while ${one ? "the guest is" : "a guest is"} active; once HR ends ${one ? "the guest's" : "their"} time, ${identity.id} has lost its owner (nhi-owner-active) and is quarantined` : `nobody the organisation employs answers for ${identity.id}. It is not quarantined while ${one ? "the guest is" : "a guest is"} active; once ${one ? "the guest is" : "they are"} removed from the directory, ${identity.id} has lost its owner (nhi-owner-active) and is quarantined`}`,
      location,
    };
  }
  return {
    identity: identity.id,
    message: `${identity.id}'s owners, as ${namedBy} names them, include ${one ? "a guest" : "guests"} of the organisation ${why}, ${named}: ${members.map((m) => `"${m.id}"`).join(", ")} answer${members.length === 1 ? "s" : ""} for ${identity.id}, but an owner can still manage it (an application's owners can add credentials to it) while ${hr ? `${one ? "the guest is" : "they are"} no employee of it (HR keeps ${one ? "their record" : "their records"} as guests)` : `no one the organisation employs vouches for ${one ? "the guest" : "them"}`}`,
    location,
  };
}
