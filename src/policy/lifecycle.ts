import type { AppPolicyDoc } from "../model/documents.js";
import type { Identity } from "../model/identity.js";
import { isExpired } from "../model/time.js";

/** Why an identity must lose its access everywhere, or undefined when it may keep it. */
export interface Offboarding {
  why: "leaver" | "suspended" | "nhi-disabled" | "nhi-owner-gone" | "nhi-expired";
  reason: string;
  origin: "source" | "policy" | "drift";
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
      return { why: "leaver", reason: `left the organisation${typeof when === "string" ? ` on ${when}` : ""} (status terminated in ${identity.provenance.status?.source ?? "source"})`, origin: "source" };
    }
    if (identity.status === "suspended" && policy.accounts.onSuspended === "disable") {
      return { why: "suspended", reason: `suspended in ${identity.provenance.status?.source ?? "source"}${suspendedBecause(identity)}`, origin: "source" };
    }
    return undefined;
  }
  return nhiOffboarding(identity, byId, now, missingUnknown);
}

/** The status source's own word for why, where it gives one (Google's suspensionReason). */
function suspendedBecause(identity: Identity): string {
  const why = identity.attributes.suspensionReason;
  const from = identity.provenance.suspensionReason?.source;
  return typeof why === "string" && from !== undefined && from === identity.provenance.status?.source ? ` (suspensionReason ${why})` : "";
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
  const gone = platformManaged(identity) || ownerUnknown(identity, byId, missingUnknown) ? undefined : ownerGone(identity, byId);
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
 * The NHI's owner is in no source, but a source failed its quality gates (`missingUnknown`): the
 * owner may be a record that export lost, so they are unknown, not gone, and the NHI is not
 * quarantined on that alone. The planner and the rules that report the owner ask this one question.
 */
export function ownerUnknown(identity: Identity, byId: ReadonlyMap<string, Identity>, missingUnknown: boolean): boolean {
  return missingUnknown && identity.owner !== undefined && !byId.has(identity.owner);
}

/** Describes why the NHI's owner no longer counts, or undefined when the owner is an active person. */
export function ownerGone(identity: Identity, byId: ReadonlyMap<string, Identity>): string | undefined {
  if (!identity.owner) return undefined; // an NHI without owner is a governance finding, not an offboarding
  const owner = byId.get(identity.owner);
  if (!owner) return `owner "${identity.owner}" is in no source any more`;
  if (owner.kind !== "person") return `owner "${identity.owner}" is not a person`;
  if (owner.status !== "active") return `owner "${identity.owner}" is ${owner.status}`;
  return undefined;
}

/** Where the NHI was switched off: its file, the system that reports it, or quarantine of an undeclared one. */
function disabledBy(identity: Identity): string {
  if (identity.undeclared === "quarantine") return `quarantined: declared in no file (${identity.provenance.quarantined?.rule ?? "undeclared: quarantine"})`;
  const p = identity.provenance.status;
  return p && p.source !== "file" ? `disabled in ${p.source} (${p.at})` : `status: disabled in ${identity.definedAt}`;
}
