import { DAY, isExpired, parseDate, parseDuration } from "../../../model/time.js";
import type { BuiltinRule, RuleContext } from "../rule.js";
import { credentialLabel, eachCredential } from "./credential-list.js";
import { expiryAlternative } from "./expiry-alternative.js";
import { expiredOfOffboarded } from "./expired-when-offboarded.js";


/**
 * One text per discovering source for a whole rule run: a discovered credential's remediation
 * names only its source, and a million findings then share a few strings instead of each keeping
 * its own.
 */
function perSource(make: (source: string) => string): (source: string) => string {
  const made = new Map<string, string>();
  return (source) => {
    let text = made.get(source);
    if (text === undefined) made.set(source, (text = make(source)));
    return text;
  };
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
    const rotateIn = perSource((source) => `rotate the credential in the system that issued it (${source}); the next export records the new date`);
    return eachCredential(ctx, ({ identity, credential: c }) => {
      // The platform rotates its own keys (GCP SYSTEM_MANAGED): nothing for anyone to do.
      if (c.managedBy === "system") return undefined;
      const since = c.lastRotatedAt ?? c.issuedAt;
      const age = ctx.now - parseDate(since);
      if (age <= limit) return undefined;
      const message = `${credentialLabel(c)} was last rotated ${Math.floor(age / DAY)} days ago (${since}); the limit is ${maxAge}`;
      // A discovered credential's date comes from the system: rotating there is the fix, the next
      // export shows it. Two literals, not a spread: see eachCredential.
      return c.discoveredBy ? { identity: identity.id, message, remediation: rotateIn(c.discoveredBy) } : { identity: identity.id, message };
    });
  },
};

export const credentialExpiryRequired: BuiltinRule = {
  id: "credential-expiry-required",
  title: "Credentials have an expiry date",
  defaultSeverity: "warning",
  controls: ["OWASP-NHI7", "NIST-SP800-53-IA-5"],
  remediation: "issue the credential with an expiry and record it as expiresAt",
  check: (ctx) => {
    const reissueIn = perSource((source) => `re-issue the credential with an expiry in the system that issued it (${source}); the next export records it`);
    return eachCredential(ctx, ({ identity, credential: c }) => {
      if (c.expiresAt || c.managedBy === "system") return undefined;
      if (c.cannotExpire === undefined) {
        // A discovered credential's expiry comes from the system's export, not from YAML: set it there.
        const message = `${credentialLabel(c)} never expires`;
        return c.discoveredBy ? { identity: identity.id, message, remediation: reissueIn(c.discoveredBy) } : { identity: identity.id, message };
      }
      // The long-lived secret is still the risk (OWASP NHI7), but an expiry is not a fix anyone can make.
      const alternative = expiryAlternative(c, c.cannotExpire);
      return { identity: identity.id, message: `${credentialLabel(c)} never expires, and ${alternative.why}`, remediation: alternative.instead };
    });
  },
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
    // A key the platform rotates (GCP SYSTEM_MANAGED) has the lifetime Google gives it; no one can
    // re-issue it shorter (see credentialExpired).
    return eachCredential(ctx, ({ identity, credential: c }) =>
      c.expiresAt && c.managedBy !== "system" && parseDate(c.expiresAt) - ctx.now > limit ? { identity: identity.id, message: `${credentialLabel(c)} expires on ${c.expiresAt}, more than ${maxLifetime} from now` } : undefined,
    );
  },
};

export const credentialExpired: BuiltinRule = {
  id: "credential-expired",
  title: "Expired credentials are retired",
  defaultSeverity: "warning",
  controls: ["OWASP-NHI7", "OWASP-NHI2"],
  remediation: "remove the expired credential from the identity's file and revoke it where it is still accepted",
  // Not a key the platform rotates (GCP SYSTEM_MANAGED, `managedBy: system`): "System-managed keys
  // are automatically rotated by Google, and are used for signing for a maximum of two weeks"
  // (IAM API, projects.serviceAccounts.keys, ServiceAccountKey); Google retires them itself, and
  // one that passed its validBeforeTime since the export is the rotation, not a key to revoke.
  // And an offboarded NHI's, which no longer work: a tidy-up, not an active credential (expired-when-offboarded.ts).
  check: function* (ctx) {
    yield* eachCredential(ctx, ({ identity, credential: c }) => (c.expiresAt && c.managedBy !== "system" && isExpired(c.expiresAt, ctx.now) ? { identity: identity.id, message: `${credentialLabel(c)} expired on ${c.expiresAt}` } : undefined));
    yield* expiredOfOffboarded(ctx);
  },
};
