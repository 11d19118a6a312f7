import type { CredentialDoc, NhiDoc } from "../../../config/documents.js";
import type { Located } from "../../../config/load-repo.js";
import { parseDate, parseDuration } from "../../../model/time.js";
import { ownerGone } from "../../lifecycle.js";
import type { BuiltinRule, RuleContext, RuleHit } from "../rule.js";

const DAY = 86_400_000;

/** Every credential of every NHI that is still in use (an offboarded NHI's are being revoked anyway). */
function eachCredential(ctx: RuleContext, fn: (doc: Located<NhiDoc>, c: CredentialDoc, at: string) => RuleHit | undefined): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const doc of ctx.repo.nhis) {
    const identity = ctx.byId.get(doc.value.id);
    const offboarded = !identity || identity.status !== "active" || (identity.expiresAt !== undefined && parseDate(identity.expiresAt) <= ctx.now) || ownerGone(identity, ctx.byId) !== undefined;
    if (offboarded) continue;
    (doc.value.credentials ?? []).forEach((c, i) => {
      const hit = fn(doc, c, `${doc.file}:${doc.locate(["credentials", i]).line}`);
      if (hit) hits.push(hit);
    });
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
  settings: { maxAge: "duration" },
  check: (ctx) => {
    const maxAge = setting(ctx, "maxAge", "90d");
    const limit = parseDuration(maxAge);
    return eachCredential(ctx, (doc, c, at) => {
      const since = c.lastRotatedAt ?? c.issuedAt;
      const age = ctx.now - parseDate(since);
      return age > limit ? { identity: doc.value.id, message: `${c.type} ${c.id} was last rotated ${Math.floor(age / DAY)} days ago (${since}); the limit is ${maxAge}`, location: at } : undefined;
    });
  },
};

export const credentialExpiryRequired: BuiltinRule = {
  id: "credential-expiry-required",
  title: "Credentials have an expiry date",
  defaultSeverity: "warning",
  controls: ["OWASP-NHI7", "NIST-SP800-53-IA-5"],
  remediation: "issue the credential with an expiry and record it as expiresAt",
  check: (ctx) => eachCredential(ctx, (doc, c, at) => (c.expiresAt ? undefined : { identity: doc.value.id, message: `${c.type} ${c.id} never expires`, location: at })),
};

export const credentialExpiryTooFar: BuiltinRule = {
  id: "credential-expiry-too-far",
  title: "Credentials do not live longer than allowed",
  defaultSeverity: "warning",
  controls: ["OWASP-NHI7"],
  remediation: "re-issue the credential with a shorter lifetime",
  settings: { maxLifetime: "duration" },
  check: (ctx) => {
    const maxLifetime = setting(ctx, "maxLifetime", "365d");
    const limit = parseDuration(maxLifetime);
    return eachCredential(ctx, (doc, c, at) =>
      c.expiresAt && parseDate(c.expiresAt) - ctx.now > limit ? { identity: doc.value.id, message: `${c.type} ${c.id} expires on ${c.expiresAt}, more than ${maxLifetime} from now`, location: at } : undefined,
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
    eachCredential(ctx, (doc, c, at) => (c.expiresAt && parseDate(c.expiresAt) <= ctx.now ? { identity: doc.value.id, message: `${c.type} ${c.id} expired on ${c.expiresAt}`, location: at } : undefined)),
};
