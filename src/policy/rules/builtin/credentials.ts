import type { CredentialDoc, NhiDoc } from "../../../model/documents.js";
import type { Located } from "../../../model/located.js";
import { parseDate, parseDuration } from "../../../model/time.js";
import { ownerGone } from "../../lifecycle.js";
import type { BuiltinRule, RuleContext, RuleHit } from "../rule.js";

const DAY = 86_400_000;

/** A credential of an NHI that is still in use, and (once a rule reports on it) its file:line. */
interface InUse { doc: Located<NhiDoc>; credential: CredentialDoc; position: number; at?: string }

/**
 * The credentials in use, by the identities they were worked out for. Four rules walk the same
 * list; with 20k NHIs, deciding for each of them (owner lookups, dates) four times took longer
 * than the rules themselves.
 */
const inUseCache = new WeakMap<RuleContext["byId"], { repo: RuleContext["repo"]; now: number; list: InUse[] }>();

/** Every credential of every NHI that is still in use (an offboarded NHI's are being revoked anyway). */
function credentialsInUse(ctx: RuleContext): InUse[] {
  const cached = inUseCache.get(ctx.byId);
  if (cached && cached.repo === ctx.repo && cached.now === ctx.now) return cached.list;
  const list: InUse[] = [];
  for (const doc of ctx.repo.nhis) {
    const identity = ctx.byId.get(doc.value.id);
    const offboarded = !identity || identity.status !== "active" || (identity.expiresAt !== undefined && parseDate(identity.expiresAt) <= ctx.now) || ownerGone(identity, ctx.byId) !== undefined;
    if (offboarded) continue;
    (doc.value.credentials ?? []).forEach((credential, position) => list.push({ doc, credential, position }));
  }
  inUseCache.set(ctx.byId, { repo: ctx.repo, now: ctx.now, list });
  return list;
}

/** The hits `fn` reports on the credentials in use, each located at its credential's line. */
function eachCredential(ctx: RuleContext, fn: (doc: Located<NhiDoc>, c: CredentialDoc) => Omit<RuleHit, "location"> | undefined): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const entry of credentialsInUse(ctx)) {
    const hit = fn(entry.doc, entry.credential);
    if (hit) hits.push({ ...hit, location: (entry.at ??= `${entry.doc.file}:${entry.doc.locate(["credentials", entry.position]).line}`) });
  }
  return hits;
}

function setting(ctx: RuleContext, key: string, fallback: string): string {
  const v = ctx.settings[key];
  return typeof v === "string" ? v : fallback;
}

export const credentialMaxAge: BuiltinRule = {
  id: "credential-max-age",
  title: "Credentials are rotated within the allowed age",
  defaultSeverity: "warning",
  controls: ["OWASP-NHI7", "NIST-SP800-53-IA-5(1)"],
  remediation: "rotate the secret, then update lastRotatedAt in the identity's file",
  check: (ctx) => {
    const maxAge = setting(ctx, "maxAge", "90d");
    const limit = parseDuration(maxAge);
    return eachCredential(ctx, (doc, c) => {
      const since = c.lastRotatedAt ?? c.issuedAt;
      const age = ctx.now - parseDate(since);
      return age > limit ? { identity: doc.value.id, message: `${c.type} ${c.id} was last rotated ${Math.floor(age / DAY)} days ago (${since}); the limit is ${maxAge}` } : undefined;
    });
  },
};

export const credentialExpiryRequired: BuiltinRule = {
  id: "credential-expiry-required",
  title: "Credentials have an expiry date",
  defaultSeverity: "warning",
  controls: ["OWASP-NHI7", "NIST-SP800-53-IA-5"],
  remediation: "issue the credential with an expiry and record it as expiresAt",
  check: (ctx) => eachCredential(ctx, (doc, c) => (c.expiresAt ? undefined : { identity: doc.value.id, message: `${c.type} ${c.id} never expires` })),
};

export const credentialExpiryTooFar: BuiltinRule = {
  id: "credential-expiry-too-far",
  title: "Credentials do not live longer than allowed",
  defaultSeverity: "warning",
  controls: ["OWASP-NHI7"],
  remediation: "re-issue the credential with a shorter lifetime",
  check: (ctx) => {
    const maxLifetime = setting(ctx, "maxLifetime", "365d");
    const limit = parseDuration(maxLifetime);
    return eachCredential(ctx, (doc, c) =>
      c.expiresAt && parseDate(c.expiresAt) - ctx.now > limit ? { identity: doc.value.id, message: `${c.type} ${c.id} expires on ${c.expiresAt}, more than ${maxLifetime} from now` } : undefined,
    );
  },
};

export const credentialExpired: BuiltinRule = {
  id: "credential-expired",
  title: "Expired credentials are retired",
  defaultSeverity: "warning",
  controls: ["OWASP-NHI7", "OWASP-NHI2"],
  remediation: "remove the expired credential from the identity's file and revoke it where it is still accepted",
  check: (ctx) =>
    eachCredential(ctx, (doc, c) => (c.expiresAt && parseDate(c.expiresAt) <= ctx.now ? { identity: doc.value.id, message: `${c.type} ${c.id} expired on ${c.expiresAt}` } : undefined)),
};
