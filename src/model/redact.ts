import { EchoMatcher } from "./echo-matcher.js";
import { maskUrlPasswords } from "./secret-shapes.js";

// One redactor for the whole process, as a CI runner masks the secrets it was given: every value
// a `${env:NAME}` reference resolves to is registered once, and every output, error, journal line
// and artifact passes through `redact` on its way out, whatever connector or library produced the
// text (a SCIM server that echoes the Authorization header in an error page, an HTTP library that
// puts a URL with credentials into its message). The encodings a secret travels in are scrubbed
// too: base64 (alone, or inside a longer base64 text such as `Basic base64(user:password)`, at any
// byte alignment), URL encoding, JSON and HTML escaping; each in any case and split by line breaks,
// as servers echo them (see echo-matcher).

/** Shorter values are not registered: masking "admin" everywhere would garble every message. */
export const MIN_SECRET_LENGTH = 6;
/** Parts of a base64 text shorter than this are not masked on their own (too likely by chance). */
const MIN_ENCODED_LENGTH = 8;
export const MASK = "***";

export class Redactor {
  private readonly forms = new Set<string>();
  private matcher: EchoMatcher | undefined;

  /** Registers a secret value; values shorter than MIN_SECRET_LENGTH are ignored. */
  add(secret: string | undefined): void {
    if (!secret || secret.length < MIN_SECRET_LENGTH) return;
    const before = this.forms.size;
    for (const form of encodedForms(secret)) if (form.length >= MIN_ENCODED_LENGTH || form === secret) this.forms.add(form);
    if (this.forms.size !== before) this.matcher = undefined;
  }

  /** `text` with every registered secret, in each of its forms, and every URL password replaced. */
  scrub(text: string): string {
    const masked = maskUrlPasswords(text);
    if (this.forms.size === 0) return masked;
    this.matcher ??= new EchoMatcher(this.forms);
    return this.matcher.replace(masked, MASK);
  }
}

/** The process's redactor: secrets are registered where references are resolved. */
const shared = new Redactor();

export function registerSecret(value: string | undefined): void {
  shared.add(value);
}

export function redact(text: string): string {
  return shared.scrub(text);
}

const ENV_REFERENCE = /\$\{env:([A-Z_][A-Z0-9_]*)\}/g;

/**
 * Registers the value of every `${env:NAME}` that a configuration (scopesync.yaml, parsed) refers
 * to: tokens, passwords, whatever a connector or source will resolve.
 */
export function registerReferencedSecrets(config: unknown, env: Record<string, string | undefined>): void {
  const walk = (value: unknown): void => {
    if (typeof value === "string") {
      for (const m of value.matchAll(ENV_REFERENCE)) registerSecret(env[m[1]!]);
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(config);
}

function encodedForms(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const uri = encodeURIComponent(secret);
  const forms = [
    secret,
    uri,
    uri.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
    uri.replace(/%20/g, "+"),
    JSON.stringify(secret).slice(1, -1),
    secret.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;"),
  ];
  // Base64 of the secret on its own, padded and not.
  const alone = bytes.toString("base64");
  forms.push(alone, alone.replace(/=+$/, ""), toUrlSafe(alone).replace(/=+$/, ""));
  // Inside a longer base64 text the secret starts at byte offset 0, 1 or 2 of a 3-byte group; the
  // characters that depend on the secret's bytes alone are the same wherever it sits.
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString("base64");
    const from = offset === 0 ? 0 : 4;
    const to = Math.floor((offset + bytes.length) / 3) * 4;
    if (to - from >= MIN_ENCODED_LENGTH) forms.push(encoded.slice(from, to), toUrlSafe(encoded.slice(from, to)));
  }
  return [...new Set(forms)];
}

function toUrlSafe(base64: string): string {
  return base64.replace(/\+/g, "-").replace(/\//g, "_");
}
