// What a secret looks like when it is written out: well-known token shapes, a password in a URL,
// a credential in a URL's query, an AWS secret access key, and long near-random strings. The
// repository's inline-secret scan and every message that shows a value (showValue) use the same test, so no message prints what the
// scan would flag.
import { AI_API_KEY_SHAPES } from "./ai-api-key-shapes.js";
import { AWS_SECRET_KEY, hasAwsSecretKey, replaceAwsSecretKeys } from "./aws-secret-key.js";
import { mayHideSecret } from "./may-hide-secret.js";
import { isCredentialParam } from "./secret-names.js";
import { hasScheme, mayHoldUrlParam, urlParams, type UrlParam } from "./urls-in-text.js";
import { VENDOR_KEY_SHAPES } from "./vendor-key-shapes.js";

export { looksRandom } from "./high-entropy.js";

/**
 * A GitHub token matches in any case: its last six characters are a CRC32 checksum, so a copy a
 * server upper-cased gives the token back (the case variants narrowed to one, offline). A Slack
 * token's prefix is matched in any case too. The others are base64 or case-sensitive keys, where
 * a case-changed copy is no longer the secret and the wider match would only flag more by chance.
 * The AI vendors' keys come before the plain `sk-` shape: a scan names the first shape that
 * matches, and a mask run with the plain shape first would hide only the part of an
 * `sk-proj-…` key up to its first `-` or `_` and print the rest. A Slack token is a bot's or a
 * user's (`xoxb-`, `xoxp-`, …) or an app-level token (`xapp-`: Slack, "Tokens",
 * https://docs.slack.dev/authentication/tokens); a private key's BEGIN line is PEM's
 * (`-----BEGIN RSA PRIVATE KEY-----`) or OpenPGP's (`-----BEGIN PGP PRIVATE KEY BLOCK-----`, RFC 4880 6.2).
 * Exported for test/model/may-hide-secret.test.ts, which holds mayHideSecret to every shape here.
 */
export const TOKEN_SHAPES: ReadonlyArray<[string, RegExp]> = [
  ["GitHub token", /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b/i],
  ["AWS access key id", /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/],
  ["Slack token", /\bx(?:ox[abposr]|app)-[A-Za-z0-9-]{10,}/i],
  ["private key", /-----BEGIN [A-Z ]*PRIVATE KEY(?: BLOCK)?-----/],
  ["JSON Web Token", /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/],
  ...AI_API_KEY_SHAPES,
  ["API secret key", /\bsk-(?:live-|proj-)?[A-Za-z0-9]{24,}\b/],
  ...VENDOR_KEY_SHAPES,
];
/**
 * No token shape matches fewer characters: a Slack token's `xoxb-` and ten more. A value shorter
 * than this holds no token and, without `://`, no URL password either (hiddenSecretShape's first
 * test). A shape added with a shorter match must lower it.
 */
const SHORTEST_TOKEN = 15;
/**
 * Every token shape needs one of these literals: one test rules all of them out for the text of
 * nearly every value. The prefixes of the shapes matched in any case are in any case here; the
 * rest are case-sensitive, as their shapes are.
 */
const MAY_BE_TOKEN = /[Gg][Hh][PpOoUuSsRr]_|[Gg][Ii][Tt][Hh][Uu][Bb]_[Pp][Aa][Tt]_|AKIA|ASIA|[Xx][Oo][Xx]|[Xx][Aa][Pp][Pp]-|-----BEGIN |eyJ|sk-|k_live_|AIza|npm_|glpat-|hooks\.slack\.com\/|Q~/;
/**
 * `scheme://user:password@host`: the password part (RFC 3986 userinfo), unless it is a reference.
 * The host must follow: an `@` later in the path or query is not userinfo. The pattern starts at
 * `://` and the scheme before it is checked apart (hasScheme): a pattern that starts with the
 * scheme is tried at every letter of the text, and a megabyte of plan JSON took 20 ms to scan.
 */
const URL_PASSWORD = /:\/\/[^\s/?#@:]*:([^\s/?#@]+)@/g;

/**
 * Whether URL_PASSWORD can match: a `://` with an `@` somewhere after it. Every piece of a plan
 * passes the redactor (model/redact.ts) on its way out, and every finding's piece holds its help
 * link's `https://`: the pattern's global replace ran on each of the NHI-heavy benchmark's 2.5
 * million findings, none of which has an `@` after it (a fifth of the redactor's CPU on them; the
 * rest is V8 flattening the piece, which its writing needs anyway). Two scans for a character rule
 * that out first.
 */
function mayHoldUrlPassword(text: string): boolean {
  const scheme = text.indexOf("://");
  return scheme !== -1 && text.indexOf("@", scheme + 3) !== -1;
}
const REFERENCE = /^(?:\$\{env:[A-Z_][A-Z0-9_]*\}|vault:[A-Za-z0-9/_.-]+(?:#[A-Za-z0-9_.-]+)?)$/;

/** Is this a reference to a secret (`${env:NAME}`, `vault:path#field`) rather than a secret? */
export function isSecretReference(text: string): boolean {
  return REFERENCE.test(text);
}

/** The kind of secret `text` holds by its shape ("GitHub token", "password in a URL", `URL query parameter "sig"`), if any. */
export function secretShape(text: string): string | undefined {
  return shapeIn(text, MAY_BE_TOKEN, TOKEN_SHAPES);
}

/**
 * The kind of secret maskSecretShapes would hide in `text`, if any: secretShape's but an AWS
 * access key id, which names a key and is shown (TOKEN_SHAPES_ANYWHERE says why). The planner asks
 * it of every attribute value it would write to a target, so a value shorter than any token (most
 * titles, departments and names) is passed by its length alone, before any regular expression.
 */
export function hiddenSecretShape(text: string): string | undefined {
  if (!mayBeMasked(text)) return undefined;
  return shapeIn(text, MAY_BE_HIDDEN, HIDDEN_TOKEN_SHAPES);
}

function shapeIn(text: string, mayBe: RegExp, shapes: ReadonlyArray<[string, RegExp]>): string | undefined {
  if (mayHoldUrlPassword(text)) {
    for (const m of text.matchAll(URL_PASSWORD)) if (hasScheme(text, m.index) && !isSecretReference(m[1]!)) return "password in a URL";
  }
  if (mayBe.test(text)) for (const [name, shape] of shapes) if (shape.test(text)) return name;
  return hasAwsSecretKey(text) ? AWS_SECRET_KEY : secretInQuery(text);
}

/** A parameter name short and plain enough to name in a message; others are not repeated. */
const SHOWN_PARAM = /^[A-Za-z][A-Za-z0-9_.-]{0,31}$/;

/**
 * A URL that carries a credential in its query or fragment (`?access_token=…`, `?api_key=…`, an
 * Azure SAS's `sig=…`, an S3 pre-signed URL's `X-Amz-Signature=…`, `#access_token=…`): some
 * services accept one there, and a SAS or pre-signed URL is itself the credential (Microsoft:
 * a SAS is "a URI that grants restricted access rights to Azure Storage resources"). A short
 * value (`?auth=sso`, `?key=ENG`) is a setting, not a credential; a reference (`${env:X}`) is how
 * one is written. `URL query parameter "<name>"`, or undefined when there is none.
 */
function secretInQuery(text: string): string | undefined {
  if (!mayHoldUrlParam(text)) return undefined;
  for (const param of urlParams(text)) if (isQuerySecret(param)) return queryParamKind(param.name);
  return undefined;
}

/** What a message calls a credential in a query. The name is the export's text too: named only when it cannot carry anything. */
function queryParamKind(name: string): string {
  return SHOWN_PARAM.test(name) && secretShape(name) === undefined ? `URL query parameter "${name}"` : "URL query parameter";
}

/** The one rule the scan and the masks share: a credential's name, and a value long enough or token-shaped that is not a reference. */
function isQuerySecret({ name, value }: UrlParam): boolean {
  return (value.length >= 12 || secretShape(value) !== undefined) && !isSecretReference(value) && isCredentialParam(name);
}

/**
 * The query parameter a mask hid earlier (`sig=***`): a snapshot or an identity holds the URL so,
 * and the planner must not write it to an app in place of the link (unwritable-value.ts), as it
 * does not write a URL whose password reads `***`. Undefined when there is none.
 */
export function hiddenQueryParam(text: string): string | undefined {
  if (!mayHoldUrlParam(text)) return undefined;
  for (const { name, value } of urlParams(text)) if (value === "***" && isCredentialParam(name)) return queryParamKind(name);
  return undefined;
}

/** `text` with every URL's password and the value of every query parameter that carries a credential replaced by `***` (the user name and the rest of the URL stay: they help and are not secret). */
export function maskUrlPasswords(text: string): string {
  return replaceQuerySecrets(replaceUrlPasswords(text, ":***@"), "***");
}

/**
 * `text` with the value of every query parameter secretInQuery finds replaced by `replacement`.
 * The redactor runs this over plan JSON, where a value that ends just before a quote ends with the
 * backslash that escapes it (`…sig=abc\"`): trailing backslashes stay, so the JSON stays whole.
 */
function replaceQuerySecrets(text: string, replacement: string): string {
  if (!mayHoldUrlParam(text)) return text;
  let replaced = "";
  let done = 0;
  for (const param of urlParams(text)) {
    if (!isQuerySecret(param)) continue;
    let end = param.end;
    while (end > param.start && text.charCodeAt(end - 1) === 92) end--;
    replaced += text.slice(done, param.start) + replacement;
    done = end;
  }
  return done === 0 ? text : replaced + text.slice(done);
}

/** `text` with the `:password@` of every URL that has one replaced by `replacement`. */
function replaceUrlPasswords(text: string, replacement: string): string {
  return mayHoldUrlPassword(text) ? text.replace(URL_PASSWORD, (whole: string, password: string, at: number) => (!hasScheme(text, at) || isSecretReference(password) ? whole : whole.slice(0, whole.length - password.length - 2) + replacement)) : text;
}

/** How notShown's text begins: model/unwritable-value.ts recognises a value hidden earlier by it. */
export const NOT_SHOWN_HEAD = "(a value not shown: it looks like a secret, ";

/** What a message shows in place of a secret-shaped value (showValue writes the same). */
export function notShown(shape: string): string {
  return `${NOT_SHOWN_HEAD}${shape})`;
}

/**
 * The token shapes, found anywhere in a text. A private key is hidden with the body that follows
 * its BEGIN line (up to its END line, or to the end of the base64 and line breaks that follow).
 * An AWS access key id is not hidden in messages: it names a key and is no secret by itself (AWS
 * logs it in CloudTrail), and the findings and errors about an IAM key must name it (the
 * `aws iam update-access-key --access-key-id …` to run, the key a refusal was about). The scan
 * flags one in a file all the same: it is seldom pasted without its secret access key.
 */
const HIDDEN_TOKEN_SHAPES = TOKEN_SHAPES.filter(([name]) => name !== "AWS access key id");
const TOKEN_SHAPES_ANYWHERE: Array<[string, RegExp]> = HIDDEN_TOKEN_SHAPES.map(([name, shape]) => [
  name,
  name === "private key" ? /-----BEGIN [A-Z ]*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END [A-Z ]*PRIVATE KEY(?: BLOCK)?-----|(?:[A-Za-z0-9+/=\s]|\\[nr])*)/g : new RegExp(shape.source, `${shape.flags}g`),
]);
/** MAY_BE_TOKEN without the AWS access key id's literals: the one test ahead of the shapes maskSecretShapes hides (findings about IAM keys, millions at scale, name one each). */
export const MAY_BE_HIDDEN = /[Gg][Hh][PpOoUuSsRr]_|[Gg][Ii][Tt][Hh][Uu][Bb]_[Pp][Aa][Tt]_|[Xx][Oo][Xx]|[Xx][Aa][Pp][Pp]-|-----BEGIN |eyJ|sk-|k_live_|AIza|npm_|glpat-|hooks\.slack\.com\/|Q~/;
/** notShown's text anywhere, any case (a hidden login is lower-cased). */
const NOT_SHOWN_ANYWHERE = /\(a value not shown: it looks like a secret, [^)]*\)/gi;
/** A hidden value that stood in quotes: the description replaces the quotes too. */
const QUOTED_NOT_SHOWN = /"(\(a value not shown: it looks like a secret, [^)]*\))"/g;

/**
 * False when maskSecretShapes gives `text` back as it is (and hiddenSecretShape finds nothing in
 * it); true when it may not. Most values (names, departments, ids) are shorter than any token and
 * hold no URL: every identity's every value is asked as it is resolved (secret-free-identities.ts),
 * a million at scale. Longer ones, one pass over the characters rules out every shape
 * (may-hide-secret.ts).
 */
export function mayBeMasked(text: string): boolean {
  return (text.length >= SHORTEST_TOKEN || text.includes("://")) && mayHideSecret(text);
}

/**
 * A message with every value the inline-secret scan would flag by its shape hidden (but an AWS
 * access key id, see above): a token shape or an AWS secret access key anywhere in it becomes
 * `(a value not shown: it looks like a secret, <what>)`, a URL's password and the value of a
 * query parameter that carries a credential `***` (`sig=***`: the URL stays readable). Errors,
 * diagnostics, findings and snapshots pass through this before anyone sees them.
 */
export function maskSecretShapes(text: string): string {
  if (!mayBeMasked(text)) return text;
  // The query last: a token in a query value is described, as it is anywhere else.
  const masked = replaceQuerySecrets(replaceSecretShapes(replaceUrlPasswords(text, ":***@"), notShown), "***");
  return masked === text ? masked : masked.replace(QUOTED_NOT_SHOWN, "$1");
}

/**
 * `text` with every secret-shaped part left out, not described: for what is made from a system's
 * name and committed (an NHI's id and file name, a drafted displayName), where the description
 * would be noise in a name, and `https://u:***@h` would still read as a password to the scan.
 */
export function withoutSecretShapes(text: string): string {
  // A name that reached here hidden already (identities hold none since resolution: model/secret-free-identities.ts) drops its description too.
  const dropped = replaceQuerySecrets(replaceSecretShapes(replaceUrlPasswords(text, "@"), () => ""), "").replace(NOT_SHOWN_ANYWHERE, "");
  return dropped === text ? text : dropped.replace(/\s{2,}/g, " ").trim();
}

/** `text` with every token shape and AWS secret access key replaced by `shown(<what>)`. */
function replaceSecretShapes(text: string, shown: (what: string) => string): string {
  let replaced = text;
  if (MAY_BE_HIDDEN.test(replaced)) for (const [name, shape] of TOKEN_SHAPES_ANYWHERE) replaced = replaced.replace(shape, shown(name));
  return replaceAwsSecretKeys(replaced, shown(AWS_SECRET_KEY));
}
