import type { NhiDoc } from "../../../model/documents.js";
import type { Identity } from "../../../model/identity.js";
import type { Located } from "../../../model/located.js";
import { isExpired } from "../../../model/time.js";
import { proveExportFix } from "../../../model/unknown-absence.js";
import { coOwnersGone, onlyNonPersonOwners, ownerGone, ownerUnknown, platformManaged, samlSsoOnly, unknownSystemOwners } from "../../lifecycle.js";
import type { BuiltinRule, RuleContext, RuleHit } from "../rule.js";
import { notSwitchedOff } from "./switch-off.js";

const at = (doc: Located<NhiDoc>, path: (string | number)[] = []): string => `${doc.file}:${doc.locate(path).line}`;

function eachNhi(ctx: RuleContext, fn: (doc: Located<NhiDoc>) => RuleHit | undefined): RuleHit[] {
  return ctx.repo.nhis.map(fn).filter((h): h is RuleHit => h !== undefined);
}

export const nhiOwnerRequired: BuiltinRule = {
  id: "nhi-owner-required",
  title: "Every non-human identity has an accountable owner",
  defaultSeverity: "error",
  controls: ["OWASP-NHI1", "NIST-CSF-PR.AA-01", "NIST-SP800-53-AC-2"],
  remediation: "add `owner:` with the login of the person accountable for this identity",
  check: (ctx) =>
    eachNhi(ctx, (doc) => (doc.value.owner ? undefined : { identity: doc.value.id, message: `${doc.value.kind} ${doc.value.id} has no owner`, location: at(doc) })),
};

export const nhiOwnerActive: BuiltinRule = {
  id: "nhi-owner-active",
  title: "A non-human identity's owner is an active person",
  defaultSeverity: "warning",
  controls: ["OWASP-NHI1", "NIST-CSF-PR.AA-01", "NIST-SP800-53-AC-2(3)"],
  remediation: "assign a new owner in the identity's file; the plan keeps the identity quarantined (disabled, credentials revoked) until then",
  check: (ctx) => [
    ...eachNhi(ctx, (doc) => {
      const identity = ctx.byId.get(doc.value.id);
      const gone = identity ? ownerGone(identity, ctx.byId, ctx.now) : undefined;
      if (gone && ownerUnknown(identity!, ctx.byId, ctx.sourcesFailingGates.length + ctx.sourcesUnproven.length > 0, ctx.now)) return { identity: doc.value.id, ...ownerUnknownHit(identity!, ctx), location: at(doc, ["owner"]) };
      // A declared NHI without owner: in its file, the system's owner it took (nhi-identity.ts) is where the system said so.
      const where = identity?.provenance.owner?.source === "file" || !identity?.provenance.owner ? at(doc, ["owner"]) : identity.provenance.owner.at;
      if (!gone) return undefined;
      // Declared or not, a quarantine that switches nothing off in the system holding the NHI is not called one.
      const gap = ownerGoneGap(identity!, ctx, gone, "", "assign a new owner in the identity's file");
      if (gap) return { identity: doc.value.id, ...gap, location: where };
      return { identity: doc.value.id, message: ownerGoneMessage(identity!, gone), ...(samlSsoOnly(identity!) ? { remediation: SAML_SSO_ONLY_FIX } : {}), location: where };
    }),
    // Discovered NHIs no file declares: the owner the system names.
    ...ctx.identities
      .filter((i) => i.kind !== "person" && i.definedAt === undefined && i.discoveredBy?.length)
      .flatMap((identity): RuleHit[] => {
        const gone = ownerGone(identity, ctx.byId, ctx.now);
        if (gone && ownerUnknown(identity, ctx.byId, ctx.sourcesFailingGates.length + ctx.sourcesUnproven.length > 0, ctx.now)) return [{ identity: identity.id, ...ownerUnknownHit(identity, ctx), location: identity.provenance.owner?.at ?? identity.id }];
        if (!gone) return [];
        const several = (identity.systemOwners?.length ?? 0) > 1;
        const reported = `(${several ? "owners" : "owner"} as ${identity.provenance.owner?.source ?? "the system"} reports ${several ? "them" : "it"})`;
        const gap = ownerGoneGap(identity, ctx, gone, ` ${reported}`, "name a new owner in the system");
        if (gap) return [{ identity: identity.id, ...gap, location: identity.provenance.owner?.at ?? identity.id }];
        const remediation = samlSsoOnly(identity) ? SAML_SSO_ONLY_FIX : "name a new owner in the system, or declare the NHI in identities/ with `owner:`; the plan keeps it quarantined until then (a platform-managed NHI is never quarantined)";
        return [{ identity: identity.id, message: `${ownerGoneMessage(identity, gone)} ${reported}`, remediation, location: identity.provenance.owner?.at ?? identity.id }];
      }),
  ],
};

/**
 * The owner is in no source, but a source failed its gates: the owner may be a record that export
 * lost, so the plan does not quarantine (lifecycle.ts); the finding says so rather than "quarantined".
 */
const OWNER_UNKNOWN_FIX = "fix the source export until it passes its quality gates (the gate finding says what it lacks); if the owner has left, assign a new owner";

/**
 * The system names an owner no person goes by, nor one the last accepted snapshot knew
 * (lifecycle.ts ownerUnknown): the owner is unknown, never seen, so not gone; the finding asks who it is.
 */
const OWNER_UNMATCHED_FIX = "find out who the owner is: if it is a person the sources export under another address or login, record that name on them (their directory's mail or userPrincipalName, or an overlay's githubLogin), or name them in the system by the address a source exports; if they have left, name an active person as owner in the system, or declare the NHI in identities/ with `owner:`";

/** The same when no source failed its gates but one cannot be proven complete (source-unproven-export). */
const OWNER_UNKNOWN_UNPROVEN_FIX = `${proveExportFix("the source")}; if the owner has left, assign a new owner`;

function ownerUnknownFix(ctx: RuleContext): string {
  return ctx.sourcesFailingGates.length > 0 ? OWNER_UNKNOWN_FIX : OWNER_UNKNOWN_UNPROVEN_FIX;
}

function ownerUnknownHit(identity: Identity, ctx: RuleContext): { message: string; remediation: string } {
  const unknown = unknownSystemOwners(identity);
  if (unknown.length === 0) return { message: ownerUnknownMessage(identity, ctx), remediation: ownerUnknownFix(ctx) };
  const names = unknown.map((n) => `"${n}"`).join(", ");
  const others = (identity.systemOwners ?? []).filter((o) => o.match === "person" || o.match === "former").map((o) => `"${o.id}" ${o.match === "former" ? "is in no source any more" : `is ${ctx.byId.get(o.id!)?.status ?? "in no source any more"}`}`);
  const system = identity.provenance.owner?.source ?? "the system";
  return {
    message: `${identity.id}'s ${unknown.length === 1 ? `owner ${names} (as ${system} names them) matches` : `owners ${names} (as ${system} names them) match`} no person the sources export, nor one the last accepted snapshot knew (it keeps one who left only 90 days): the owner is unknown, so the plan neither quarantines ${identity.id} anew nor gives it access; an account of it stays as it is, disabled if a quarantine disabled it${others.length > 0 ? ` (its other ${others.length === 1 ? "owner" : "owners"}: ${others.join(", ")})` : ""}`,
    remediation: OWNER_UNMATCHED_FIX,
  };
}

function ownerUnknownMessage(identity: Identity, ctx: RuleContext): string {
  if (ctx.sourcesFailingGates.length === 0) {
    const unproven = ctx.sourcesUnproven.map((s) => `"${s}"`).join(", ");
    return `${identity.id}'s owner "${identity.owner}" is in no source, but the export of ${ctx.sourcesUnproven.length === 1 ? "source" : "sources"} ${unproven} cannot be proven complete (finding source-unproven-export), so the owner may be a record it lacks: ${identity.id} is not quarantined now; it will be if the owner is still missing once every export is proven complete`;
  }
  const sources = ctx.sourcesFailingGates.map((s) => `"${s}"`).join(", ");
  return `${identity.id}'s owner "${identity.owner}" is in no source, but ${ctx.sourcesFailingGates.length === 1 ? "source" : "sources"} ${sources} failed ${ctx.sourcesFailingGates.length === 1 ? "its" : "their"} quality gates, so the owner may be a record the export lost: ${identity.id} is not quarantined now; it will be if the owner is still missing once the sources pass`;
}

/**
 * Why the quarantine of an NHI whose owner left does not switch it off (switch-off.ts), or
 * undefined when it does. A platform-managed or break-glass NHI is not quarantined at all
 * (ownerGoneMessage says so). `reported`: how the owner was named.
 */
function ownerGoneGap(identity: Identity, ctx: RuleContext, gone: string, reported: string, next: string): { message: string; remediation: string } | undefined {
  if (platformManaged(identity) || identity.breakGlass || samlSsoOnly(identity)) return undefined;
  return notSwitchedOff(identity, ctx, { head: `${identity.id} has lost its owner: ${gone}${reported}`, verb: "quarantines", next });
}

/** What the owner leaving does: a quarantine, except for the platform's own NHIs (lifecycle.ts). */
function ownerGoneMessage(identity: Identity, gone: string): string {
  if (platformManaged(identity)) return `${identity.id} has lost its owner: ${gone}; it is platform-managed, so it is not quarantined`;
  // lifecycle.ts quarantineExempt: an emergency account is kept; break-glass-owner-gone asks for a new owner.
  if (identity.breakGlass) return `${identity.id} has lost its owner: ${gone}; it is break-glass, so it is not quarantined (break-glass-owner-gone asks for a new owner)`;
  if (samlSsoOnly(identity)) return `${identity.id} has lost its owner: ${gone}; it is a SAML single sign-on app whose only key is its token-signing certificate (${signingCertificates(identity)}), so it is not quarantined: switching it off or deleting the certificate would stop sign-in to the app for everyone and keeps no leaver out`;
  return `${identity.id} is quarantined: ${gone}`;
}

/** An SSO-only app's owner left: only a new owner is asked for (lifecycle.ts samlSsoOnly). */
const SAML_SSO_ONLY_FIX = "name a new owner of the enterprise application in the system (or declare the NHI in identities/ with `owner:`); keep the app and its signing certificate as they are";

function signingCertificates(identity: Identity): string {
  const certificates = identity.attributes["tokenSigningCertificates"];
  return Array.isArray(certificates) && certificates.length > 0 ? certificates.join("; ") : "none exported";
}

/** Discovered NHIs whose owners come from their system (no file names one), the platform's own aside. */
function systemOwned(ctx: RuleContext): Identity[] {
  return ctx.identities.filter((i) => i.kind !== "person" && i.systemOwners !== undefined && !platformManaged(i));
}

export const nhiOwnerNotPerson: BuiltinRule = {
  id: "nhi-owner-not-person",
  title: "A discovered non-human identity has a person among the owners its system names",
  defaultSeverity: "warning",
  controls: ["OWASP-NHI1", "NIST-CSF-PR.AA-01", "NIST-SP800-53-AC-2"],
  remediation: "add the accountable person as an owner in the system (Entra: the owners of the app registration or enterprise application), or declare the NHI in identities/ with `owner:`",
  check: (ctx) =>
    systemOwned(ctx)
      .filter((i) => i.definedAt === undefined) // a file without owner: nhi-owner-required
      .flatMap((identity): RuleHit[] => {
        const owners = onlyNonPersonOwners(identity);
        if (!owners) return [];
        const own = new Set(identity.records.map((r) => r.slice(r.indexOf(":") + 1).toLowerCase()));
        const named = owners.map((o) => (own.has(o.slice(o.lastIndexOf(":") + 1).toLowerCase()) ? `${o} (itself)` : o));
        const system = identity.discoveredBy?.join(", ") ?? "the system";
        return [{ identity: identity.id, message: `${identity.id} is owned in ${system} only by ${named.join(", ")}, no person: nobody is accountable for it. No owner left, so it is not quarantined`, location: identity.provenance.kind?.at ?? identity.id }];
      }),
};

export const nhiCoOwnerGone: BuiltinRule = {
  id: "nhi-co-owner-gone",
  title: "The owners a system names for a discovered non-human identity are active people",
  defaultSeverity: "info",
  controls: ["OWASP-NHI1", "NIST-SP800-53-AC-2"],
  remediation: "remove the owners who left from the NHI's owners in the system",
  check: (ctx) =>
    systemOwned(ctx).flatMap((identity): RuleHit[] => {
      const co = coOwnersGone(identity, ctx.byId, ctx.now);
      if (!co) return [];
      const system = identity.provenance.owner?.source ?? "the system";
      return [{ identity: identity.id, message: `${identity.id} still has an active owner (${co.active.map((a) => `"${a}"`).join(", ")}), so it is not quarantined; ${co.gone.length === 1 ? "another owner" : "other owners"} ${system} names left: ${co.gone.join(", ")}`, location: identity.provenance.owner?.at ?? identity.id }];
    }),
};

export const agentExpiryRequired: BuiltinRule = {
  id: "agent-expiry-required",
  title: "AI agents carry an expiry date",
  defaultSeverity: "error",
  controls: ["OWASP-NHI1", "OWASP-NHI7", "NIST-SP800-53-AC-2(2)"],
  remediation: "add `expiresAt:` to the agent; renew it by PR when the agent is still needed",
  check: (ctx) =>
    eachNhi(ctx, (doc) => (doc.value.kind === "Agent" && !doc.value.expiresAt ? { identity: doc.value.id, message: `agent ${doc.value.id} has no expiresAt`, location: at(doc) } : undefined)),
};

const RENEW_AGENT = "remove the agent's file, or renew `expiresAt` in a reviewed PR if it is still needed";

export const agentExpired: BuiltinRule = {
  id: "agent-expired",
  title: "Expired AI agents are offboarded",
  defaultSeverity: "warning",
  controls: ["OWASP-NHI1", "NIST-SP800-53-AC-2(3)"],
  remediation: `${RENEW_AGENT}; until then the plan disables it`,
  check: (ctx) =>
    eachNhi(ctx, (doc) => {
      if (doc.value.kind !== "Agent" || !doc.value.expiresAt || !isExpired(doc.value.expiresAt, ctx.now)) return undefined;
      const head = `agent ${doc.value.id} expired on ${doc.value.expiresAt}`;
      const identity = ctx.byId.get(doc.value.id);
      // "The plan disables it" only where it does: an App installation, a role's trust, a key on a
      // SCIM app keep working whatever the targets do (switch-off.ts), and the finding says so.
      const gap = identity ? notSwitchedOff(identity, ctx, { head, verb: "offboards", next: RENEW_AGENT }) : undefined;
      return { identity: doc.value.id, ...(gap ?? { message: head }), location: at(doc, ["expiresAt"]) };
    }),
};

export const nhiInteractiveLogin: BuiltinRule = {
  id: "nhi-interactive-login",
  title: "Non-human identities do not log in interactively",
  defaultSeverity: "warning",
  controls: ["OWASP-NHI10", "OWASP-NHI4", "NIST-SP800-53-AC-6"],
  remediation: "set `interactiveLogin: false` and give the person who uses it an account of their own",
  check: (ctx) =>
    eachNhi(ctx, (doc) => (doc.value.interactiveLogin ? { identity: doc.value.id, message: `${doc.value.id} allows interactive login: a person may be using a machine identity`, location: at(doc, ["interactiveLogin"]) } : undefined)),
};

export const nhiInHumanGroup: BuiltinRule = {
  id: "nhi-in-human-group",
  title: "Non-human identities are not members of groups made for people",
  defaultSeverity: "warning",
  controls: ["OWASP-NHI5", "NIST-SP800-53-AC-6"],
  remediation: "give the NHI a group of its own with only the entitlements it needs",
  check: (ctx) => {
    const hits: RuleHit[] = [];
    for (const g of ctx.repo.groups) {
      const forPeople = (g.value.birthright ?? []).some((b) => b.kinds?.includes("person"));
      const members = g.value.members ?? [];
      const hasPeople = forPeople || members.some((m) => ctx.byId.get(m.identity)?.kind === "person");
      if (!hasPeople) continue;
      members.forEach((m, i) => {
        const id = ctx.byId.get(m.identity);
        if (id && id.kind !== "person") hits.push({ identity: id.id, message: `${id.id} is a member of ${g.value.id}, a group of people`, location: `${g.file}:${g.locate(["members", i]).line}` });
      });
    }
    return hits;
  },
};

export const nhiReuse: BuiltinRule = {
  id: "nhi-reuse",
  title: "One non-human identity serves one application",
  defaultSeverity: "warning",
  controls: ["OWASP-NHI9", "NIST-SP800-53-AC-6"],
  remediation: "split the identity: one service account (and credential) per application it talks to",
  check: (ctx) =>
    eachNhi(ctx, (doc) => {
      const apps = ctx.after.accounts(doc.value.id);
      const credentialTargets = new Set((doc.value.credentials ?? []).map((c) => c.target).filter(Boolean));
      const used = new Set([...apps, ...credentialTargets] as string[]);
      return used.size > 1 ? { identity: doc.value.id, message: `${doc.value.id} is used by ${used.size} applications (${[...used].sort().join(", ")})`, location: at(doc) } : undefined;
    }),
};
