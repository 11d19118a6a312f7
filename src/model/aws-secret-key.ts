// An AWS secret access key is 40 characters of base64 (AWS's documented example:
// wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY) with no prefix to find it by, unlike the access key
// id (AKIA…) that names it. Pasted into a description or a report cell it must be hidden like any
// token, so it is recognised by its shape and its randomness together. Not taken for one: a 40-hex
// git SHA or GCP key id (at most 4 bits per character, under the entropy test), a CamelCase name
// or path (no digit, `/` or `+`, or too little entropy), a run of base64 longer than 40 (a
// certificate, a longer encoded value: another thing, and not this shape).
import { looksRandom } from "./high-entropy.js";

export const AWS_SECRET_KEY = "AWS secret access key";

const LENGTH = 40;

/** A-Z, a-z, 0-9, `/` and `+`: the alphabet of the key (standard base64, no padding at 40). */
function inAlphabet(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 47 || c === 43;
}

/**
 * Where each run of exactly 40 alphabet characters starts. Every finding and error goes through
 * the masker (millions at scale), and most hold no such run: any run of 40 or more covers one of
 * every 40th position, so only those are looked at, and a run is measured only where one of them
 * is in the alphabet. (A regular expression tried at every position made masking several times
 * slower.)
 */
function runsOf40(text: string): number[] {
  const starts: number[] = [];
  let end = -1;
  for (let probe = end + LENGTH; probe < text.length; probe = end + LENGTH) {
    if (!inAlphabet(text.charCodeAt(probe))) {
      end = probe;
      continue;
    }
    let start = probe;
    while (start > end + 1 && inAlphabet(text.charCodeAt(start - 1))) start--;
    end = probe + 1;
    while (end < text.length && inAlphabet(text.charCodeAt(end))) end++;
    if (end - start === LENGTH) starts.push(start);
  }
  return starts;
}

function isSecretKey(run: string): boolean {
  return /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9/+]/.test(run) && looksRandom(run);
}

/**
 * GitHub's SAML SSO authorization link (`X-GitHub-SSO: required; url=https://github.com/orgs/ORG/sso?authorization_request=…`)
 * carries a 40-character request id of the key's shape: it authorizes nothing by itself (the
 * token's user signs in to the IdP to use it, within the hour), and the error that shows it is
 * useless without it. Only a run right after that query parameter is let through.
 */
const SSO_REQUEST = "authorization_request=";
const isSsoRequest = (text: string, at: number): boolean => at >= SSO_REQUEST.length && text.startsWith(SSO_REQUEST, at - SSO_REQUEST.length);

/** Is the run of 40 at `at` a secret access key (not an SSO request id)? */
const keyAt = (text: string, at: number): boolean => !isSsoRequest(text, at) && isSecretKey(text.slice(at, at + LENGTH));

/** Does `text` hold an AWS secret access key anywhere? */
export function hasAwsSecretKey(text: string): boolean {
  return text.length >= LENGTH && runsOf40(text).some((at) => keyAt(text, at));
}

/** `text` with every AWS secret access key in it replaced by `shown`. */
export function replaceAwsSecretKeys(text: string, shown: string): string {
  if (text.length < LENGTH) return text;
  let replaced = "";
  let from = 0;
  for (const at of runsOf40(text)) {
    if (!keyAt(text, at)) continue;
    replaced += text.slice(from, at) + shown;
    from = at + LENGTH;
  }
  return from === 0 ? text : replaced + text.slice(from);
}
