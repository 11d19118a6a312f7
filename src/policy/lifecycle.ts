import type { AppPolicyDoc } from "../model/documents.js";
import { directoryDisabled, disabledInWords } from "../model/directory-disabled.js";
import { datedLeaving, datedLeavingWords } from "../model/dated-leaving.js";
import type { Identity, SystemOwner } from "../model/identity.js";
import type { Lifecycle } from "../model/leaving-cause.js";
import { DAY, isExpired, parseDate } from "../model/time.js";
import { betweenEmployments, gapReason, rehireGap, rehireToCome, terminationToCome, type RehireGap } from "./rehire-gap.js";

/** Why an identity must lose its access everywhere, or undefined when it may keep it. */
export interface Offboarding {
  why: "leaver" | "suspended" | "nhi-disabled" | "nhi-owner-gone" | "nhi-expired";
  reason: string;
  origin: "source" | "policy" | "drift";
  /**
   * `leaver` when the identity left the organisation or is in no source any more: what the
   * changes and the journal carry for the leavers report. `why: "leaver"` alone is broader (an
   * account out of scope, under an earlier login, or no one's is taken away the same way).
   */
  lifecycle?: Lifecycle;
  /** A person between employments whom the dates, not the status, make a leaver here (rehire-gap.ts). */
  rehire?: RehireGap;
}

/**
 * The lifecycle decision for one identity in one app. Leavers and suspended people lose access
 * (unless the app keeps suspended accounts); NHIs are offboarded when disabled in their file, when
 * their owner is no longer an active person (quarantine), or past `expiresAt`. `missingUnknown`:
 * a source failed its quality gates, so someone absent from the sources may still be there.
 */
export function offboarding(identity: Identity, policy: AppPolicyDoc, byId: ReadonlyMap<string, Identity>, now: number, missingUnknown = false): Offboarding | undefined {
  // Anything a source exported (people, and machine accounts an Okta or AD export marks as such)
  // follows its source status; NHIs defined in identities/ follow their file.
  // Discovered NHIs (records from discovery sources) are NHIs all the same: disabled, expired or
  // owner gone, whichever system said so.
  if (identity.kind === "person" || (identity.records.length > 0 && !identity.discoveredBy?.length)) {
    if (identity.status === "terminated") {
      const when = identity.attributes.terminationDate;
      const rehired = rehireToCome(identity, now);
      // Terminated ahead of the date: the status decides (HR's word; garden leave and dismissals
      // end access at once), the reason says the date is to come, termination-date-to-come warns.
      if (terminationToCome(identity, now)) {
        return { why: "leaver", reason: `${statusWords(identity, "terminated")}${stillChanging(identity)}; termination date ${when} still to come${rehired ? `, rehired from ${rehired}` : ""}`, origin: "source", lifecycle: "leaver" };
      }
      const left = rehired ? `left on ${when}, rehired from ${rehired}` : `left the organisation${typeof when === "string" ? ` on ${when}` : ""}`;
      return { why: "leaver", reason: `${left} (${statusWords(identity, "terminated")}${stillChanging(identity)})`, origin: "source", lifecycle: "leaver" };
    }
    // Their employment ended and the rehire's access here has not begun: a leaver whatever the
    // status says, for the status speaks for the employment to come (rehire-gap.ts).
    const gap = identity.kind === "person" ? rehireGap(identity, policy, now) : undefined;
    if (gap) return { why: "leaver", reason: gapReason(identity, gap, policy), origin: "source", lifecycle: "leaver", rehire: gap };
    if (identity.status === "suspended" && policy.accounts.onSuspended === "disable") {
      return { why: "suspended", reason: `${statusWords(identity, "suspended")}${suspendedBecause(identity)}${stillChanging(identity)}`, origin: "source" };
    }
    return undefined;
  }
  return nhiOffboarding(identity, byId, now, missingUnknown);
}

/**
 * Whether the identity loses its access in every app whatever the app's policy says: a leaver
 * (status terminated, whom offboarding() makes a leaver everywhere), or an NHI disabled, past
 * `expiresAt` or quarantined (nhiOffboarding). A person on leave is not: each app's
 * `onSuspended` decides. A blocked plan's finding that may doubt an identity's changes never holds
 * back the revocations of one the plan offboards (plan/blocked-scope.ts).
 */
export function offboardedEverywhere(identity: Identity, byId: ReadonlyMap<string, Identity>, now: number): boolean {
  if (identity.kind === "person" || (identity.records.length > 0 && !identity.discoveredBy?.length)) return identity.status === "terminated";
  return nhiOffboarding(identity, byId, now) !== undefined;
}

/**
 * The status in the words of the source that gave it: "suspended in hr"; for a leaving date that
 * has passed, that date ("employeeLeaveDateTime in entra has passed"); for a disabled directory
 * account, what the directory said and how options.disabledMeans reads it ("disabled in ad
 * (userAccountControl 514: ACCOUNTDISABLE), read as on leave"), never a leave it did not state.
 */
export function statusWords(identity: Identity, status: "suspended" | "terminated"): string {
  // A leaving date that has passed (Entra employeeLeaveDateTime, AD accountExpires): that date
  // decided, not a status the source gives (model/dated-leaving.ts).
  const dated = status === "terminated" ? datedLeaving(identity) : undefined;
  if (dated) return datedLeavingWords(dated);
  const disabled = directoryDisabled(identity);
  if (disabled) return `${disabledInWords(disabled)}, read as ${status === "terminated" ? "having left" : "on leave"} (options.disabledMeans: ${status})`;
  return `${status === "terminated" ? "status terminated" : "suspended"} in ${identity.provenance.status?.source ?? "source"}`;
}

/**
 * The status source's own word for why, where it gives one (Google's suspensionReason). A suspension
 * read as a disabled account already says it in the directory's words (statusWords).
 */
function suspendedBecause(identity: Identity): string {
  if (directoryDisabled(identity)) return "";
  const why = identity.attributes.suspensionReason;
  const from = identity.provenance.suspensionReason?.source;
  return typeof why === "string" && from !== undefined && from === identity.provenance.status?.source ? ` (suspensionReason ${why})` : "";
}

/**
 * The status source's word that it is still changing the status (Okta's `transitioningToStatus`,
 * src/sources/okta/status.ts). A reviewer who looks the user up in Okta sees them ACTIVE until the
 * deactivation finishes: the reason says why they are a leaver all the same. Any other transition
 * under way is not finished, so the status as it stands counts; the reason says that too.
 */
function stillChanging(identity: Identity): string {
  const to = identity.attributes.transitioningToStatus;
  const from = identity.provenance.transitioningToStatus?.source;
  if (typeof to !== "string" || from === undefined || from !== identity.provenance.status?.source) return "";
  if (to === "DEPROVISIONED") return ": Okta is still deactivating them, transitioningToStatus DEPROVISIONED";
  return `; transitioningToStatus ${to}: Okta has not finished that change, so the status as it stands counts`;
}

/** offboarding() of an NHI: disabled, past `expiresAt`, or quarantined because its owner is gone. */
export function nhiOffboarding(identity: Identity, byId: ReadonlyMap<string, Identity>, now: number, missingUnknown = false): Offboarding | undefined {
  if (identity.status === "disabled") return { why: "nhi-disabled", reason: disabledBy(identity), origin: "drift" };
  if (identity.expiresAt && isExpired(identity.expiresAt, now)) {
    return { why: "nhi-expired", reason: `expired on ${identity.expiresAt} (${identity.definedAt})`, origin: "policy" };
  }
  // An owner missing while a source failed its quality gates may be a record that export lost:
  // unknown, not gone, so the NHI is not quarantined on that alone (the gate finding blocks).
  // The platform's own NHIs are never quarantined: switching them off switches off the platform.
  // Nor is a break-glass one: it is the way back in when nobody else can sign in, and an emergency
  // account of last resort is never removed or disabled automatically (break-glass-owner-gone
  // asks for a new owner instead).
  const gone = quarantineExempt(identity) || ownerUnknown(identity, byId, missingUnknown, now) ? undefined : ownerGone(identity, byId, now);
  if (gone) return { why: "nhi-owner-gone", reason: `quarantined: ${gone}; a new owner must be assigned`, origin: "policy" };
  return undefined;
}

/**
 * An NHI the platform itself makes and runs (the AWS root user, service-linked roles,
 * Google-created service accounts, Kubernetes `default` and `kube-*` accounts): its owner leaving
 * is reported, never a quarantine, whatever tag or annotation names that owner.
 */
export function platformManaged(identity: Identity): boolean {
  return identity.attributes.platformManaged === true;
}

/**
 * An NHI whose owner leaving is reported, never a quarantine: the platform's own, and one its file
 * marks `breakGlass: true` (an emergency account that belongs to no person). The planner and the
 * rules that say whether it is quarantined ask this one question.
 */
export function quarantineExempt(identity: Identity): boolean {
  return platformManaged(identity) || (identity.kind !== "person" && identity.breakGlass) || samlSsoOnly(identity);
}

/**
 * A SAML single sign-on app (an Entra service principal with `preferredSingleSignOnMode: saml`)
 * with no credential of its own: its only key is the token-signing certificate Entra signs users'
 * SAML responses with (sources/entra-apps/token-signing.ts). Switching it off stops sign-in to the
 * app for everyone and keeps no leaver out, so its owner leaving asks for a new owner, never a
 * quarantine.
 */
export function samlSsoOnly(identity: Identity): boolean {
  return identity.kind !== "person" && String(identity.attributes["singleSignOnMode"] ?? "").toLowerCase() === "saml" && !identity.credentials?.length && !identity.federatedCredentials?.length;
}

/**
 * Whether the NHI's owner is unknown rather than gone, so that it is not quarantined on that alone.
 * Two cases. The owner is in no source, but a source failed its quality gates (`missingUnknown`):
 * the owner may be a record that export lost. Or the system names an owner (a discovered NHI
 * without a file's owner) by a name that no person the sources export goes by, nor one the last
 * accepted snapshot knew, and none of its owners is an active person: it may be an active person
 * the sources know by another name (an Entra UPN that is not their address, a tag with a typo),
 * and an owner no one knows cannot be said to have left (nor to be there: ownerUnknownHeld, no
 * new access either). The planner and the rules that report the
 * owner ask this one question.
 */
export function ownerUnknown(identity: Identity, byId: ReadonlyMap<string, Identity>, missingUnknown: boolean, now: number): boolean {
  const system = identity.systemOwners;
  if (system === undefined) return missingUnknown && identity.owner !== undefined && !byId.has(identity.owner);
  if (system.some((o) => activePerson(o, byId, now))) return false;
  return system.some((o) => o.match === "unknown" || (missingUnknown && o.match === "former"));
}

/**
 * A discovered NHI whose system names its owners and none is known: a name no person the sources
 * export goes by, nor one the last accepted snapshot knew, and no active person among them. Such
 * an owner may be an active person under another name, so it starts no offboarding (ownerUnknown);
 * it may as well be a person who left long ago: the snapshot keeps a leaver who is gone from every
 * source only 90 days (cli/snapshot-gone.ts), after which the owner of an NHI quarantined for their
 * leaving is a name no one knows. So an unknown owner gives no access either: the planner makes,
 * enables and grants nothing for the NHI and takes nothing away (diff-target.ts), and an account
 * its quarantine disabled stays disabled, its revoked credentials revoked, until someone says who
 * the owner is (nhi-owner-active). Unknown means no new offboarding and no new access.
 */
export function ownerUnknownHeld(identity: Identity, byId: ReadonlyMap<string, Identity>, now: number): boolean {
  const system = identity.systemOwners;
  if (system === undefined || identity.kind === "person" || platformManaged(identity)) return false;
  return !system.some((o) => activePerson(o, byId, now)) && system.some((o) => o.match === "unknown");
}

/** The names the system gives owners that no person the sources export, nor one the last accepted snapshot knew, goes by. */
export function unknownSystemOwners(identity: Identity): string[] {
  return (identity.systemOwners ?? []).filter((o) => o.match === "unknown").map((o) => o.name);
}

/**
 * Describes why the NHI's owner no longer counts, or undefined when the owner is an active person.
 * An NHI whose system names its owners (`systemOwners`) has lost its owner only when none of them is
 * an active person; owners that are no person do not count either way (an NHI only they own has no
 * person owner: nhi-owner-not-person, not an offboarding). The description names every person
 * owner; ownerUnknown says whether it is an offboarding.
 */
export function ownerGone(identity: Identity, byId: ReadonlyMap<string, Identity>, now: number): string | undefined {
  if (!identity.owner) return undefined; // an NHI without owner is a governance finding, not an offboarding
  const system = identity.systemOwners;
  if (system !== undefined) {
    const people = system.filter((o) => o.match !== "not-person");
    if (people.length === 0 || people.some((o) => activePerson(o, byId, now))) return undefined;
    const said = people.map((o) => `"${o.id ?? o.name}" ${standing(o, byId, now)}`);
    const others = system.filter((o) => o.match === "not-person").map((o) => o.name);
    const rest = others.length > 0 ? `; its other ${others.length === 1 ? "owner" : "owners"}, ${others.join(", ")}, ${others.length === 1 ? "is" : "are"} no person` : "";
    return `${said.length === 1 ? `owner ${said[0]}` : `no owner is an active person: ${said.join(", ")}`}${rest}`;
  }
  const owner = byId.get(identity.owner);
  if (!owner) return `owner "${identity.owner}" is in no source any more`;
  if (owner.kind !== "person") return `owner "${identity.owner}" is not a person`;
  if (owner.status !== "active") return `owner "${identity.owner}" is ${owner.status}`;
  const gap = betweenEmployments(owner, now);
  if (gap) return `owner "${identity.owner}" ${gapStanding(gap)}`;
  return undefined;
}

/**
 * An active person, and not between employments: one whose employment ended and whose rehire has
 * not begun is a leaver in every app (rehire-gap.ts), whatever the status says for the employment
 * to come, and answers for no NHI until the rehire's hire date.
 */
export function activePerson(owner: SystemOwner, byId: ReadonlyMap<string, Identity>, now: number): boolean {
  if (owner.match !== "person") return false;
  const person = byId.get(owner.id!);
  return person?.status === "active" && betweenEmployments(person, now) === undefined;
}

/** How an owner between employments stands, in ownerGone's words. */
function gapStanding(gap: { left: string; hired: string }): string {
  return `is between employments (left on ${gap.left}, rehired from ${gap.hired})`;
}

/** How a system's owner who is not an active person stands, in ownerGone's words. */
function standing(owner: SystemOwner, byId: ReadonlyMap<string, Identity>, now: number): string {
  return `${personStanding(owner, byId, now)}${owner.droppedBy ? ` (the last accepted snapshot's owner, whom ${owner.droppedBy} no longer lists${droppedSince(owner.droppedAt, now)}: deleting a leaver's user removes them from the owners)` : ""}`;
}

/**
 * Since when the system has not listed a dropped owner (SystemOwner.droppedAt, the first export
 * without them, which snapshots keep): a reviewer sees how long the NHI has had no owner listed.
 */
function droppedSince(droppedAt: string | undefined, now: number): string {
  const at = droppedAt === undefined ? Number.NaN : parseDate(droppedAt);
  if (Number.isNaN(at)) return "";
  const days = Math.floor((now - at) / DAY);
  return ` since its export of ${droppedAt}, ${days < 1 ? "less than a day" : days === 1 ? "1 day" : `${days} days`} before this plan's time`;
}

function personStanding(owner: SystemOwner, byId: ReadonlyMap<string, Identity>, now: number): string {
  if (owner.match === "former") return "is in no source any more";
  if (owner.match === "unknown") return "matches no person in any source";
  const person = byId.get(owner.id!);
  if (!person) return "is in no source any more";
  const gap = person.status === "active" ? betweenEmployments(person, now) : undefined;
  return gap ? gapStanding(gap) : `is ${person.status}`;
}

/**
 * A discovered NHI whose system names owners, none of them a person (an Entra application owned
 * only by its own service principal, or by the automation that made it): no person answers for it.
 * Their names, or undefined when a person is among the owners or the owner comes from a file.
 */
export function onlyNonPersonOwners(identity: Identity): string[] | undefined {
  const system = identity.systemOwners;
  if (system === undefined || system.length === 0 || system.some((o) => o.match !== "not-person")) return undefined;
  return system.map((o) => (o.type && !o.name.startsWith(`${o.type}:`) ? `${o.type} ${o.name}` : o.name));
}

/**
 * A discovered NHI that keeps an active person among its system's owners while others of them
 * left: who left and who remains, for nhi-co-owner-gone. Undefined otherwise.
 */
export function coOwnersGone(identity: Identity, byId: ReadonlyMap<string, Identity>, now: number): { active: string[]; gone: string[] } | undefined {
  const system = identity.systemOwners;
  if (system === undefined) return undefined;
  const active = system.filter((o) => activePerson(o, byId, now)).map((o) => o.id!);
  const gone = system.filter((o) => (o.match === "person" && !activePerson(o, byId, now)) || o.match === "former").map((o) => `"${o.id}" ${standing(o, byId, now)}`);
  return active.length > 0 && gone.length > 0 ? { active, gone } : undefined;
}

/** Where the NHI was switched off: its file, the system that reports it, or quarantine of an undeclared one. */
function disabledBy(identity: Identity): string {
  if (identity.undeclared === "quarantine") return `quarantined: declared in no file (${identity.provenance.quarantined?.rule ?? "undeclared: quarantine"})`;
  const p = identity.provenance.status;
  return p && p.source !== "file" ? `disabled in ${p.source} (${p.at})` : `status: disabled in ${identity.definedAt}`;
}
