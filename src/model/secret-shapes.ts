// What a secret looks like when it is written out: well-known token shapes, a password in a URL,
// and long near-random strings. The repository's inline-secret scan and every message that shows
// a value (showValue) use the same test, so no message prints what the scan would flag.

const TOKEN_SHAPES: Array<[string, RegExp]> = [
  ["GitHub token", /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b/],
  ["AWS access key id", /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/],
  ["Slack token", /\bxox[abposr]-[A-Za-z0-9-]{10,}/],
  ["private key", /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ["JSON Web Token", /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/],
  ["API secret key", /\bsk-(?:live-|proj-)?[A-Za-z0-9]{24,}\b/],
];
/**
 * Every token shape needs one of these literals: one test rules all of them out for the text of
 * nearly every value. (The shapes are case-sensitive, and so is this.)
 */
const MAY_BE_TOKEN = /gh[pousr]_|github_pat_|AKIA|ASIA|xox|-----BEGIN |eyJ|sk-/;
/**
 * `scheme://user:password@host`: the password part (RFC 3986 userinfo), unless it is a reference.
 * The host must follow: an `@` later in the path or query is not userinfo. The pattern starts at
 * `://` and the scheme before it is checked apart (hasScheme): a pattern that starts with the
 * scheme is tried at every letter of the text, and a megabyte of plan JSON took 20 ms to scan.
 */
const URL_PASSWORD = /:\/\/[^\s/?#@:]*:([^\s/?#@]+)@/g;

/** A scheme (`[A-Za-z][A-Za-z0-9+.-]*`) ends just before `at`: scheme characters, at least one of them a letter. */
function hasScheme(text: string, at: number): boolean {
  for (let i = at - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (letter) return true;
    if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46)) return false;
  }
  return false;
}
const REFERENCE = /^(?:\$\{env:[A-Z_][A-Z0-9_]*\}|vault:[A-Za-z0-9/_.-]+(?:#[A-Za-z0-9_.-]+)?)$/;

/** Is this a reference to a secret (`${env:NAME}`, `vault:path#field`) rather than a secret? */
export function isSecretReference(text: string): boolean {
  return REFERENCE.test(text);
}

/** The kind of secret `text` holds by its shape ("GitHub token", "password in a URL"), if any. */
export function secretShape(text: string): string | undefined {
  if (text.includes("://")) {
    for (const m of text.matchAll(URL_PASSWORD)) if (hasScheme(text, m.index) && !isSecretReference(m[1]!)) return "password in a URL";
  }
  if (MAY_BE_TOKEN.test(text)) for (const [name, shape] of TOKEN_SHAPES) if (shape.test(text)) return name;
  return undefined;
}

/** `text` with every URL password replaced by `***` (the user name stays: it helps and is not secret). */
export function maskUrlPasswords(text: string): string {
  return text.includes("://") ? text.replace(URL_PASSWORD, (whole: string, password: string, at: number) => (!hasScheme(text, at) || isSecretReference(password) ? whole : whole.slice(0, whole.length - password.length - 1) + "***@")) : text;
}

/** Long, space-free strings with near-random character distribution (≥ 4.5 bits per character). */
export function looksRandom(text: string): boolean {
  if (text.length < 32 || /\s/.test(text) || !/^[A-Za-z0-9+/=_.~-]+$/.test(text)) return false;
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / text.length) * Math.log2(n / text.length);
  return bits >= 4.5;
}
